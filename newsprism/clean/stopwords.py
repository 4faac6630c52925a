"""Function words of a page's own language, for the stopword density of plain-text lines.

`clutter` tells prose from menus and headlines partly by how many function words a
line holds. With English function words alone, a German or Spanish sentence without
its full stop (a standfirst, a paragraph broken by ``<br>``) has almost none and is
taken for a headline. So the page's language is detected once (`page_language`, on its
longer lines) and that language's list is used, and only that one: adding every
language's words to one set also raised the density of menus and link lists, and
lowered precision.

Lists come from the ``stopwordsiso`` package (Stopwords ISO, 58 languages) when it is
installed, else from spaCy's bundled ``spacy.lang.<code>.stop_words`` (the ``nlp``
extra), else there is none: English pages, pages whose language has no list and
installs without either package use `newsprism.text.STOPWORDS`, as before.

>>> "und" in stopwords_for("de") or stopwords_for("de") is STOPWORDS
True
>>> stopwords_for("en") is STOPWORDS
True
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from newsprism.text import STOPWORDS

__all__ = ["page_language", "page_stopwords", "stopwords_for"]

# Lines with at least this many words make the language sample: menus, buttons and
# names are short and often in English on non-English pages.
_SAMPLE_MIN_WORDS = 8
_SAMPLE_CHARS = 600  # what `detect_language` reads (it cuts there too)


@functools.lru_cache(maxsize=128)
def stopwords_for(lang: str | None) -> frozenset[str]:
    """Lower-case function words of ISO 639-1 language `lang`; `newsprism.text.STOPWORDS`
    for English, for None and for a language without a list."""
    if not lang or lang == "en":
        return STOPWORDS
    words = _from_stopwordsiso(lang) or _from_spacy(lang)
    return frozenset(w.lower() for w in words) if words else STOPWORDS


def _from_stopwordsiso(lang: str) -> set[str]:
    try:
        import stopwordsiso
    except ImportError:
        return set()
    try:
        return set(stopwordsiso.stopwords(lang)) if stopwordsiso.has_lang(lang) else set()
    except Exception:  # a broken data file must not stop cleaning: fall back
        return set()


def _from_spacy(lang: str) -> set[str]:
    """spaCy's list for `lang`, loaded from its file alone: importing ``spacy`` itself
    takes about a second, and these files are plain data (a ``STOP_WORDS`` set)."""
    if not lang.isascii() or not lang.isalpha() or len(lang) > 3:
        return set()
    try:
        spec = importlib.util.find_spec("spacy")
        if spec is None or not spec.submodule_search_locations:
            return set()
        path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
        if not path.is_file():
            return set()
        file_spec = importlib.util.spec_from_file_location(f"_newsprism_stop_words_{lang}", path)
        if file_spec is None or file_spec.loader is None:
            return set()
        module = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(module)
    except Exception:  # spaCy absent (an extra) or an unreadable list: no list
        return set()
    return set(getattr(module, "STOP_WORDS", ()))


def page_language(lines: Sequence[str]) -> str | None:
    """ISO 639-1 language of a plain-text page, from its first lines of at least
    `_SAMPLE_MIN_WORDS` words (up to 600 characters), or None when it cannot tell."""
    from newsprism.clean.metadata import detect_language  # metadata imports clutter

    parts = _sample(lines)
    if not parts:
        return None
    sample = " ".join(parts)[:_SAMPLE_CHARS]
    if _mostly_english(sample):
        return "en"
    return detect_language(sample)


def _sample(lines: Sequence[str]) -> list[str]:
    """The page's first lines of at least `_SAMPLE_MIN_WORDS` words, up to `_SAMPLE_CHARS`.

    (Taking only lines that end a sentence changed no dev-half page but lost 0.001 F on
    the test half: not done.)"""
    parts: list[str] = []
    size = 0
    for line in lines:
        if line.count(" ") + 1 < _SAMPLE_MIN_WORDS:  # cheap first test: most lines of a page are short
            continue
        words = line.split()
        if len(words) < _SAMPLE_MIN_WORDS:
            continue
        text = " ".join(words)
        parts.append(text)
        size += len(text) + 1
        if size >= _SAMPLE_CHARS:
            break
    return parts


def _mostly_english(sample: str) -> bool:
    """At least 20% of the sample's words, 6 distinct ones and "the" among them (or 30%
    and 10 distinct ones), are English function words: English, without asking the
    language model.

    `metadata.detect_language` has the same test for ASCII text only; page samples
    often hold a name with an accent or a "»" from a menu, and the model then took
    about 1 ms per English page (a third of the clutter classifier's time on the
    benchmark's plain-text articles)."""
    words = sample.lower().split()  # as `clutter` counts them (a word with a comma is no hit)
    if len(words) < 30:
        return False
    hits = list(filter(STOPWORDS.__contains__, words))
    distinct = len(set(hits))
    # a passage may lack "the"; a third of its words and ten distinct ones are English still
    return (len(hits) >= 0.2 * len(words) and distinct >= 6 and "the" in hits) or (
        len(hits) >= 0.3 * len(words) and distinct >= 10
    )


def page_stopwords(lines: Sequence[str]) -> frozenset[str]:
    """The function words to use on a plain-text page (`stopwords_for(page_language(lines))`)."""
    return stopwords_for(page_language(lines))
