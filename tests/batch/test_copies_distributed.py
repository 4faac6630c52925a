"""The distributed copy-candidate reduction and the cut verification give the driver-side results.

`truncate_distributed` and the part-wise `part_pairs` must return exactly the pairs
of `truncate_candidates` and `reduce_pairs`; `verify_chunks` must keep every pair
once and remember the local detector's order; `RowSignatures` must read the same
signatures as the driver's lookup.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pyarrow")

from newsprism.batch.copies import (  # noqa: E402
    RowSignatures,
    _split_parts,
    bucket_pair_parts,
    bucket_pairs,
    candidate_pairs,
    candidates_dir,
    heavy_keep,
    part_pairs,
    reduce_pairs,
    shard_key_items,
    truncate_candidates,
    truncate_distributed,
    verify_chunks,
    verify_indexed,
    verify_pairs,
    write_shard_keys,
)
from newsprism.batch.shard import load_shard_articles, load_shard_rows  # noqa: E402
from newsprism.dedup import CopyConfig, CopyDetector  # noqa: E402
from newsprism.pipeline import PipelineConfig  # noqa: E402
from tests.batch.shardkit import InlineClient, driver_signatures, kept_rows, write_stream_shards  # noqa: E402


def _codes(raw: list[tuple[int, int]]) -> np.ndarray:
    pairs = {(min(x, y), max(x, y)) for x, y in raw if x != y}
    return np.array(sorted((a << 32) | b for a, b in pairs), dtype=np.int64)


@settings(max_examples=60, deadline=None)
@given(
    raw=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=200),
    max_candidates=st.integers(1, 6),
    seed=st.integers(0, 1000),
    per_task=st.integers(1, 50),
)
def test_truncate_distributed_equals_truncate_candidates(
    raw: list[tuple[int, int]], max_candidates: int, seed: int, per_task: int
) -> None:
    pairs = _codes(raw)
    # few signature values, so that ties (broken by row) are common
    sigs = np.random.default_rng(seed).integers(0, 3, size=(25, 16)).astype(np.uint32)
    config = CopyConfig(max_candidates=max_candidates)
    client = InlineClient()
    got = truncate_distributed(client, pairs, config, lambda rows: sigs[rows], per_task=per_task)
    want = truncate_candidates(pairs, config, lambda rows: sigs[rows])
    assert got.tolist() == want.tolist()


def test_truncation_drops_only_pairs_both_heavy_articles_refuse() -> None:
    # row 0 has candidates 1..4 and keeps the two most similar (1 and 2); rows 1..4
    # have one candidate each (light), so they keep the pair to row 0 anyway
    pairs = _codes([(0, 1), (0, 2), (0, 3), (0, 4)])
    sigs = np.array([[5, 5, 5], [5, 5, 5], [5, 5, 0], [5, 0, 0], [0, 0, 0]], dtype=np.uint32)
    config = CopyConfig(max_candidates=2)
    assert truncate_distributed(InlineClient(), pairs, config, lambda r: sigs[r]).tolist() == pairs.tolist()
    # make 3 and 4 heavy too (each with three more candidates, all more like them than
    # row 0): now 0 refuses them, and they refuse 0
    more = _codes([(0, 1), (0, 2), (0, 3), (0, 4), (3, 5), (3, 6), (3, 7), (4, 5), (4, 6), (4, 7)])
    sigs = np.vstack([sigs, np.tile(np.array([9, 0, 0], dtype=np.uint32), (3, 1))])
    got = truncate_distributed(InlineClient(), more, config, lambda r: sigs[r])
    assert ((0 << 32) | 3) not in got.tolist() and ((0 << 32) | 4) not in got.tolist()
    assert got.tolist() == truncate_candidates(more, config, lambda r: sigs[r]).tolist()


def test_heavy_keep_ranks_by_similarity_then_row() -> None:
    sigs = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 0, 0], [0, 0, 0, 0]], dtype=np.uint32)
    kept = heavy_keep(
        np.zeros(4, dtype=np.int64), np.arange(1, 5), CopyConfig(max_candidates=2), lambda r: sigs[r]
    )
    # row 2 is the most similar; rows 1 and 3 tie, and the lower row wins
    assert kept.tolist() == [1, 2]


@settings(max_examples=40, deadline=None)
@given(
    lsh=st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40), max_size=5),
    anchor=st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40), max_size=5),
    n_parts=st.integers(1, 7),
    min_jaccard=st.sampled_from([0.0, 0.4]),
    seed=st.integers(0, 100),
)
def test_part_reduction_equals_driver_reduction(
    lsh: list[list[tuple[int, int]]],
    anchor: list[list[tuple[int, int]]],
    n_parts: int,
    min_jaccard: float,
    seed: int,
) -> None:
    config = CopyConfig(min_jaccard=min_jaccard)
    sigs = np.random.default_rng(seed).integers(0, 2, size=(31, config.num_perm)).astype(np.uint32)

    def signature_of(rows: np.ndarray) -> np.ndarray:
        return sigs[rows]

    # bucket results: LSH pairs unique per bucket, anchor pairs with repeats (one per anchor)
    results = [
        (_codes(x), np.concatenate([_codes(y), _codes(y[: len(y) // 2])]))
        for x, y in zip(lsh, anchor, strict=False)
    ]
    want = reduce_pairs(results, config, signature_of)
    parts: dict[int, list[tuple[int, np.ndarray, np.ndarray]]] = {}
    for lsh_codes, anchor_codes in results:
        by_lsh, by_anchor = _split_parts(lsh_codes, 31, n_parts), _split_parts(anchor_codes, 31, n_parts)
        for p in by_lsh.keys() | by_anchor.keys():
            empty = np.zeros(0, dtype=np.int64)
            parts.setdefault(p, []).append((p, by_lsh.get(p, empty), by_anchor.get(p, empty)))
    reduced = [part_pairs((p, items), config, signature_of) for p, items in sorted(parts.items())]
    got = np.concatenate([codes for _, codes in reduced] or [np.zeros(0, dtype=np.int64)])
    assert got.tolist() == want.tolist()
    assert all(p < n_parts for p in parts)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, int], dict]:
    """A generated stream with wire copies in three shards: (out, id_of, shard_of, rows_by_shard)."""
    folder = tmp_path_factory.mktemp("copies-distributed")
    out, planned = write_stream_shards(
        folder, n_articles=90, seed=7, wire_share=0.4, start=date(2025, 2, 2), files=3
    )
    return (out, *kept_rows(out, planned))


def test_row_signatures_equal_driver_lookup(shards: tuple[Path, list[str], dict[str, int], dict]) -> None:
    import pickle

    out, id_of, shard_of, rows_by_shard = shards
    config = PipelineConfig().copy
    for s, rows in rows_by_shard.items():
        write_shard_keys(str(out), s, rows, config, 4)
    source = pickle.loads(pickle.dumps(RowSignatures(str(out), rows_by_shard, config)))
    rows = np.array([len(id_of) - 1, 0, 5, 5, 17], dtype=np.int64)
    assert np.array_equal(source(rows), driver_signatures(out, rows, id_of, shard_of, config))
    assert source(np.zeros(0, dtype=np.int64)).shape[0] == 0


def test_split_buckets_reduce_to_the_same_candidates(
    shards: tuple[Path, list[str], dict[str, int], dict],
) -> None:
    out, id_of, shard_of, rows_by_shard = shards
    config = CopyConfig(max_candidates=3)
    buckets: dict[int, list] = {}
    for s, rows in rows_by_shard.items():
        write_shard_keys(str(out), s, rows, config, 4)
        for item in shard_key_items(str(out), s, rows, config, 4):
            buckets.setdefault(item[0], []).append(item)
    source = RowSignatures(str(out), rows_by_shard, config)
    whole = [bucket_pairs((b, items), config) for b, items in buckets.items()]
    want = truncate_candidates(reduce_pairs(whole, config, source), config, source)
    parts: dict[int, list] = {}
    for b, items in buckets.items():
        for item in bucket_pair_parts((b, items), config, len(id_of), 3):
            parts.setdefault(item[0], []).append(item)
    reduced = [part_pairs((p, items), config, source) for p, items in sorted(parts.items())]
    pairs = np.concatenate([codes for _, codes in reduced])
    client = InlineClient()
    got = truncate_distributed(client, pairs, config, source)
    assert got.tolist() == want.tolist()
    assert client.tasks >= 1  # some articles had more than three candidates
    assert len(want) >= 10
    # the shuffle through files gives the same pairs for any number of buckets and parts
    for n_buckets, n_parts in ((1, None), (4, 3), (7, 2)):
        assert candidate_pairs(
            InlineClient(), str(out), rows_by_shard, config, n_buckets, n_parts=n_parts
        ).tolist() == (want.tolist())
        assert not candidates_dir(out).exists()  # the shuffle's files are gone after the stage


def test_verify_chunks_keep_every_pair_and_the_detector_order(
    shards: tuple[Path, list[str], dict[str, int], dict],
) -> None:
    out, id_of, shard_of, rows_by_shard = shards
    rng = np.random.default_rng(3)
    n = len(id_of)
    pairs = _codes([tuple(rng.integers(0, n, 2).tolist()) for _ in range(300)])
    chunks = verify_chunks(pairs, id_of, shard_of, 40)
    flat = [p for c in chunks for p in c]
    assert all(len(c) <= 40 for c in chunks)
    assert sorted(k for k, *_ in flat) == list(range(pairs.size))
    by_index = sorted(flat)
    want = sorted(
        ((a, b) for a, b in zip((pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist(), strict=True)),
        key=lambda ab: (ab[0], id_of[ab[1]]),
    )
    assert [(ia, ib) for _, ia, _, ib, _ in by_index] == [(id_of[a], id_of[b]) for a, b in want]
    assert all(shard_of[ia] == sa and shard_of[ib] == sb for _, ia, sa, ib, sb in flat)
    # locality: consecutive pairs share their block of shards, so the blocks come in runs
    blocks = [tuple(sorted((sa, sb))) for _, _, sa, _, sb in flat]
    assert blocks == sorted(blocks)


def test_verify_indexed_gives_the_detector_links(
    shards: tuple[Path, list[str], dict[str, int], dict],
) -> None:
    out, id_of, shard_of, rows_by_shard = shards
    config = PipelineConfig().copy
    detector = CopyDetector(config)
    ids = id_of[:40]
    jobs = [
        (ids[i], shard_of[ids[i]], ids[j], shard_of[ids[j]])
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
    ]
    arts = {}
    for s in rows_by_shard:
        # the kept version of each id (the stream repeats some ids across shards)
        kept = [aid for aid in id_of if shard_of[aid] == s]
        arts.update({aid: rec[0] for aid, rec in load_shard_articles(out, s, kept).items()})
    want = [
        v.link
        for v in (detector.compare(arts[a], arts[b], check=True) for a, _, b, _ in jobs)
        if v.link is not None
    ]
    assert want, "the stream's wire copies give links"
    got = verify_indexed(str(out), [(k, *job) for k, job in enumerate(jobs)], config)
    assert [link for _, link in got] == want
    assert verify_pairs(str(out), jobs, config) == want
    assert [k for k, _ in got] == sorted(k for k, _ in got)


def test_load_shard_rows_reads_only_the_asked_rows(
    shards: tuple[Path, list[str], dict[str, int], dict],
) -> None:
    out, id_of, shard_of, _ = shards
    first = id_of[0]
    rows = load_shard_rows(out, shard_of[first], [first, "no-such-id"], ["published", "fingerprint"])
    assert list(rows) == [first]
    assert set(rows[first]) == {"published", "fingerprint"} and isinstance(rows[first]["fingerprint"], bytes)
