from datetime import UTC, datetime

import pytest

from newsprism.clean import ArticleCleaner, CleanConfig, clean_one
from newsprism.errors import EmptyContent, InputRejected
from newsprism.ids import article_id, content_hash
from newsprism.models import Article, RawDocument, Rejection
from newsprism.stage import Stage

PARA = (
    "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, "
    "the port authority said in a statement, and fishermen were back at sea within hours."
)


def _html_page(extra_head: str = "") -> str:
    return f"""<html lang="en"><head><title>Harbour reopens after storm | The Coastal Herald</title>
<meta property="og:site_name" content="The Coastal Herald">
<meta property="article:published_time" content="2024-03-05T10:15:00+01:00">
<link rel="canonical" href="https://www.coastalherald.example/news/harbour-reopens">
<meta name="author" content="Mira Castellan">{extra_head}</head>
<body><nav><a href="/">Home</a> » <a href="/news">News</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>PORT ALDER (MPA) — {PARA}</p>
<p>Fishermen returned to work early in the morning, and the town council said repairs to the northern quay
would cost about two million crowns over the next year.</p>
<p>"We have waited long enough," harbour master Ilse Varn said on Wednesday. "The boats need to go out."</p>
<p>Photo: Tomas Brekk/The Coastal Herald</p>
<p>Sign up for our morning newsletter</p>
<h3>You might also like</h3><p>Storm damage tallied along the coast</p><p>Ferry timetable changes</p>
</article><footer>Copyright 2024 The Coastal Herald. All rights reserved.</footer></body></html>"""


def test_text_page_full_article(clutter_page: str, body: list[str], config: CleanConfig) -> None:
    raw = RawDocument(
        source="page.txt", format="text", content=clutter_page, url="https://coastalherald.example/a"
    )
    art = clean_one(raw, config)
    assert art.title == "Harbour reopens after three-day storm closure"
    assert art.text.endswith(body[-1])
    assert body[0] in art.text and "Related Posts" not in art.text and "Dear Reader" not in art.text
    assert art.byline == "Mira Castellan"
    assert art.published == "2024-03-05"
    assert art.provenance["published"].startswith("text stamp")
    assert art.outlet == "The Coastal Herald"  # "subscribe to The Coastal Herald"
    assert art.domain == "coastalherald.example"
    assert art.language == "en"
    assert art.input_format == "text"
    assert art.content_hash == content_hash(clutter_page)
    assert art.id == article_id("https://coastalherald.example/a", content_hash(clutter_page))
    assert "\n\n" in art.text and "\n\n\n" not in art.text
    assert any(r.reason == "title" for r in art.removed)
    for m in art.date_mentions:
        assert art.text[m.start : m.end] == m.text
    assert ("on Tuesday", "2024-03-05") in {(m.text, m.date) for m in art.date_mentions}


def test_input_fields_win(clutter_page: str, config: CleanConfig) -> None:
    raw = RawDocument(
        source="x",
        format="jsonl",
        content=clutter_page,
        title="Harbour reopens after three-day storm closure",
        published="2024-03-06T08:00:00Z",
        outlet="Herald of the Coast",
        language="en-GB",
        byline="J. Roe",
    )
    art = clean_one(raw, config)
    assert (art.published, art.outlet, art.language, art.byline) == (
        "2024-03-06T08:00:00",
        "Herald of the Coast",
        "en",
        "J. Roe",
    )
    assert art.provenance["published"] == "input"
    assert "Harbour reopens after three-day storm closure" not in art.text


def test_invalid_input_date_falls_back_to_page(clutter_page: str, config: CleanConfig) -> None:
    raw = RawDocument(source="x", format="text", content=clutter_page, published="2999-01-01")
    assert clean_one(raw, config).published == "2024-03-05"


def test_html_page(config: CleanConfig) -> None:
    art = clean_one(RawDocument(source="h.html", format="html", content=_html_page()), config)
    assert art.title == "Harbour reopens after storm"
    assert art.url == "https://www.coastalherald.example/news/harbour-reopens"
    assert art.id == article_id(art.url, content_hash(_html_page()))
    assert art.published == "2024-03-05T10:15:00"
    assert art.outlet == "The Coastal Herald"
    assert art.byline == "Mira Castellan"
    assert (art.wire_agency, art.dateline) == ("MPA", "Port Alder")
    assert art.text.startswith("PORT ALDER (MPA) — The harbour at Port Alder reopened")
    for clutter in (
        "Photo:",
        "newsletter",
        "You might also like",
        "Storm damage tallied",
    ):
        assert clutter not in art.text
    assert art.text.count("Harbour reopens after storm") == 0


def test_jsonl_html_content_detected(config: CleanConfig) -> None:
    art = clean_one(RawDocument(source="d.jsonl#1", format="jsonl", content=_html_page()), config)
    assert art.provenance["extraction"] == "trafilatura"
    assert art.input_format == "jsonl"


