"""Time-bounded candidate retrieval: an inverted index whose postings are sorted by time.

Story merging and storyline linking look for items (stories) that share index keys
with a given item *and* lie within a maximum time gap of it. Scanning a key's whole
posting list and filtering by the gap afterwards costs O(items with the key) per
query, so over a corpus it grows with the square of the corpus (a frequent name or
term is in a fixed share of all stories). `TimeIndex` keeps each key's dated items
sorted by their first day, so a query reads only the slice of each posting list that
can lie within the gap: the cost grows with the items per time window, not with the
corpus.

Items are date ranges ``[first, last]`` (days); the gap between two ranges is
`newsprism.cluster.features.range_gap` (0 when they overlap). An item without both
dates is *undated*: its gap to anything is unknown, and callers decide whether an
unknown gap counts as within reach (``undated=True`` returns such items as well).

>>> ix = TimeIndex([["a", "b"], ["a"], ["a", "b"], ["b"]], [1, 3, 200, None], [2, 5, 201, None])
>>> ix.candidates(0, 10.0, after=0, undated=True)
([1, 3], [1, 1])
>>> ix.candidates(0, 10.0)
([1], [1])
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np

__all__ = ["TimeIndex", "postings", "top_ranked", "top_shared"]

# Items longer than this many days are kept in a small per-key side list that every
# query scans whole, so that one long-running story does not widen the time slice
# read for every other item of its keys. Stories span days to a few weeks (a
# story's articles join within the clusterer's 10-day window), so 60 days keeps the
# side lists tiny while the slices stay short; the choice only affects speed.
LONG_DAYS = 60


class TimeIndex:
    """Keys -> items, with each key's dated items sorted by first day.

    `keys_of[i]` lists item `i`'s index keys (duplicates ignored); `firsts[i]` and
    `lasts[i]` its date range in days (None: undated).
    """

    def __init__(
        self,
        keys_of: Sequence[Sequence[str]],
        firsts: Sequence[int | None],
        lasts: Sequence[int | None],
    ) -> None:
        n = len(keys_of)
        dated = np.array([f is not None and la is not None for f, la in zip(firsts, lasts, strict=True)])
        self.first = np.array([f if d else 0 for f, d in zip(firsts, dated, strict=True)], dtype=np.int64)
        self.last = np.array([la if d else 0 for la, d in zip(lasts, dated, strict=True)], dtype=np.int64)
        self.dated = dated if n else np.zeros(0, dtype=bool)
        self.keys_of = [list(dict.fromkeys(k)) for k in keys_of]
        long = (self.last - self.first) > LONG_DAYS
        # per key: dated short items by (first, index), with their first days (a plain
        # list: `bisect` on it is several times cheaper than a numpy call per key) and
        # the longest range among them; long items; undated items (both by index)
        short: dict[str, list[int]] = {}
        short_first: dict[str, list[int]] = {}
        span: dict[str, int] = {}
        longs: dict[str, list[int]] = {}
        undated: dict[str, list[int]] = {}
        firsts_list = self.first.tolist()
        lasts_list = self.last.tolist()
        is_long = long.tolist()
        for i, keys in enumerate(self.keys_of):
            target = undated if not dated[i] else longs if is_long[i] else None
            if target is not None:
                for k in keys:
                    target.setdefault(k, []).append(i)
        for i in sorted(
            (i for i in range(n) if dated[i] and not is_long[i]), key=lambda i: (firsts_list[i], i)
        ):
            f, d = firsts_list[i], lasts_list[i] - firsts_list[i]
            for k in self.keys_of[i]:
                short.setdefault(k, []).append(i)
                short_first.setdefault(k, []).append(f)
                if d > span.get(k, -1):
                    span[k] = d
        self._short = {k: (np.asarray(v, dtype=np.int64), short_first[k], span[k]) for k, v in short.items()}
        self._long = {k: np.asarray(v, dtype=np.int64) for k, v in longs.items()}
        self._undated = {k: np.asarray(v, dtype=np.int64) for k, v in undated.items()}
        self._all: dict[str, np.ndarray] | None = None  # built when first needed

    def candidates(
        self, i: int, max_gap: float, *, after: int | None = None, undated: bool = False
    ) -> tuple[list[int], list[int]]:
        """Items sharing a key with item `i` within `max_gap` days of it, with the
        number of keys each shares; sorted by index, `i` itself left out.

        `after`: only items with a larger index. `undated`: items whose gap to `i` is
        unknown (either is undated) are included; else they never are (and an undated
        `i` has no candidates).
        """
        found = []
        keys = self.keys_of[i]
        if not self.dated[i]:
            if not undated:
                return [], []
            every = self.postings()
            for k in keys:
                found.append(self._tail(every[k], after))
        else:
            f_i, l_i = int(self.first[i]), int(self.last[i])
            lo_day, hi_day = f_i - max_gap, l_i + max_gap
            for k in keys:
                entry = self._short.get(k)
                if entry is not None:
                    arr, firsts, span = entry
                    # first_j <= l_i + gap and last_j >= f_i - gap, where
                    # last_j <= first_j + span: read only that slice of firsts
                    lo = bisect_left(firsts, lo_day - span)
                    hi = bisect_right(firsts, hi_day)
                    if hi > lo:
                        found.append(arr[lo:hi])
                long = self._long.get(k)
                if long is not None:
                    found.append(long)
                if undated:
                    und = self._undated.get(k)
                    if und is not None:
                        found.append(self._tail(und, after))
        if not found:
            return [], []
        js, counts = np.unique(np.concatenate(found), return_counts=True)
        keep = js != i
        if after is not None:
            keep &= js > after
        dated = self.dated[js]
        if self.dated[i]:
            # the exact gap (`range_gap`) of dated candidates; undated ones were asked for
            f_i, l_i = self.first[i], self.last[i]
            fj, lj = self.first[js], self.last[js]
            gap = np.maximum(0, np.maximum(f_i, fj) - np.minimum(l_i, lj))
            keep &= ~dated | (gap <= max_gap)
        js, counts = js[keep], counts[keep]
        return js.tolist(), counts.tolist()

    def postings(self) -> dict[str, np.ndarray]:
        """Key -> every item holding it, by index (no time bound; see `top_shared`)."""
        if self._all is None:
            self._all = postings(self.keys_of)
        return self._all

    def _tail(self, arr: np.ndarray, after: int | None) -> np.ndarray:
        if after is None:
            return arr
        return arr[int(arr.searchsorted(after, side="right")) :]


def top_ranked(js: Sequence[int], counts: Sequence[int], limit: int) -> list[int]:
    """The `limit` items sharing most keys (ties: lower index first).

    >>> top_ranked([4, 7, 9], [1, 3, 1], 2)
    [7, 4]
    """
    if not js:
        return []
    a = np.asarray(js, dtype=np.int64)
    order = np.lexsort((a, -np.asarray(counts, dtype=np.int64)))[:limit]
    return [int(x) for x in a[order]]


def postings(keys_of: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
    """Key -> the items holding it, as a sorted array (the unbounded index of `top_shared`)."""
    index: dict[str, list[int]] = {}
    for i, keys in enumerate(keys_of):
        for k in keys:
            index.setdefault(k, []).append(i)
    return {k: np.asarray(v, dtype=np.int64) for k, v in index.items()}


def top_shared(
    i: int, keys: Sequence[str], index: dict[str, np.ndarray], limit: int, after: int | None = None
) -> list[int]:
    """The `limit` items sharing most of `keys` with item `i` over the whole index (ties:
    lower index first), without a time bound; `after`: only items with a larger index.

    The same ranking as counting shared keys per item and sorting by (-count, index),
    with the counting done in numpy. Its cost grows with the items holding `keys`
    (with the corpus): `TimeIndex` is the bounded alternative.

    >>> top_shared(0, ["a", "b"], postings([["a", "b"], ["a"], ["a", "b"]]), 5)
    [2, 1]
    """
    found = []
    for k in keys:
        arr = index.get(k)
        if arr is None:
            continue
        if after is not None:
            arr = arr[int(arr.searchsorted(after, side="right")) :]
        if arr.size:
            found.append(arr)
    if not found:
        return []
    js, counts = np.unique(np.concatenate(found), return_counts=True)
    if after is None:
        keep = js != i
        js, counts = js[keep], counts[keep]
    top = np.lexsort((js, -counts))[:limit]
    return [int(j) for j in js[top]]
