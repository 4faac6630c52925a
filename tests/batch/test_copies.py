"""The shuffled candidate retrieval equals `CopyIndex.candidates` (no Dask needed here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyarrow")

from newsprism.batch.copies import _features, bucket_pairs, reduce_pairs, shard_key_items, truncate_candidates
from newsprism.batch.shard import load_shard_column
from newsprism.dedup import CopyConfig, CopyDetector, CopyIndex
from newsprism.pipeline import PipelineConfig
from tests.batch.shardkit import driver_signatures, kept_rows, write_stream_shards


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """A generated stream with wire copies, cleaned and fingerprinted into two shards."""
    folder = tmp_path_factory.mktemp("copies")
    return write_stream_shards(
        folder, n_articles=100, seed=4, wire_share=0.3, start=date(2025, 1, 5), files=2
    )


@pytest.mark.parametrize(
    "config",
    [CopyConfig(), CopyConfig(min_jaccard=0.3, band_max_df=6, max_candidates=3)],
    ids=["default", "strict"],
)
def test_shuffled_candidates_equal_copy_index(shards: tuple[Path, list], config: CopyConfig) -> None:
    out, planned = shards
    cfg = PipelineConfig(copy=config)
    id_of, shard_of, rows_by_shard = kept_rows(out, planned)
    buckets: dict[int, list] = {}
    for s, rows in rows_by_shard.items():
        for item in shard_key_items(str(out), s, rows, config, 8):
            buckets.setdefault(item[0], []).append(item)

    def signature_of(rows: np.ndarray) -> np.ndarray:
        return driver_signatures(out, rows, id_of, shard_of, cfg.copy)

    results = [bucket_pairs((b, items), config) for b, items in buckets.items()]
    pairs = truncate_candidates(reduce_pairs(results, config, signature_of), config, signature_of)
    shuffled = {
        tuple(sorted((id_of[a], id_of[b])))
        for a, b in zip((pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist(), strict=True)
    }

    detector = CopyDetector(config)
    feats = {}
    for s in rows_by_shard:
        cols = load_shard_column(out, s, ["id", "fingerprint"])
        feats.update(
            {
                i: _features(detector, d)
                for i, d in zip(cols["id"], cols["fingerprint"], strict=True)
                if i in shard_of
            }
        )
    index = CopyIndex(config)
    index.add_many([(i, feats[i]) for i in id_of])
    found = index.candidates([feats[i] for i in id_of], exclude=id_of)
    local = {tuple(sorted((i, o))) for i, cands in zip(id_of, found, strict=True) for o in cands}
    assert shuffled == local
    assert len(local) >= 10  # the stream has wire copies: there is something to retrieve
