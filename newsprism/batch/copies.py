"""Distributed copy detection: the same candidates, links and groups as `CopyDetector`.

The local detector indexes every article's fingerprint in one `CopyIndex` and asks
it for candidates. Here the same candidate rule is computed by a shuffle:

1. **keys, per shard** (distributed): each article's 42 LSH band keys (only articles
   with at least ``min_shingles`` shingles, as the index does) and its anchor
   sentence hashes, sorted by bucket ``key % n_buckets`` into one file per shard,
   with the shard's signatures (`write_shard_keys`);
2. **shuffle by bucket** (distributed): each bucket task reads its slice of every
   shard's file (`bucket_items`), sorts its entries by key and emits every pair of
   articles that share a band key, and every pair sharing an anchor that at most
   ``anchor_max_df`` articles carry (the index's boilerplate rule); the pairs (64-bit
   codes ``row << 32 | row``) are written sorted by the row range of their first
   article (`write_bucket_pairs`);
3. **reduce by part** (distributed, NumPy): each part task reads its slice of every
   bucket's file, so every occurrence of a pair meets in one part (`reduce_part`):
   LSH pairs are de-duplicated, anchor pairs counted and kept with
   ``anchor_min_shared`` or more shared anchors, and (with ``min_jaccard`` set) LSH
   pairs under the index's Jaccard floor dropped, on signatures memory-mapped from
   the shards' files (`RowSignatures`). The driver concatenates the reduced parts
   (already sorted: parts are disjoint row ranges) and applies ``max_candidates``
   (`truncate_distributed`): degrees by one ``bincount``, and articles with more
   candidates keep the most similar ones by estimated Jaccard, ties broken by the
   store's order, exactly like `CopyIndex.candidates`; that ranking runs on the
   workers. (All on the driver, the reduction took 642 CPU s at 100k articles.)
   Both shuffles go through files in the output folder, which every worker reads
   already, with as many buckets and parts as the corpus needs (`shuffle_size`),
   so no task's memory grows with the corpus (Dask's in-memory bag shuffle held
   every pair occurrence at once: ~0.7 GB of a worker at 100k articles);
4. **verify** (distributed): pairs in tasks cut by blocks of shards (`verify_chunks`),
   each aligned and classified by the detector's own verification on the sentence
   units the shard stage stored (prepared once per article; kept per worker process in
   an LRU cache with what alignment derives from them; only the needed rows read from
   each shard, the article texts not at all); the links are put back in the local
   detector's order;
5. **components** (driver): `build_copy_groups` over the verified ``same_copy`` links —
   a union-find over the reduced edge list (links, far fewer than articles).

Rows are positions in the store's article order (publication date, then id), the
order in which the local runner fills its index.
"""

from __future__ import annotations

import os
from collections import OrderedDict, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.batch.shard import load_shard_column, load_shard_rows, shard_dir
from newsprism.dedup import CopyConfig, CopyDetector, Features, signature_from_bytes
from newsprism.dedup.align import SentenceUnits, prepare_units, units_from_bytes
from newsprism.dedup.index import band_keys, estimated_floor, unique_ints
from newsprism.models import CopyLink

__all__ = [
    "PairChunks",
    "RowSignatures",
    "bucket_items",
    "bucket_pair_parts",
    "bucket_pairs",
    "candidate_pairs",
    "candidates_dir",
    "heavy_keep",
    "part_pairs",
    "reduce_part",
    "reduce_pairs",
    "shard_key_items",
    "shuffle_size",
    "truncate_candidates",
    "truncate_distributed",
    "verify_all",
    "verify_chunks",
    "verify_indexed",
    "verify_pairs",
    "write_bucket_pairs",
    "write_shard_keys",
]

_LSH, _ANCHOR = 0, 1
# Sentence units by (article id, content hash), kept by each worker process across
# verification tasks: one article meets many partners in many chunks, and preparing
# its units again per chunk cost ~60% more CPU than the local detector on a
# copy-heavy corpus (benchmarks/bench_batch.py, 1k articles). The shard stage now
# stores the units (`_verify_records` reads them), so a miss costs their decoding and
# the per-text data alignment derives from them (`align._unit_features`), not a
# preparation of the text (benchmarks/bench_copies.py, 10k: workers 36.7 -> 26.9 CPU
# s, under load). Least recently used first out (clearing everything at the bound
# made every worker re-prepare its current shards' articles each time the bound was
# reached at 100k articles); ~20k entries of a few KB each stay well under a
# worker's memory.
_UNITS: OrderedDict[tuple[str, str], SentenceUnits] = OrderedDict()
_UNITS_MAX = 20_000
KeyItem = tuple[int, np.ndarray, np.ndarray, np.ndarray]  # bucket, keys, rows, kinds


