"""A compact, incremental candidate index for copy detection (`CopyIndex`).

Where `LSHIndex` keeps a Python set per bucket (simple, ~5 KB per article), `CopyIndex`
keeps every band key and every anchor-sentence hash in sorted NumPy arrays of
``(uint64 key, int32 row)`` and answers a whole batch of articles with one
`numpy.searchsorted` per table. New articles go to a small unsorted buffer that is
merged into the sorted arrays when it grows past an eighth of them (so adding is
amortised O(log n) and a lookup never rescans the index).

Per article it holds: the signature (4 B x num_perm), 12 B per band and 12 B per
anchor, plus the id string and its dict entry.

>>> from newsprism.dedup.minhash import CopyConfig, fingerprint
>>> from newsprism.dedup.index import CopyIndex, Features
>>> cfg = CopyConfig()
>>> text = "Officials in Norvale confirmed on Monday that the old bridge would reopen in May."
>>> f = Features(fingerprint(text, cfg), 14, np.zeros(0, dtype=np.uint64))
>>> index = CopyIndex(cfg)
>>> index.add("x", f)
>>> index.candidates([f])
[['x']]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.dedup.minhash import CopyConfig, SignatureMismatch

__all__ = ["CopyIndex", "Features", "estimated_floor"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MERGE_MIN = 4096  # buffered keys below this are never merged early


@dataclass(slots=True)
class Features:
    """What copy detection keeps of one article: signature, shingle count, anchor hashes."""

    signature: np.ndarray  # uint32 x num_perm
    n_shingles: int
    anchors: np.ndarray  # uint64 hashes of long non-quote sentences


def unique_ints(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of a 1-d integer array: the same sorted distinct values.

    By sorting: NumPy 2.4's hash-based ``np.unique`` took 5.1 s CPU for 4 million
    int64 (40% repeats) where a sort and a neighbour comparison took 0.3 s.
    """
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _fmix64(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB93FE1A85EC5)
    return x ^ (x >> np.uint64(33))


def band_keys(signatures: np.ndarray, config: CopyConfig) -> np.ndarray:
    """One 64-bit key per band of each signature: (n, bands) uint64.

    Keys of different bands never collide by construction (the band number is mixed
    in), so all bands share one table; two 64-bit keys of different band contents
    collide with probability ~2**-64.
    """
    n = signatures.shape[0]
    rows = signatures[:, : config.bands * config.rows].astype(np.uint64).reshape(n, config.bands, config.rows)
    with np.errstate(over="ignore"):
        acc = _fmix64(rows[:, :, 0] + _GOLDEN * np.arange(1, config.bands + 1, dtype=np.uint64))
        for j in range(1, config.rows):
            acc = _fmix64((acc * _GOLDEN) ^ rows[:, :, j])
    return acc


def estimated_floor(
    pairs: np.ndarray, equal: np.ndarray, anchored: np.ndarray, config: CopyConfig
) -> np.ndarray:
    """Which LSH candidate pairs clear the estimated-Jaccard floors (a boolean mask).

    `equal` holds each pair's number of equal signature positions; `anchored` the
    sorted codes of the pairs that share at least one anchor sentence (of at most
    ``anchor_max_df`` articles). A pair needs ``min_jaccard``, and ``min_jaccard_unanchored``
    when it shares no anchor. One rule for `CopyIndex` and the batch runner's reduction.
    """
    keep = equal >= int(np.ceil(config.min_jaccard * config.num_perm))
    if config.min_jaccard_unanchored > config.min_jaccard:
        sure = equal >= int(np.ceil(config.min_jaccard_unanchored * config.num_perm))
        keep &= sure | np.isin(pairs, anchored)
    return keep


