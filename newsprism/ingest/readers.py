"""Readers: turn input files into `RawDocument`s (or `Rejection`s with a reason).

Each input is accounted for: a file yields one raw document or one rejection; a
JSONL dump yields one per line. Formats are chosen by extension, then by sniffing
the content, so a misnamed file is still read correctly.

Example::

    for item in read_path(Path("pages/001.html")):
        print(item)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.errors import EmptyContent, InputRejected, ParseFailure, UnsupportedFormat
from newsprism.models import RawDocument, Rejection


@dataclass(slots=True)
class ReaderConfig:
    """Limits applied to every input."""

    max_bytes: int = 20_000_000  # larger inputs are rejected, not truncated silently
    max_record_chars: int = 5_000_000


TEXT_EXTENSIONS = {".txt", ".text", ".md"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines"}

# JSONL keys accepted, with the aliases dumps commonly use
_KEYS = {
    "id": ("id", "guid", "uid", "doc_id"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "maintext"),
    "html": ("html", "raw_html", "page"),
    "published": ("published", "date", "published_at", "date_publish", "pubdate", "timestamp"),
    "outlet": ("outlet", "source", "site_name", "publisher", "media"),
    "language": ("language", "lang"),
    "byline": ("byline", "author", "authors"),
}


def decode_bytes(data: bytes) -> str:
    """Decode page bytes: UTF-8 (with or without BOM), else the detected charset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ParseFailure("could not detect the text encoding", reason="bad-encoding")
    return str(best)


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def sniff_format(text: str) -> str:
    """Guess "html", "jsonl" or "text" from the start of a document."""
    head = text.lstrip()[:2048].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head or "<p>" in head or "<div" in head):
        return "html"
    if head.startswith("{"):
        first = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


def read_path(path: Path, config: ReaderConfig | None = None) -> Iterator[RawDocument | Rejection]:
    """Read one file into raw documents; never raises for bad content."""
    cfg = config or ReaderConfig()
    source = str(path)
    try:
        size = path.stat().st_size
        if size > cfg.max_bytes:
            yield Rejection(source, "too-large", f"{size:,} bytes is over the {cfg.max_bytes:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source, "unreadable", str(exc))
        return
    yield from read_bytes(source, data, path.suffix.lower(), cfg)


def read_stdin(config: ReaderConfig | None = None) -> Iterator[RawDocument | Rejection]:
    """Read one document (or a JSONL stream) from standard input."""
    data = sys.stdin.buffer.read()
    yield from read_bytes("<stdin>", data, "", config or ReaderConfig())


def read_bytes(
    source: str, data: bytes, suffix: str, config: ReaderConfig
) -> Iterator[RawDocument | Rejection]:
    """Read content whose origin is `source` and file extension `suffix`."""
    try:
        if not data.strip():
            raise EmptyContent("the input is empty")
        if looks_binary(data):
            raise UnsupportedFormat("binary content (not a text, HTML or JSONL document)", reason="binary")
        text = decode_bytes(data)
    except InputRejected as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    fmt = _format_for(suffix, text)
    reader = _READERS[fmt]
    yield from reader(source, text, config)


def _format_for(suffix: str, text: str) -> str:
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in TEXT_EXTENSIONS:
        # a .txt that is really an HTML page is read as HTML
        return "html" if sniff_format(text) == "html" else "text"
    return sniff_format(text)


def _read_text(source: str, text: str, config: ReaderConfig) -> Iterator[RawDocument | Rejection]:
    yield RawDocument(source=source, format="text", content=text)


def _read_html(source: str, text: str, config: ReaderConfig) -> Iterator[RawDocument | Rejection]:
    yield RawDocument(source=source, format="html", content=text)


def _pick(record: dict[str, Any], field: str) -> Any:
    for key in _KEYS[field]:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v)
    return str(value)


def record_to_raw(source: str, record: dict[str, Any], config: ReaderConfig) -> RawDocument:
    """A dump record (JSONL line, CSV row) as a raw document; raises InputRejected."""
    body = _pick(record, "text")
    html = _pick(record, "html")
    if not body and not html:
        raise EmptyContent("the record has neither 'text' nor 'html'", reason="missing-text")
    content = str(html if html and not body else body)
    if len(content) > config.max_record_chars:
        raise InputRejected(f"record text is over {config.max_record_chars:,} characters", reason="too-large")
    fmt = "html" if (html and not body) or sniff_format(content) == "html" else "text"
    return RawDocument(
        source=source,
        format="jsonl" if fmt == "text" else "html",
        content=content,
        url=_as_text(_pick(record, "url")),
        title=_as_text(_pick(record, "title")),
        published=_as_text(_pick(record, "published")),
        outlet=_as_text(_pick(record, "outlet")),
        language=_as_text(_pick(record, "language")),
        byline=_as_text(_pick(record, "byline")),
        external_id=_as_text(_pick(record, "id")),
    )


def _read_jsonl(source: str, text: str, config: ReaderConfig) -> Iterator[RawDocument | Rejection]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#L{lineno}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Rejection(where, "invalid-json", f"line {lineno}: {exc}")
            continue
        if not isinstance(record, dict):
            yield Rejection(
                where, "invalid-json", f"line {lineno}: expected an object, found {type(record).__name__}"
            )
            continue
        rid = _as_text(_pick(record, "id"))
        rec_source = f"{source}#{rid}" if rid else where
        try:
            yield record_to_raw(rec_source, record, config)
        except InputRejected as exc:
            yield Rejection(rec_source, exc.reason, exc.detail)


Reader = Callable[[str, str, ReaderConfig], Iterable[RawDocument | Rejection]]
_READERS: dict[str, Reader] = {"text": _read_text, "html": _read_html, "jsonl": _read_jsonl}
