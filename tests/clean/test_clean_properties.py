from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.clean import (
    ArticleCleaner,
    CleanConfig,
    find_date_mentions,
    find_date_stamp,
    news_tail_filter,
    parse_date,
    remove_clutter,
)
from newsprism.models import Article, RawDocument, Rejection

NOW = datetime(2024, 1, 1, tzinfo=UTC)

# Text drawn from page-like pieces and arbitrary unicode, so both the patterns and odd input are hit.
_pieces = st.sampled_from(
    [
        "Related Posts",
        "By Jane Roe",
        "icon mail icon print icon share",
        "Photo: Jane Roe",
        "The council met on Monday and approved the harbour budget, officials said.",
        "JUST IN",
        "Published 3 May 2023",
        "Dear Reader,",
        "—",
        "• Key point here.",
        "AP | Vellmar",
        "",
        " ",
        "2023-13-45",
        "Leave a Reply",
    ]
)
_lines = st.lists(st.one_of(_pieces, st.text(max_size=120)), max_size=40)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_lines)
def test_clutter_partitions_input_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    result = remove_clutter(text)
    all_lines = text.split("\n")
    kept = [v.position for v in result.kept]
    removed = [r.position for r in result.removed]
    assert not set(kept) & set(removed)
    assert sorted(kept + removed) == [i for i, line in enumerate(all_lines) if line.strip()]
    assert all(r.reason for r in result.removed)
    assert kept == sorted(kept)


@settings(max_examples=100)
@given(st.lists(st.text(max_size=200), max_size=20))
def test_tail_filter_partitions_paragraphs(paragraphs: list[str]) -> None:
    kept, removed = news_tail_filter(paragraphs)
    assert len(kept) + len(removed) == sum(1 for p in paragraphs if p.strip())


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_lines.map("\n".join), st.text(max_size=3000)), st.sampled_from(["text", "html", "jsonl"]))
def test_cleaner_never_crashes(content: str, fmt: str) -> None:
    raw = RawDocument(source="p", format=fmt, content=content)  # type: ignore[arg-type]
    (out,) = list(ArticleCleaner(CleanConfig(now=NOW, min_words=1)).run([raw]))
    assert isinstance(out, (Article, Rejection))
    if isinstance(out, Rejection):
        assert out.reason != "internal-error", out.detail
    else:
        assert out.published is None or out.published[:10] <= "2024-01-01"
        for m in out.date_mentions:
            assert out.text[m.start : m.end] == m.text


_date_texts = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda d, fmt: d.strftime(fmt),
        st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
        st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "Published %d %b %Y %H:%M", "%a, %d %b %Y"]),
    ),
)


@settings(max_examples=300)
@given(_date_texts)
def test_date_parser_never_returns_future(value: str) -> None:
    for iso in (parse_date(value, now=NOW), (find_date_stamp([value], now=NOW) or (None,))[0]):
        if iso is not None:
            assert date.fromisoformat(iso[:10]) <= NOW.date()


@settings(max_examples=100)
@given(st.text(max_size=400), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)))
def test_mentions_offsets_valid(text: str, pub: date) -> None:
    for m in find_date_mentions(text, pub.isoformat()):
        assert text[m.start : m.end] == m.text
        date.fromisoformat(m.date)
