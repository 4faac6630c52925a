"""The shuffled candidate retrieval equals `CopyIndex.candidates` (no Dask needed here)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyarrow")

from newsprism.batch.copies import _features, bucket_pairs, reduce_pairs, shard_key_items, truncate_candidates
from newsprism.batch.inputs import plan_shards
from newsprism.batch.runner import _resolve_duplicates, _signatures
from newsprism.batch.shard import load_shard_column, process_shard
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.dedup import CopyConfig, CopyDetector, CopyIndex
from newsprism.pipeline import PipelineConfig


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """A generated stream with wire copies, cleaned and fingerprinted into two shards."""
    folder = tmp_path_factory.mktemp("copies")
    stream = generate_stream(SyntheticConfig(n_articles=100, seed=4, wire_share=0.3, start=date(2025, 1, 5)))
    paths = []
    for k in range(2):
        path = folder / f"part{k}.jsonl"
        recs = stream.articles[k * 50 : (k + 1) * 50]
        lines = [
            json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published}) for a in recs
        ]
        path.write_text("\n".join(lines) + "\n")
        paths.append(str(path))
    out = folder / "out"
    planned = plan_shards(paths)
    for shard in planned:
        # fingerprints depend on num_perm, shingles and seed only, equal in both configs
        process_shard(shard, PipelineConfig(), str(out))
    return out, planned


@pytest.mark.parametrize(
    "config",
    [CopyConfig(), CopyConfig(min_jaccard=0.3, band_max_df=6, max_candidates=3)],
    ids=["default", "strict"],
)
def test_shuffled_candidates_equal_copy_index(shards: tuple[Path, list], config: CopyConfig) -> None:
    out, planned = shards
    cfg = PipelineConfig(copy=config)
    _, kept = _resolve_duplicates(out, planned)
    kept.sort(key=lambda k: (k[1] or "", k[0]))
    id_of = [aid for aid, _, _ in kept]
    shard_of = {aid: s for aid, _, s in kept}
    rows_by_shard: dict[int, dict[str, int]] = {}
    for row, (aid, _, s) in enumerate(kept):
        rows_by_shard.setdefault(s, {})[aid] = row
    buckets: dict[int, list] = {}
    for s, rows in rows_by_shard.items():
        for item in shard_key_items(str(out), s, rows, config, 8):
            buckets.setdefault(item[0], []).append(item)

    def signature_of(rows: np.ndarray) -> np.ndarray:
        return _signatures(out, rows, id_of, shard_of, cfg)

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
