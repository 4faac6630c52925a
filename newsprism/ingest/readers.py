"""Readers: turn input files into `RawDocument`s (or `Rejection`s with a reason).

Each input is accounted for: a file yields one raw document or one rejection; a
JSONL or CSV dump yields one per record, a feed one per entry, a WARC archive one
per HTML response (other records are reported as `Skipped`, not inputs). Formats
are chosen by extension, then by sniffing the content, so a misnamed file is
still read correctly (a ``.xml`` that is a feed, a ``.txt`` that is HTML, a
WARC without its extension). URLs are fetched through the safe `Fetcher`.

Example::

    for item in read_path(Path("pages/001.html")):
        print(item)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsprism.errors import EmptyContent, InputRejected, ParseFailure, UnsupportedFormat
from newsprism.ingest.fetch import FetchConfig, Fetcher
from newsprism.ingest.warc import Skipped
from newsprism.models import RawDocument, Rejection


@dataclass(slots=True)
class ReaderConfig:
    """Limits and options applied to every input.

    ``feed_min_words``: a feed entry without full content and with fewer words
    than this is a teaser whose page is fetched (news articles are rarely under
    150 words; feed summaries are typically 20–60).
    ``parse_time_limit``: seconds one document may take to parse and clean (see
    `newsprism.ingest.limits`).
    """

    max_bytes: int = 20_000_000  # larger inputs are rejected, not truncated silently
    max_record_chars: int = 5_000_000
    max_record_bytes: int = 20_000_000  # one WARC record body
    fetch: FetchConfig = field(default_factory=FetchConfig)
    fetch_pages: bool = True  # fetch the page of a summary-only feed entry
    feed_min_words: int = 150
    csv_map: dict[str, str] | None = None  # field -> column, e.g. {"text": "body"}
    csv_delimiter: str | None = None  # None: by extension, else guessed from the header
    parse_time_limit: float = 30.0


TEXT_EXTENSIONS = {".txt", ".text", ".md"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml", ".rdf"}
CSV_EXTENSIONS = {".csv", ".tsv", ".tab"}
WARC_EXTENSIONS = {".warc", ".arc"}  # also with ".gz"

Item = RawDocument | Rejection | Skipped

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


def read_path(
    path: Path, config: ReaderConfig | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[Item]:
    """Read one file into raw documents; never raises for bad content.

    `fetcher` fetches the pages of summary-only feed entries (none: summaries are kept).
    """
    from newsprism.ingest.warc import is_warc_name, looks_like_warc, read_warc

    cfg = config or ReaderConfig()
    source = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
            if is_warc_name(path.name) or looks_like_warc(head):
                # archives are streamed record by record: no whole-file size limit
                fh.seek(0)
                yield from read_warc(source, fh, cfg)
                return
        size = path.stat().st_size
        if size > cfg.max_bytes:
            yield Rejection(source, "too-large", f"{size:,} bytes is over the {cfg.max_bytes:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(source, "unreadable", str(exc))
        return
    yield from read_bytes(source, data, path.suffix.lower(), cfg, fetcher=fetcher)


def read_stdin(config: ReaderConfig | None = None, *, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Read one document (or a JSONL/CSV stream, a feed, a WARC) from standard input."""
    cfg = config or ReaderConfig()
    data = sys.stdin.buffer.read(cfg.max_bytes + 1)
    if len(data) > cfg.max_bytes:
        yield Rejection("<stdin>", "too-large", f"standard input is over the {cfg.max_bytes:,}-byte limit")
        return
    yield from read_bytes("<stdin>", data, "", cfg, fetcher=fetcher)


def read_bytes(
    source: str, data: bytes, suffix: str, config: ReaderConfig, *, fetcher: Fetcher | None = None
) -> Iterator[Item]:
    """Read content whose origin is `source` and file extension `suffix`."""
    from newsprism.ingest.feeds import looks_like_feed, read_feed
    from newsprism.ingest.warc import looks_like_warc, read_warc

    if suffix in WARC_EXTENSIONS or looks_like_warc(data[:512]):
        yield from read_warc(source, _bytes_stream(data), config)
        return
    if suffix == ".gz":
        yield Rejection(source, "unsupported-format", "a gzip file that is not a WARC archive")
        return
    try:
        if not data.strip():
            raise EmptyContent("the input is empty")
        if looks_binary(data):
            raise UnsupportedFormat(
                "binary content (not a text, HTML, feed, CSV or JSONL document)", reason="binary"
            )
    except InputRejected as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    if suffix in FEED_EXTENSIONS or (
        suffix not in HTML_EXTENSIONS | JSONL_EXTENSIONS and looks_like_feed(data)
    ):
        if suffix == ".xml" and not looks_like_feed(data):
            head = data[:2048].lstrip().lower()
            if not (head.startswith((b"<!doctype html", b"<html")) or b"<body" in head):
                yield Rejection(
                    source, "unsupported-format", "an XML document that is not an RSS or Atom feed"
                )
                return
        else:
            yield from read_feed(source, data, config, fetcher)
            return
    try:
        text = decode_bytes(data)
    except InputRejected as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    fmt = _format_for(suffix, text)
    if fmt == "csv":
        from newsprism.ingest.csvdump import read_csv

        yield from read_csv(source, text, config, suffix)
        return
    reader = _READERS[fmt]
    yield from reader(source, text, config)


def read_url(url: str, config: ReaderConfig | None = None, *, fetcher: Fetcher) -> Iterator[Item]:
    """Fetch a URL: a page becomes one raw document, a feed one per entry; never raises.

    Example::

        with Fetcher(FetchConfig()) as fetcher:
            docs = list(read_url("https://news.example/rss", ReaderConfig(), fetcher=fetcher))
    """
    from newsprism.ingest.feeds import read_feed

    cfg = config or ReaderConfig()
    try:
        page = fetcher.fetch(url)
    except InputRejected as exc:
        yield Rejection(url, exc.reason, exc.detail)
        return
    if page.kind == "feed":
        yield from read_feed(url, page.body, cfg, fetcher, content_type=page.headers.get("content-type"))
        return
    if not page.text.strip():
        yield Rejection(url, "empty", f"{page.url} answered with an empty body")
        return
    yield RawDocument(
        source=url, format="html" if page.kind == "html" else "text", content=page.text, url=page.url
    )


def _bytes_stream(data: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(data)


def _format_for(suffix: str, text: str) -> str:
    from newsprism.ingest.csvdump import looks_like_csv

    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in CSV_EXTENSIONS:
        return "csv"
    sniffed = sniff_format(text)
    if suffix in TEXT_EXTENSIONS:
        # a .txt that is really an HTML page is read as HTML, a CSV dump as CSV
        if sniffed == "html":
            return "html"
        return "csv" if looks_like_csv(text) else "text"
    if sniffed == "text" and looks_like_csv(text):
        return "csv"
    return sniffed


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
        except RecursionError:  # "[[[[…" nested deeper than the parser's stack: not a record
            yield Rejection(where, "invalid-json", f"line {lineno}: nested too deeply")
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
