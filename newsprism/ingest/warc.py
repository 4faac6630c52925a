"""WARC / WARC.gz / ARC archives: HTML responses become raw documents.

Only ``response`` records with HTTP status 200 and an HTML content type are
inputs; every other record (requests, metadata, redirects, images, …) is
counted as skipped, not as an input, and reported as one `Skipped` note per
archive. The archive is streamed record by record, so its own size is not
limited — each record's body is (``ReaderConfig.max_record_bytes``).

A truncated or corrupt archive yields the records read before the damage plus
one rejection ``truncated-warc``.

Example::

    for item in read_warc(Path("crawl.warc.gz"), ReaderConfig()):
        print(item)
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from newsprism.errors import InputRejected
from newsprism.ingest.fetch import decode_body
from newsprism.models import RawDocument, Rejection

if TYPE_CHECKING:
    from newsprism.ingest.readers import ReaderConfig

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML = {"text/html", "application/xhtml+xml"}
_RECORD_TYPES = {
    "warcinfo",
    "response",
    "resource",
    "request",
    "metadata",
    "revisit",
    "conversion",
    "continuation",
}


@dataclass(slots=True)
class Skipped:
    """Parts of an input that are not inputs themselves (e.g. WARC request records)."""

    source: str
    count: int
    detail: str


def is_warc_name(name: str) -> bool:
    """True for file names with a WARC or ARC extension (compressed or not)."""
    return name.lower().endswith(WARC_SUFFIXES)


def looks_like_warc(head: bytes) -> bool:
    """True when `head` (the first bytes of a file) starts a WARC or ARC archive.

    A gzip stream is only taken for an archive when its first member decompresses
    to a WARC header, so a ``.gz`` of anything else is not misread.
    """
    if head.startswith(b"WARC/") or head.startswith(b"filedesc://"):
        return True
    if head.startswith(b"\x1f\x8b"):
        import zlib

        try:
            start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
        return start.startswith((b"WARC/", b"filedesc://"))
    return False


def read_warc(
    source: str, stream: IO[bytes], config: ReaderConfig
) -> Iterator[RawDocument | Rejection | Skipped]:
    """Read an archive from a binary stream; never raises for bad content."""
    from warcio.archiveiterator import ArchiveIterator

    skipped: Counter[str] = Counter()
    n_records = 0
    try:
        head = stream.read(2)
        stream.seek(0)
        empty_input = not head
        # warcio stops silently at a cut gzip member; Python's gzip raises EOFError there,
        # so a truncated .warc.gz is noticed (warcio reads the decompressed stream as-is)
        counted = _CountedStream(stream, gzipped=head == b"\x1f\x8b")
        records = ArchiveIterator(counted, arc2warc=True)
        previous = None
        for record in records:
            _check_complete(previous)
            previous = record
            n_records += 1
            rtype = record.rec_type
            if rtype not in _RECORD_TYPES or (
                str(record.format).startswith("warc") and not record.rec_headers.get_header("Content-Length")
            ):
                # a header cut short is parsed by warcio as a record of type "re", "respon", …
                raise EOFError(f"record header cut short (type {rtype!r})")
            if rtype != "response":
                skipped[rtype or "unknown"] += 1
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.http_headers is None:
                skipped["response without HTTP headers"] += 1
                continue
            status = record.http_headers.get_statuscode()
            ctype = record.http_headers.get_header("Content-Type") or ""
            media, _, params = ctype.partition(";")
            if status != "200":
                skipped[f"HTTP {status}"] += 1
                continue
            if media.strip().lower() not in _HTML:
                skipped[media.strip().lower() or "no content type"] += 1
                continue
            where = f"{source}#{uri}" if uri else f"{source}#record{n_records}"
            body = record.content_stream().read(config.max_record_bytes + 1)
            if len(body) > config.max_record_bytes:
                yield Rejection(where, "too-large", f"record body is over {config.max_record_bytes:,} bytes")
                continue
            if getattr(record.raw_stream, "limit", 0):
                # bytes the record announced but the file does not hold: the archive ends here
                raise EOFError(f"record {uri} is cut short")
            yield _document(where, uri, body, params)
        _check_complete(previous)
        # warcio also ends quietly on a record header cut short: bytes were read that no
        # record accounts for
        if records.offset < counted.delivered or (previous is None and not empty_input):
            raise EOFError(f"{counted.delivered - records.offset} bytes after the last complete record")
    except Exception as exc:  # warcio raises many kinds on damaged input; all mean "stop here"
        yield Rejection(
            f"{source}#truncated",
            "truncated-warc",
            f"the archive is truncated or corrupt after {n_records} records "
            f"({type(exc).__name__}: {str(exc)[:200]})",
        )
    total = sum(skipped.values())
    if total:
        detail = ", ".join(f"{k}: {v}" for k, v in skipped.most_common())
        yield Skipped(source, total, f"WARC records that are not HTML pages ({detail})")


def _check_complete(record: Any) -> None:
    """Raise EOFError when a record that was read to its end had fewer bytes than it announced."""
    # warcio reads a record's rest when the iteration moves on and stops quietly at EOF;
    # the length it still expected is left in the record's LimitReader
    if record is None:
        return
    remaining: int = getattr(record.raw_stream, "limit", 0) or 0
    if remaining > 0:
        raise EOFError(f"record {record.rec_headers.get_header('WARC-Target-URI') or ''} is cut short")


class _CountedStream:
    """The archive's (decompressed) bytes, counted as warcio reads them.

    For gzip, `read` returns one decompressed chunk at a time (``read1``), so
    everything before a cut is delivered before gzip's `EOFError`.
    """

    def __init__(self, raw: IO[bytes], *, gzipped: bool) -> None:
        self._raw: IO[bytes] | gzip.GzipFile = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        self._gzipped = gzipped
        self.delivered = 0

    def read(self, size: int = -1) -> bytes:
        size = size if size and size > 0 else 65536
        chunk = self._raw.read1(size) if isinstance(self._raw, gzip.GzipFile) else self._raw.read(size)
        self.delivered += len(chunk)
        return chunk


def _document(where: str, uri: str, body: bytes, params: str) -> RawDocument | Rejection:
    charset = None
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    if not body.strip():
        return Rejection(where, "empty", "the HTML response has an empty body")
    try:
        text, _source = decode_body(body, charset, "html")
    except InputRejected as exc:
        return Rejection(where, exc.reason, exc.detail)
    return RawDocument(source=where, format="html", content=text, url=uri or None)
