"""CSV / TSV dumps: a header row, then one input per row.

Columns are recognised by the same names and aliases as JSONL keys (``text``,
``body``, ``content``, ``title``, ``headline``, ``url``, ``link``, …); a column
mapping names others (``{"text": "article_body", "title": "hed"}``, from the CLI
as ``--csv-map text=article_body,title=hed``). A row with the wrong number of
fields, a field over the size limit or a broken quote is rejected with its line
number; the rows around it are still read.

Example::

    for item in read_csv("dump.csv", text, ReaderConfig(csv_map={"text": "body"})):
        print(item)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from newsprism.errors import ConfigError, InputRejected
from newsprism.models import RawDocument, Rejection

if TYPE_CHECKING:
    from newsprism.ingest.readers import ReaderConfig

CSV_SUFFIXES = {".csv", ".tsv", ".tab"}
FIELDS = ("id", "url", "title", "text", "html", "published", "outlet", "language", "byline")


def parse_csv_map(spec: str) -> dict[str, str]:
    """``"text=body,title=headline"`` as ``{"text": "body", "title": "headline"}``.

    Raises `ConfigError` for an unknown field or a malformed pair.
    """
    mapping: dict[str, str] = {}
    for pair in spec.split(","):
        if not pair.strip():
            continue
        field, sep, column = pair.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise ConfigError(f"expected FIELD=COLUMN in the CSV mapping, found {pair.strip()!r}")
        if field not in FIELDS:
            raise ConfigError(
                f"unknown field {field!r} in the CSV mapping; expected one of {', '.join(FIELDS)}"
            )
        mapping[field] = column
    return mapping


def _raise_field_limit(limit: int) -> None:
    # the module default (131,072 chars) is below a long article; the limit is
    # process-wide, so it is only ever raised, and only to the record cap
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _delimiter(header: str, suffix: str, configured: str | None) -> str:
    if configured:
        return configured
    if suffix in (".tsv", ".tab"):
        return "\t"
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def looks_like_csv(text: str) -> bool:
    """True when the first line is a header naming a text column and another known column."""
    from newsprism.ingest.readers import _KEYS

    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    if len(first) > 1000 or "\n" not in text.strip():
        return False
    delim = _delimiter(first, "", None)
    names = [c.strip().strip('"') for c in first.split(delim)]
    if len(names) < 2 or not all(n and len(n) <= 40 and " " not in n.strip() for n in names):
        return False
    known = {alias for aliases in _KEYS.values() for alias in aliases}
    has_body = any(n in _KEYS["text"] or n in _KEYS["html"] for n in names)
    return has_body and sum(n in known for n in names) >= 2


def read_csv(
    source: str, text: str, config: ReaderConfig, suffix: str = ""
) -> Iterator[RawDocument | Rejection]:
    """Read a CSV/TSV dump; never raises for bad content."""
    from newsprism.ingest.readers import _as_text, _pick, record_to_raw

    _raise_field_limit(config.max_record_chars)
    text = text.lstrip("\ufeff")
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_delimiter(header_line, suffix, config.csv_delimiter),
        strict=True,
    )
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        yield Rejection(source, "empty", "the CSV file has no header row")
        return
    except csv.Error as exc:
        yield Rejection(source, "invalid-csv", f"line 1 (header): {exc}")
        return
    mapping = config.csv_map or {}
    missing = [col for col in mapping.values() if col not in header]
    if missing:
        yield Rejection(
            source,
            "invalid-csv",
            f"mapped column(s) {', '.join(missing)} not in the header ({', '.join(header)[:300]})",
        )
        return
    lowered = [h.lower() for h in header]
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Rejection(f"{source}#L{start}", "invalid-csv", f"line {start}: {exc}")
            if reader.line_num == line:  # no progress: stop instead of looping
                break
            line = reader.line_num
            continue
        line = reader.line_num
        where = f"{source}#L{start}"
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(header):
            yield Rejection(
                where, "invalid-csv", f"line {start}: {len(row)} fields, the header has {len(header)}"
            )
            continue
        record = dict(zip(lowered, row, strict=True))
        for field, column in mapping.items():
            record[field] = row[header.index(column)]
        rid = _as_text(_pick(record, "id"))
        rec_source = f"{source}#{rid}" if rid else where
        try:
            raw = record_to_raw(rec_source, record, config)
        except InputRejected as exc:
            yield Rejection(rec_source, exc.reason, f"line {start}: {exc.detail}")
            continue
        if raw.format == "jsonl":
            raw.format = "csv"
        yield raw