def _order_key(published: str | None, aid: str) -> tuple[int, str, str]:
    # the detector's pair order: earlier publication first, undated last, then id
    return (0 if published else 1, published or "", aid)


def _features(detector: CopyDetector, data: bytes) -> Features:
    # The detector's own decoding of its fingerprint bytes, so the batch runner follows
    # any change of the format. (A public `CopyDetector.features` would be cleaner:
    # requested in the issue report.)
    return detector._unpack(data)  # noqa: SLF001


def shard_key_items(
    out: str, shard: int, rows: Mapping[str, int], config: CopyConfig, n_buckets: int
) -> list[KeyItem]:
    """Band keys and anchor hashes of a shard's kept articles, split into buckets."""
    detector = CopyDetector(config)
    cols = load_shard_column(out, shard, ["id", "fingerprint"])
    keys: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    kinds: list[np.ndarray] = []
    sigs: list[np.ndarray] = []
    sig_rows: list[int] = []
    for aid, data in zip(cols["id"], cols["fingerprint"], strict=True):
        row = rows.get(aid)
        if row is None:  # a duplicate dropped by the global pass
            continue
        feats = _features(detector, data)
        if feats.n_shingles >= config.min_shingles:
            sigs.append(feats.signature)
            sig_rows.append(row)
        if feats.anchors.size:
            keys.append(feats.anchors.astype(np.uint64))
            owners.append(np.full(feats.anchors.size, row, dtype=np.int64))
            kinds.append(np.full(feats.anchors.size, _ANCHOR, dtype=np.int8))
    if sigs:
        bk = band_keys(np.stack(sigs).astype(np.uint32), config)
        keys.append(bk.ravel())
        owners.append(np.repeat(np.array(sig_rows, dtype=np.int64), config.bands))
        kinds.append(np.full(bk.size, _LSH, dtype=np.int8))
    if not keys:
        return []
    k, o, t = np.concatenate(keys), np.concatenate(owners), np.concatenate(kinds)
    bucket = (k % np.uint64(n_buckets)).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    k, o, t, bucket = k[order], o[order], t[order], bucket[order]
    edges = np.flatnonzero(np.diff(bucket)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [bucket.size]])
    return [(int(bucket[s]), k[s:e], o[s:e], t[s:e]) for s, e in zip(starts, ends, strict=True)]


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # start and end of each run of equal values in a sorted array
    edges = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [keys.size]])
    return starts, ends


def _pairs_of(rows: np.ndarray) -> np.ndarray:
    r = unique_ints(rows)
    i, j = np.triu_indices(r.size, 1)
    return (r[i] << 32) | r[j]


