"""Text normalisation before cleaning: mojibake repair, Unicode NFC, whitespace.

>>> normalize_text("caf\\u00c3\\u00a9  au   lait\\r\\n\\r\\n\\r\\nnext")
'café au lait\\n\\nnext'
"""

from __future__ import annotations

import re
import unicodedata

# ftfy is thorough but costs ~1 ms per 5 kB page, more than the rest of cleaning
# together. Mojibake (UTF-8 read as Latin-1/cp1252) always shows a lead byte
# character Â..ô followed by a continuation-range or cp1252 punctuation character,
# and escaped pages show HTML entities; only pages with such a pair go through ftfy.
# (Written as one character class followed by a look-behind per kind, not as three
# alternatives: a pattern that opens with a class lets the regex engine skip to the
# next candidate character in C; as an alternation it tried every position, ~40 us on
# a 2 kB article. Same pages match: tests/clean/test_clean_normalize.py.)
_SUSPECT = re.compile(
    "[&\u0080-\u009f\u00c2-\u00f4](?:"
    "(?<=[\u00c2-\u00f4])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|(?<=&)(?:#\\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});"
    "|(?<=[\u0080-\u009f]))"
)
# Control and invisible format characters that only get in the way of matching
# (tab, newline and carriage return are kept; zero-width joiners are kept for scripts
# that need them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """Repair mojibake (ftfy), NFC-normalise and tidy whitespace, keeping paragraph breaks.

    Curly quotes and full-width characters are left as they are: they are the
    outlet's text, and quote detection downstream relies on them.
    """
    if _SUSPECT.search(text):
        import ftfy  # imported lazily: most pages never need it

        text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    text = _CONTROL.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _normalize_space(text)


# Whitespace (`str.isspace`) outside ASCII, and a run of whitespace within a line that
# is not a single space (in `_normalize_space`). Searched one by one: a negated
# category class (`[^\S \n]`) costs ~20 ns a character in the regex engine.
_WIDE_SPACES = tuple(
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_ODD_SPACES = ("\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "  ")
_SPACE_RUN = re.compile(r"[^\S\n](?:(?<! )[^\S\n]*|[^\S\n]+)")
_BLANK_LINES = re.compile(r"\n{3,}")


def _any_in(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:  # noqa: SIM110 (a loop beats any() over a generator)
        if needle in text:
            return True
    return False


def _normalize_space(text: str) -> str:
    """`newsprism.text.normalize_space` of an NFC text, without a loop over its lines:
    every run of whitespace within a line becomes one space, lines lose their edge
    spaces, and blank lines collapse to one (the same text: tested against it in
    tests/clean/test_clean_normalize.py; the line loop was ~5% of cleaning an article).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _any_in(text, _ASCII_ODD_SPACES) or (not text.isascii() and _any_in(text, _WIDE_SPACES)):
        text = _SPACE_RUN.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return _BLANK_LINES.sub("\n\n", text).strip()
