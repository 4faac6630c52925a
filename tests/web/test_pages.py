"""The server-rendered pages: content, safety headers, escaping and errors."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsprism.models import Story
from newsprism.store import BuildOutput, Store
from newsprism.web import create_app
from newsprism.web.app import CSP
from tests.conftest import make_article
from tests.web.conftest import QUOTE, S4, XSS_OUTLET, XSS_QUOTE, XSS_TITLE, Sample

ESCAPED_TITLE = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_QUOTE = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture(scope="module")
def client(sample: Sample) -> TestClient:
    return TestClient(create_app(str(sample.path)))


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of a page with its attributes (as a browser's parser sees them)."""
    parser = _TagCollector()
    parser.feed(html)
    return parser.tags


def _pages(s: Sample) -> list[str]:
    return [
        "/",
        "/?q=bridge",
        f"/story/{s.story}",
        f"/story/{s.hostile_story}",
        f"/article/{s.wire}",
        f"/article/{s.hostile}",
        f"/diff/{s.wire}/{s.copy}",
        f"/diff/{s.hostile}/{s.wire}",
        "/outlets",
        "/outlet/Valley%20Courier",
        "/storylines",
        f"/storyline/{s.storyline}",
        "/docs",
    ]


def test_every_page_renders_with_security_headers(client: TestClient, sample: Sample) -> None:
    for url in _pages(sample) + ["/static/style.css", "/static/app.js", "/api/stories", "/story/unknown1"]:
        r = client.get(url)
        assert r.status_code in (200, 404), url
        assert r.headers["content-security-policy"] == CSP, url
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        if r.headers["content-type"].startswith("text/html"):
            tags = _tags(r.text)
            # CSP forbids inline code: no inline scripts, handlers or style attributes anywhere
            assert all(attrs.get("src") for tag, attrs in tags if tag == "script"), url
            assert not [a for _, attrs in tags for a in attrs if a.startswith("on") or a == "style"], url
            assert not [t for t, _ in tags if t == "style"], url
            # everything is bundled: nothing is loaded from elsewhere
            loaded = [
                attrs.get("src") or attrs.get("href") or ""
                for t, attrs in tags
                if t in ("script", "link", "img")
            ]
            assert all(u.startswith("/") and not u.startswith("//") for u in loaded), url


def test_csp_is_strict() -> None:
    for part in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "img-src 'self' data:",
    ):
        assert part in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_hostile_text_is_escaped_everywhere(client: TestClient, sample: Sample) -> None:
    for url in [
        "/",
        f"/story/{sample.hostile_story}",
        f"/article/{sample.hostile}",
        f"/diff/{sample.hostile}/{sample.wire}",
        "/?q=spokesman",
        "/outlets",
    ]:
        html = client.get(url).text
        assert XSS_TITLE not in html and XSS_QUOTE not in html, url
        assert "<i>Daily</i>" not in html, url
    story = client.get(f"/story/{sample.hostile_story}").text
    assert ESCAPED_TITLE in story and ESCAPED_QUOTE in story
    assert ESCAPED_TITLE in client.get("/").text
    article = client.get(f"/article/{sample.hostile}").text
    assert ESCAPED_TITLE in article and ESCAPED_QUOTE in article
    diff = client.get(f"/diff/{sample.hostile}/{sample.wire}").text
    assert ESCAPED_TITLE in diff and ESCAPED_QUOTE in diff
    outlet = client.get("/outlet/" + XSS_OUTLET.replace(" ", "%20")).text
    assert "Evil &#34;News&#34; &lt;i&gt;Daily&lt;/i&gt;" in outlet
    # a javascript: URL in an article's metadata is shown, never linked
    indep = client.get(f"/article/{sample.independent}").text
    assert 'href="javascript:' not in indep


def test_stories_page_lists_filters_and_paginates(client: TestClient, sample: Sample) -> None:
    html = client.get("/").text
    assert "Orlen bridge closed after cracks found" in html and f'href="/story/{sample.story}"' in html
    assert "Page 1 of 1" in html
    filtered = client.get("/", params={"outlet": "Harbor Ledger"}).text
    assert f"/story/{sample.story}" in filtered and f"/story/{sample.story2}" not in filtered
    by_line = client.get("/", params={"storyline": sample.storyline}).text
    assert f"/story/{sample.story2}" in by_line and f"/story/{sample.hostile_story}" not in by_line
    dated = client.get("/", params={"date_from": "2025-03-05", "date_to": "2025-03-05"}).text
    assert f"/story/{sample.hostile_story}" in dated and f'/story/{sample.story}"' not in dated
    assert client.get("/", params={"page": 2}).status_code == 200
    assert client.get("/", params={"page": 0}).status_code == 422
    assert client.get("/", params={"q": "x" * 501}).status_code == 422


