"""Readers: formats by extension and by sniffing; bad input becomes a reasoned rejection."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsprism.ingest import ReaderConfig, expand_inputs, read_bytes, read_path, sniff_format
from newsprism.models import RawDocument, Rejection


def _read(tmp_path: Path, name: str, data: bytes, **cfg: int) -> list[RawDocument | Rejection]:
    p = tmp_path / name
    p.write_bytes(data)
    return list(read_path(p, ReaderConfig(**cfg)))


def test_text_html_and_jsonl(tmp_path: Path) -> None:
    [txt] = _read(tmp_path, "a.txt", b"Headline\n\nBody line.")
    assert isinstance(txt, RawDocument) and txt.format == "text"
    [html] = _read(tmp_path, "b.html", b"<html><body><p>Hi</p></body></html>")
    assert isinstance(html, RawDocument) and html.format == "html"
    lines = [
        json.dumps({"id": "r1", "url": "https://o.example/1", "title": "T", "text": "Body", "outlet": "O"}),
        "{broken",
        json.dumps({"id": "r3", "title": "no body"}),
        json.dumps({"id": "r4", "html": "<html><body><p>x</p></body></html>", "published": "2025-01-02"}),
        "",
        "[1, 2]",
    ]
    out = _read(tmp_path, "c.jsonl", "\n".join(lines).encode())
    assert [type(o).__name__ for o in out] == [
        "RawDocument",
        "Rejection",
        "Rejection",
        "RawDocument",
        "Rejection",
    ]
    assert out[0].source.endswith("c.jsonl#r1") and out[0].outlet == "O"  # type: ignore[union-attr]
    assert out[1].reason == "invalid-json" and "line 2" in out[1].detail  # type: ignore[union-attr]
    assert out[2].reason == "missing-text"  # type: ignore[union-attr]
    assert out[3].format == "html" and out[3].published == "2025-01-02"  # type: ignore[union-attr]


def test_bad_files_are_rejected_with_reasons(tmp_path: Path) -> None:
    assert _read(tmp_path, "e.txt", b"   \n")[0].reason == "empty"  # type: ignore[union-attr]
    assert _read(tmp_path, "b.bin", b"\x00\x01\x02PK\x03\x04" * 50)[0].reason == "binary"  # type: ignore[union-attr]
    big = _read(tmp_path, "big.txt", b"a" * 2000, max_bytes=1000)[0]
    assert isinstance(big, Rejection) and big.reason == "too-large"


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = "Café société: les élèves déjà là, à l'école près du théâtre."
    [doc] = _read(tmp_path, "l.txt", text.encode("latin-1"))
    assert isinstance(doc, RawDocument) and "société" in doc.content


def test_sniffing_misnamed_files() -> None:
    assert sniff_format("<!DOCTYPE html><html>") == "html"
    assert sniff_format('{"text": "x"}\n{"text": "y"}') == "jsonl"
    assert sniff_format("Just a headline\n\nAnd a body.") == "text"
    [doc] = list(read_bytes("page.txt", b"<html><body><p>x</p></body></html>", ".txt", ReaderConfig()))
    assert isinstance(doc, RawDocument) and doc.format == "html"


def test_expand_inputs_dirs_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_text("x")
    (tmp_path / "d" / "sub" / "b.html").write_text("x")
    (tmp_path / "d" / "skip.png").write_bytes(b"x")
    (tmp_path / "d" / ".hidden.txt").write_text("x")
    specs = list(
        expand_inputs(
            [
                str(tmp_path / "d"),
                str(tmp_path / "d" / "a.txt"),
                str(tmp_path / "nope*.txt"),
                str(tmp_path / "missing.txt"),
            ]
        )
    )
    found = [Path(s.source).name for s in specs if not s.missing]
    assert found == ["a.txt", "b.html"]  # each file once, other extensions and hidden files skipped
    assert sum(s.missing for s in specs) == 2


@given(st.binary(max_size=2000))
def test_reader_never_raises(data: bytes) -> None:
    out = list(read_bytes("fuzz", data, ".jsonl", ReaderConfig()))
    assert all(isinstance(o, RawDocument | Rejection) for o in out)


def test_expand_inputs_urls() -> None:
    specs = list(expand_inputs(["https://news.example/a", "https://news.example/a", "ftp://files.example/x"]))
    assert [(s.source, s.url) for s in specs] == [
        ("https://news.example/a", "https://news.example/a"),
        ("ftp://files.example/x", "ftp://files.example/x"),  # the fetcher rejects the scheme
    ]
