"""Real scraped pages from ../shared/seeds (read at run time, never copied into the repo)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.clean import CleanConfig, clean_one
from newsprism.models import Article, RawDocument
from newsprism.text import split_paragraphs

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

TITLES = {
    "000": "North Korea tells US to ‘shut up’, denies sending weapons to Russia",
    "001": "North Korea denies sending arms to Russia",
    "002": "North Korea denies US claims of sending arms to Russia amid Ukraine war",
    "003": "North Korea denies supplying Russia with arms and ammunition",
    "004": "North Korea denies exporting arms to Russia amid Ukraine war",
}
# (start of the first body paragraph, end of the last one)
BODY_ENDS = {
    "000": ("• North Korea denies supplying Russia with weapons.", "tighten sanctions on Pyongyang."),
    "001": ("A senior North Korean defense official said on Tuesday", "“keep its mouth shut.”"),
    "002": ("North Korea says it hasn't exported any weapons", "the territories, Donetsk and Luhansk."),
    "003": ("A spokesman for the North Korean government spoke", "its history and first since 2017."),
    "004": (
        "The North Korean statement came weeks after the Kremlin",
        "to such an action, the ministry said.",
    ),
}
CLUTTER = (
    "icon",
    "Related Posts",
    "Recommended for you",
    "RECOMMENDED FOR YOU",
    "Dear Reader",
    "subscribe",
    "Share this article",
    "You might also like",
    "You May Also Like",
    "Leave a Reply",
    "JUST IN",
    "Photo:",
    "READ |",
    "RES-EMP",
    "Topics",
    "First Published",
    "You are here",
)
TEASERS = (
    "Six recycling innovations that could change fashion",
    "Glasgow Airport runway open",
    "Who are the remaining 136 Gaza hostages?",
    "Hamas open to truce extension",
    "NASA's new moon rocket",
    "Why Vladimir Putin's desperate military call-up",
    "North Korea carries out sixth missile launch",
    "North Korea launches suspected intermediate-range ballistic missile",
    "Immediate Peak",
    # (Session 8: "Pyongyang has responded to US accusations ..." was listed here, but on
    # seed 001 it is the page's own standfirst, set right under the headline: article
    # text, not another story's teaser. The cleaner still drops it -- a standfirst without
    # a full stop is not taken, see `clutter._standfirst` -- so nothing asserts either way.)
)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds not present")
    config = CleanConfig(now=datetime(2025, 7, 1, tzinfo=UTC))
    out: dict[str, Article] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        raw = RawDocument(source=str(path), format="text", content=path.read_text(encoding="utf-8"))
        out[path.name[:3]] = clean_one(raw, config)
    return out


@pytest.mark.parametrize("key", sorted(TITLES))
def test_titles(articles: dict[str, Article], key: str) -> None:
    assert articles[key].title == TITLES[key]


@pytest.mark.parametrize("key", sorted(TITLES))
def test_no_clutter_left(articles: dict[str, Article], key: str) -> None:
    text = articles[key].text
    for para in split_paragraphs(text):
        for marker in CLUTTER:
            assert not para.startswith(marker), para
        assert "icon" not in para.split()[:1]
    for marker in (
        "Related Posts",
        "Dear Reader",
        "Share this article",
        "You might also like",
        "Leave a Reply",
    ):
        assert marker not in text
    assert "subscribe to" not in text.lower()
    for teaser in TEASERS:
        assert teaser not in text
    assert TITLES[key] not in text  # the duplicated headline is gone too


@pytest.mark.parametrize("key", sorted(TITLES))
def test_body_kept(articles: dict[str, Article], key: str) -> None:
    first, last = BODY_ENDS[key]
    paragraphs = split_paragraphs(articles[key].text)
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)


def test_key_quote_lines_kept(articles: dict[str, Article]) -> None:
    # the unquoted block quote after "The official added:" is short body text, not clutter;
    # read it from the page at run time (seed text is never copied into the repo)
    raw = [line.strip() for line in next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8").splitlines()]
    block = next(line for line in raw[raw.index("The official added:") + 1 :] if line)
    text = articles["000"].text
    assert "The official added:" in text
    assert block in text


def test_dates(articles: dict[str, Article]) -> None:
    assert articles["002"].published_date == "2022-09-22"
    assert articles["001"].published_date == "2022-11-08"


def test_wire_and_outlets(articles: dict[str, Article]) -> None:
    assert articles["002"].wire_agency == "AP"
    assert articles["004"].wire_agency == "AP"
    assert articles["002"].outlet == "Business Standard"
    assert articles["004"].outlet == "Euronews"
    assert articles["003"].wire_agency != "KCNA"
    assert articles["003"].byline is None
    assert articles["002"].dateline == "Seoul"


def test_language(articles: dict[str, Article]) -> None:
    assert {a.language for a in articles.values()} == {"en"}
