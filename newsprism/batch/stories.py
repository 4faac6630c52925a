"""Stories in a batch: features on the workers, then exact or windowed assignment.

Features (stemmed terms, names, day) of every article are computed on the workers,
shard by shard, and written to ``DIR/stages/features/PART/SHARD.pkl`` — a shuffle
that puts each article into the part(s) where assignment reads it — while each
shard's document-frequency counts come back to the driver and are summed (the one
corpus-wide statistic the clusterer needs). Texts never reach the driver for story
assignment. Two modes:

- ``exact`` (default): parts are consecutive runs of articles in the clusterer's
  order; the driver streams them through `newsprism.cluster.streaming.assign_stream`
  one part at a time, which gives exactly the stories of the local runner's one
  `StoryClusterer.update` call (issue 9's equivalence).
- ``windowed``: parts are time windows of ``window_days`` days plus a warm-up margin
  of the clusterer's own window before each; every window is clustered on a worker,
  and the driver reconciles stories across window borders through the articles of
  the margins (`merge_windows`). Approximate: docs/cluster.md gives its measured
  agreement with the exact mode.

The per-story reports (comparison, cited summary, quote and claim clusters) run on
the workers too (`story_reports`).
"""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.batch.shard import _shard_records, article_from_json, load_shard_articles
from newsprism.cluster import ClusterConfig, ClusterResult, StoryClusterer
from newsprism.cluster.features import (
    ArticleFeatures,
    DocumentFrequencies,
    day_to_iso,
    extract_features,
    to_day,
)
from newsprism.cluster.stories import event_date
from newsprism.cluster.streaming import assign_stream, cluster_features, order_key
from newsprism.models import Article, CopyGroup, DateMention, Evidence, Story
from newsprism.pipeline import story_report

__all__ = [
    "FeatureSummary",
    "ReportTaskResult",
    "assign_stories",
    "bundle_reports",
    "cluster_windowed",
    "exact_parts",
    "load_bundle_features",
    "merge_windows",
    "shard_features",
    "story_reports",
    "window_parts",
    "write_bundles",
]

STORY_MODES = ("exact", "windowed")


def assign_stories(
    articles: Sequence[Article], groups: Sequence[CopyGroup], config: ClusterConfig
) -> ClusterResult:
    """All articles into stories, exactly as the local `build` does on an empty store."""
    return StoryClusterer(config).update(articles, [], [a.id for a in articles], groups)


@dataclass(slots=True)
class FeatureSummary:
    """What one shard's feature task returns: its document-frequency counts and text-free stubs."""

    shard: int
    n_docs: int = 0
    term_df: Counter[str] = field(default_factory=Counter)
    entity_df: Counter[str] = field(default_factory=Counter)
    # `_driver_stub`s: what the driver reads of each article (copy groups, stories)
    stubs: list[Article] = field(default_factory=list)


def _stub(art: Article) -> Article:
    # what finishing a story (title, dates, outlet, date mentions) and copy groups
    # (outlet, domain, wire agency, dates) read; the text, removed lines, byline,
    # dateline and provenance stay on the worker
    return dataclasses.replace(art, text="", removed=[], provenance={}, byline=None, dateline=None)


def _driver_stub(art: Article) -> Article:
    """The part of a stub the driver reads, for every article of the corpus at once.

    Copy groups read the id, publication date, outlet and wire credit; finishing a
    story (exact mode, or joining windows) the title, publication date, outlet and the
    set of dates mentioned (`event_date` counts each date once per article). A third of
    the full stub's size: the source, URL, hash and the mentions' texts and spans stay
    out (at 10k articles the full stubs took 14.8 MB of the driver).
    """
    dates = dict.fromkeys(m.date for m in art.date_mentions)
    return Article(
        id=art.id,
        source="",
        title=art.title,
        text="",
        published=sys.intern(art.published) if art.published else art.published,
        outlet=sys.intern(art.outlet) if art.outlet else art.outlet,
        wire_agency=sys.intern(art.wire_agency) if art.wire_agency else art.wire_agency,
        date_mentions=[DateMention("", sys.intern(d) if d else d, 0, 0) for d in dates],
    )


def features_dir(out: str | Path) -> Path:
    return Path(out) / "stages" / "features"