class _KeyTable:
    """A multimap uint64 key -> int32 row: sorted arrays plus an append buffer."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.uint64)
        self.rows = np.zeros(0, dtype=np.int32)
        self._buf_keys: list[np.ndarray] = []
        self._buf_rows: list[np.ndarray] = []
        self._buffered = 0

    def __len__(self) -> int:
        return self.keys.size + self._buffered

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes + self.rows.nbytes + 12 * self._buffered

    def add(self, keys: np.ndarray, rows: np.ndarray) -> None:
        self._buf_keys.append(keys.astype(np.uint64, copy=False))
        self._buf_rows.append(rows.astype(np.int32, copy=False))
        self._buffered += keys.size
        if self._buffered > max(_MERGE_MIN, self.keys.size // 8):
            self.merge()

    def merge(self) -> None:
        if not self._buffered:
            return
        keys = np.concatenate([self.keys, *self._buf_keys])
        rows = np.concatenate([self.rows, *self._buf_rows])
        order = np.argsort(keys, kind="stable")
        self.keys, self.rows = keys[order], rows[order]
        self._buf_keys, self._buf_rows, self._buffered = [], [], 0

    def drop(self, dead: np.ndarray) -> None:
        """Remove entries whose row is flagged in the boolean array `dead`."""
        self.merge()
        keep = ~dead[self.rows]
        self.keys, self.rows = self.keys[keep], self.rows[keep]

    def lookup(self, keys: np.ndarray, max_df: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All (query position, row, key frequency) with equal keys, as three arrays.

        With ``max_df`` > 0, keys held by more than ``max_df`` rows yield nothing: the
        caller would drop those hits anyway, and materialising them first made one
        lookup of 100k queries against a 100k index grow past 20 GB (a few very
        common band keys, each hit by every query that has them).
        """
        tables = [(self.keys, self.rows)]
        if self._buffered:
            bk = np.concatenate(self._buf_keys)
            br = np.concatenate(self._buf_rows)
            order = np.argsort(bk, kind="stable")
            tables.append((bk[order], br[order]))
        # searching the keys in sorted order measured 2-4x faster (cache locality; NumPy's
        # binary search also narrows from the previous key's position)
        order = np.argsort(keys)
        sorted_keys = keys[order]
        spans = []
        for table, _ in tables:
            lo = np.empty(keys.size, dtype=np.int64)
            hi = np.empty(keys.size, dtype=np.int64)
            lo[order] = np.searchsorted(table, sorted_keys, "left")
            hi[order] = np.searchsorted(table, sorted_keys, "right")
            spans.append((lo, hi))
        freq = np.zeros(keys.size, dtype=np.int64)  # a key's frequency over both parts
        for lo, hi in spans:
            freq += hi - lo
        too_common = freq > max_df if max_df > 0 else None
        qs, rs, dfs = [], [], []
        for (_, rows), (lo, hi) in zip(tables, spans, strict=True):
            counts = hi - lo
            if too_common is not None:
                counts = np.where(too_common, 0, counts)
            total = int(counts.sum())
            if total == 0:
                continue
            q = np.repeat(np.arange(keys.size), counts)
            pos = np.arange(total) + np.repeat(lo - (np.cumsum(counts) - counts), counts)
            qs.append(q)
            rs.append(rows[pos])
            dfs.append(freq[q])
        if not qs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty.astype(np.int32), empty
        return np.concatenate(qs), np.concatenate(rs), np.concatenate(dfs)


