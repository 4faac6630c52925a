"""The Parquet outputs of a batch, and loading them into the SQLite store.

Tables in ``DIR`` (articles, stories and storylines have the export contract's
columns, docs/export.md, in the same order and types as ``newsprism export``):

- ``articles.parquet``, ``stories.parquet``, ``storylines.parquet``: export contract;
- ``copy_groups.parquet``: ``id, article_ids, origin_id, origin_agency, origin_reason,
  copied_share (list of {article_id, share})``;
- ``copy_links.parquet``: ``a_id, b_id, jaccard, coverage_a, coverage_b, kind``;
- ``quotes.parquet``: ``article_id, text, speaker, speaker_canonical, start, end, kind, cue``;
- ``claims.parquet``: ``article_id, text, asserter, polarity, start, end, cue, cluster_id``;
- ``inputs.parquet``: every input document once — ``shard, pos, source, status
  (ingested | duplicate | rejected), reason, detail, article_id, content_hash``.

Articles, quotes and claims are written per shard on the workers
(`write_shard_outputs`) and merged into one file each in the store's order
(`concat_parts`); the other tables are written by the driver.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.batch.shard import write_parquet_atomic
from newsprism.export import parquet_schema
from newsprism.models import CopyGroup, CopyLink

__all__ = [
    "OUTPUT_TABLES",
    "SHARD_TABLES",
    "concat_parts",
    "iter_article_rows",
    "schema",
    "write_shard_outputs",
    "write_table",
    "write_table_chunked",
]

OUTPUT_TABLES = (
    "articles",
    "stories",
    "storylines",
    "copy_groups",
    "copy_links",
    "quotes",
    "claims",
    "inputs",
)


def schema(what: str) -> Any:
    """The pyarrow schema of an output table."""
    import pyarrow as pa

    s, i64, f64 = pa.string(), pa.int64(), pa.float64()
    if what in ("articles", "stories", "storylines"):
        return parquet_schema(what)  # the export contract's own schema
    if what == "copy_groups":
        share = pa.struct([("article_id", s), ("share", f64)])
        return pa.schema(
            [
                ("id", s),
                ("article_ids", pa.list_(s)),
                ("origin_id", s),
                ("origin_agency", s),
                ("origin_reason", s),
                ("copied_share", pa.list_(share)),
            ]
        )
    if what == "copy_links":
        return pa.schema(
            [
                ("a_id", s),
                ("b_id", s),
                ("jaccard", f64),
                ("coverage_a", f64),
                ("coverage_b", f64),
                ("kind", s),
            ]
        )
    if what == "quotes":
        return pa.schema(
            [
                ("article_id", s),
                ("text", s),
                ("speaker", s),
                ("speaker_canonical", s),
                ("start", i64),
                ("end", i64),
                ("kind", s),
                ("cue", s),
            ]
        )
    if what == "claims":
        return pa.schema(
            [
                ("article_id", s),
                ("text", s),
                ("asserter", s),
                ("polarity", s),
                ("start", i64),
                ("end", i64),
                ("cue", s),
                ("cluster_id", s),
            ]
        )
    if what == "inputs":
        return pa.schema(
            [
                ("shard", i64),
                ("pos", i64),
                ("source", s),
                ("status", s),
                ("reason", s),
                ("detail", s),
                ("article_id", s),
                ("content_hash", s),
            ]
        )
    raise ValueError(f"unknown output table {what!r}; expected one of {', '.join(OUTPUT_TABLES)}")


def write_table(records: Sequence[Mapping[str, Any]], what: str, out: Path) -> Path:
    """Write records as ``out/<what>.parquet`` (atomically); returns the path."""
    import pyarrow as pa

    path = out / f"{what}.parquet"
    write_parquet_atomic(pa.Table.from_pylist(list(records), schema=schema(what)), path)
    return path


def copy_group_row(group: CopyGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "article_ids": group.article_ids,
        "origin_id": group.origin_id,
        "origin_agency": group.origin_agency,
        "origin_reason": group.origin_reason,
        "copied_share": [{"article_id": k, "share": v} for k, v in group.copied_share.items()],
    }


def copy_link_row(link: CopyLink) -> dict[str, Any]:
    return {
        "a_id": link.a_id,
        "b_id": link.b_id,
        "jaccard": link.jaccard,
        "coverage_a": link.coverage_a,
        "coverage_b": link.coverage_b,
        "kind": link.kind,
    }


# -- per-article tables written per shard on the workers --------------------------------
#
# The tables with one or more rows per article (articles, quotes, claims) are written
# by one task per shard into part files, ``DIR/parts/<table>/NNNNNN.parquet``; the
# driver then streams the parts, one at a time, into ``DIR/<table>.parquet``
# (`concat_parts`). So the driver never holds the articles (at 100k articles loading
# them all for these tables took the driver to 6 GB), and the tables stay single
# files with the same names and columns as before.

SHARD_TABLES = ("articles", "quotes", "claims")
ROW = "_row"  # a part's hidden column: the article's row in the store's order
PART_ROW_GROUP = 256


def parts_dir(out: str | Path, what: str) -> Path:
    return Path(out) / "parts" / what


def write_shard_outputs(
    out: str,
    shard: int,
    order: Mapping[str, int],
    links: Mapping[str, Mapping[str, str | None]],
    claim_clusters: Mapping[str, Sequence[str | None]],
) -> tuple[int, int]:
    """Write the articles, quotes and claims rows of one shard's kept articles (on a worker).

    `order`: each kept article of the shard and its row in the store's order (rows
    are written in that order); `links`: its ``story_id``, ``storyline_id`` and
    ``copy_group`` (as `export.article_row` takes them); `claim_clusters`: the
    ``cluster_id`` of each of its claims, from the story reports. Returns the
    numbers of quotes and claims written.
    """
    import json as _json
    from dataclasses import asdict

    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsprism.batch.shard import article_from_json, load_shard_column
    from newsprism.export import article_row
    from newsprism.models import Claim, Quote

    cols = load_shard_column(out, shard, ["id", "article", "quotes", "claims"])
    raw = {
        i: (a, q, c)
        for i, a, q, c in zip(cols["id"], cols["article"], cols["quotes"], cols["claims"], strict=True)
        if i in order
    }
    del cols
    art_rows: list[dict[str, Any]] = []
    quote_rows: list[dict[str, Any]] = []
    claim_rows: list[dict[str, Any]] = []
    for aid in sorted(raw, key=order.__getitem__):
        a, q, c = raw[aid]
        art = article_from_json(a)
        quotes = [Quote(**d) for d in _json.loads(q)]
        claims = [Claim(**d) for d in _json.loads(c)]
        cids = claim_clusters.get(aid)
        if cids is not None:
            for claim, cid in zip(claims, cids, strict=True):
                claim.cluster_id = cid
        row = order[aid]
        art_rows.append({**article_row(art, dict(links.get(aid, {})), quotes, claims), ROW: row})
        quote_rows.extend(
            {**{k: v for k, v in asdict(x).items() if k != "article_id"}, "article_id": aid, ROW: row}
            for x in quotes
        )
        claim_rows.extend(
            {**{k: v for k, v in asdict(x).items() if k != "article_id"}, "article_id": aid, ROW: row}
            for x in claims
        )
    for what, rows in (("articles", art_rows), ("quotes", quote_rows), ("claims", claim_rows)):
        folder = parts_dir(out, what)
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=schema(what).append(pa.field(ROW, pa.int64())))
        tmp = folder / f"{shard:06d}.parquet.tmp"
        # small row groups: `concat_parts` holds one group of every part at a time
        pq.write_table(table, tmp, row_group_size=PART_ROW_GROUP)
        os.replace(tmp, folder / f"{shard:06d}.parquet")
    return len(quote_rows), len(claim_rows)


class _PartReader:
    """Rows of one part file, handed out in order of their store row."""

    def __init__(self, path: Path, start: int = 0) -> None:
        self.path = path
        self.start = start  # no row of the part is below this store row
        self.done = False
        self._batches: Iterator[Any] | None = None  # the file is opened when first read
        self._pending: Any = None

    def below(self, limit: int) -> list[Any]:
        """The next rows whose store row is below `limit` (record batches)."""
        import numpy as np

        taken: list[Any] = []
        if self.done or limit <= self.start:
            return taken
        if self._batches is None:
            import pyarrow.parquet as pq

            self._batches = (
                # no pre-buffering: a part being read holds one row group, not more
                pq.ParquetFile(self.path, pre_buffer=False).iter_batches(
                    batch_size=PART_ROW_GROUP, use_threads=False
                )
                if self.path.exists()
                else iter(())
            )
        while True:
            if self._pending is None:
                self._pending = next(self._batches, None)
                if self._pending is None:
                    self.done, self._batches = True, None  # closes the file
                    return taken
            rows = self._pending.column(ROW).to_numpy()
            k = int(np.searchsorted(rows, limit, side="left"))
            if k < len(rows):
                if k:
                    taken.append(self._pending.slice(0, k))
                self._pending = self._pending.slice(k)
                return taken
            taken.append(self._pending)
            self._pending = None


# Parts merged at once. Each part being read holds a row group and its reader's
# buffers: ~3-4 MB of a worker for article rows (benchmarks: 40 interleaved parts of
# 1,000 articles took 157-207 MB of Arrow's pool, 10 parts 62-75 MB), which at 1M
# articles in 400 shards would be over 1.5 GB. More parts are merged in rounds of at
# most this many, through intermediate files: one more write of the table per round.
FAN_IN = 16


def _merge(
    readers: list[_PartReader], writer: Any, n_rows: int, step: int, keep_row: bool, what: str
) -> None:
    import numpy as np
    import pyarrow as pa

    sch = schema(what)
    for start in range(0, n_rows, step):
        pieces = [b for r in readers for b in r.below(min(start + step, n_rows))]
        readers = [r for r in readers if not r.done]
        if not pieces:
            continue
        table = pa.Table.from_batches(pieces)
        # stable: the rows of one article keep their order (they come from one part)
        idx = np.argsort(table.column(ROW).to_numpy(), kind="stable")
        table = table.take(pa.array(idx))
        if keep_row:
            writer.write_table(table, row_group_size=PART_ROW_GROUP)
        else:
            writer.write_table(table.drop_columns([ROW]).cast(sch))
    if [b for r in readers for b in r.below(2**62)]:
        raise ValueError(f"{what} parts hold rows beyond the {n_rows} articles")


def concat_parts(
    out: str | Path,
    what: str,
    shards: Sequence[int],
    n_rows: int,
    step: int = 5000,
    starts: Sequence[int] | None = None,
    fan_in: int = FAN_IN,
) -> Path:
    """Merge the part files of `shards` into ``out/<what>.parquet``, in the store's order.

    Every part is sorted by store row (its hidden ``_row`` column), so a k-way merge
    by that row gives exactly the order of one table written from all articles at
    once; `n_rows` is the number of articles. Streamed: `step` articles' rows plus
    one row group of each part being read. `starts`: each shard's first store row; a
    part is opened only when the merge reaches it and closed when it is used up, so
    where shards hold runs of the store's order only a few are open at a time. Where
    every shard spans the whole order (inputs not in time order), more than `fan_in`
    parts are first merged in groups into intermediate parts, so memory does not grow
    with the number of shards.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = parts_dir(out, what)
    first = list(starts) if starts is not None else [0] * len(shards)
    level: list[tuple[Path, int]] = [
        (folder / f"{shard:06d}.parquet", s) for shard, s in zip(shards, first, strict=True)
    ]
    row_schema = schema(what).append(pa.field(ROW, pa.int64()))
    fan_in = max(2, fan_in)
    round_no = 0
    while len(level) > fan_in:
        merged: list[tuple[Path, int]] = []
        for k in range(0, len(level), fan_in):
            group = level[k : k + fan_in]
            dest = folder / f"merge-{round_no:02d}-{k // fan_in:06d}.parquet"
            tmp = dest.with_name(dest.name + ".tmp")
            with pq.ParquetWriter(tmp, row_schema) as writer:
                _merge([_PartReader(p, s) for p, s in group], writer, n_rows, step, True, what)
            os.replace(tmp, dest)
            for p, _ in group:
                if p.name.startswith("merge-"):
                    p.unlink(missing_ok=True)  # an intermediate part, read once
            merged.append((dest, min(s for _, s in group)))
        level, round_no = merged, round_no + 1
    path = Path(out) / f"{what}.parquet"
    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, schema(what)) as writer:
        _merge([_PartReader(p, s) for p, s in level], writer, n_rows, step, False, what)
    os.replace(tmp, path)
    for p, _ in level:
        if p.name.startswith("merge-"):
            p.unlink(missing_ok=True)
    return path


