"""RSS and Atom feeds: entries with full text, summary-only entries fetched, broken feeds."""

from __future__ import annotations

from html import escape
from pathlib import Path

from newsprism.ingest import FetchConfig, Fetcher, ReaderConfig, read_bytes, read_feed, read_path
from newsprism.models import RawDocument, Rejection
from tests.ingest.conftest import LocalServer, Reply, article_html, article_text


def _rss(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>The Valley Courier</title>'
        "<link>https://courier.example/</link><language>en-gb</language>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _item(n: int, *, full: bool = True, link: str | None = None, summary: str | None = None) -> str:
    body = "".join(f"<p>{p}</p>" for p in article_text(f"bypass {n}").split("\n\n"))
    content = f"<content:encoded><![CDATA[{body}]]></content:encoded>" if full else ""
    return (
        f"<item><title>Bypass plan {n} approved</title><link>{link or f'https://courier.example/news/{n}'}</link>"
        f"<guid>courier-{n}</guid><pubDate>Tue, 04 Mar 2025 09:30:00 GMT</pubDate>"
        f"<dc:creator>Nadia Orlov</dc:creator>"
        f"<description>{escape(summary or 'Councillors approved the bypass plan.')}</description>{content}</item>"
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Gazette</title>
  <id>urn:harbour-gazette</id>
  <updated>2025-03-05T08:00:00Z</updated>
  <entry>
    <title>Ferry fares frozen for a year</title>
    <link href="https://gazette.example/ferry-fares"/>
    <id>urn:gazette:ferry-1</id>
    <published>2025-03-05T07:15:00Z</published>
    <author><name>Pell Ashgrove</name></author>
    <summary>Fares stay put.</summary>
    <content type="html">{body}</content>
  </entry>
</feed>
"""


def test_rss_entries_with_full_content(tmp_path: Path) -> None:
    p = tmp_path / "courier.rss"
    p.write_bytes(_rss([_item(1), _item(2)]))
    docs = list(read_path(p, ReaderConfig()))
    assert len(docs) == 2 and all(isinstance(d, RawDocument) for d in docs)
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert first.format == "feed" and first.title == "Bypass plan 1 approved"
    assert first.url == "https://courier.example/news/1" and first.external_id == "courier-1"
    assert first.byline == "Nadia Orlov" and first.published == "Tue, 04 Mar 2025 09:30:00 GMT"
    assert first.language == "en-gb" and "Brellin" in first.content
    assert first.source.endswith("courier.rss#courier-1")


def test_atom_entry() -> None:
    body = escape("".join(f"<p>{p}</p>" for p in article_text("ferry fares").split("\n\n")))
    [doc] = list(read_bytes("gazette.atom", ATOM.format(body=body).encode(), ".atom", ReaderConfig()))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Ferry fares frozen for a year" and doc.url == "https://gazette.example/ferry-fares"
    assert doc.byline == "Pell Ashgrove" and doc.published == "2025-03-05T07:15:00Z"
    assert "deputy mayor" in doc.content


def test_summary_only_entry_is_fetched(server: LocalServer) -> None:
    server.routes["/story/7"] = Reply(body=article_html("Bypass plan 7 approved", "bypass seven").encode())
    teaser = "Councillors in Brellin approved the long-debated bypass plan on Tuesday […]"
    feed = _rss([_item(7, full=False, link=server.url("/story/7"), summary=teaser)])
    cfg = ReaderConfig(fetch=FetchConfig(allow_private=True, per_host_interval=0, read_timeout=2))
    with Fetcher(cfg.fetch) as fetcher:
        [doc] = list(read_feed("c.rss", feed, cfg, fetcher))
    assert isinstance(doc, RawDocument)
    assert doc.format == "html" and "<article>" in doc.content and doc.url == server.url("/story/7")
    assert doc.title == "Bypass plan 7 approved" and doc.byline == "Nadia Orlov"  # feed metadata kept
    # without page fetching the teaser is kept as it is
    [kept] = list(read_feed("c.rss", feed, ReaderConfig(fetch_pages=False), None))
    assert isinstance(kept, RawDocument) and kept.format == "feed" and "[…]" in kept.content


def test_summary_only_entry_whose_page_fails(server: LocalServer) -> None:
    feed = _rss([_item(8, full=False, link=server.url("/gone"))])
    cfg = ReaderConfig(fetch=FetchConfig(allow_private=True, per_host_interval=0, retries=0))
    with Fetcher(cfg.fetch) as fetcher:
        [rej] = list(read_feed("c.rss", feed, cfg, fetcher))
    assert isinstance(rej, Rejection) and rej.reason == "http-error" and "summary" in rej.detail


def test_broken_feeds() -> None:
    # cut in the middle of the second item: the first is recovered, the rest reported
    cut = _rss([_item(1), _item(2)])[:-400]
    out = list(read_bytes("cut.rss", cut, ".rss", ReaderConfig()))
    assert isinstance(out[0], RawDocument) and out[0].title == "Bypass plan 1 approved"
    assert isinstance(out[-1], Rejection) and out[-1].reason == "feed-xml-error"
    [bad] = list(read_bytes("bad.rss", b"<rss><<<&&& not xml at all", ".rss", ReaderConfig()))
    assert isinstance(bad, Rejection) and bad.reason == "invalid-feed"
    [empty] = list(read_bytes("empty.rss", _rss([]), ".rss", ReaderConfig()))
    assert isinstance(empty, Rejection) and empty.reason == "empty-feed"


def test_feeds_sniffed_when_misnamed(tmp_path: Path) -> None:
    data = _rss([_item(3)])
    for name in ("feed.xml", "feed.txt", "feed"):
        p = tmp_path / name
        p.write_bytes(data)
        [doc] = list(read_path(p, ReaderConfig()))
        assert isinstance(doc, RawDocument) and doc.format == "feed", name
    other = tmp_path / "sitemap.xml"
    other.write_bytes(b'<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    [rej] = list(read_path(other, ReaderConfig()))
    assert isinstance(rej, Rejection) and rej.reason == "unsupported-format"


def test_feed_reader_never_opens_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("<rss><channel><item><title>leak</title></item></channel></rss>")
    out = list(read_bytes("x.rss", str(secret).encode(), ".rss", ReaderConfig()))
    assert all(isinstance(o, Rejection) for o in out)  # the bytes are a document, never a path
