"""Report bundles carry the story stage's features: storyline profiles do not extract them again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from newsprism.batch.stories import (  # noqa: E402 - needs pyarrow
    article_features_dir,
    bundle_reports,
    load_bundle,
    load_bundle_features,
    reset_article_features,
    reset_bundles,
    shard_features,
    write_bundles,
)
from newsprism.cluster import ClusterConfig, StorylineConfig, cluster_articles  # noqa: E402
from newsprism.cluster.features import DocumentFrequencies, extract_features  # noqa: E402
from tests.batch.shardkit import kept_rows, write_stream_shards  # noqa: E402


def _bundle(out: Path, shard_of: dict[str, int], task_of: dict[str, int], features: bool) -> None:
    reset_bundles(out)
    for shard in sorted(set(shard_of.values())):
        ids = {aid: task_of[aid] for aid, s in shard_of.items() if s == shard}
        write_bundles(str(out), shard, ids, features)


def test_bundled_features_give_the_same_reports_and_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, planned = write_stream_shards(
        tmp_path, n_articles=160, seed=5, wire_share=0.2, start=date(2024, 3, 1), files=2
    )
    _, shard_of, _ = kept_rows(out, planned)
    cluster = ClusterConfig()
    line = StorylineConfig()
    assert line.features == cluster.features  # the runner bundles features only then
    reset_article_features(out)
    for shard in sorted(set(shard_of.values())):
        parts = {aid: [0] for aid, s in shard_of.items() if s == shard}
        shard_features(str(out), shard, parts, cluster, keep=True)
    assert any(article_features_dir(out).rglob("*.pkl"))

    # two report tasks over the articles' stories
    _bundle(out, shard_of, {aid: 0 for aid in shard_of}, features=False)
    arts = load_bundle(out, 0)
    stories = cluster_articles([rec[0] for rec in arts.values()]).stories
    assert len(stories) >= 4
    tasks = [stories[0::2], stories[1::2]]
    task_of = {aid: k for k, share in enumerate(tasks) for s in share for aid in s.article_ids}
    term_df = DocumentFrequencies()
    for aid in task_of:
        term_df.add(extract_features(arts[aid][0], line.features).terms)

    _bundle(out, shard_of, task_of, features=False)
    plain = [bundle_reports(str(out), k, share, [], term_df, line) for k, share in enumerate(tasks)]

    _bundle(out, shard_of, task_of, features=True)
    for k in range(len(tasks)):
        recs, feats = load_bundle_features(out, k)
        assert set(feats) == set(recs)  # every article of the bundle has its features
        for aid, (art, _, _) in recs.items():
            assert feats[aid] == extract_features(art, line.features)

    def refuse(*args: object) -> None:
        raise AssertionError("features extracted again")

    monkeypatch.setattr("newsprism.cluster.storylines.extract_features", refuse)
    with_features = [bundle_reports(str(out), k, share, [], term_df, line) for k, share in enumerate(tasks)]
    for a, b in zip(plain, with_features, strict=True):
        assert repr(a.reports) == repr(b.reports)
        assert a.claim_clusters == b.claim_clusters
        assert repr(a.profiles) == repr(b.profiles)
        assert a.profiles
