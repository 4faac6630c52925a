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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.batch.shard import write_parquet_atomic
from newsprism.export import parquet_schema
from newsprism.models import CopyGroup, CopyLink

__all__ = ["OUTPUT_TABLES", "schema", "write_table"]

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
