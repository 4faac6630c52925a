"""Property tests: random text with random quote marks never breaks the extractor."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.extract import ClaimExtractor, QuoteExtractor, match_quotes
from newsprism.models import Article

PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "\n\n",
        "\n",
        " ",
        ",",
        ".",
        ":",
        " said ",
        " the official ",
        "He",
        " told reporters ",
        "We ",
        "never ",
        "Ostria",
        " according to ",
        "’s",
        "90s",
        "rock ’n’ roll",
        "who, ",
    ]
)
WORDS = st.text(alphabet="abcdefghij KLMN", min_size=0, max_size=12)
TEXT = st.lists(st.one_of(PIECES, WORDS), min_size=0, max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_offsets_always_valid(text):
    art = Article(id="p", source="p", title="", text=text)
    quotes = QuoteExtractor().extract(art)
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.text.strip() == q.text and q.text
    for c in ClaimExtractor().extract(art, quotes):
        assert text[c.start : c.end] == c.text
    match_quotes({"p": quotes, "r": quotes}, {}, {})


def test_adversarial_quote_mark_lines_finish():
    # long lines of quote marks: pairing uses bounded stacks, so this stays linear
    for marks in ("“" * 20000, '"' * 20000, "‘’" * 10000, "“ a ”" * 5000, "' x" * 8000, "„“" * 10000):
        art = Article(id="x", source="x", title="", text=marks)
        quotes = QuoteExtractor().extract(art)
        for q in quotes:
            assert marks[q.start : q.end] == q.text


def test_long_text_without_marks():
    text = ("The official said the harbour would reopen soon. " * 3000).strip()
    art = Article(id="x", source="x", title="", text=text)
    quotes = QuoteExtractor().extract(art)
    assert len(quotes) == 3000 and all(q.kind == "indirect" for q in quotes)