class CopyIndex:
    """The candidate index of copy detection: LSH bands and anchor sentences, incremental.

    Build it once from stored fingerprints (`CopyDetector.build_index`), then pass it
    to `CopyDetector.detect(..., index=...)` run after run: each run adds only its
    new articles. Re-adding an id replaces its entry.
    """

    def __init__(self, config: CopyConfig | None = None) -> None:
        self.config = config or CopyConfig()
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._sigs = np.zeros((0, self.config.num_perm), dtype=np.uint32)
        self._n_shingles = np.zeros(0, dtype=np.int32)
        self._dead = np.zeros(0, dtype=bool)
        self._n_rows = 0
        self._bands = _KeyTable()
        self._anchors = _KeyTable()

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row_of

    @property
    def nbytes(self) -> int:
        """Bytes of the NumPy arrays (signatures, band and anchor tables); ids not counted."""
        n = self._n_rows
        return int(self._sigs[:n].nbytes + 4 * n + n + self._bands.nbytes + self._anchors.nbytes)

    def _grow(self, extra: int) -> None:
        need = self._n_rows + extra
        if need <= self._sigs.shape[0]:
            return
        cap = max(need, 2 * self._sigs.shape[0], 64)
        sigs = np.empty((cap, self.config.num_perm), dtype=np.uint32)
        sigs[: self._n_rows] = self._sigs[: self._n_rows]
        shingles = np.zeros(cap, dtype=np.int32)
        shingles[: self._n_rows] = self._n_shingles[: self._n_rows]
        dead = np.zeros(cap, dtype=bool)
        dead[: self._n_rows] = self._dead[: self._n_rows]
        self._sigs, self._n_shingles, self._dead = sigs, shingles, dead

    def add(self, article_id: str, features: Features) -> None:
        """Index one article (see `add_many`)."""
        self.add_many([(article_id, features)])

    def add_many(self, items: Sequence[tuple[str, Features]]) -> None:
        """Index several articles at once (vectorised; re-added ids replace old entries)."""
        if not items:
            return
        for article_id, feats in items:
            if feats.signature.shape != (self.config.num_perm,):
                raise SignatureMismatch(
                    f"expected {self.config.num_perm} values, got shape {feats.signature.shape}"
                )
            if article_id in self._row_of:
                self.remove(article_id)
        self._grow(len(items))
        start = self._n_rows
        rows = np.arange(start, start + len(items), dtype=np.int32)
        sigs = np.stack([f.signature for _, f in items]).astype(np.uint32)
        self._sigs[start : start + len(items)] = sigs
        self._n_shingles[start : start + len(items)] = [f.n_shingles for _, f in items]
        for k, (article_id, _) in enumerate(items):
            self._row_of[article_id] = start + k
            self._ids.append(article_id)
        self._n_rows += len(items)
        lsh = np.array([f.n_shingles >= self.config.min_shingles for _, f in items])
        if lsh.any():
            keys = band_keys(sigs[lsh], self.config)
            self._bands.add(keys.ravel(), np.repeat(rows[lsh], self.config.bands))
        counts = [f.anchors.size for _, f in items]
        if sum(counts):
            self._anchors.add(np.concatenate([f.anchors for _, f in items]), np.repeat(rows, counts))

    def remove(self, article_id: str) -> None:
        """Forget an article (no error if absent); its table entries go at the next compaction."""
        row = self._row_of.pop(article_id, None)
        if row is None:
            return
        self._dead[row] = True
        # compact when a quarter of the rows are dead, so lookups stay proportional
        if int(self._dead[: self._n_rows].sum()) * 4 > self._n_rows:
            self._bands.drop(self._dead)
            self._anchors.drop(self._dead)

    def signature(self, article_id: str) -> np.ndarray:
        """The indexed signature of an article (KeyError if absent)."""
        return self._sigs[self._row_of[article_id]]

    def candidates(self, queries: Sequence[Features], exclude: Iterable[str | None] = ()) -> list[list[str]]:
        """Candidate ids per query: an equal LSH band, or ``anchor_min_shared`` shared anchors.

        Anchors found in more than ``anchor_max_df`` indexed articles, and bands in more
        than ``band_max_df`` (when not 0), are boilerplate and ignored; band candidates
        below an estimated Jaccard of ``min_jaccard`` are dropped. At most ``max_candidates``
        per query, the most similar by estimated Jaccard; ids in `exclude` (one per query,
        e.g. the query's own id) are left out. Each list is sorted by id.
        """
        cfg = self.config
        nq = len(queries)
        # (query, row) hits as int64 ``query << 32 | row``, grouped by one np.unique below
        # instead of a Python set per query (the per-hit Python loop was the bottleneck:
        # an article hits itself and each copy in up to `bands` buckets)
        found: list[np.ndarray] = []
        # anchor hits first: an LSH pair that shares no anchor sentence must clear the
        # higher ``min_jaccard_unanchored`` floor (see `CopyConfig`)
        anchored = np.zeros(0, dtype=np.int64)
        counts = np.fromiter((f.anchors.size for f in queries), np.int64, nq)
        if counts.sum() and len(self._anchors):
            owner = np.repeat(np.arange(nq, dtype=np.int64), counts)
            q, rows, df = self._anchors.lookup(
                np.concatenate([f.anchors for f in queries]), max_df=cfg.anchor_max_df
            )
            ok = df <= cfg.anchor_max_df  # (max_df=0 means "no limit" to lookup, not here)
            anchored, n = np.unique((owner[q[ok]] << 32) | rows[ok].astype(np.int64), return_counts=True)
            found.append(anchored[n >= cfg.anchor_min_shared])
        lsh = np.flatnonzero(np.fromiter((f.n_shingles >= cfg.min_shingles for f in queries), bool, nq))
        if lsh.size and len(self._bands):
            keys = band_keys(np.stack([queries[k].signature for k in lsh.tolist()]), cfg)
            # a band shared by very many articles is a run of common phrases ("of the",
            # "said on"), not copy: ignored, so a lookup stays bounded in a large index
            q, rows, df = self._bands.lookup(keys.ravel(), max_df=cfg.band_max_df)
            pairs = unique_ints((lsh[q // cfg.bands] << 32) | rows.astype(np.int64))
            if cfg.min_jaccard > 0 and pairs.size:
                # keep band candidates whose estimated Jaccard (whole signature) is high
                # enough: lets a permissive S-curve catch heavily edited copies without
                # aligning every pair that shares one band by chance
                qs, rs = pairs >> 32, pairs & 0xFFFFFFFF
                query_sigs = np.stack([f.signature for f in queries])
                equal = np.zeros(pairs.size, dtype=np.int64)
                for start in range(0, pairs.size, 65536):  # bounded temporary memory
                    part = slice(start, start + 65536)
                    equal[part] = (self._sigs[rs[part]] == query_sigs[qs[part]]).sum(axis=1)
                pairs = pairs[estimated_floor(pairs, equal, anchored, cfg)]
            found.append(pairs)
        result: list[list[str]] = [[] for _ in range(nq)]
        if not found:
            return result
        pairs = unique_ints(np.concatenate(found))
        qry, rows = pairs >> 32, pairs & 0xFFFFFFFF
        skip = np.full(nq, -1, dtype=np.int64)
        for k, article_id in enumerate(exclude):
            if k >= nq:
                break
            row = self._row_of.get(article_id) if article_id is not None else None
            if row is not None:
                skip[k] = row
        keep = ~self._dead[rows] & (rows != skip[qry])
        qry, rows = qry[keep], rows[keep]
        bounds = np.searchsorted(qry, np.arange(nq + 1))
        ids = self._ids
        for k in np.flatnonzero(np.diff(bounds)).tolist():
            rows_k = rows[bounds[k] : bounds[k + 1]]
            if rows_k.size > cfg.max_candidates:
                # bounded work for articles in huge buckets: keep the most similar
                sims = (self._sigs[rows_k] == queries[k].signature).sum(axis=1)
                rows_k = rows_k[np.sort(np.argsort(-sims, kind="stable")[: cfg.max_candidates])]
            result[k] = sorted([ids[r] for r in rows_k.tolist()])
        return result
