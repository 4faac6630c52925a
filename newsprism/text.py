"""Small text utilities shared by the stages: paragraphs, sentences, tokens, names.

These are deliberately dependency-free and fast (regular expressions without
nested quantifiers, so no catastrophic backtracking): they run on every article.
Stages that need a full parser (spaCy) load it lazily, behind an extra.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Common English function words. Used for stopword density (clutter detection) and
# to keep content terms (clustering, copy detection).
STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    upon us very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say told tells according would could may might must
    shall also however although though since whether yet still even just like one two three
    new last first year years week weeks month months day days time today yesterday tomorrow
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday""".split()
)

_PARA_SPLIT = re.compile(r"\n[ \t\u00a0]*\n+")
WORD_PATTERN = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)

# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cpt maj adm gov sen rep rev st mt jr sr inc ltd co
    corp vs etc fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e
    a.m p.m""".split()
)
# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, space.
# Only at the start of a run of punctuation, and possessive (no backtracking): otherwise a
# long run without a following space ("....." x 100k) is rescanned from every position,
# O(n^2) — minutes for one line (found by tests/reliability/test_fuzz.py).
_SENT_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’»)\]]*+(?=\s)")
_CLOSING = "\"'”’»)]"


def normalize_space(text: str) -> str:
    """Collapse runs of spaces inside lines; keep paragraph breaks; NFC-normalise."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines (stripped, empty ones dropped)."""
    return [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of `text`."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        if text[pos : m.start()].strip():
            spans.append(_strip_span(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_strip_span(text, pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences, never crossing paragraph breaks.

    >>> t = 'Mr. Smith said "No." Then he left. U.S. officials agreed.'
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Mr. Smith said "No."', 'Then he left.', 'U.S. officials agreed.']
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text) or ([(0, len(text))] if text.strip() else []):
        para = text[p_start:p_end]
        start = 0
        for m in _SENT_END.finditer(para):
            end = m.end()
            if _is_abbreviation(para, m.start()):
                continue
            nxt = _next_nonspace(para, end)
            if nxt is not None and not (
                para[nxt].isupper() or para[nxt].isdigit() or para[nxt] in "\"'“‘«(["
            ):
                continue
            if para[start:end].strip():
                spans.append(_strip_span(text, p_start + start, p_start + end))
            start = end
        if para[start:].strip():
            spans.append(_strip_span(text, p_start + start, p_end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`."""
    return [text[s:e] for s, e in sentence_spans(text)]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot].lower()
    if not word:
        return False
    # single capital letters (initials, "J. Smith") and known abbreviations
    return word in _ABBREV or (len(word) == 1 and text[i].isupper())


def _next_nonspace(text: str, pos: int) -> int | None:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos if pos < len(text) else None


def words(text: str) -> list[str]:
    """Word tokens in lower case (letters, inner apostrophes and hyphens)."""
    return [w.lower().replace("’", "'") for w in WORD_PATTERN.findall(text)]


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of the word tokens of `text`."""
    for m in WORD_PATTERN.finditer(text):
        yield m.start(), m.end()


def content_terms(text: str) -> list[str]:
    """Lower-case words that are not stopwords and have at least 3 letters."""
    return [w for w in words(text) if len(w) >= 3 and w not in STOPWORDS]


_NAME_PART = r"[A-Z][\w'’.-]*"
_PROPER = re.compile(
    rf"{_NAME_PART}(?:[ \t]+(?:(?:of|the|de|al|bin|von|van|del|la|le|du)[ \t]+)?{_NAME_PART})*"
)
_NAME_STOP = frozenset(
    {w.capitalize() for w in STOPWORDS} | {"The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "It"}
)


def proper_phrases(text: str) -> list[str]:
    """Capitalised word sequences that are likely names (people, places, organisations).

    Sentence-initial function words are dropped ("The Ministry" -> "Ministry").
    A cheap stand-in for NER, used where a parser would be too slow.
    """
    out: list[str] = []
    for m in _PROPER.finditer(text):
        parts = m.group(0).split()
        while parts and parts[0].rstrip(".,") in _NAME_STOP:
            parts.pop(0)
        while parts and parts[-1].rstrip(".,") in _NAME_STOP:
            parts.pop()
        if parts:
            phrase = " ".join(parts).rstrip(".,'’")
            if len(phrase) > 1:
                out.append(phrase)
    return out
