"""Streamed story assignment (`assign_stream`) equals one from-scratch `update`."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from newsprism.cluster import ClusterConfig, StoryClusterer
from newsprism.cluster.features import DocumentFrequencies, extract_features
from newsprism.cluster.streaming import assign_stream, cluster_features, order_key
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.models import Article


def _stub(a: Article) -> Article:
    return dataclasses.replace(a, text="", removed=[])


def _inputs(articles: list[Article], cfg: ClusterConfig) -> tuple:
    feats = [extract_features(a, cfg.features) for a in articles]
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for f in feats:
        tdf.add(f.terms)
        edf.add(f.entities)
    return feats, tdf, edf


def _chunked(feats: list, size: int):
    ordered = sorted(feats, key=lambda f: order_key(f.day, f.article_id))
    return lambda: (ordered[i : i + size] for i in range(0, len(ordered), size))


@pytest.mark.parametrize("size", [1, 37, 10_000])
def test_stream_equals_update(size: int) -> None:
    stream = generate_stream(SyntheticConfig(n_articles=300, seed=5, start=date(2025, 3, 1)))
    # some undated articles: they come last, and may join any story still indexed
    arts = [
        dataclasses.replace(a, published=None) if k % 23 == 0 else a for k, a in enumerate(stream.articles)
    ]
    cfg = ClusterConfig()
    want = StoryClusterer(cfg).update(arts, [], [a.id for a in arts])
    feats, tdf, edf = _inputs(arts, cfg)
    got = assign_stream(_chunked(feats, size), {a.id: _stub(a) for a in arts}, tdf, edf, (), cfg)
    assert got.stories == want.stories
    assert got.evidence == want.evidence
    assert got.redirects == want.redirects
    assert got.merge_notes == want.merge_notes
    assert any(len(s.article_ids) > 3 for s in got.stories)


def test_stream_rejects_out_of_order_chunks() -> None:
    stream = generate_stream(SyntheticConfig(n_articles=40, seed=2, start=date(2025, 3, 1)))
    cfg = ClusterConfig()
    feats, tdf, edf = _inputs(stream.articles, cfg)
    backwards = sorted(feats, key=lambda f: order_key(f.day, f.article_id), reverse=True)
    with pytest.raises(ValueError, match="out of order"):
        assign_stream(lambda: [backwards[:20], backwards[20:]], {}, tdf, edf, (), cfg)


def test_cluster_features_equals_update() -> None:
    stream = generate_stream(SyntheticConfig(n_articles=120, seed=3, start=date(2025, 3, 1)))
    cfg = ClusterConfig()
    want = StoryClusterer(cfg).update(stream.articles, [], [a.id for a in stream.articles])
    feats, tdf, edf = _inputs(stream.articles, cfg)
    got = cluster_features(feats, {a.id: _stub(a) for a in stream.articles}, tdf, edf, (), cfg)
    assert got.stories == want.stories
    assert got.evidence == want.evidence


def test_stream_with_frozen_stories_equals_update(monkeypatch: pytest.MonkeyPatch) -> None:
    # a long stream: stories fall behind the window and are frozen (compact
    # centroids); undated articles (scored against frozen stories) and copies of an
    # early article published months later (a forced join thaws a frozen story)
    from newsprism.cluster.stories import _StoryState
    from newsprism.models import CopyGroup

    stream = generate_stream(SyntheticConfig(n_articles=400, seed=11, start=date(2025, 1, 6)))
    arts = [
        dataclasses.replace(a, published=None) if k % 19 == 0 else a for k, a in enumerate(stream.articles)
    ]
    dated = [a for a in arts if a.published]
    early, late = dated[3], dated[-2]
    groups = [CopyGroup("g-early-late", [early.id, late.id], early.id, None)]
    counts = {"freeze": 0, "thaw": 0}
    freeze, thawed = _StoryState.freeze, _StoryState._thawed

    def counting_freeze(self: _StoryState) -> None:
        counts["freeze"] += 1
        freeze(self)

    def counting_thawed(self: _StoryState) -> tuple:
        if not isinstance(self.body, dict):
            counts["thaw"] += 1
        return thawed(self)

    cfg = ClusterConfig()
    want = StoryClusterer(cfg).update(arts, [], [a.id for a in arts], groups)
    monkeypatch.setattr(_StoryState, "freeze", counting_freeze)
    monkeypatch.setattr(_StoryState, "_thawed", counting_thawed)
    feats, tdf, edf = _inputs(arts, cfg)
    got = assign_stream(_chunked(feats, 50), {a.id: _stub(a) for a in arts}, tdf, edf, groups, cfg)
    assert counts["freeze"] > 10 and counts["thaw"] >= 1
    assert got.stories == want.stories
    assert got.evidence == want.evidence
    assert got.redirects == want.redirects
    assert got.merge_notes == want.merge_notes
    story_of = {aid: s.id for s in got.stories for aid in s.article_ids}
    assert story_of[early.id] == story_of[late.id]
