"""The batch runner's verification applies the detector's exact check, pair for pair.

A band candidate whose estimated Jaccard is over ``min_jaccard`` and exact Jaccard under
it is not aligned by `CopyDetector.verdicts` (local) nor by `verify_indexed` (batch, on
the sentence units stored in the shard files); without the check both link it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from newsprism.batch.copies import verify_indexed  # noqa: E402
from newsprism.batch.inputs import plan_shards  # noqa: E402
from newsprism.batch.shard import load_shard_articles, load_shard_column, process_shard  # noqa: E402
from newsprism.dedup import CopyConfig, CopyDetector  # noqa: E402
from newsprism.pipeline import PipelineConfig  # noqa: E402
from tests.dedup.test_exact_check import lucky_pair  # noqa: E402


@pytest.mark.parametrize("exact", [True, False])
def test_local_and_batch_agree_on_a_lucky_band_candidate(tmp_path: Path, exact: bool) -> None:
    a, b = lucky_pair()
    path = tmp_path / "part0.jsonl"
    recs = [{"id": x.source, "title": x.title, "text": x.text, "published": x.published} for x in (a, b)]
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    out = tmp_path / "out"
    (shard,) = plan_shards([str(path)])
    process_shard(shard, PipelineConfig(), str(out))
    ids = load_shard_column(out, shard.index, ["id"])["id"]
    assert len(ids) == 2, "both articles kept by cleaning"
    stored = [rec[0] for rec in load_shard_articles(out, shard.index, ids).values()]
    config = CopyConfig(exact_jaccard=exact, min_jaccard_unanchored=0.0)
    local = list(CopyDetector(config).verdicts(stored[1:], stored[:1]))
    assert len(local) == 1  # a candidate either way
    got = verify_indexed(str(out), [(0, ids[0], shard.index, ids[1], shard.index)], config)
    batch = [link for _, link in got]
    want = [v.link for v in local if v.link is not None]
    assert batch == want
    assert (want == []) == exact
