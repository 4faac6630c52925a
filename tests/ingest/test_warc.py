"""WARC archives: HTML responses are inputs, other records skipped, truncation reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import ReaderConfig, Skipped, expand_inputs, read_bytes, read_path
from newsprism.models import RawDocument, Rejection
from tests.ingest.conftest import article_html


def _warc(gzip: bool, n_pages: int = 3) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)

    def response(uri: str, status: str, ctype: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        )

    for i in range(n_pages):
        uri = f"https://courier.example/news/{i}"
        req = StatusAndHeaders(f"GET /news/{i} HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=req)
        )
        response(uri, "200 OK", "text/html; charset=utf-8", article_html(f"Story {i}", f"canal {i}").encode())
    response("https://courier.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
    response("https://courier.example/old", "301 Moved", "text/html", b"<html></html>")
    return buf.getvalue()


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_documents(tmp_path: Path, gzip: bool) -> None:
    p = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    p.write_bytes(_warc(gzip))
    out = list(read_path(p, ReaderConfig()))
    docs = [o for o in out if isinstance(o, RawDocument)]
    assert [d.url for d in docs] == [f"https://courier.example/news/{i}" for i in range(3)]
    assert all(d.format == "html" and "Brellin" in d.content for d in docs)
    assert docs[0].source == f"{p}#https://courier.example/news/0"
    [skipped] = [o for o in out if isinstance(o, Skipped)]
    assert skipped.count == 5 and "request: 3" in skipped.detail and "image/png: 1" in skipped.detail
    assert not [o for o in out if isinstance(o, Rejection)]


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_archive_keeps_what_was_readable(gzip: bool) -> None:
    data = _warc(gzip, n_pages=4)
    cut = data[: int(len(data) * 0.6)]
    out = list(read_bytes("cut.warc", cut, ".warc", ReaderConfig()))
    docs = [o for o in out if isinstance(o, RawDocument)]
    rejections = [o for o in out if isinstance(o, Rejection)]
    assert 1 <= len(docs) < 4
    assert [r.reason for r in rejections] == ["truncated-warc"]
    assert all("Brellin" in d.content for d in docs)  # no half page passed on as a document


def test_warc_sniffed_and_found_in_directories(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.warc.gz").write_bytes(_warc(True, 1))
    (tmp_path / "d" / "b.gz").write_bytes(b"\x1f\x8b not an archive")
    (tmp_path / "d" / "c.csv").write_text("title,text\nT,Body\n")
    (tmp_path / "d" / "d.rss").write_text("<rss/>")
    names = sorted(Path(s.source).name for s in expand_inputs([str(tmp_path / "d")]))
    assert names == ["a.warc.gz", "c.csv", "d.rss"]
    misnamed = tmp_path / "download.bin"
    misnamed.write_bytes(_warc(True, 2))
    docs = [o for o in read_path(misnamed, ReaderConfig()) if isinstance(o, RawDocument)]
    assert len(docs) == 2


def test_oversized_record_is_rejected() -> None:
    out = list(read_bytes("x.warc", _warc(False, 1), ".warc", ReaderConfig(max_record_bytes=100)))
    assert [o.reason for o in out if isinstance(o, Rejection)] == ["too-large"]
