"""Text normalisation before cleaning: mojibake repair, Unicode NFC, whitespace.

>>> normalize_text("caf\\u00c3\\u00a9  au   lait\\r\\n\\r\\n\\r\\nnext")
'café au lait\\n\\nnext'
"""

from __future__ import annotations

import re
import unicodedata

from newsprism.text import normalize_space

# ftfy is thorough but costs ~1 ms per 5 kB page, more than the rest of cleaning
# together. Mojibake (UTF-8 read as Latin-1/cp1252) always shows a lead byte
# character Â..ô followed by a continuation-range or cp1252 punctuation character,
# and escaped pages show HTML entities; only pages with such a pair go through ftfy.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|&(?:#\\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});"
    "|[\u0080-\u009f]"
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
    return normalize_space(text)
