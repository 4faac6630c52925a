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

__all__ = ["CopyIndex", "Features"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MERGE_MIN = 4096  # buffered keys below this are never merged early


@dataclass(slots=True)
class Features:
    """What copy detection keeps of one article: signature, shingle count, anchor hashes."""

    signature: np.ndarray  # uint32 x num_perm
    n_shingles: int
    anchors: np.ndarray  # uint64 hashes of long non-quote sentences


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

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All (query position, row, key frequency) with equal keys, as three arrays."""
        tables = [(self.keys, self.rows)]
        if self._buffered:
            bk = np.concatenate(self._buf_keys)
            br = np.concatenate(self._buf_rows)
            order = np.argsort(bk, kind="stable")
            tables.append((bk[order], br[order]))
        spans = [(np.searchsorted(t, keys, "left"), np.searchsorted(t, keys, "right")) for t, _ in tables]
        freq = np.zeros(keys.size, dtype=np.int64)  # a key's frequency over both parts
        for lo, hi in spans:
            freq += hi - lo
        qs, rs, dfs = [], [], []
        for (_, rows), (lo, hi) in zip(tables, spans, strict=True):
            counts = hi - lo
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

        Anchors found in more than ``anchor_max_df`` indexed articles are boilerplate and
        ignored. At most ``max_candidates`` per query, the most similar by estimated
        Jaccard; ids in `exclude` (one per query, e.g. the query's own id) are left out.
        """
        cfg = self.config
        out: list[set[int]] = [set() for _ in queries]
        lsh = [k for k, f in enumerate(queries) if f.n_shingles >= cfg.min_shingles]
        if lsh and len(self._bands):
            keys = band_keys(np.stack([queries[k].signature for k in lsh]), cfg)
            q, rows, _ = self._bands.lookup(keys.ravel())
            for qi, row in zip((q // cfg.bands).tolist(), rows.tolist(), strict=True):
                out[lsh[qi]].add(row)
        counts = [f.anchors.size for f in queries]
        if sum(counts) and len(self._anchors):
            owner = np.repeat(np.arange(len(queries)), counts)
            q, rows, df = self._anchors.lookup(np.concatenate([f.anchors for f in queries]))
            ok = df <= cfg.anchor_max_df
            pairs = owner[q[ok]].astype(np.int64) * (1 << 32) + rows[ok].astype(np.int64)
            uniq, n = np.unique(pairs, return_counts=True)
            for pair in uniq[n >= cfg.anchor_min_shared].tolist():
                out[pair >> 32].add(pair & 0xFFFFFFFF)
        excl = list(exclude)
        result: list[list[str]] = []
        for k, found in enumerate(out):
            rows_k = np.array(sorted(r for r in found if not self._dead[r]), dtype=np.int64)
            ids = [self._ids[r] for r in rows_k.tolist()]
            skip = excl[k] if k < len(excl) else None
            keep = [i for i, aid in enumerate(ids) if aid != skip]
            rows_k, ids = rows_k[keep], [ids[i] for i in keep]
            if len(ids) > cfg.max_candidates:
                # bounded work for articles in huge buckets: keep the most similar
                sims = (self._sigs[rows_k] == queries[k].signature).sum(axis=1)
                best = np.sort(np.argsort(-sims, kind="stable")[: cfg.max_candidates])
                ids = [ids[i] for i in best.tolist()]
            result.append(sorted(ids))
        return result