def bucket_pairs(group: tuple[int, list[KeyItem]], config: CopyConfig) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pair codes of one bucket: (LSH pairs, anchor pairs with repeats).

    An anchor pair appears once per anchor the two articles share, so summing over
    buckets counts shared anchors.
    """
    _, items = group
    out_lsh: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    out_anchor: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    band_limit = config.band_max_df or None  # 0: no limit
    for kind, out, limit in ((_LSH, out_lsh, band_limit), (_ANCHOR, out_anchor, config.anchor_max_df)):
        parts = [(k[t == kind], o[t == kind]) for _, k, o, t in items]
        keys = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.uint64)
        if keys.size < 2:
            continue
        rows = np.concatenate([p[1] for p in parts])
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        starts, ends = _runs(keys)
        sizes = ends - starts
        # a key's frequency is its number of articles: an article adds an anchor once
        # and a band key once per band (the band number is mixed into the key)
        ok = sizes >= 2
        if limit is not None:
            ok &= sizes <= limit
        for s, e in zip(starts[ok].tolist(), ends[ok].tolist(), strict=True):
            out.append(_pairs_of(rows[s:e]))
    return unique_ints(np.concatenate(out_lsh)), np.concatenate(out_anchor)


def reduce_pairs(
    results: Sequence[tuple[np.ndarray, np.ndarray]], config: CopyConfig, signature_of: Any = None
) -> np.ndarray:
    """Union of the buckets' pairs: LSH pairs, and anchor pairs with enough shared anchors.

    With ``min_jaccard`` > 0, LSH pairs below that estimated Jaccard, or below
    ``min_jaccard_unanchored`` when they share no anchor sentence, are dropped (as
    `CopyIndex` does, `estimated_floor`); that needs `signature_of(rows)`.
    """
    lsh = unique_ints(np.concatenate([r[0] for r in results] or [np.zeros(0, dtype=np.int64)]))
    anchor = np.concatenate([r[1] for r in results] or [np.zeros(0, dtype=np.int64)])
    codes, counts = np.unique(anchor, return_counts=True)
    if config.min_jaccard > 0 and lsh.size and signature_of is not None:
        keep = np.zeros(lsh.size, dtype=bool)
        for start in range(0, lsh.size, 65536):  # bounded memory: signatures per block
            part = lsh[start : start + 65536]
            a, b = part >> 32, part & 0xFFFFFFFF
            rows, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
            sigs = signature_of(rows)
            equal = (sigs[inv[: part.size]] == sigs[inv[part.size :]]).sum(axis=1)
            # the index's floors; `codes` are the pairs sharing an anchor
            keep[start : start + part.size] = estimated_floor(part, equal, codes, config)
        lsh = lsh[keep]
    return np.union1d(lsh, codes[counts >= config.anchor_min_shared]).astype(np.int64)


def truncate_candidates(pairs: np.ndarray, config: CopyConfig, signature_of: Any) -> np.ndarray:
    """Apply ``max_candidates``: a pair stays if either article keeps the other.

    An article with more candidates keeps the ``max_candidates`` most similar by
    estimated Jaccard (equal signature positions), ties by row, as `CopyIndex` does.
    `signature_of(rows)` returns the signatures of the given rows (n x num_perm).
    """
    if pairs.size == 0:
        return pairs
    a, b = pairs >> 32, pairs & 0xFFFFFFFF
    ends = np.concatenate([a, b])
    rows, degree = np.unique(ends, return_counts=True)
    heavy = rows[degree > config.max_candidates]
    if heavy.size == 0:
        return pairs
    keep_pair = np.zeros(pairs.size, dtype=bool)
    heavy_set = set(heavy.tolist())
    light = ~np.isin(a, heavy) | ~np.isin(b, heavy)
    # a pair with a light endpoint is kept by that endpoint (it keeps all its candidates)
    keep_pair |= light
    kept: set[tuple[int, int]] = set()
    for row in heavy_set:
        nb = np.sort(np.concatenate([b[a == row], a[b == row]]))
        sigs = signature_of(np.concatenate([[row], nb]))
        sims = (sigs[1:] == sigs[0]).sum(axis=1)
        best = nb[np.sort(np.argsort(-sims, kind="stable")[: config.max_candidates])]
        kept.update((min(row, x), max(row, x)) for x in best.tolist())
    for k in np.flatnonzero(~keep_pair).tolist():
        if (int(a[k]), int(b[k])) in kept:
            keep_pair[k] = True
    return pairs[keep_pair]


class RowSignatures:
    """Signatures by row (the store's order), memory-mapped from the candidate stage's files.

    Made on the driver and sent once to each worker. The key tasks
    (`write_shard_keys`) write each shard's signatures, in the order of its rows, to
    ``stages/candidates/sigs-SHARD.npy``; a process maps a shard's file the first time
    one of its rows is asked for. Only two int32 arrays (shard and place within the
    shard of every row, 8 B per article) travel with the object, and the signatures
    are the operating system's page cache, not the process's memory. (Before, each
    worker held a dense matrix of every row's signature, 512 B per article, and its own
    copy of every article id: ~0.6 GB per worker at 1M articles.)
    """

    def __init__(self, out: str, rows_by_shard: Mapping[int, Mapping[str, int]], config: CopyConfig) -> None:
        self.out = out
        self.config = config
        n = sum(len(r) for r in rows_by_shard.values())
        self.shard_of_row = np.zeros(n, dtype=np.int32)
        self.place_of_row = np.zeros(n, dtype=np.int32)
        for shard, rows in rows_by_shard.items():
            own = np.sort(np.fromiter(rows.values(), dtype=np.int64, count=len(rows)))
            self.shard_of_row[own] = shard
            self.place_of_row[own] = np.arange(own.size, dtype=np.int32)
        self._maps: dict[int, np.ndarray] = {}

    def __getstate__(self) -> dict[str, Any]:
        # the files are mapped again where the object lands
        return {k: getattr(self, k) for k in ("out", "config", "shard_of_row", "place_of_row")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self._maps = {}

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        """Signatures of `rows` (n x num_perm)."""
        rows = np.asarray(rows, dtype=np.int64)
        got = np.zeros((rows.size, self.config.num_perm), dtype=np.uint32)
        if rows.size == 0:
            return got
        shards = self.shard_of_row[rows]
        places = self.place_of_row[rows]
        for shard in unique_ints(shards.astype(np.int64)).tolist():
            sel = shards == shard
            got[sel] = self._map(shard)[places[sel]]
        return got

    def _map(self, shard: int) -> np.ndarray:
        mapped = self._maps.get(shard)
        if mapped is None:
            path = candidates_dir(self.out) / f"sigs-{shard:06d}.npy"
            if not path.exists():
                raise FileNotFoundError(f"{path}: the shard's signatures are written by write_shard_keys")
            mapped = self._maps[shard] = np.load(path, mmap_mode="r")
        return mapped


def candidates_dir(out: str | Path) -> Path:
    """The candidate stage's files: per shard keys and signatures, per bucket pairs."""
    return Path(out) / "stages" / "candidates"


def _save(path: Path, array: np.ndarray) -> None:
    # written whole, then renamed: a reader never sees half a file
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, array)
    os.replace(tmp, path)


