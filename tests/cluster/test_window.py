"""Time-bounded candidate retrieval (`newsprism.cluster.window`) and the two config
fields that use it: `ClusterConfig.merge_within_window`, `StorylineConfig.candidates_within_gap`."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import pytest

from newsprism.cluster import StorylineLinker, cluster_articles
from newsprism.cluster.features import range_gap
from newsprism.cluster.stories import ClusterConfig
from newsprism.cluster.storylines import StorylineConfig
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.cluster.window import LONG_DAYS, TimeIndex, postings, top_ranked, top_shared


def _items(n: int, seed: int) -> tuple[list[list[str]], list[int | None], list[int | None]]:
    """Random items: keys from a skewed vocabulary, ranges of 0-20 days (a few long,
    a few half-dated or undated) over two years."""
    rng = random.Random(seed)
    vocab = [f"k{i}" for i in range(40)]
    weights = [1.0 / (i + 1) for i in range(40)]
    keys_of, firsts, lasts = [], [], []
    for _ in range(n):
        keys_of.append(list(dict.fromkeys(rng.choices(vocab, weights, k=rng.randint(1, 6)))))
        r = rng.random()
        if r < 0.06:
            firsts.append(None)
            lasts.append(None)
            continue
        first = rng.randint(0, 730)
        dur = rng.randint(LONG_DAYS + 1, 200) if r < 0.1 else rng.randint(0, 20)
        firsts.append(first)
        lasts.append(None if r < 0.12 else first + dur)
    return keys_of, firsts, lasts


def _brute(keys_of, firsts, lasts, i, gap, after, undated):
    """Counting shared keys over every item, then the gap: what the index must equal."""
    counts: Counter[int] = Counter()
    mine = set(keys_of[i])
    for j, keys in enumerate(keys_of):
        if j == i or (after is not None and j <= after):
            continue
        shared = len(mine & set(keys))
        if not shared:
            continue
        g = range_gap(firsts[i], lasts[i], firsts[j], lasts[j])
        if g is None:
            if undated:
                counts[j] = shared
        elif g <= gap:
            counts[j] = shared
    return sorted(counts.items())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidates_equal_a_full_scan_filtered_by_the_gap(seed: int) -> None:
    keys_of, firsts, lasts = _items(400, seed)
    index = TimeIndex(keys_of, firsts, lasts)
    for i in range(len(keys_of)):
        for gap, after, undated in ((10.0, None, False), (120.0, i, True), (0.0, None, True)):
            js, counts = index.candidates(i, gap, after=after, undated=undated)
            assert list(zip(js, counts, strict=True)) == _brute(
                keys_of, firsts, lasts, i, gap, after, undated
            )


def test_an_item_outside_the_window_is_never_a_candidate() -> None:
    # item 1 shares every key with item 0 but lies 11 days after it: outside a
    # 10-day window, inside an 11-day one; item 2 is a long item reaching back to it
    keys_of = [["a", "b", "c"], ["a", "b", "c"], ["a"], ["c"]]
    index = TimeIndex(keys_of, [100, 121, 0, 95], [110, 125, 99, 96])
    assert index.candidates(0, 10.0) == ([2, 3], [1, 1])
    assert index.candidates(0, 11.0) == ([1, 2, 3], [3, 1, 1])
    # from the other side too, and an undated query finds everything only when asked
    assert index.candidates(1, 10.0) == ([], [])
    undated = TimeIndex(keys_of, [None, 121, 0, 95], [None, 125, 99, 96])
    assert undated.candidates(0, 10.0) == ([], [])
    assert undated.candidates(0, 10.0, undated=True) == ([1, 2, 3], [3, 1, 1])


def test_top_shared_ranks_by_shared_keys_then_index() -> None:
    keys_of, _, _ = _items(300, 7)
    index = postings(keys_of)
    for i in range(0, 300, 7):
        counts: Counter[int] = Counter()
        for k in keys_of[i]:
            counts.update(j for j, keys in enumerate(keys_of) if k in keys)
        counts.pop(i, None)
        expected = [j for j, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:15]
        assert top_shared(i, keys_of[i], index, 15) == expected
        assert (
            top_shared(i, keys_of[i], index, 15, after=i)
            == [
                j
                for j, _ in sorted(
                    ((j, c) for j, c in counts.items() if j > i), key=lambda kv: (-kv[1], kv[0])
                )
            ][:15]
        )
    assert top_ranked([5, 3, 9], [2, 2, 4], 2) == [9, 3]


def _stream(n: int, seed: int):
    stream = generate_stream(SyntheticConfig(n_articles=n, seed=seed))
    return stream.articles, {a.id: a for a in stream.articles}


def _dump_stories(res):
    return [(s.id, s.article_ids, s.title, s.merged_from) for s in res.stories], sorted(res.redirects.items())


@pytest.mark.parametrize("seed", [1, 2])
def test_merge_within_window_keeps_every_default_merge(seed: int) -> None:
    """The bounded candidates are a superset of the default's scored pairs, so every
    merge the default makes is made too (on these streams: the same stories)."""
    arts, _ = _stream(600, seed)
    default = cluster_articles(arts)
    bounded = cluster_articles(arts, config=ClusterConfig(merge_within_window=True))
    assert set(default.redirects) <= set(bounded.redirects)
    assert _dump_stories(default) == _dump_stories(bounded)
    assert [(e.article_id, e.story_id) for e in default.evidence] == [
        (e.article_id, e.story_id) for e in bounded.evidence
    ]


@pytest.mark.parametrize("seed", [1, 3])
def test_storyline_candidates_within_gap_keep_every_default_link(seed: int) -> None:
    arts, by_id = _stream(800, seed)
    stories = cluster_articles(arts).stories
    default = StorylineLinker().links(stories, by_id)
    bounded = StorylineLinker(StorylineConfig(candidates_within_gap=True)).links(stories, by_id)
    key = lambda ln: (ln.a_id, ln.b_id)  # noqa: E731
    assert default, "the stream has storyline links"
    assert {key(ln) for ln in default} <= {key(ln) for ln in bounded}
    # every link keeps its score; none is further apart than the gap
    scores = {key(ln): ln.score for ln in bounded}
    assert all(scores[key(ln)] == ln.score for ln in default)
    gap = StorylineConfig().max_gap_days
    assert all(ln.gap_days is None or ln.gap_days <= gap for ln in bounded)


def test_storylines_within_gap_never_link_stories_beyond_it(labelled) -> None:
    arts = {lab.article.id: lab.article for lab in labelled}
    stories = cluster_articles(list(arts.values())).stories
    # the fixture's three drone episodes are ~2 months apart: a 30-day gap splits them
    short = StorylineConfig(max_gap_days=30.0)
    for cfg in (short, dataclasses.replace(short, candidates_within_gap=True)):
        links = StorylineLinker(cfg).links(stories, arts)
        assert all(ln.gap_days is not None and ln.gap_days <= 30.0 for ln in links)
    full = StorylineLinker(StorylineConfig(candidates_within_gap=True)).link(stories, arts)
    assert len(full) == 1 and len(full[0].story_ids) == 3


def _state(sid: str, day: int, vec):
    from newsprism.cluster.stories import _StoryState

    st = _StoryState(sid)
    st.add(f"{sid}-a", vec, day)
    return st


def test_merge_default_keeps_the_global_ranking_where_far_stories_crowd_near_ones_out() -> None:
    """Fifteen earlier copies of one story, far in the past, outrank the near twin of a
    story in the global ranking (equal shared keys, lower index): the default finds no
    pair, as counting over every story did; the window finds the twins and merges them."""
    from newsprism.cluster.stories import StoryClusterer, _Vectors

    vec = _Vectors(
        body={"harbour": 0.6, "strike": 0.6, "dockers": 0.5},
        title={"strike": 1.0},
        entities={"port velm": 0.8, "ana brisk": 0.6},
        keys=[],
    )
    far = [_state(f"old{k}", 100 + 30 * k, vec) for k in range(15)]
    twins = [_state("near-a", 1000, vec), _state("near-b", 1002, vec)]
    for cfg, merged in (
        (ClusterConfig(), {}),
        (ClusterConfig(merge_within_window=True), {"near-b": "near-a"}),
    ):
        states = [*far, *(_state(s.id, s.first_day, vec) for s in twins)]
        story_of = {st.members[0]: st for st in states}
        redirects, notes = StoryClusterer(cfg)._merge(states, story_of, {})
        assert redirects == merged
        assert set(notes) == set(merged)


def test_merge_default_equals_the_unbounded_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default merge pass gives what ranking every story (no time bound) gives."""
    import newsprism.cluster.stories as stories_mod

    class Unbounded(TimeIndex):
        def candidates(self, i, max_gap, *, after=None, undated=False):
            return super().candidates(i, float("inf"), after=after, undated=True)

    arts, _ = _stream(900, 4)
    default = cluster_articles(arts, config=ClusterConfig(max_candidates=3))
    monkeypatch.setattr(stories_mod, "TimeIndex", Unbounded)
    unbounded = cluster_articles(arts, config=ClusterConfig(max_candidates=3))
    assert default.redirects, "the stream has merges"
    assert _dump_stories(default) == _dump_stories(unbounded)
    assert default.merge_notes == unbounded.merge_notes