def shard_features(
    out: str,
    shard: int,
    parts: Mapping[str, Sequence[int]],
    config: ClusterConfig,
    keep: bool = False,
) -> FeatureSummary:
    """Features of a shard's kept articles, written into their parts (runs on a worker).

    `parts` maps each kept article id of the shard to the part(s) it belongs to.
    Each part file holds (features, stub) pairs. With `keep`, each article's features
    are also written by shard (`article_features_dir`), for the report bundles
    (`write_bundles`): storyline profiles read them instead of extracting them again.
    """
    # only the articles' JSON is decoded (not their quotes and claims)
    raw = _shard_records(str(out), shard)
    summary = FeatureSummary(shard)
    by_part: dict[int, list[tuple[ArticleFeatures, Article]]] = defaultdict(list)
    kept: dict[str, bytes] = {}
    for aid, part_list in parts.items():
        art = article_from_json(raw[aid][0])
        f = extract_features(art, config.features)
        if keep:
            # pickled one by one: the bundles pass each article's bytes on unread
            kept[aid] = pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)
        summary.n_docs += 1
        summary.term_df.update(f.terms.keys())
        summary.entity_df.update(f.entities.keys())
        stub = _stub(art)
        summary.stubs.append(_driver_stub(stub))
        for p in part_list:
            by_part[p].append((f, stub))
    write_parts(features_dir(out), shard, by_part)
    if keep:
        write_parts(article_features_dir(out), shard, {0: kept})
    return summary


def article_features_dir(out: str | Path) -> Path:
    """Where `shard_features(keep=True)` writes each shard's features, by article id."""
    return Path(out) / "stages" / "article_features"


def reset_article_features(out: str | Path) -> None:
    shutil.rmtree(article_features_dir(out), ignore_errors=True)


def _kept_features(out: str | Path, shard: int) -> dict[str, bytes]:
    path = article_features_dir(out) / f"{0:06d}" / f"{shard:06d}.pkl"
    if not path.is_file():
        return {}
    kept: dict[str, bytes] = pickle.loads(path.read_bytes())
    return kept


def write_parts(root: Path, shard: int, by_part: Mapping[int, Any]) -> None:
    """One shard's share of a shuffle: ``root/PART/SHARD.pkl`` for each part, atomically.

    The reader of a part concatenates its folder's files in shard order (`load_part`,
    `load_bundle`); a file appears whole or not at all, so a retried task rewrites it.
    """
    for part, items in by_part.items():
        folder = root / f"{part:06d}"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{shard:06d}.pkl.tmp"
        tmp.write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(folder / f"{shard:06d}.pkl")


def load_part(out: str | Path, part: int) -> list[tuple[ArticleFeatures, Article]]:
    """The (features, stub) pairs of one part, from every shard that wrote into it."""
    items: list[tuple[ArticleFeatures, Article]] = []
    folder = features_dir(out) / f"{part:06d}"
    if folder.is_dir():
        for path in sorted(folder.glob("*.pkl")):
            items.extend(pickle.loads(path.read_bytes()))
    return items


def reset_features(out: str | Path) -> None:
    shutil.rmtree(features_dir(out), ignore_errors=True)


def frequencies(summaries: Iterable[FeatureSummary]) -> tuple[DocumentFrequencies, DocumentFrequencies]:
    """The corpus-wide document frequencies: the sum of the shards' counts.

    `summaries` is read once, in order, so it may be a stream (one shard's counts held
    at a time).
    """
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for s in summaries:
        tdf.n_docs += s.n_docs
        edf.n_docs += s.n_docs
        tdf.df.update(s.term_df)
        edf.df.update(s.entity_df)
    return tdf, edf


