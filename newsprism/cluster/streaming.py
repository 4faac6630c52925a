"""Story assignment from precomputed features, streamed in chunks (for the batch runner).

`StoryClusterer.update` takes whole `Article` objects and counts document
frequencies itself, so a caller must hold every article (texts included) for one
from-scratch call. `assign_stream` gives the same result as

    StoryClusterer(config).update(articles, [], [a.id for a in articles], copy_groups)

(same stories, ids, evidence, redirects) from:

- the corpus-wide document frequencies, counted beforehand (a reduction over
  shards: each article counted once, as `FeatureState.get` counts it);
- the articles' `ArticleFeatures`, read chunk by chunk in the clusterer's order
  (undated last, then day, then id) and dropped once assigned;
- a text-free stub `Article` per id (title, published, outlet, date mentions),
  which is all that finishing a story (dates, outlets, event date) reads.

It runs the clusterer's own steps (`_best_candidate`, `_evidence`, `_merge`) in
the same order on the same data, so decisions are identical, not approximate.
Story centroids stay in memory (the final merge pass compares stories across the
whole corpus), those of stories behind the window held compactly (`_freeze_behind`);
article vectors do not: the representative title of each story, which needs member
vectors, is found in a second pass over the chunks.

`cluster_features` runs one `update` over precomputed features (a window of a
windowed batch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from newsprism.cluster.features import (
    ArticleFeatures,
    DocumentFrequencies,
    FeatureState,
    day_to_iso,
    to_day,
)
from newsprism.cluster.stories import (
    ClusterConfig,
    ClusterResult,
    StoryClusterer,
    _Assignment,
    _cos,
    _StoryState,
    event_date,
    release_frozen,
)
from newsprism.models import Article, CopyGroup, Evidence, Story

__all__ = ["assign_stream", "cluster_features", "order_key"]


def order_key(day: int | None, article_id: str) -> tuple[bool, int, str]:
    """The order in which the clusterer assigns articles: undated last, then day, then id."""
    return (day is None, day or 0, article_id)


def assign_stream(
    chunks: Callable[[], Iterable[Sequence[ArticleFeatures]]],
    stubs: Mapping[str, Article],
    term_df: DocumentFrequencies,
    entity_df: DocumentFrequencies,
    copy_groups: Sequence[CopyGroup] = (),
    config: ClusterConfig | None = None,
    spill: Callable[[list[Evidence]], None] | None = None,
) -> ClusterResult:
    """Cluster all articles from scratch, streaming their features (see the module doc).

    `chunks()` yields the features chunk by chunk; it is called twice (assignment,
    then representative titles). Chunks must follow `order_key` across chunks (any
    order within one). Raises ValueError when they do not.

    With `spill`, the result's evidence is empty and the evidence handed out is as
    decided, before the merge pass: apply `newsprism.cluster.stories.follow_merges`
    with the result's ``redirects`` and ``merge_notes`` to get what is kept without it.
    The evidence of every article (its reason texts) was the largest per-article
    object a batch driver held through story assignment.
    """
    cfg = config or ClusterConfig()
    clusterer = StoryClusterer(cfg)
    state = FeatureState(config=cfg.features, term_df=term_df, entity_df=entity_df)
    n_docs = term_df.n_docs

    run = _Assignment.start([], {}, copy_groups, n_docs)
    evidence: list[Evidence] = []
    last: tuple[bool, int, str] | None = None
    # stories whose centroids are still dicts (id -> state); see `_freeze_behind`
    recent: dict[int, _StoryState] = {}
    swept: int | None = None
    for chunk in chunks():
        if spill is not None and evidence:
            spill(evidence)
            evidence = []
        feats = {f.article_id: f for f in chunk}
        ordered = sorted(feats.values(), key=lambda f: order_key(f.day, f.article_id))
        for f in ordered:
            aid = f.article_id
            key = order_key(f.day, aid)
            if last is not None and key <= last:
                raise ValueError(f"features out of order: {aid} after {last[2]} (or given twice)")
            last = key
            if f.day is not None and f.day != swept:
                swept = f.day
                _freeze_behind(recent, f.day - cfg.window_days)
            vec = clusterer._vectors(f, state)
            # the clusterer's own per-article step and merge pass
            evidence.append(clusterer._assign_one(aid, f, vec, feats, run))  # noqa: SLF001
            joined = run.story_of[aid]
            recent.setdefault(id(joined), joined)  # a frozen story it joined was thawed
        for aid in feats:
            # a story's member keys serve only to index it when a later `update` call
            # passes it back; a stream builds its index as it goes and never does, so
            # they are dropped (about a tenth of the assignment state)
            run.story_of[aid].keys.clear()
        # the chunk is let go before the next is read (a loop variable would keep it
        # alive while `chunks` loads the next one: two parts of features at once, 100 MB
        # of the c10k driver at 5,000 articles a part), and before the merge pass
        del chunk, feats, ordered
    if spill is not None:
        if evidence:
            spill(evidence)
        evidence = []
    run.index.clear()
    redirects, notes = clusterer._merge_run(run, evidence)  # noqa: SLF001
    story_of = run.story_of

    # second pass: each titled member's closeness to its final story (title + body
    # cosine, the expression `_representative_title` computes)
    closeness: dict[str, float] = {}
    for chunk in chunks():
        for f in chunk:
            art = stubs.get(f.article_id)
            if art is None or not art.title:
                continue
            st = story_of[f.article_id]
            v = clusterer._vectors(f, state)
            closeness[f.article_id] = _cos(v.title, st.title, st.title_sq) + _cos(v.body, st.body, st.body_sq)
        del chunk  # as above: one chunk of features in memory at a time
    release_frozen()
    out = [_finish(st, stubs, closeness, cfg) for st in run.states if st.alive]
    out.sort(key=lambda s: (s.first_seen or "9999", s.id))
    return ClusterResult(stories=out, evidence=evidence, redirects=redirects, merge_notes=notes)


def _freeze_behind(recent: dict[int, _StoryState], before: float) -> None:
    """Freeze the centroids of the `recent` stories whose last day is before `before`.

    Articles come in day order (undated last), so a story whose last article is more
    than the clusterer's window before the current day is out of reach of every later
    dated article: only an undated article, a copy of one of its members, the merge
    pass and the title pass read it again. Its centroids are held compactly
    (`_StoryState.freeze`), which changes no result, only what a story costs while it
    waits: the centroids of every story were the largest state a batch driver held
    through story assignment (1.4 KB an article at 10k, growing with the corpus). A
    frozen story that takes an article again is thawed and comes back into `recent`.
    """
    behind = [k for k, st in recent.items() if st.last_day is not None and st.last_day < before]
    for k in behind:
        recent.pop(k).freeze()


def _finish(
    st: _StoryState, by_id: Mapping[str, Article], closeness: Mapping[str, float], cfg: ClusterConfig
) -> Story:
    # `StoryClusterer._finish` for a new story, with the title scores precomputed
    members = list(dict.fromkeys(st.members))
    arts = [by_id[a] for a in members if a in by_id]
    arts.sort(key=lambda a: (to_day(a.published) or 10**9, a.id))
    ordered = [a.id for a in arts] + [a for a in members if a not in by_id]
    title = ""
    best = -1.0
    for art in arts:
        if not art.title:
            continue
        s = closeness[art.id]
        if s > best + 1e-9:
            best, title = s, art.title
    days = [d for d in (to_day(a.published) for a in arts) if d is not None]
    return Story(
        id=st.id,
        title=title,
        article_ids=ordered,
        first_seen=day_to_iso(min(days)) if days else None,
        last_seen=day_to_iso(max(days)) if days else None,
        event_date=event_date(arts, cfg.event_date_before_days) if arts else None,
        outlets=list(dict.fromkeys(a.outlet for a in arts if a.outlet)),
        storyline_id=None,
        merged_from=list(dict.fromkeys(st.merged_from)),
    )


def cluster_features(
    features: Sequence[ArticleFeatures],
    stubs: Mapping[str, Article],
    term_df: DocumentFrequencies,
    entity_df: DocumentFrequencies,
    copy_groups: Sequence[CopyGroup] = (),
    config: ClusterConfig | None = None,
) -> ClusterResult:
    """One from-scratch `update` over precomputed features, weighted with the given frequencies.

    The same as `StoryClusterer.update` on the articles themselves when the
    frequencies are those of exactly these articles; a windowed batch passes the
    corpus-wide ones so that every window weighs terms alike.
    """
    cfg = config or ClusterConfig()
    clusterer = StoryClusterer(cfg)
    clusterer._state = FeatureState(
        config=cfg.features,
        features={f.article_id: f for f in features},
        term_df=term_df,
        entity_df=entity_df,
    )
    arts = [stubs[f.article_id] for f in features]
    return clusterer.update(arts, [], [a.id for a in arts], copy_groups)
