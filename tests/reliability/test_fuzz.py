"""Fuzzing the stages that read untrusted text: no crash, valid offsets, bounded time.

Hypothesis drives the plain-text and HTML cleaner, date parsing, quote and claim
extraction, the JSONL reader and the sentence splitter with page-like pieces mixed with
arbitrary unicode; the only exception allowed is `InputRejected`. Adversarial long lines
(100k characters of quotes, dots, "icon ", brackets, capitalised words, ...) must each
finish within a generous bound: it does not measure speed, it catches catastrophic
backtracking and quadratic rescans, which take minutes, not seconds, on such lines.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.clean import clean_one, find_date_mentions, find_date_stamp, parse_date
from newsprism.errors import InputRejected
from newsprism.extract import ClaimExtractor, QuoteExtractor
from newsprism.ingest.readers import ReaderConfig, read_bytes
from newsprism.models import Article, RawDocument, Rejection
from newsprism.text import paragraph_spans, sentence_spans

# generous: a linear pass over 100k characters takes well under a second here; the
# blow-ups this guards against took 30 s for 30k characters and minutes for 100k.
# CPU time of this process, not wall time, so a loaded CI machine does not fail the check.
BOUND_S = 10.0
N = 100_000
NOW = datetime(2025, 6, 1, tzinfo=UTC)
SENTENCE = "The council of Arnvale met on Monday and approved the harbour budget, officials said."
FRAME = " ".join([SENTENCE] * 6)

ADVERSARIAL: dict[str, str] = {
    "straight quotes": '"' * N,
    "curly quotes": "“" * N,
    "alternating quotes": '"a" ' * (N // 4),
    "dots": "." * N,
    "dots inside a sentence": "The mayor paused" + "." * N + "x and went on.",
    "exclamations": "!?" * (N // 2),
    "icon words": "icon " * (N // 5),
    "nested brackets": "(" * (N // 2) + ")" * (N // 2),
    "square brackets": "[" * N,
    "capitalised words": "Word " * (N // 5),
    "initials": "Mr. A. " * (N // 7),
    "speech verbs": "said " * (N // 5),
    "quote attribution": '"Yes," said Ada Strand. ' * (N // 24),
    "date fragments": "12/" * (N // 3),
    "month names": "January " * (N // 8),
    "apostrophes": "'" * N,
    "one long word": "a" * N,
    "commas": ", " * (N // 2),
    "angle brackets": "<" * N,
}


def _bounded(fn: Callable[[], Any]) -> Any:
    started = time.process_time()
    try:
        out = fn()
    except InputRejected as exc:
        out = exc
    elapsed = time.process_time() - started
    assert elapsed < BOUND_S, f"took {elapsed:.1f} s of CPU"
    return out


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        last = e


def _check_quotes(article: Article) -> None:
    quotes = QuoteExtractor().extract(article)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(article.text) and article.text[q.start : q.end] == q.text
    for c in ClaimExtractor().extract(article, quotes):
        assert 0 <= c.start <= c.end <= len(article.text) and article.text[c.start : c.end] == c.text


def _article(text: str) -> Article:
    return Article(id="a1", source="fuzz", title="A headline", text=text, content_hash="h")


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_line_in_every_stage(name: str) -> None:
    line = ADVERSARIAL[name]
    page = f"A headline for the page\n\n{FRAME}\n\n{line}\n\n{FRAME}\n"
    html = f"<html><body><article><h1>A headline</h1><p>{FRAME}</p><p>{line}</p><p>{FRAME}</p></article></body></html>"
    for raw in (RawDocument("fuzz.txt", "text", page), RawDocument("fuzz.html", "html", html)):
        art = _bounded(lambda raw=raw: clean_one(raw))
        if isinstance(art, Article):
            _bounded(lambda art=art: _check_quotes(art))
            _check_spans(art.text, _bounded(lambda art=art: sentence_spans(art.text)))
    # the stages that take the text as it is, without cleaning first
    body = page.split("\n\n", 1)[1]
    _bounded(lambda: _check_quotes(_article(body)))
    _check_spans(body, _bounded(lambda: sentence_spans(body)))
    _check_spans(body, _bounded(lambda: paragraph_spans(body)))
    _bounded(lambda: find_date_mentions(body, "2025-05-30"))
    _bounded(lambda: find_date_stamp([line, SENTENCE], now=NOW))
    _bounded(lambda: parse_date(line[:2000], now=NOW))
    dump = (
        '{"title": "T", "text": "' + line.replace("\\", "").replace('"', '\\"') + '"}\n' + line + "\n"
    ).encode()
    for item in _bounded(lambda: list(read_bytes("fuzz.jsonl", dump, ".jsonl", ReaderConfig()))):
        assert isinstance(item, RawDocument | Rejection)


PIECES = st.sampled_from(
    [
        SENTENCE,
        '"We will rebuild the bridge," said Mara Tolvey, the mayor.',
        "“It is over,” she told reporters.",
        "icon mail icon print",
        "Related: Flood in Corlin",
        "By Osric Denn",
        "12 March 2025",
        "2025-02-30T25:61:00Z",
        "Mr. A. B. Smith Jr. said.",
        "(see (the (nested) note))",
        "...",
        "'",
        '"',
        "<script>alert(1)</script>",
        "",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=80)), max_size=25).map(lambda xs: "\n\n".join(xs))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(TEXT, st.sampled_from(["text", "html"]))
def test_cleaner_only_rejects(text: str, fmt: str) -> None:
    content = text if fmt == "text" else f"<html><body><p>{text}</p></body></html>"
    try:
        art = clean_one(RawDocument("fuzz", fmt, content))  # type: ignore[arg-type]
    except InputRejected as exc:
        assert exc.reason
        return
    assert art.text.strip() and art.id
    for d in art.date_mentions:
        assert 0 <= d.start <= d.end <= len(art.text)


@FUZZ
@given(TEXT)
def test_quotes_and_claims_are_grounded(text: str) -> None:
    _check_quotes(_article(text))


@FUZZ
@given(TEXT)
def test_sentence_and_paragraph_spans_are_ordered_and_inside(text: str) -> None:
    _check_spans(text, sentence_spans(text))
    _check_spans(text, paragraph_spans(text))


@FUZZ
@given(st.one_of(st.text(max_size=60), PIECES))
def test_dates_parse_or_say_none(value: str) -> None:
    out = parse_date(value, now=NOW)
    assert out is None or (isinstance(out, str) and out[:4].isdigit() and out[:10] <= "2025-06-01")
    stamp = find_date_stamp([value], now=NOW)
    assert stamp is None or isinstance(stamp, tuple)
    for d in find_date_mentions(value, "2025-05-30"):
        assert 0 <= d.start <= d.end <= len(value)


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=60),
            st.sampled_from(
                [
                    b'{"title": "T", "text": "Body text here."}',
                    b"[1, 2]",
                    b"null",
                    b"[" * 5000,
                    b"{}",
                    b'{"text": 5}',
                ]
            ),
        ),
        max_size=8,
    )
)
def test_jsonl_reader_accounts_for_every_line(lines: list[bytes]) -> None:
    data = b"\n".join(lines)
    items = list(read_bytes("fuzz.jsonl", data, ".jsonl", ReaderConfig()))
    assert all(isinstance(i, RawDocument | Rejection) for i in items)
    assert all(i.reason for i in items if isinstance(i, Rejection))


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "' + f"&lol{'' if i == 2 else i - 1};" * 10 + '">' for i in range(2, 10))
    + "]><rss><channel><item><title>&lol9;</title><description>x</description></item></channel></rss>"
).encode()

CONTAINERS: dict[str, list[bytes]] = {
    ".rss": [
        _LAUGHS,  # entity expansion ("billion laughs") must not blow up memory or time
        b"<rss><channel>" + b"<item>" * 50_000,
        b"<rss>" + b"<a>" * N,
        b'<rss version="2.0"><channel><item><title>T</title><description>'
        + b"&amp;" * N
        + b"</description></item></channel></rss>",
    ],
    ".warc": [
        b"WARC/1.0\r\n" + b"WARC-Type: response\r\n" * 20_000,
        b"WARC/1.0\r\nContent-Length: 999999999\r\n\r\nabc",
        b"WARC/1.0\r\nContent-Length: -5\r\n\r\n",
    ],
    ".csv": [b"title,text\n" + b'"' * N, b"title,text\n" + b"a," * N + b"\n"],
}


@pytest.mark.parametrize("suffix", sorted(CONTAINERS))
def test_adversarial_feeds_warcs_and_csvs(suffix: str) -> None:
    for data in CONTAINERS[suffix]:
        items = _bounded(lambda data=data: list(read_bytes("fuzz" + suffix, data, suffix, ReaderConfig())))
        assert items and all(isinstance(i, RawDocument | Rejection) for i in items)
        assert all(len(i.content) < 10 * len(data) for i in items if isinstance(i, RawDocument))


@FUZZ
@given(
    st.sampled_from([".rss", ".xml", ".warc", ".csv"]),
    st.sampled_from([b"", b"<rss><channel><item><title>", b"WARC/1.0\r\n", b"title,text\n", b"<?xml "]),
    st.binary(max_size=200),
)
def test_container_readers_never_crash(suffix: str, head: bytes, body: bytes) -> None:
    items = list(read_bytes("fuzz" + suffix, head + body, suffix, ReaderConfig()))
    assert all(isinstance(i, RawDocument | Rejection) for i in items)
    assert all(i.reason for i in items if isinstance(i, Rejection))