_KEY_DTYPE = np.dtype([("key", "<u8"), ("row", "<i8"), ("kind", "i1")])


def write_shard_keys(
    out: str, shard: int, rows: Mapping[str, int], config: CopyConfig, n_buckets: int
) -> int:
    """The map side of the candidate shuffle, for one shard (on a worker).

    Writes the shard's band/anchor keys (`shard_key_items`) sorted by bucket, with the
    offset of each bucket (``keys-SHARD.npy``, ``keys-SHARD.off.npy``), and the
    signatures of its kept articles in the order of their rows (``sigs-SHARD.npy``,
    read by `RowSignatures`). Returns the number of keys.
    """
    folder = candidates_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    items = shard_key_items(out, shard, rows, config, n_buckets)
    offsets = np.zeros(n_buckets + 1, dtype=np.int64)
    for bucket, k, _, _ in items:
        offsets[bucket + 1] = k.size
    offsets = np.cumsum(offsets)
    table = np.zeros(int(offsets[-1]), dtype=_KEY_DTYPE)
    if items:  # items come sorted by bucket
        table["key"] = np.concatenate([k for _, k, _, _ in items])
        table["row"] = np.concatenate([o for _, _, o, _ in items])
        table["kind"] = np.concatenate([t for _, _, _, t in items])
    own = sorted(rows.values())
    place = {row: k for k, row in enumerate(own)}
    sigs = np.zeros((len(own), config.num_perm), dtype=np.uint32)
    cols = load_shard_column(out, shard, ["id", "fingerprint"])
    for aid, data in zip(cols["id"], cols["fingerprint"], strict=True):
        row = rows.get(aid)
        if row is not None:
            sigs[place[row]] = signature_from_bytes(data, config)
    _save(folder / f"sigs-{shard:06d}.npy", sigs)
    _save(folder / f"keys-{shard:06d}.npy", table)
    _save(folder / f"keys-{shard:06d}.off.npy", offsets)
    return int(table.size)


def bucket_items(out: str, bucket: int, shards: Sequence[int]) -> list[KeyItem]:
    """The key items of `bucket` from every shard's key file (memory-mapped slices)."""
    folder = candidates_dir(out)
    items: list[KeyItem] = []
    for shard in shards:
        offsets = np.load(folder / f"keys-{shard:06d}.off.npy")
        lo, hi = int(offsets[bucket]), int(offsets[bucket + 1])
        if hi > lo:
            part = np.load(folder / f"keys-{shard:06d}.npy", mmap_mode="r")[lo:hi]
            items.append((bucket, np.array(part["key"]), np.array(part["row"]), np.array(part["kind"])))
    return items


