"""The clean stage's fast paths give exactly what the plain forms they replace give.

Each fast path (anchored date-mention search, split photo-credit pattern, one-pass
whitespace tidying, ...) was written for speed only; these tests compare it with the
straightforward form on hand-picked edge cases and on many random strings built from
the pieces the patterns look for.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from newsprism.clean import clutter, dates, metadata, normalize
from newsprism.text import normalize_space

_DATE_PIECES = [
    *"on On last Last this This the The day before yesterday Yesterday today Today tomorrow".split(),
    *"night morning afternoon evening week month year earlier Earlier later in In mid- mid Mid-".split(),
    *"early late since until by By next Next past Past of at x a ( ) , . - holiday nobody".split(),
    *"22 3rd 2022 2022-09-22 1st 12th 31 May2 xMay A320 Sept Sep. September May June Jul.".split(),
    *"March Mar Marseille Monday Friday Sunday".split(),
]
_SEPARATORS = [" ", " ", " ", "\t", "", "\n", "  ", ", ", "-"]


def _date_strings(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        k = rnd.randint(1, 12)
        out.append("".join(rnd.choice(_DATE_PIECES) + rnd.choice(_SEPARATORS) for _ in range(k)))
    return out


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], str | None, tuple[str | None, ...]]]:
    return [(m.span(), m.lastgroup, m.groups()) for m in matches]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The port reopened on Monday, 22 September 2022, and again last week.",
        "the day before yesterday, earlier in the week, in mid-March and in early\tMay 2021",
        "A320 flights since 2019-04-01; Sept 22nd, 2023; Monday week; this evening",
        "May\nMonday\n\nlast   night\n12th of June",
        "Marseille in May: the holiday nobody took, until Friday.",
    ],
)
def test_date_mentions_fast_path_examples(text: str) -> None:
    assert _spans(dates._mentions(text)) == _spans(list(dates._MENTION.finditer(text)))


def test_date_mentions_fast_path_random() -> None:
    for text in _date_strings(20_000, seed=7):
        assert _spans(dates._mentions(text)) == _spans(list(dates._MENTION.finditer(text))), text


_PHOTO_LINES = [
    "Photo: Jane Roe",
    "Volunteers fill sandbags outside the town hall. Photo: Northgate Observer/Jane Roe",
    "© 2025 Aldmere Broadcasting Service",
    "Copyright Vellmar Times, all photos reserved",
    "(Picture: Kestmoor Fire and Rescue)",
    "Firefighters at the scene (AP Photo/Jane Roe)",
    "The minister (left) with officials. Credit: Getty Images",
    "Image via Shutterstock",
    "REUTERS/Jane Roe",
    "EPA-EFE/JANE ROE",
    "Foto: Hafenamt Port Alder",
    "Bildquelle: dpa",
    "Crédits photos : Jeanne Roe",
    "Zdjęcie: Jan Rowe",
    "Imagen: Télam",
    "Fot. Jan Rowe",
    "Photo by Jane Roe on Unsplash",
    "Adobe Stock / Jane Roe",
    "stock.adobe.com",
    "depositphotos",
    "Photographed by Jane Roe for the Ledger",
    "In pictures: the Rell Valley under water",
    "According to an expert on armaments, the photographs were genuine.",
    "Stocks fell 3% in early trading as the picture darkened.",
    "Separately, the epidemic eased (officials said: no new cases).",
    "The image: a harbour at dawn.",
    "",
]


def test_photo_credit_parts_equal_the_whole_pattern() -> None:
    rnd = random.Random(11)
    words = [w for line in _PHOTO_LINES for w in line.split()] + ["(", ":", ".", ")", "/", "by", "via"]
    lines = list(_PHOTO_LINES)
    for _ in range(20_000):
        lines.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 8))))
    for line in lines:
        assert clutter._photo_credit(line.lower()) == bool(clutter._PHOTO_CREDIT.search(line)), line


def test_tail_markers_alternation_picks_the_first_marker() -> None:
    lines = [
        "Related Posts",
        "You might also like",
        "Leave a Reply",
        "Dear Reader,",
        "Weitere Artikel",
        "Kommentare (3)",
        "Comentarios",
        "Most read",
        "The council met on Monday.",
    ]
    for line in lines:
        lower = line.lower()
        expected = next((reason for pat, reason in clutter._TAIL_MARKERS if pat.match(lower)), None)
        got = clutter._TAIL_ANY.match(lower)
        assert (clutter._TAIL_MARKERS[int(got.lastgroup[1:])][1] if got else None) == expected, line


# The mojibake test as first written: three alternatives.
_SUSPECT_PLAIN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|&(?:#\\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});"
    "|[\u0080-\u009f]"
)


def test_mojibake_check_equals_the_plain_pattern() -> None:
    rnd = random.Random(5)
    alphabet = [
        *"ab &#;x1Ae",
        "Ã",
        "©",
        "â",
        "€",
        "™",
        "\u0080",
        "\u009f",
        "é",
        "ô",
        "\u2019",
        "&amp;",
        "&#39;",
    ]
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert bool(normalize._SUSPECT.search(text)) == bool(_SUSPECT_PLAIN.search(text)), text


def test_whitespace_tidying_equals_normalize_space() -> None:
    spaces = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u3000"
    assert set(normalize._WIDE_SPACES) | set(normalize._ASCII_ODD_SPACES[:-1]) | set(" \n\r") == set(spaces)
    rnd = random.Random(3)
    alphabet = [*"ab .é", "e\u0301", *spaces, "\r\n", "  "]
    for _ in range(20_000):
        text = unicodedata.normalize("NFC", "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))))
        assert normalize._normalize_space(text) == normalize_space(text), repr(text)


def _clearly_english_plain(sample: str) -> bool:
    if not sample.isascii():
        sample = sample.translate(metadata._TYPOGRAPHIC)
        if not sample.isascii():
            return False
    words = metadata._ASCII_WORD.findall(sample.lower())
    if len(words) < 30:
        return False
    hits = [w for w in words if w in metadata._ENGLISH_MARKERS]
    return len(hits) >= 0.2 * len(words) and "the" in hits and len(set(hits)) >= 6


def test_english_fast_check_equals_translating_the_sample() -> None:
    prose = (
        "The harbour at Port Alder reopened on Tuesday and the council said that it was safe for the boats"
    )
    rnd = random.Random(9)
    pieces = [*prose.split(), "’s", "“", "”", "—", "…", "€5", "£3", "•", "\u00a0", "café", "Ärger", "K\u212a"]
    for _ in range(5_000):
        sample = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(20, 60)))
        assert metadata._clearly_english(sample) == _clearly_english_plain(sample), sample


def test_ascii_words_equal_unicode_words_on_ascii_lines() -> None:
    rnd = random.Random(13)
    alphabet = [*"abcXYZ019_'-. ,:;()|/", "don't", "U.S.", "3-year-old", "A320", "_x"]
    for _ in range(20_000):
        line = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 20)))
        assert clutter._WORD_ASCII.findall(line) == clutter._WORD_RE.findall(line), line
