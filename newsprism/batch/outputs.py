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
from newsprism.export import ARTICLE_FIELDS, STORY_FIELDS, STORYLINE_FIELDS
from newsprism.models import Article, Claim, CopyGroup, CopyLink, Quote, Story, Storyline

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
    if what == "articles":
        quote = pa.struct(
            [("text", s), ("speaker", s), ("start", i64), ("end", i64), ("kind", s), ("cue", s)]
        )
        claim = pa.struct(
            [("text", s), ("asserter", s), ("polarity", s), ("start", i64), ("end", i64), ("cluster_id", s)]
        )
        nested = {"quotes": pa.list_(quote), "claims": pa.list_(claim)}
        return pa.schema([(f, nested.get(f, s)) for f in ARTICLE_FIELDS])
    if what == "stories":
        sentence = pa.struct([("sentence", s), ("article_ids", pa.list_(s))])
        lists = {"article_ids": pa.list_(s), "outlets": pa.list_(s), "summary": pa.list_(sentence)}
        return pa.schema([(f, lists.get(f, s)) for f in STORY_FIELDS])
    if what == "storylines":
        entry = pa.struct([("date", s), ("story_id", s), ("headline", s), ("article_ids", pa.list_(s))])
        lists = {"story_ids": pa.list_(s), "timeline": pa.list_(entry)}
        return pa.schema([(f, lists.get(f, s)) for f in STORYLINE_FIELDS])
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


def article_row(
    art: Article, link: Mapping[str, str | None], quotes: Sequence[Quote], claims: Sequence[Claim]
) -> dict[str, Any]:
    """An article's export record (the fields of `newsprism.export.article_record`)."""
    return {
        "id": art.id,
        "source": art.source,
        "url": art.url,
        "title": art.title,
        "published": art.published_date,
        "outlet": art.outlet,
        "domain": art.domain,
        "byline": art.byline,
        "wire_agency": art.wire_agency,
        "dateline": art.dateline,
        "language": art.language,
        "text": art.text,
        "story_id": link.get("story_id"),
        "storyline_id": link.get("storyline_id"),
        "copy_group": link.get("copy_group"),
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker_canonical or q.speaker,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "cue": q.cue,
            }
            for q in quotes
        ],
        "claims": [
            {
                "text": c.text,
                "asserter": c.asserter,
                "polarity": c.polarity,
                "start": c.start,
                "end": c.end,
                "cluster_id": c.cluster_id,
            }
            for c in claims
        ],
    }


def story_row(story: Story, summary: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A story's export record (the fields of `newsprism.export.story_record`)."""
    return {
        "id": story.id,
        "title": story.title,
        "storyline_id": story.storyline_id,
        "article_ids": story.article_ids,
        "first_seen": story.first_seen[:10] if story.first_seen else None,
        "last_seen": story.last_seen[:10] if story.last_seen else None,
        "event_date": story.event_date,
        "outlets": story.outlets,
        "summary": [{"sentence": s["sentence"], "article_ids": s["article_ids"]} for s in summary],
    }


def storyline_row(line: Storyline) -> dict[str, Any]:
    """A storyline's export record."""
    return {
        "id": line.id,
        "title": line.title,
        "story_ids": line.story_ids,
        "timeline": [
            {"date": t.date, "story_id": t.story_id, "headline": t.headline, "article_ids": t.article_ids}
            for t in line.timeline
        ],
    }


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