def write_bucket_pairs(
    out: str, bucket: int, shards: Sequence[int], config: CopyConfig, n_rows: int, n_parts: int
) -> int:
    """The reduce side of the key shuffle and map side of the pair shuffle, for one bucket.

    Reads the bucket's keys from every shard (`bucket_items`), makes its pairs
    (`bucket_pair_parts`) and writes them sorted by part: LSH pairs then anchor pairs
    (``pairs-BUCKET.npy``) and where each part's run of each starts
    (``pairs-BUCKET.off.npy``, 2 x (n_parts + 1)). Returns the number of pair codes.
    """
    folder = candidates_dir(out)
    parts = bucket_pair_parts((bucket, bucket_items(out, bucket, shards)), config, n_rows, n_parts)
    sizes = np.zeros((2, n_parts), dtype=np.int64)
    for p, lsh, anchor in parts:
        sizes[0, p], sizes[1, p] = lsh.size, anchor.size
    offsets = np.zeros((2, n_parts + 1), dtype=np.int64)
    offsets[0, 1:] = np.cumsum(sizes[0])
    offsets[1, 1:] = offsets[0, -1] + np.cumsum(sizes[1])
    offsets[1, 0] = offsets[0, -1]
    empty = np.zeros(0, dtype=np.int64)
    codes = np.concatenate([lsh for _, lsh, _ in parts] + [anchor for _, _, anchor in parts] + [empty])
    _save(folder / f"pairs-{bucket:06d}.npy", codes.astype(np.int64))
    _save(folder / f"pairs-{bucket:06d}.off.npy", offsets)
    return int(codes.size)


def reduce_part(out: str, part: int, n_buckets: int, config: CopyConfig, signature_of: Any) -> np.ndarray:
    """The reduce side of the pair shuffle: `part_pairs` over every bucket's run of `part`."""
    folder = candidates_dir(out)
    items: list[tuple[int, np.ndarray, np.ndarray]] = []
    for bucket in range(n_buckets):
        offsets = np.load(folder / f"pairs-{bucket:06d}.off.npy")
        (l0, l1), (a0, a1) = offsets[0, part : part + 2], offsets[1, part : part + 2]
        if l1 > l0 or a1 > a0:
            codes = np.load(folder / f"pairs-{bucket:06d}.npy", mmap_mode="r")
            items.append((part, np.array(codes[l0:l1]), np.array(codes[a0:a1])))
    return part_pairs((part, items), config, signature_of)[1]


def _split_parts(codes: np.ndarray, n_rows: int, n_parts: int) -> dict[int, np.ndarray]:
    # pair codes by part: the range of rows their first article falls in
    if codes.size == 0:
        return {}
    part = ((codes >> 32) * n_parts) // max(1, n_rows)
    order = np.argsort(part, kind="stable")
    part, codes = part[order], codes[order]
    starts, ends = _runs(part)
    return {int(part[s]): codes[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)}


