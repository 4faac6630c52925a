"""`_KeyTable.lookup(max_df=...)` skips over-frequent keys without changing any other hit."""

from __future__ import annotations

import numpy as np

from newsprism.dedup.index import _KeyTable


def test_lookup_max_df_equals_filtering_afterwards() -> None:
    rng = np.random.default_rng(7)
    table = _KeyTable()
    # a few very common keys and many rare ones, added in several batches so that
    # both the sorted part and the append buffer are searched
    for start in range(0, 3000, 500):
        rows = np.arange(start, start + 500, dtype=np.int32)
        common = rng.integers(0, 3, size=500).astype(np.uint64)
        rare = rng.integers(100, 5000, size=500).astype(np.uint64)
        table.add(np.concatenate([common, rare]), np.concatenate([rows, rows]))
    queries = np.concatenate(
        [np.arange(0, 3, dtype=np.uint64), rng.integers(100, 5000, 400).astype(np.uint64)]
    )
    q_all, r_all, df_all = table.lookup(queries)
    ok = df_all <= 20
    q, r, df = table.lookup(queries, max_df=20)
    assert q_all.size > q.size > 0  # the common keys were really dropped, rare ones kept
    expected = sorted(zip(q_all[ok].tolist(), r_all[ok].tolist(), df_all[ok].tolist(), strict=True))
    assert sorted(zip(q.tolist(), r.tolist(), df.tolist(), strict=True)) == expected