def write_table_chunked(
    records: Iterable[Mapping[str, Any]], what: str, out: Path, chunk: int = 50_000
) -> Path:
    """Write records as ``out/<what>.parquet`` (atomically), `chunk` rows in memory at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = out / f"{what}.parquet"
    tmp = path.with_name(path.name + ".tmp")
    sch = schema(what)
    with pq.ParquetWriter(tmp, sch) as writer:
        batch: list[Mapping[str, Any]] = []
        for rec in records:
            batch.append(rec)
            if len(batch) >= chunk:
                writer.write_table(pa.Table.from_pylist(batch, schema=sch))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=sch))
    os.replace(tmp, path)
    return path


def iter_article_rows(
    path: Path, columns: Sequence[str] | None = None
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Rows of a per-article table (quotes, claims) grouped by ``article_id``, streamed.

    Rows of one article are consecutive in the tables this module writes.
    """
    import pyarrow.parquet as pq

    current: str | None = None
    rows: list[dict[str, Any]] = []
    for batch in pq.ParquetFile(path).iter_batches(
        batch_size=20_000, columns=list(columns) if columns else None
    ):
        for row in batch.to_pylist():
            aid = row["article_id"]
            if aid != current:
                if current is not None:
                    yield current, rows
                current, rows = aid, []
            rows.append(row)
    if current is not None:
        yield current, rows