def test_html_fallback_when_trafilatura_finds_nothing(
    config: CleanConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    second = PARA.replace("Tuesday", "Wednesday").replace("three", "four")
    html = f"<html><body><nav>Home</nav><article><p>{PARA}</p><p>{second}</p></article></body></html>"
    art = clean_one(RawDocument(source="f.html", format="html", content=html), config)
    # the page's visible text goes through the plain-text clutter remover: menu dropped
    assert art.provenance["extraction"] == "full-text fallback"
    assert art.text == f"{PARA}\n\n{second}"
    assert any(r.text == "Home" for r in art.removed)


def test_rejections(config: CleanConfig) -> None:
    with pytest.raises(EmptyContent):
        clean_one(RawDocument(source="e", format="text", content="  \n "), config)
    with pytest.raises(InputRejected) as binary:
        clean_one(RawDocument(source="b", format="text", content="PK\x03\x04\x00\x00binary"), config)
    assert binary.value.reason == "binary"
    with pytest.raises(InputRejected) as ctrl:
        clean_one(RawDocument(source="c", format="text", content="\x01\x02\x03\x04abc" * 50), config)
    assert ctrl.value.reason == "binary"
    with pytest.raises(InputRejected) as short:
        clean_one(
            RawDocument(source="s", format="text", content="Headline\n\nThe port reopened on Tuesday."),
            config,
        )
    assert short.value.reason == "too-short"
    with pytest.raises(InputRejected) as nobody:
        clean_one(
            RawDocument(source="n", format="text", content="Share this article\n\nRelated Posts"), config
        )
    assert nobody.value.reason == "no-body"


def test_stage_yields_articles_and_rejections(clutter_page: str, config: CleanConfig) -> None:
    cleaner = ArticleCleaner(config)
    assert isinstance(cleaner, Stage) and cleaner.name == "clean"
    raws = [
        RawDocument(source="ok", format="text", content=clutter_page),
        RawDocument(source="empty", format="text", content=""),
        RawDocument(source="bin", format="text", content="\x00\x00"),
    ]
    out = list(cleaner.run(raws))
    assert isinstance(out[0], Article)
    assert [(r.source, r.reason) for r in out[1:] if isinstance(r, Rejection)] == [
        ("empty", "empty"),
        ("bin", "binary"),
    ]


def test_min_words_and_max_chars(clutter_page: str) -> None:
    now = datetime(2025, 7, 1, tzinfo=UTC)
    with pytest.raises(InputRejected):
        clean_one(
            RawDocument(source="p", format="text", content=clutter_page), CleanConfig(now=now, min_words=500)
        )
    art = clean_one(
        RawDocument(source="p", format="text", content=clutter_page),
        CleanConfig(now=now, min_words=5, max_chars=300),
    )
    assert len(art.text) <= 300
    assert any(r.reason == "over max_chars cap" for r in art.removed)


def test_wire_dateline_in_text_page(config: CleanConfig) -> None:
    page = "Harbour reopens after storm\n\nBy The Coastal Herald with MPA\n\n" + "\n\n".join(
        [f"PORT ALDER (MPA) — {PARA}", PARA.replace("Tuesday", "Wednesday")]
    )
    strip = CleanConfig(now=config.now, strip_dateline=True)
    art = clean_one(RawDocument(source="w", format="text", content=page), strip)
    assert (art.wire_agency, art.dateline, art.outlet, art.byline) == (
        "MPA",
        "Port Alder",
        "The Coastal Herald",
        None,
    )
    assert art.text.startswith("The harbour at Port Alder")
    assert any(r.reason == "dateline" and r.text == "PORT ALDER (MPA) —" for r in art.removed)


def test_html_author_that_is_an_agency_is_the_wire(config: CleanConfig) -> None:
    html = (
        _html_page()
        .replace('content="Mira Castellan"', 'content="CW; Hollinford"')
        .replace("PORT ALDER (MPA) — ", "")
    )
    art = clean_one(RawDocument(source="h.html", format="html", content=html), config)
    assert (art.wire_agency, art.byline) == ("CW", None)


def test_dateline_stays_in_text_by_default(config: CleanConfig) -> None:
    page = "Harbour reopens\n\n" + "\n\n".join(
        [f"PORT ALDER (MPA) — {PARA}", PARA.replace("Tuesday", "Friday")]
    )
    art = clean_one(RawDocument(source="d", format="text", content=page), config)
    assert art.text.startswith("PORT ALDER (MPA) — The harbour")
    assert (art.dateline, art.wire_agency) == ("Port Alder", "MPA")


def test_stray_nul_deep_in_a_page_is_dropped_not_rejected(config: CleanConfig) -> None:
    para = (
        "The harbour at Port Alder reopened on Tuesday after a three-day closure, officials of the "
        "district council said, and the first ferry left for the islands in the afternoon. "
    )
    content = para * 100 + "\x00" + para * 3
    art = clean_one(RawDocument(source="nul.txt", format="text", content=content), config)
    assert "\x00" not in art.text
    with pytest.raises(InputRejected) as binary:
        clean_one(RawDocument(source="b", format="text", content=para + "\x00" + para), config)
    assert binary.value.reason == "binary"  # a NUL in the first 8 KiB: a binary file