def exact_parts(days: Mapping[str, int | None], size: int) -> dict[str, list[int]]:
    """Parts of the exact mode: runs of `size` articles in the clusterer's order."""
    ordered = sorted(days, key=lambda a: order_key(days[a], a))
    return {aid: [k // max(1, size)] for k, aid in enumerate(ordered)}


def assign_exact(
    out: str | Path,
    n_parts: int,
    stubs: Mapping[str, Article],
    tdf: DocumentFrequencies,
    edf: DocumentFrequencies,
    groups: Sequence[CopyGroup],
    config: ClusterConfig,
    spill: Callable[[list[Evidence]], None] | None = None,
) -> ClusterResult:
    """Exact assignment on the driver, one part of features in memory at a time.

    With `spill`, each part's evidence goes there instead of into the result, as
    `newsprism.cluster.streaming.assign_stream` hands it out.
    """

    def chunks() -> Iterator[list[ArticleFeatures]]:
        for p in range(n_parts):
            yield [f for f, _ in load_part(out, p)]

    return assign_stream(chunks, stubs, tdf, edf, groups, config, spill)


@dataclass(slots=True)
class WindowPlan:
    """Windows of a windowed batch: core start day of each, and the parts of each article."""

    starts: list[int | None]
    parts: dict[str, list[int]]
    window_days: float
    margin_days: int


def window_parts(days: Mapping[str, int | None], window_days: float, margin_days: float) -> WindowPlan:
    """Cut dated articles into windows of `window_days`, each with a warm-up margin.

    An article is core in the window of its day and warm-up in every later window
    whose start is at most `margin_days` after it. Undated articles go to every
    window (the clusterer assigns them last, after every dated one, and any story
    may take them); `merge_windows` keeps one window's decision for each.
    """
    width = max(1, math.ceil(window_days))
    margin = max(0, math.ceil(margin_days))
    dated = [d for d in days.values() if d is not None]
    first = min(dated) if dated else 0
    n = (max(dated) - first) // width + 1 if dated else 1
    starts: list[int | None] = [first + k * width for k in range(n)]
    parts: dict[str, list[int]] = {}
    for aid, d in days.items():
        if d is None:
            parts[aid] = list(range(n))
            continue
        k = (d - first) // width
        own = [k]
        j = k + 1
        while j < n and first + j * width - d <= margin:
            own.append(j)
            j += 1
        parts[aid] = own
    return WindowPlan(starts=starts, parts=parts, window_days=width, margin_days=margin)


@dataclass(slots=True)
class WindowResult:
    """One clustered window: its stories, and the evidence of its core articles."""

    window: int
    stories: list[Story]
    evidence: list[Evidence]
    redirects: dict[str, str]


def cluster_window(
    out: str,
    window: int,
    start: int | None,
    tdf: DocumentFrequencies,
    edf: DocumentFrequencies,
    groups: Sequence[CopyGroup],
    config: ClusterConfig,
) -> WindowResult:
    """Cluster one window's articles (core and warm-up), read from its part, on a worker."""
    items = load_part(out, window)
    return window_result(
        window, start, [f for f, _ in items], {s.id: s for _, s in items}, tdf, edf, groups, config
    )


def window_result(
    window: int,
    start: int | None,
    feats: Sequence[ArticleFeatures],
    stubs: Mapping[str, Article],
    tdf: DocumentFrequencies,
    edf: DocumentFrequencies,
    groups: Sequence[CopyGroup],
    config: ClusterConfig,
) -> WindowResult:
    """One window clustered from scratch; evidence kept for its core and undated articles."""
    ids = {f.article_id for f in feats}
    sub = [g for g in groups if any(a in ids for a in g.article_ids)]
    res = cluster_features(feats, stubs, tdf, edf, sub, config)
    day = {f.article_id: f.day for f in feats}
    core = {a for a in ids if start is None or day[a] is None or day[a] >= start}  # type: ignore[operator]
    return WindowResult(
        window=window,
        stories=res.stories,
        evidence=[e for e in res.evidence if e.article_id in core],
        redirects=res.redirects,
    )


def cluster_windowed(
    features: Sequence[ArticleFeatures],
    stubs: Mapping[str, Article],
    tdf: DocumentFrequencies,
    edf: DocumentFrequencies,
    groups: Sequence[CopyGroup],
    config: ClusterConfig,
    window_days: float,
) -> ClusterResult:
    """The windowed mode in one process (what the batch runs spread over workers)."""
    plan = window_parts({f.article_id: f.day for f in features}, window_days, config.window_days)
    by_window: dict[int, list[ArticleFeatures]] = defaultdict(list)
    for f in features:
        for k in plan.parts[f.article_id]:
            by_window[k].append(f)
    results = [
        window_result(k, plan.starts[k], by_window[k], stubs, tdf, edf, groups, config)
        for k in range(len(plan.starts))
        if by_window[k]
    ]
    return merge_windows(results, plan, stubs, config, groups)


def merge_windows(
    results: Sequence[WindowResult],
    plan: WindowPlan,
    stubs: Mapping[str, Article],
    config: ClusterConfig,
    groups: Sequence[CopyGroup] = (),
) -> ClusterResult:
    """Stories across windows: each window's stories, joined through the margins.

    A window's story that holds warm-up articles (core in an earlier window) is
    joined to the earlier story that holds most of them (ties: the earlier window,
    then the smaller id), so a story running across a border becomes one; its members are each
    article's core assignment. Parts holding copies of one text (a copy group) are
    joined too, as the clusterer never splits a copy group. The joined story keeps
    the id of its earliest part.
    """
    day = {aid: to_day(s.published) for aid, s in stubs.items()}
    starts = plan.starts
    ordered = sorted(results, key=lambda r: r.window)
    core_of: dict[str, tuple[int, str]] = {}
    labels: list[tuple[int, str]] = []
    # an undated article is in every window: it keeps the window where it joined a
    # story holding dated articles of that window with the highest score (as the
    # clusterer, which lets an undated article join its best story anywhere); when
    # no window gave it one, the last window's decision (among undated articles)
    undated_pick: dict[str, tuple[float, int, str]] = {}
    for res in ordered:
        start = starts[res.window]
        score_of = {e.article_id: e.similarity for e in res.evidence}
        for st in res.stories:
            labels.append((res.window, st.id))
            has_core = False
            undated = []
            for aid in st.article_ids:
                d = day.get(aid)
                if d is None:
                    undated.append(aid)
                elif start is None or d >= start:
                    core_of[aid] = (res.window, st.id)
                    has_core = True
            for aid in undated:
                if has_core:
                    p = score_of.get(aid, 0.0)
                    if aid not in undated_pick or p > undated_pick[aid][0]:
                        undated_pick[aid] = (p, res.window, st.id)
                elif res.window == len(starts) - 1 and aid not in undated_pick:
                    undated_pick[aid] = (-1.0, res.window, st.id)
    for res in reversed(ordered):
        # the last window's undated-only stories, for articles no window attached
        for st in res.stories:
            for aid in st.article_ids:
                if day.get(aid) is None and aid not in undated_pick:
                    undated_pick[aid] = (-1.0, res.window, st.id)
    for aid, (_, w, sid) in undated_pick.items():
        core_of[aid] = (w, sid)
    stories_of = {(res.window, st.id): st for res in ordered for st in res.stories}
    # the earliest core article of each part: the part holding the earliest one
    # survives a join, so a joined story keeps the id of its earliest part
    first_of: dict[tuple[int, str], tuple[bool, int, str]] = {}
    for aid, label in core_of.items():
        rank = order_key(day.get(aid), aid)
        if label not in first_of or rank < first_of[label]:
            first_of[label] = rank
    never = (True, 10**9, "")
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def root(key: tuple[int, str]) -> tuple[int, str]:
        while parent.get(key, key) != key:
            parent[key] = parent.get(parent[key], parent[key])
            key = parent[key]
        return key

    def join(x: tuple[int, str], y: tuple[int, str]) -> None:
        rx, ry = root(x), root(y)
        if rx != ry:
            if (first_of.get(ry, never), ry) < (first_of.get(rx, never), rx):
                rx, ry = ry, rx
            parent[ry] = rx

    for key in labels:
        start = starts[key[0]]
        warm = Counter(
            core_of[a]
            for a in stories_of[key].article_ids
            if start is not None and day.get(a) is not None and day[a] < start  # type: ignore[operator]
        )
        if warm:
            join(min(warm.items(), key=lambda kv: (-kv[1], kv[0]))[0], key)
    # copies of one text are one story (the clusterer forces it, across any gap)
    for g in groups:
        parts = [core_of[a] for a in g.article_ids if a in core_of]
        for other in parts[1:]:
            join(parts[0], other)

    members: dict[tuple[int, str], list[str]] = defaultdict(list)
    parts_of: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    size: Counter[tuple[int, str]] = Counter()
    for aid, label in core_of.items():
        r = root(label)
        members[r].append(aid)
        size[label] += 1
    for key in labels:
        if size[key]:
            parts_of[root(key)].append(key)
    title_of = {key: stories_of[key].title for key in labels}
    old_merged = {key: stories_of[key].merged_from for key in labels}
    alive = {r[1] for r in members}
    stories: list[Story] = []
    final_of: dict[tuple[int, str], str] = {}
    for r, ids in members.items():
        arts = sorted((stubs[a] for a in ids), key=lambda a: (to_day(a.published) or 10**9, a.id))
        pieces = sorted(parts_of[r], key=lambda k: (-size[k], k[0]))
        merged: list[str] = list(old_merged.get(r, []))
        for k in parts_of[r]:
            final_of[k] = r[1]
            if k != r:
                merged.extend([k[1], *old_merged.get(k, [])])
        ds = [d for d in (to_day(a.published) for a in arts) if d is not None]
        stories.append(
            Story(
                id=r[1],
                title=title_of[pieces[0]] if pieces else title_of.get(r, ""),
                article_ids=[a.id for a in arts],
                first_seen=day_to_iso(min(ds)) if ds else None,
                last_seen=day_to_iso(max(ds)) if ds else None,
                event_date=event_date(arts, config.event_date_before_days),
                outlets=list(dict.fromkeys(a.outlet for a in arts if a.outlet)),
                merged_from=[m for m in dict.fromkeys(merged) if m != r[1] and m not in alive],
            )
        )
    stories.sort(key=lambda s: (s.first_seen or "9999", s.id))
    evidence: list[Evidence] = []
    redirects: dict[str, str] = {}
    for res in ordered:
        for ev in res.evidence:
            label = core_of[ev.article_id]
            if label[0] != res.window:
                continue  # an undated article's decision in another window
            final = final_of.get(label, root(label)[1])
            if final != ev.story_id:
                ev.reason += f"; then joined story {final} across a window border"
            ev.story_id = final
            evidence.append(ev)
        for old, new in res.redirects.items():
            target = final_of.get((res.window, new))
            if target is not None and old not in alive:
                redirects[old] = target
    for k, final in final_of.items():
        if k[1] != final and k[1] not in alive:
            redirects[k[1]] = final
    order = {a: order_key(day.get(a), a) for a in core_of}
    evidence.sort(key=lambda e: order[e.article_id])
    return ClusterResult(stories=stories, evidence=evidence, redirects=redirects)


def story_reports(
    out: str,
    stories: Sequence[Story],
    shard_of: Mapping[str, int],
    groups: Sequence[CopyGroup],
) -> tuple[dict[str, dict[str, Any]], dict[str, list[str | None]]]:
    """Comparison, cited summary and quote/claim clusters of each story (one task's share).

    The same computation as the local runner's per-story report; articles, quotes
    and claims are read from the shard files. Returns the reports by story id and,
    per article, the ``cluster_id`` that claim clustering gave each of its claims.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for story in stories:
        for aid in story.article_ids:
            wanted[shard_of[aid]].add(aid)
    recs = {}
    for shard, ids in wanted.items():
        recs.update(load_shard_articles(Path(out), shard, ids))
    return _reports_of(stories, recs, groups)


# -- reports with locality: article bundles keyed by report task ----------------------
#
# A report task needs every article of its stories, and a story's articles lie in
# many shards. Instead of each task reading (and JSON-decoding) whole shards, every
# shard is read once and its articles are written into the bundle of the task that
# reports their story (``DIR/stages/bundles/TASK/SHARD.pkl``, raw JSON strings): a
# shuffle keyed by report task. At 100k articles in 40 shards the shard-reading
# report tasks took 948 s wall, most of it re-reading shards. Each article's story
# features (kept by `shard_features(keep=True)`, pickled) travel in the bundle too:
# storyline profiles read them instead of extracting them again (at 10k, serial report
# tasks 33.4 -> 30.6 s CPU: profiles 3.76 -> 0.60 s, bundle loading 0.73 -> 1.40 s).


def bundles_dir(out: str | Path) -> Path:
    return Path(out) / "stages" / "bundles"


def reset_bundles(out: str | Path) -> None:
    shutil.rmtree(bundles_dir(out), ignore_errors=True)


def write_bundles(out: str, shard: int, task_of: Mapping[str, int], features: bool = False) -> int:
    """Write a shard's articles into the bundles of their report tasks (runs on a worker).

    `task_of` maps article ids of the shard to a report task; returns the number of
    articles written. With `features`, each article's story features kept by
    `shard_features(keep=True)` go into the bundle with it (`load_bundle_features`).
    """
    from newsprism.batch.shard import load_shard_column

    cols = load_shard_column(out, shard, ["id", "article", "quotes", "claims"])
    kept = _kept_features(out, shard) if features else {}
    by_task: dict[int, dict[str, tuple[Any, ...]]] = defaultdict(dict)
    for aid, a, q, c in zip(cols["id"], cols["article"], cols["quotes"], cols["claims"], strict=True):
        task = task_of.get(aid)
        if task is not None:
            f = kept.get(aid)
            by_task[task][aid] = (a, q, c) if f is None else (a, q, c, f)
    write_parts(bundles_dir(out), shard, by_task)
    return sum(len(r) for r in by_task.values())


def load_bundle(out: str | Path, task: int) -> dict[str, tuple[Article, list[Any], list[Any]]]:
    """The articles (with quotes and claims) of one report task's bundle, by id."""
    return load_bundle_features(out, task, features=False)[0]


def load_bundle_features(
    out: str | Path, task: int, *, features: bool = True
) -> tuple[dict[str, tuple[Article, list[Any], list[Any]]], dict[str, ArticleFeatures]]:
    """`load_bundle`, and the story features the bundle holds (by article id; see `write_bundles`).

    Without `features`, those are left unread (an empty mapping).
    """
    from newsprism.models import Claim, Quote

    recs: dict[str, tuple[Article, list[Any], list[Any]]] = {}
    feats: dict[str, ArticleFeatures] = {}
    folder = bundles_dir(out) / f"{task:06d}"
    if folder.is_dir():
        for path in sorted(folder.glob("*.pkl")):
            for aid, rec in pickle.loads(path.read_bytes()).items():
                a, q, c = rec[:3]
                recs[aid] = (
                    article_from_json(a),
                    [Quote(**d) for d in json.loads(q)],
                    [Claim(**d) for d in json.loads(c)],
                )
                if features and len(rec) > 3:
                    feats[aid] = pickle.loads(rec[3])
    return recs, feats


@dataclass(slots=True)
class ReportTaskResult:
    """What one report task returns: reports, claim cluster ids per article, storyline profiles."""

    reports: dict[str, dict[str, Any]]
    claim_clusters: dict[str, list[str | None]]
    profiles: list[Any]


def bundle_reports(
    out: str,
    task: int,
    stories: Sequence[Story],
    groups: Sequence[CopyGroup],
    term_df: DocumentFrequencies | None,
    storyline: Any,
) -> ReportTaskResult:
    """Reports and storyline profiles of one task's stories, from its bundle (on a worker).

    `storyline` is a `StorylineConfig`; with `term_df` (document frequencies of the
    storyline features over every story's members), each story's linking profile is
    computed here too (`StorylineLinker.profiles`), so the driver links storylines
    from profiles and never loads articles.
    """
    from newsprism.cluster import StorylineLinker

    recs, feats = load_bundle_features(out, task)
    reports, clusters = _reports_of(stories, recs, groups)
    profiles: list[Any] = []
    if term_df is not None:
        arts = {aid: rec[0] for aid, rec in recs.items()}
        # the features the story stage extracted (same settings: the runner bundles
        # them only then), not extracted again
        profiles = StorylineLinker(storyline).profiles(stories, arts, term_df, features=feats)
    return ReportTaskResult(reports, clusters, profiles)


def _reports_of(
    stories: Sequence[Story],
    recs: Mapping[str, tuple[Article, list[Any], list[Any]]],
    groups: Sequence[CopyGroup],
) -> tuple[dict[str, dict[str, Any]], dict[str, list[str | None]]]:
    # the local runner's per-story report over articles already read
    group_of: dict[str, list[CopyGroup]] = defaultdict(list)
    for g in groups:
        for aid in g.article_ids:
            group_of[aid].append(g)
    reports: dict[str, dict[str, Any]] = {}
    claim_clusters_of: dict[str, list[str | None]] = {}
    for story in stories:
        articles = [recs[i][0] for i in story.article_ids if i in recs]
        quotes = {a.id: recs[a.id][1] for a in articles}
        claims = {a.id: recs[a.id][2] for a in articles}
        seen: set[str] = set()
        story_groups = []
        for aid in story.article_ids:
            for g in group_of.get(aid, []):
                if g.id not in seen:
                    seen.add(g.id)
                    story_groups.append(g)
        # in the local runner a story's groups come in the global order: by id
        story_groups.sort(key=lambda g: g.id)
        reports[story.id] = story_report(story, articles, quotes, claims, story_groups)
        claim_clusters_of.update({aid: [c.cluster_id for c in cs] for aid, cs in claims.items()})
    return reports, claim_clusters_of