def test_pagination_links(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    arts = [
        make_article(
            f"Story number {i} text about harbour {i}.", title=f"Story {i}", published=f"2025-01-{i + 1:02d}"
        )
        for i in range(25)
    ]
    store.add_articles(store.start_run("ingest"), arts)
    stories = [Story(f"s{i:03d}", f"Story {i}", [a.id], a.published, a.published) for i, a in enumerate(arts)]
    store.save_build(BuildOutput([a.id for a in arts], {}, [], [], stories, [], {}, [], {}, {}, {}, {}, {}))
    store.close()
    client = TestClient(create_app(str(tmp_path / "many.db")))
    first = client.get("/").text
    assert "Page 1 of 2" in first and 'href="/?page=2"' in first and "s024" in first and "s000" not in first
    second = client.get("/?page=2").text
    assert "Page 2 of 2" in second and "s000" in second and 'href="/?page=1"' in second


def test_story_page_sections(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/story/{sample.story}").text
    # cited summary: numbers link to the articles
    assert f'<a class="cite" href="/article/{sample.wire}"' in html
    # timeline charts (coverage and storyline) drawn as inline SVG
    assert html.count('<svg class="chart"') == 2 and "Orlen bridge reopens" in html
    # the coverage matrix with one cell class per treatment
    for cls in ("t-reports", "t-attributes", "t-hedges", "t-contradicts", "t-absent"):
        assert cls in html
    # quotes with speaker and outlets, copy group with a diff link, evidence
    assert QUOTE in html and "Pell Varga" in html
    assert f'href="/diff/{sample.wire}/{sample.copy}"' in html
    assert "shares wire copy" in html and "82%" in html


def test_story_page_without_comparison(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/story/{sample.story2}").text
    assert "No comparison of facts" in html and "No two articles of this story share copied text" in html


def test_redirects_for_merged_and_prefix_ids(client: TestClient, sample: Sample) -> None:
    r = client.get("/story/s_oldhostile", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/story/{sample.hostile_story}"
    r = client.get(f"/article/{sample.wire[:8]}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/article/{sample.wire}"


def test_article_page(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/article/{sample.wire}").text
    assert "<details" in html and "Subscribe to our newsletter" in html and "boilerplate" in html
    assert f'href="/diff/{sample.wire}/{sample.copy}"' in html
    assert 'class="seg quote quote-direct"' in html  # the quote is marked in the text
    assert 'href="https://nw.example/bridge"' in html


def test_diff_uses_stored_passages_both_ways(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/diff/{sample.wire}/{sample.copy}").text
    assert "aligned by copy detection" in html
    assert 'class="seg copied"' in html and 'class="seg edited"' in html and 'class="seg own"' in html
    assert '<span class="w-del">six</span>' in html and '<span class="w-ins">eight</span>' in html
    flipped = client.get(f"/diff/{sample.copy}/{sample.wire}").text
    left = flipped.split('data-side="right"')[0]
    # the copy's own sentence is on the left now, marked as its own
    assert re.search(r'class="seg own"[^>]*>' + re.escape(S4), left)


def test_diff_without_link_is_computed_or_plain(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/diff/{sample.wire}/{sample.independent}").text
    assert "no stored copy link" in html or "Alignment is unavailable" in html
    assert "Drivers faced long queues" in html


def test_outlet_and_storyline_pages(client: TestClient, sample: Sample) -> None:
    html = client.get("/outlet/Valley%20Courier").text
    assert "claimed" in html and "Orlen bridge reopens" in html and "2 articles" in html
    assert client.get("/outlet/Nobody%20Here").status_code == 404
    line = client.get(f"/storyline/{sample.storyline}").text
    assert '<svg class="chart"' in line and f'href="/story/{sample.story2}"' in line


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/story/unknown1", 404),
        ("/article/unknown1", 404),
        ("/storyline/unknown1", 404),
        ("/diff/unknown1/unknown2", 404),
        ("/story/bad$id", 422),
        ("/story/" + "x" * 65, 422),
        ("/diff/a%3Cb/c", 422),
        ("/static/..%2f..%2fapp.py", 404),
        ("/static/%2e%2e/app.py", 404),
        ("/static/../../../etc/passwd", 404),
    ],
)
def test_errors_are_pages(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, url
    assert "create_app" not in r.text and "root:" not in r.text
    if status == 404 and not url.startswith("/static"):
        assert r.headers["content-type"].startswith("text/html") and "Back to stories" in r.text
