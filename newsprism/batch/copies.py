"""Distributed copy detection: the same candidates, links and groups as `CopyDetector`.

The local detector indexes every article's fingerprint in one `CopyIndex` and asks
it for candidates. Here the same candidate rule is computed by a shuffle:

1. **keys, per shard** (distributed): each article's 42 LSH band keys (only articles
   with at least ``min_shingles`` shingles, as the index does) and its anchor
   sentence hashes, sent to bucket ``key % n_buckets``;
2. **shuffle** (``dask.bag.groupby(..., shuffle="tasks")``): all entries of one bucket
   meet in one task, which sorts them by key and emits every pair of articles that
   share a band key, and every pair sharing an anchor that at most ``anchor_max_df``
   articles carry (the index's boilerplate rule);
3. **reduce** (driver, NumPy): pairs are 64-bit codes (row << 32 | row); LSH pairs are
   de-duplicated, anchor pairs counted and kept with ``anchor_min_shared`` or more
   shared anchors (and, with ``band_max_df`` / ``min_jaccard`` set, the index's
   bucket limit and Jaccard floor for LSH pairs). The edge list is 8 bytes per pair (65 pairs per article on the
   template-heavy benchmark corpus, i.e. ~0.5 GB per million articles), so it is
   reduced in one process. Articles with more
   than ``max_candidates`` candidates keep the most similar ones by estimated
   Jaccard, ties broken by the store's order, exactly like `CopyIndex.candidates`;
4. **verify** (distributed): pairs in chunks, each aligned and classified by the
   detector's own verification (sentence units prepared once per article per task);
5. **components** (driver): `build_copy_groups` over the verified ``same_copy`` links —
   a union-find over the reduced edge list (links, far fewer than articles).

Rows are positions in the store's article order (publication date, then id), the
order in which the local runner fills its index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.batch.shard import load_shard_articles, load_shard_column
from newsprism.dedup import CopyConfig, CopyDetector, Features
from newsprism.dedup.align import SentenceUnits, prepare_units
from newsprism.dedup.index import band_keys, unique_ints
from newsprism.models import Article, CopyLink

__all__ = [
    "bucket_pairs",
    "candidate_pairs",
    "reduce_pairs",
    "shard_key_items",
    "verify_pairs",
]

_LSH, _ANCHOR = 0, 1
# Sentence units by (article id, content hash), kept by each worker process across
# verification tasks: one article meets many partners in many chunks, and preparing
# its units again per chunk cost ~60% more CPU than the local detector on a
# copy-heavy corpus (benchmarks/bench_batch.py, 1k articles). ~20k entries of a few
# KB each stay well under a worker's memory.
_UNITS: dict[tuple[str, str], SentenceUnits] = {}
_UNITS_MAX = 20_000
KeyItem = tuple[int, np.ndarray, np.ndarray, np.ndarray]  # bucket, keys, rows, kinds


def _sort_key(article: Article) -> tuple[int, str, str]:
    # the detector's pair order: earlier publication first, undated last, then id
    return (0 if article.published else 1, article.published or "", article.id)


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

    With ``min_jaccard`` > 0, LSH pairs below that estimated Jaccard are dropped (as
    `CopyIndex` does); that needs `signature_of(rows)`.
    """
    lsh = unique_ints(np.concatenate([r[0] for r in results] or [np.zeros(0, dtype=np.int64)]))
    anchor = np.concatenate([r[1] for r in results] or [np.zeros(0, dtype=np.int64)])
    codes, counts = np.unique(anchor, return_counts=True)
    if config.min_jaccard > 0 and lsh.size and signature_of is not None:
        need = int(np.ceil(config.min_jaccard * config.num_perm))
        keep = np.zeros(lsh.size, dtype=bool)
        for start in range(0, lsh.size, 65536):  # bounded memory: signatures per block
            part = lsh[start : start + 65536]
            a, b = part >> 32, part & 0xFFFFFFFF
            rows, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
            sigs = signature_of(rows)
            equal = (sigs[inv[: part.size]] == sigs[inv[part.size :]]).sum(axis=1)
            keep[start : start + part.size] = equal >= need
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


def candidate_pairs(
    client: Any,
    out: str,
    rows_by_shard: Mapping[int, Mapping[str, int]],
    config: CopyConfig,
    n_buckets: int,
    signature_of: Any,
) -> np.ndarray:
    """All candidate pairs (row codes) through the band/anchor shuffle on `client`."""
    import dask.bag as db

    jobs = [(shard, dict(rows)) for shard, rows in rows_by_shard.items() if rows]
    if not jobs:
        return np.zeros(0, dtype=np.int64)
    items = db.from_sequence(jobs, npartitions=len(jobs)).map(
        lambda job: shard_key_items(out, job[0], job[1], config, n_buckets)
    )
    grouped = items.flatten().groupby(itemgetter(0), shuffle="tasks", npartitions=min(n_buckets, 64))
    results = client.compute(grouped.map(bucket_pairs, config=config)).result()
    return truncate_candidates(reduce_pairs(results, config, signature_of), config, signature_of)


def verify_pairs(out: str, pairs: Sequence[tuple[str, int, str, int]], config: CopyConfig) -> list[CopyLink]:
    """Align each candidate pair ``(id_a, shard_a, id_b, shard_b)``; the links found.

    Each article's sentence units are prepared once per worker process (see
    ``_UNITS``), and signatures come from the stored
    fingerprints, as in the local detector, so scores are bit-identical.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    for ia, sa, ib, sb in pairs:
        wanted[sa].add(ia)
        wanted[sb].add(ib)
    detector = CopyDetector(config)
    arts = {}
    sigs: dict[str, np.ndarray] = {}
    for shard, ids in wanted.items():
        arts.update({aid: rec[0] for aid, rec in load_shard_articles(Path(out), shard, ids).items()})
        cols = load_shard_column(out, shard, ["id", "fingerprint"])
        for aid, data in zip(cols["id"], cols["fingerprint"], strict=True):
            if aid in ids:
                sigs[aid] = _features(detector, data).signature

    def units_of(aid: str) -> SentenceUnits:
        key = (aid, arts[aid].content_hash)
        u = _UNITS.get(key)
        if u is None:
            if len(_UNITS) >= _UNITS_MAX:
                _UNITS.clear()  # bounded memory; a worker rebuilds what it needs next
            u = _UNITS[key] = prepare_units(arts[aid].text)
        return u

    links: list[CopyLink] = []
    for ia, _, ib, _ in pairs:
        a, b = sorted((arts[ia], arts[ib]), key=_sort_key)
        # the detector's own verification step (see _features for why a private name)
        verdict = detector._verify(a, b, units_of(a.id), units_of(b.id), sigs[a.id], sigs[b.id])  # noqa: SLF001
        if verdict.link is not None:
            links.append(verdict.link)
    return links