def bucket_pair_parts(
    group: tuple[int, list[KeyItem]], config: CopyConfig, n_rows: int, n_parts: int
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """`bucket_pairs` of one bucket, split by the row range of each pair's first article.

    Items ``(part, LSH pairs, anchor pairs with repeats)`` for a second shuffle: every
    occurrence of a pair lands in the same part, so the parts reduce independently.
    """
    lsh, anchor = bucket_pairs(group, config)
    by_lsh, by_anchor = _split_parts(lsh, n_rows, n_parts), _split_parts(anchor, n_rows, n_parts)
    empty = np.zeros(0, dtype=np.int64)
    return [
        (p, by_lsh.get(p, empty), by_anchor.get(p, empty)) for p in sorted(by_lsh.keys() | by_anchor.keys())
    ]


def part_pairs(
    group: tuple[int, list[tuple[int, np.ndarray, np.ndarray]]], config: CopyConfig, signature_of: Any
) -> tuple[int, np.ndarray]:
    """`reduce_pairs` of one part of the second shuffle: ``(part, sorted pair codes)``."""
    part, items = group
    return part, reduce_pairs([(lsh, anchor) for _, lsh, anchor in items], config, signature_of)


def heavy_keep(rows: np.ndarray, others: np.ndarray, config: CopyConfig, signature_of: Any) -> np.ndarray:
    """Pair codes that the heavy `rows` keep: each its ``max_candidates`` most similar.

    `rows` is grouped (equal rows adjacent) and `others` ascending within each row: the
    candidates of each row. Similarity is the estimated Jaccard (equal signature
    positions), ties by row, as in `truncate_candidates`.
    """
    kept: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    if rows.size == 0:
        return kept[0]
    starts, ends = _runs(rows)
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        row, nb = int(rows[s]), others[s:e]
        sigs = signature_of(np.concatenate([[row], nb]))
        sims = (sigs[1:] == sigs[0]).sum(axis=1)
        best = nb[np.argsort(-sims, kind="stable")[: config.max_candidates]]
        kept.append((np.minimum(best, row) << 32) | np.maximum(best, row))
    return unique_ints(np.concatenate(kept))


def truncate_distributed(
    client: Any, pairs: np.ndarray, config: CopyConfig, signature_of: Any, per_task: int = 200_000
) -> np.ndarray:
    """`truncate_candidates` with the per-row ranking on `client`'s workers.

    Degrees are one `numpy.bincount` here; only articles over ``max_candidates`` are
    ranked, in tasks of about `per_task` candidates, on workers that each get one
    copy of `signature_of` (a picklable callable, e.g. `RowSignatures`). A pair goes when
    both its articles are heavy and neither keeps it. The same pairs as
    `truncate_candidates`, in the same (sorted) order.
    """
    if pairs.size == 0:
        return pairs
    a, b = pairs >> 32, pairs & 0xFFFFFFFF
    n = int(max(a.max(), b.max())) + 1
    heavy = (np.bincount(a, minlength=n) + np.bincount(b, minlength=n)) > config.max_candidates
    if not heavy.any():
        return pairs
    ends, others = np.concatenate([a, b]), np.concatenate([b, a])
    sel = heavy[ends]
    ends, others = ends[sel], others[sel]
    order = np.lexsort((others, ends))
    ends, others = ends[order], others[order]
    starts, stops = _runs(ends)
    # one copy per worker, whatever the number of tasks
    shared = client.scatter(signature_of, broadcast=True, hash=False)
    futures, first = [], 0
    for k, stop in enumerate(stops.tolist()):
        if stop - starts[first] >= per_task or k == stops.size - 1:
            lo, hi = int(starts[first]), stop
            futures.append(client.submit(heavy_keep, ends[lo:hi], others[lo:hi], config, shared, pure=False))
            first = k + 1
    kept = unique_ints(np.concatenate([f.result() for f in futures]))
    both = heavy[a] & heavy[b]
    return pairs[~both | np.isin(pairs, kept)]


# Rows per bucket (and per part) of the candidate shuffle. The number of buckets grows
# with the corpus, so that one bucket's pairs (made in memory by one task) stay about
# the same size: at 100k articles in 32 buckets and 32 parts held in Dask's memory,
# the stage took ~0.7 GB of a worker above its baseline, and a fixed number would
# grow that tenfold at 1M. With 3,000 rows a task holds a few tens of MB.
ROWS_PER_BUCKET = 3_000


def shuffle_size(n_rows: int, n_buckets: int) -> int:
    """Buckets (and parts) for `n_rows` articles: at least `n_buckets`, ~`ROWS_PER_BUCKET` rows each."""
    return max(1, n_buckets, -(-n_rows // ROWS_PER_BUCKET))


def candidate_pairs(
    client: Any,
    out: str,
    rows_by_shard: Mapping[int, Mapping[str, int]],
    config: CopyConfig,
    n_buckets: int,
    signature_of: Any = None,
    n_parts: int | None = None,
) -> np.ndarray:
    """All candidate pairs (row codes, sorted) through two shuffles on `client`'s workers.

    The shuffles go through files in ``stages/candidates/`` (the output folder, which
    every worker reads already): each shard task writes its keys sorted by bucket
    (`write_shard_keys`); each bucket task reads its slice of every shard's file and
    writes its pairs sorted by part (`write_bucket_pairs`); each part task reads its
    slice of every bucket's file and reduces it (union, shared anchors,
    ``min_jaccard``; `reduce_part`), reading signatures through a `RowSignatures` sent
    once to each worker. No task holds more than one bucket's or one part's data,
    whatever the corpus size (`shuffle_size`). The driver concatenates the reduced
    parts and applies ``max_candidates`` (`truncate_distributed`). The pairs do not
    depend on the numbers of buckets and parts. `signature_of` is not used any more;
    it stays for callers of the former signature.
    """
    import shutil

    from newsprism.batch.spill import in_order

    jobs = [(shard, rows) for shard, rows in sorted(rows_by_shard.items()) if rows]
    if not jobs:
        return np.zeros(0, dtype=np.int64)
    n_rows = sum(len(rows) for _, rows in jobs)
    buckets = shuffle_size(n_rows, n_buckets)
    parts = max(1, n_parts) if n_parts else buckets
    folder = candidates_dir(out)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # each shard's rows are pickled as its task is submitted (`in_order`), not all at once
    for _ in in_order(
        client, write_shard_keys, ((out, shard, dict(rows), config, buckets) for shard, rows in jobs)
    ):
        pass
    shards = [shard for shard, _ in jobs]
    for _ in in_order(
        client, write_bucket_pairs, ((out, b, shards, config, n_rows, parts) for b in range(buckets))
    ):
        pass
    source = RowSignatures(out, rows_by_shard, config)
    shared = client.scatter(source, broadcast=True, hash=False)  # one copy per worker
    # parts are disjoint row ranges, each sorted: their concatenation is sorted
    reduced = list(in_order(client, reduce_part, ((out, p, buckets, config, shared) for p in range(parts))))
    pairs = np.concatenate(reduced or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    pairs = truncate_distributed(client, pairs, config, source)
    shutil.rmtree(folder, ignore_errors=True)
    return pairs


class _Record:
    """What verification needs of one article: its order key, signature and units."""

    __slots__ = ("key", "signature", "units")

    def __init__(self, key: tuple[int, str, str], signature: np.ndarray, units: SentenceUnits) -> None:
        self.key, self.signature, self.units = key, signature, units


def _has_units(out: str, shard: int) -> bool:
    import pyarrow.parquet as pq

    return "units" in pq.read_schema(shard_dir(out, shard) / "articles.parquet").names


def _stored_units(rec: Mapping[str, Any]) -> SentenceUnits:
    # the units as the shard stage stored them (their text is left empty: alignment
    # reads only the units, and the verdict only the ids)
    return units_from_bytes(rec["units"])


def _verify_records(out: str, wanted: Mapping[int, set[str]], config: CopyConfig) -> dict[str, _Record]:
    # the signatures and sentence units a verification task needs, read row by row from
    # each shard's memory-mapped ``verify.arrow`` (`load_verify_rows`): a task touches
    # many shards for a few articles each. The units were stored by the shard stage
    # (prepared once per article, not once per task; the articles' texts are not read
    # at all). Shards of earlier versions: the rows from Parquet (the Arrow-side filter
    # of `load_shard_rows`), with their stored units or, older still, prepared here.
    from newsprism.batch.shard import article_from_json, load_verify_rows

    detector = CopyDetector(config)
    found: dict[str, _Record] = {}
    for shard, ids in wanted.items():
        rows = load_verify_rows(out, shard, ids)
        stored = True
        if rows is None:
            stored = _has_units(out, shard)
            columns = ["published", "content_hash", "units" if stored else "article", "fingerprint"]
            rows = load_shard_rows(out, shard, ids, columns)
        for aid, rec in rows.items():
            cache_key = (aid, rec["content_hash"])
            units = _UNITS.get(cache_key)
            if units is None:
                units = (
                    _stored_units(rec) if stored else prepare_units(article_from_json(rec["article"]).text)
                )
                _UNITS[cache_key] = units
                if len(_UNITS) > _UNITS_MAX:
                    _UNITS.popitem(last=False)  # bounded memory: the least recently used goes
            else:
                _UNITS.move_to_end(cache_key)
            found[aid] = _Record(
                _order_key(rec["published"], aid),
                _features(detector, rec["fingerprint"]).signature,
                units,
            )
    return found


def verify_indexed(
    out: str, pairs: Sequence[tuple[int, str, int, str, int]], config: CopyConfig
) -> list[tuple[int, CopyLink]]:
    """Align each candidate pair ``(index, id_a, shard_a, id_b, shard_b)``; ``(index, link)`` found.

    The index travels with the pair so that chunks can be cut for locality (see
    `verify_chunks`) and the links put back in the detector's order afterwards.
    Signatures come from the stored fingerprints, as in the local detector, so scores
    are bit-identical.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for _, ia, sa, ib, sb in pairs:
        wanted[sa].add(ia)
        wanted[sb].add(ib)
    detector = CopyDetector(config)
    recs = _verify_records(out, wanted, config)
    links: list[tuple[int, CopyLink]] = []
    for k, ia, _, ib, _ in pairs:
        ra, rb = recs[ia], recs[ib]
        if rb.key < ra.key:
            ra, rb = rb, ra
        # the detector's own verification step (see _features for why a private name)
        verdict = detector._verify_ids(  # noqa: SLF001
            ra.key[2], rb.key[2], ra.units, rb.units, ra.signature, rb.signature
        )
        if verdict.link is not None:
            links.append((k, verdict.link))
    return links


def verify_pairs(out: str, pairs: Sequence[tuple[str, int, str, int]], config: CopyConfig) -> list[CopyLink]:
    """Align each candidate pair ``(id_a, shard_a, id_b, shard_b)``; the links found, in pair order.

    Each article's sentence units are prepared once per worker process (see
    ``_UNITS``), and signatures come from the stored
    fingerprints, as in the local detector, so scores are bit-identical.
    """
    indexed = [(k, ia, sa, ib, sb) for k, (ia, sa, ib, sb) in enumerate(pairs)]
    return [link for _, link in verify_indexed(out, indexed, config)]


def verify_chunks(
    pairs: np.ndarray, id_of: Sequence[str], shard_of: Mapping[str, int], size: int
) -> PairChunks:
    """Candidate pairs as verification tasks of `size` pairs, cut for locality.

    Each pair is ``(index, id_a, shard_a, id_b, shard_b)``; ``index`` is its place in
    the local detector's order (by the first article's row, then the other's id), in
    which the links are put back. Tasks hold the pairs of one block of shards
    ``(lower shard, higher shard)`` after another, so a task reads two or three shards
    instead of most of them (pairs ordered by row touched every shard of the corpus
    once per task: 959 s of verification at 100k, 33x the 10k figure). The tasks are a
    sequence (`PairChunks`) that makes each list of pairs when it is read, so the driver
    holds the pairs as arrays, never as every task's tuples at once.
    """
    return PairChunks(pairs, id_of, shard_of, size)


class PairChunks(Sequence[list[tuple[int, str, int, str, int]]]):
    """The verification tasks of `verify_chunks`, each made only when it is read.

    Held as numpy columns in the tasks' order: 24 bytes a pair instead of ~120 as
    tuples in lists, plus ~34 pickled in the scheduler for every submitted task
    (measured on 60k pairs; the pairs per article grow with the corpus: 4.9 at 10k,
    10.5 at 100k).
    """

    def __init__(self, pairs: Any, id_of: Sequence[str], shard_of: Mapping[str, int], size: int) -> None:
        self.id_of = id_of
        self.size = max(1, size)
        n_pairs = int(pairs.size)
        if n_pairs == 0:
            empty = np.zeros(0, dtype=np.int64)
            self.pair_index, self.a, self.b, self.sa, self.sb = empty, empty, empty, empty, empty
            return
        # the detector's order (first row, then the other's
        # id) gives each pair its index; tasks follow blocks of shards, then that index
        a, b = pairs >> 32, pairs & 0xFFFFFFFF
        n = len(id_of)
        rank = np.empty(n, dtype=np.int64)
        rank[np.array(sorted(range(n), key=id_of.__getitem__), dtype=np.int64)] = np.arange(n)
        canonical = np.lexsort((rank[b], a))
        del rank
        index = np.empty(n_pairs, dtype=np.int64)
        index[canonical] = np.arange(n_pairs)
        del canonical
        shard_row = np.array([shard_of[aid] for aid in id_of], dtype=np.int32)
        sa, sb = shard_row[a], shard_row[b]
        del shard_row
        order = np.lexsort((index, np.maximum(sa, sb), np.minimum(sa, sb)))
        self.pair_index = index[order]
        del index
        self.a, self.b = a[order].astype(np.uint32), b[order].astype(np.uint32)
        self.sa, self.sb = sa[order], sb[order]

    def __len__(self) -> int:
        return -(-int(self.pair_index.size) // self.size)

    def _chunk(self, k: int) -> list[tuple[int, str, int, str, int]]:
        lo, hi = k * self.size, min((k + 1) * self.size, int(self.pair_index.size))
        id_of = self.id_of
        return [
            (i, id_of[x], s, id_of[y], t)
            for i, x, s, y, t in zip(
                self.pair_index[lo:hi].tolist(),
                self.a[lo:hi].tolist(),
                self.sa[lo:hi].tolist(),
                self.b[lo:hi].tolist(),
                self.sb[lo:hi].tolist(),
                strict=True,
            )
        ]

    def __getitem__(self, k: int) -> list[tuple[int, str, int, str, int]]:  # type: ignore[override]
        if not isinstance(k, int):
            raise TypeError("PairChunks takes an int index")
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._chunk(k)

    def __iter__(self) -> Iterator[list[tuple[int, str, int, str, int]]]:
        for k in range(len(self)):
            yield self._chunk(k)


def verify_all(
    client: Any,
    out: str,
    chunks: Sequence[Sequence[tuple[int, str, int, str, int]]],
    config: CopyConfig,
    progress: Any = None,
) -> list[CopyLink]:
    """Verify `chunks` (from `verify_chunks`) on `client`; the links in the detector's order."""
    futures = [client.submit(verify_indexed, out, list(c), config, pure=False) for c in chunks]
    found: list[tuple[int, CopyLink]] = []
    for k, fut in enumerate(futures):
        found.extend(fut.result())
        if progress is not None:
            progress("verify copies", k + 1, len(chunks))
    found.sort(key=itemgetter(0))
    return [link for _, link in found]
