"""Exports: articles, stories and storylines as JSONL, CSV or Parquet.

The field names are the public export contract (docs/export.md) — keep them stable;
add fields, never rename or drop them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from newsprism.models import Article, Claim, Quote, Story, Storyline
from newsprism.store import Store

What = Literal["articles", "stories", "storylines"]
Format = Literal["jsonl", "csv", "parquet"]

ARTICLE_FIELDS = [
    "id",
    "source",
    "url",
    "title",
    "published",
    "outlet",
    "domain",
    "byline",
    "wire_agency",
    "dateline",
    "language",
    "text",
    "story_id",
    "storyline_id",
    "copy_group",
    "quotes",
    "claims",
]
STORY_FIELDS = [
    "id",
    "title",
    "storyline_id",
    "article_ids",
    "first_seen",
    "last_seen",
    "event_date",
    "outlets",
    "summary",
]
STORYLINE_FIELDS = ["id", "title", "story_ids", "timeline"]

FIELDS: dict[str, list[str]] = {
    "articles": ARTICLE_FIELDS,
    "stories": STORY_FIELDS,
    "storylines": STORYLINE_FIELDS,
}


def article_record(store: Store, art: Article, link: Mapping[str, str | None]) -> dict[str, Any]:
    """One article's export record; `link` holds its story_id, storyline_id and copy_group."""
    return article_row(art, link, store.quotes(art.id), store.claims(art.id))


def article_row(
    art: Article, link: Mapping[str, str | None], quotes: Sequence[Quote], claims: Sequence[Claim]
) -> dict[str, Any]:
    """An article's export record from the article and its extractions (no store needed;
    the batch runner writes its Parquet tables with it)."""
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


def story_record(store: Store, story: Story) -> dict[str, Any]:
    """One story's export record, with its cited summary."""
    return story_row(story, store.story_report(story.id).get("summary", []))


def story_row(story: Story, summary: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A story's export record from the story and its summary sentences (no store needed)."""
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


def storyline_record(line: Storyline) -> dict[str, Any]:
    """One storyline's export record, with its timeline."""
    return {
        "id": line.id,
        "title": line.title,
        "story_ids": line.story_ids,
        "timeline": [
            {
                "date": t.date,
                "story_id": t.story_id,
                "headline": t.headline,
                "article_ids": t.article_ids,
                "date_basis": t.date_basis,
                "date_inferred": t.date_inferred,
                "date_evidence": t.date_evidence,
            }
            for t in line.timeline
        ],
    }


def article_records(store: Store) -> Iterator[dict[str, Any]]:
    """One export record per article, in publication order."""
    links = store.article_links()
    for art in store.articles():
        yield article_record(store, art, links.get(art.id, {}))


def story_records(store: Store) -> Iterator[dict[str, Any]]:
    """One export record per story, newest first."""
    for story in store.stories():
        yield story_record(store, story)


def storyline_records(store: Store) -> Iterator[dict[str, Any]]:
    """One export record per storyline, with its timeline."""
    for line in store.storylines():
        yield storyline_record(line)


RECORDS = {"articles": article_records, "stories": story_records, "storylines": storyline_records}


def export(store: Store, what: What, fmt: Format, out: Path | IO[str] | None) -> int:
    """Write the records of `what` in `fmt` to a path or text stream; return the count."""
    records = list(RECORDS[what](store))
    if fmt == "parquet":
        if out is None or not isinstance(out, Path):
            raise ValueError("Parquet export needs an output file path")
        _write_parquet(records, what, out)
        return len(records)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            _write_text(records, what, fmt, fh)
    else:
        _write_text(records, what, fmt, out or io.StringIO())
    return len(records)


def _write_text(records: list[dict[str, Any]], what: str, fmt: str, fh: IO[str]) -> None:
    if fmt == "jsonl":
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(fh, fieldnames=FIELDS[what], extrasaction="ignore")
    writer.writeheader()
    for rec in records:
        # nested values (lists, objects) are JSON strings in CSV cells
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in rec.items()
            }
        )


def parquet_schema(what: str) -> Any:
    """The pyarrow schema of an export table (articles, stories or storylines)."""
    import pyarrow as pa

    s = pa.string()
    if what == "articles":
        quote = pa.struct(
            [("text", s), ("speaker", s), ("start", pa.int64()), ("end", pa.int64()), ("kind", s), ("cue", s)]
        )
        claim = pa.struct(
            [
                ("text", s),
                ("asserter", s),
                ("polarity", s),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("cluster_id", s),
            ]
        )
        fields = [(f, s) for f in ARTICLE_FIELDS[:-2]] + [
            ("quotes", pa.list_(quote)),
            ("claims", pa.list_(claim)),
        ]
        return pa.schema(fields)
    if what == "stories":
        sentence = pa.struct([("sentence", s), ("article_ids", pa.list_(s))])
        return pa.schema(
            [
                ("id", s),
                ("title", s),
                ("storyline_id", s),
                ("article_ids", pa.list_(s)),
                ("first_seen", s),
                ("last_seen", s),
                ("event_date", s),
                ("outlets", pa.list_(s)),
                ("summary", pa.list_(sentence)),
            ]
        )
    entry = pa.struct(
        [
            ("date", s),
            ("story_id", s),
            ("headline", s),
            ("article_ids", pa.list_(s)),
            ("date_basis", s),
            ("date_inferred", pa.bool_()),
            ("date_evidence", s),
        ]
    )
    return pa.schema([("id", s), ("title", s), ("story_ids", pa.list_(s)), ("timeline", pa.list_(entry))])


def _write_parquet(records: list[dict[str, Any]], what: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(records, schema=parquet_schema(what))
    pq.write_table(table, path)
