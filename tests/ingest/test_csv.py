"""CSV/TSV dumps: header aliases, column mapping, broken rows with line numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from newsprism.errors import ConfigError
from newsprism.ingest import ReaderConfig, parse_csv_map, read_bytes, read_path
from newsprism.models import RawDocument, Rejection
from tests.ingest.conftest import article_text


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode()


def test_default_aliases_and_multiline_fields(tmp_path: Path) -> None:
    body = article_text("tram line")
    data = _csv(
        [
            ["guid", "headline", "body", "link", "date", "publisher"],
            ["t1", "Tram line extended", body, "https://tram.example/1", "2025-02-01", "Tram Times"],
            [
                "t2",
                "Second tram story",
                body + " More.",
                "https://tram.example/2",
                "2025-02-02",
                "Tram Times",
            ],
        ]
    )
    p = tmp_path / "dump.csv"
    p.write_bytes(data)
    docs = list(read_path(p, ReaderConfig()))
    assert all(isinstance(d, RawDocument) for d in docs) and len(docs) == 2
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert (
        first.format == "csv"
        and first.title == "Tram line extended"
        and first.url == "https://tram.example/1"
    )
    assert first.published == "2025-02-01" and first.outlet == "Tram Times" and first.external_id == "t1"
    assert first.content == body and first.source.endswith("dump.csv#t1")  # newlines inside a field kept


def test_column_mapping() -> None:
    mapping = parse_csv_map("text=article_body, title=hed ,url=permalink")
    assert mapping == {"text": "article_body", "title": "hed", "url": "permalink"}
    data = _csv(
        [
            ["hed", "article_body", "permalink", "text"],
            ["Mapped", "The real body.", "https://m.example/1", "x"],
        ]
    )
    [doc] = list(read_bytes("m.csv", data, ".csv", ReaderConfig(csv_map=mapping)))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Mapped" and doc.content == "The real body." and doc.url == "https://m.example/1"
    [rej] = list(read_bytes("m.csv", data, ".csv", ReaderConfig(csv_map={"text": "nope"})))
    assert isinstance(rej, Rejection) and rej.reason == "invalid-csv" and "nope" in rej.detail
    with pytest.raises(ConfigError):
        parse_csv_map("colour=red")
    with pytest.raises(ConfigError):
        parse_csv_map("text")


def test_broken_rows_are_rejected_with_line_numbers() -> None:
    data = (
        b"title,text\n"
        b"Good one,First body.\n"
        b"Too,many,fields\n"
        b'"Multi\nline title",Second body.\n'
        b"No body,\n"
        b'Unclosed,"this quote never ends\n'
    )
    out = list(read_bytes("b.csv", data, ".csv", ReaderConfig()))
    kinds = [(type(o).__name__, getattr(o, "reason", None)) for o in out]
    assert kinds == [
        ("RawDocument", None),
        ("Rejection", "invalid-csv"),
        ("RawDocument", None),
        ("Rejection", "missing-text"),
        ("Rejection", "invalid-csv"),
    ]
    assert out[1].source == "b.csv#L3" and "line 3" in out[1].detail  # type: ignore[union-attr]
    assert out[3].source == "b.csv#L6"  # the multi-line record took lines 4–5
    assert "line 7" in out[4].detail  # type: ignore[union-attr]


def test_tsv_long_fields_and_sniffing(tmp_path: Path) -> None:
    long_body = "word " * 60_000  # 300,000 characters: over the csv module's default field limit
    data = _csv([["title", "text"], ["Long", long_body]], delimiter="\t")
    [doc] = list(read_bytes("l.tsv", data, ".tsv", ReaderConfig()))
    assert isinstance(doc, RawDocument) and len(doc.content) == len(long_body)
    # a CSV dump without its extension is recognised by its header
    p = tmp_path / "export"
    p.write_bytes(_csv([["title", "text", "url"], ["T", "Body text.", "https://x.example/"]]))
    [sniffed] = list(read_path(p, ReaderConfig()))
    assert isinstance(sniffed, RawDocument) and sniffed.format == "csv"
    # an article whose first line has commas stays an article
    [plain] = list(
        read_bytes("a.txt", b"Rain, wind and fog\n\nThe storm came in fast.", ".txt", ReaderConfig())
    )
    assert isinstance(plain, RawDocument) and plain.format == "text"
