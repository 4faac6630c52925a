"""Plain-text pages in other languages, standfirsts and the site's own notices (invented text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.clean import remove_clutter
from newsprism.clean.clutter import _ends_terminal, classify_lines
from newsprism.clean.evaluate import SnippetDoc, page_half
from newsprism.clean.stopwords import page_language, stopwords_for
from newsprism.text import STOPWORDS

# An invented German article (fictional town, people and outlet). Its second paragraph
# was broken off without a full stop, as paragraphs scraped without their markup often are.
BROKEN = (
    "Nach Angaben der Verwaltung soll das Schiff bis zu dreihundert Fahrgäste und vierzig Autos aufnehmen "
    "können und damit die alte Fähre ersetzen, die seit dem Sturm im Winter nicht mehr in Betrieb war und "
    "nur noch im Notfall eingesetzt wurde"
)
GERMAN_PAGE = [
    "Startseite",
    "Nachrichten",
    "Region",
    "",
    "Neue Fähre für den Hafen von Kellmar",
    "",
    "Die Stadt Kellmar hat am Dienstag eine neue Fähre für die Verbindung zu den Inseln in Dienst gestellt, "
    "wie die Hafenverwaltung mitteilte.",
    "",
    "Bürgermeisterin Ilka Brandt sprach von einem guten Tag für die Inseln und dankte der Werft.",
    "Die Fahrt dauert nun kürzer.",
    "Die Bewohner hatten lange auf die neue Verbindung gewartet und mehrfach bei der Stadt protestiert.",
    "",
    BROKEN,
    "",
    "Foto: Jonas Wrede",
    "Folgen Sie uns auf Facebook",
]


def _kept(lines: list[str], **kwargs: object) -> list[str]:
    return classify_lines(lines, **kwargs).paragraphs  # type: ignore[arg-type]


def _has_list(lang: str) -> bool:
    return stopwords_for(lang) is not STOPWORDS


def test_english_and_unknown_languages_use_the_english_list() -> None:
    assert stopwords_for("en") is STOPWORDS
    assert stopwords_for(None) is STOPWORDS
    assert stopwords_for("zz") is STOPWORDS  # no such language: no list, English as before


def test_german_list_holds_german_function_words() -> None:
    if not _has_list("de"):
        pytest.skip("neither stopwordsiso nor spaCy is installed")
    words = stopwords_for("de")
    assert {"und", "die", "der"} <= words
    assert "the" not in words  # that language's words only


def test_page_language_reads_the_longer_lines() -> None:
    assert page_language(GERMAN_PAGE) == "de"
    assert page_language(["Home", "Menu", "Search"]) is None  # nothing long enough to tell


def test_german_paragraph_without_full_stop_is_kept_with_german_function_words() -> None:
    if not _has_list("de"):
        pytest.skip("neither stopwordsiso nor spaCy is installed")
    broken = BROKEN
    # with English function words only, the unfinished paragraph reads as a headline
    assert broken not in _kept(GERMAN_PAGE, stopwords=STOPWORDS)
    kept = _kept(GERMAN_PAGE)
    assert broken in kept
    # a short sentence set against body prose in the same paragraph is a sentence of it
    short = "Die Fahrt dauert nun kürzer."
    kinds = {v.text: v.kind for v in classify_lines(GERMAN_PAGE).verdicts}
    assert kinds[short] == "sentence"
    assert {v.text: v.kind for v in classify_lines(GERMAN_PAGE, stopwords=STOPWORDS).verdicts}[
        short
    ] == "short"
    assert short in kept
    assert "Startseite" not in kept


def test_other_languages_credits_and_follow_prompts_are_clutter() -> None:
    reasons = {r.text: r.reason for r in classify_lines(GERMAN_PAGE).removed}
    assert reasons["Foto: Jonas Wrede"] == "photo caption"
    assert reasons["Folgen Sie uns auf Facebook"] == "social or app promo"


def test_danda_and_arabic_question_mark_end_sentences() -> None:
    assert _ends_terminal("এটি একটি বাক্য।") == "।"
    assert _ends_terminal("هل هذا سؤال؟") == "؟"


BODY = [
    "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, the port "
    "authority said in a statement on its website.",
    "Fishermen returned to work early in the morning, and the town council said repairs to the northern "
    "quay would cost about two million crowns over the next year.",
    "The council will vote on the repair budget next month, according to deputy mayor Oren Kell, who said "
    "the money would come from the regional reserve fund.",
    "The council may receive compensation from the regional government for the storm damage, Kell added.",
]
STANDFIRST = "Boats are back at sea after three days in port, and the town counts the cost of the repairs."


def _page(*notices: str) -> str:
    lines = ["Harbour reopens after storm", "", STANDFIRST, "", "By Mira Castellan", "Published 5 March 2024"]
    lines += ["Photo: Tomas Brekk/The Coastal Herald", ""]
    for p in BODY:
        lines += [p, ""]
    for n in notices:
        lines += [n, ""]
    return "\n".join(lines)


def test_standfirst_above_header_lines_is_kept_and_header_lines_are_not() -> None:
    result = remove_clutter(_page())
    assert result.paragraphs == [STANDFIRST, *BODY]
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["By Mira Castellan"] == "byline"
    assert reasons["Photo: Tomas Brekk/The Coastal Herald"] == "photo caption"


@pytest.mark.parametrize(
    ("notice", "reason"),
    [
        ("Follow The Coastal Herald on social media for the latest updates.", "social or app promo"),
        ("Never miss the latest news by signing up to our newsletter today!", "newsletter sign-up"),
        ("We may earn a commission when you buy through links on our site.", "affiliate disclosure"),
        ("No spam, we promise. You can unsubscribe at any time.", "newsletter sign-up"),
        ("If you are already a subscriber, log in to read this story.", "subscription appeal"),
        ("Submit a letter to the editor or write to letters@coastalherald.example.", "comment form"),
    ],
)
def test_site_notices_after_the_body_are_removed(notice: str, reason: str) -> None:
    result = remove_clutter(_page(notice))
    assert result.paragraphs == [STANDFIRST, *BODY]  # the body sentence on compensation stays
    assert {r.text: r.reason for r in result.removed}[notice] == reason


def test_page_half_is_stable_and_splits_by_file_name() -> None:
    halves = {page_half(SnippetDoc("u", Path(f"eval/page{i}.html"), [], [])) for i in range(20)}
    assert halves == {"dev", "test"}
    doc = SnippetDoc("u", Path("cache/example.com.news.html"), [], [])
    assert page_half(doc) == "dev"  # the folder does not matter, only the file name
