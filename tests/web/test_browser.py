"""Browser tests: the pages in headless Chromium, over the demo corpus and a hostile store.

Needs the Python package `playwright` and Debian's `chromium` at /usr/bin/chromium
(override with $NEWSPRISM_CHROMIUM); Playwright never downloads a browser here.
Screenshots go to artifacts/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from newsprism.store import Store  # noqa: E402
from newsprism.web import create_app  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from tests.web.conftest import XSS_QUOTE, XSS_TITLE, Sample  # noqa: E402

CHROMIUM = os.environ.get("NEWSPRISM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = REPO / "artifacts" / "screenshots"
CORPUS = REPO / "newsprism" / "demo" / "corpus"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db: Path) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set NEWSPRISM_CHROMIUM)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        from newsprism.pipeline import build, ingest
    except ImportError as exc:
        pytest.skip(f"newsprism.pipeline does not import yet ({exc}); the demo store cannot be built")
    if not CORPUS.is_dir():
        pytest.skip("the demo corpus is missing")
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(db) as store:
        ingest(store, [str(CORPUS)])
        build(store)
        if not store.counts()["stories"]:
            pytest.skip("the demo build produced no stories")
    return db


@pytest.fixture(scope="module")
def demo_url(demo_db: Path) -> Iterator[str]:
    yield from _serve(demo_db)


@pytest.fixture(scope="module")
def hostile_url(sample: Sample) -> Iterator[str]:
    yield from _serve(sample.path)


@pytest.fixture
def problems() -> list[str]:
    """Console errors (CSP violations included) and requests that leave the local server."""
    return []


@pytest.fixture
def page(browser: Any, problems: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: None if r.url.startswith("http://127.0.0.1") else problems.append(r.url))
    yield pg
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_stories_page_and_largest_story(page: Any, problems: list[str], demo_url: str, demo_db: Path) -> None:
    with Store(demo_db, readonly=True) as store:
        largest = store.largest_story()
        has_facts = bool(store.story_report(largest.id)["comparison"].get("facts")) if largest else False
    assert largest is not None
    page.goto(demo_url + "/")
    assert page.locator(".story-card").count() > 0
    assert page.locator("h1").first.inner_text() == "Stories"
    _shot(page, "stories")
    link = page.locator(f'a[href="/story/{largest.id}"]').first
    if link.count():
        link.click()
    else:  # not on the first page of the list: open it directly
        page.goto(f"{demo_url}/story/{largest.id}")
    page.wait_for_url(f"**/story/{largest.id}")
    assert page.locator("h1.story-h1").inner_text().strip() == largest.title.strip()
    # the timeline chart is drawn, with one dot per dated article
    assert page.locator("#timeline svg.chart").first.is_visible()
    assert page.locator("#timeline svg.chart").first.locator("circle.dot").count() >= 1
    # the coverage matrix (or its empty state)
    assert page.locator("#coverage").is_visible()
    if has_facts:
        assert page.locator("table.matrix td.cell").count() >= len(largest.outlets)
    _shot(page, "story")
    assert problems == []


def test_diff_page(page: Any, problems: list[str], demo_url: str, demo_db: Path) -> None:
    with Store(demo_db, readonly=True) as store:
        story = (
            next((s for s in store.stories() if store.copy_groups(s.article_ids)), None)
            or store.largest_story()
        )
    assert story is not None
    page.goto(f"{demo_url}/story/{story.id}")
    diff_links = page.locator("#copies a.btn")
    if diff_links.count():
        diff_links.first.click()
        page.wait_for_url("**/diff/**")
    else:
        ids = story.article_ids + story.article_ids
        page.goto(f"{demo_url}/diff/{ids[0]}/{ids[1]}")
    assert page.locator(".diff-col").count() == 2
    assert page.locator(".legend").first.is_visible()
    keyed = page.locator(".diff-col[data-side=left] [data-key]")
    if keyed.count():
        # pointing at a shared passage outlines its counterpart in the other article
        key = keyed.first.get_attribute("data-key")
        keyed.first.hover()
        assert "hl" in (
            page.locator(f'.diff-col[data-side=right] [data-key="{key}"]').first.get_attribute("class") or ""
        )
    _shot(page, "diff")
    assert problems == []


def test_search_for_a_quote(page: Any, problems: list[str], demo_url: str, demo_db: Path) -> None:
    with Store(demo_db, readonly=True) as store:
        quote, article = None, None
        for art in store.articles():
            qs = [q for q in store.quotes(art.id) if len(q.text.split()) >= 5]
            if qs:
                quote, article = qs[0], art
                break
    if quote is None or article is None:
        pytest.skip("the demo build found no quotes")
    words = " ".join(w.strip("\"“”‘’'.,;:!?") for w in quote.text.split()[:5])
    page.goto(demo_url + "/")
    box = page.locator(".topsearch input[name=q]")
    box.fill(f'"{words}"')
    box.press("Enter")
    page.wait_for_url("**/?q=**")
    assert page.locator(".hit").count() >= 1
    assert page.locator(f'.hit a[href="/article/{article.id}"]').count() == 1
    assert page.locator(".seg.hit").count() >= 1  # matched words are marked in the snippet
    _shot(page, "search")
    assert problems == []


def test_hostile_article_runs_no_script(
    page: Any, problems: list[str], hostile_url: str, sample: Sample
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in [
        "/",
        f"/story/{sample.hostile_story}",
        f"/article/{sample.hostile}",
        f"/diff/{sample.hostile}/{sample.wire}",
        "/?q=spokesman",
        "/outlets",
    ]:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
    page.goto(f"{hostile_url}/story/{sample.hostile_story}")
    # the title is shown as text, and no element was injected
    assert page.locator("h1.story-h1").inner_text() == XSS_TITLE
    assert page.get_by_text(XSS_QUOTE).count() >= 1
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    _shot(page, "hostile")
    page.goto(f"{hostile_url}/article/{sample.hostile}")
    page.locator("details.clutter summary").click()  # the clutter toggle opens without JS errors
    assert dialogs == []
    assert problems == []


def test_switching_the_outlet_facet(page: Any, problems: list[str], demo_url: str, demo_db: Path) -> None:
    """The story page's "coverage by outlet group" section switches facet by link."""
    with Store(demo_db, readonly=True) as store:
        story = max(store.stories(), key=lambda s: len(set(s.outlets)))
    page.goto(f"{demo_url}/story/{story.id}?by=ownership")
    section = page.locator("#by-group")
    assert section.is_visible()
    assert section.locator(".facet-switch .chip.current").inner_text() == "Ownership"
    # the demo registry knows the bundled outlets: at least two ownership groups
    assert section.locator(".group-item").count() >= 2
    section.locator(".facet-switch a", has_text="Country").click()
    page.wait_for_url("**by=country*")
    section = page.locator("#by-group")
    assert section.locator(".facet-switch .chip.current").inner_text() == "Country"
    assert section.locator("table.matrix thead th.outlet-col").count() >= 2
    _shot(page, "story_by_country")
    assert problems == []
