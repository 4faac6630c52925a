"""Attribution conventions added with the PolNeAR evaluation (invented sentences)."""

from __future__ import annotations

import pytest

from newsprism.extract import QuoteConfig, QuoteExtractor
from newsprism.models import Article, Quote


def quotes_of(text: str, **cfg: object) -> list[Quote]:
    quotes = QuoteExtractor(QuoteConfig(**cfg)).extract(Article(id="a", source="t", title="", text=text))  # type: ignore[arg-type]
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def speaker_of(quotes: list[Quote], prefix: str) -> str | None:
    hits = [q for q in quotes if q.text.startswith(prefix)]
    assert hits, f"no quote starting {prefix!r} in {[q.text for q in quotes]}"
    return hits[0].speaker_canonical or hits[0].speaker


@pytest.mark.parametrize(
    ("text", "prefix", "speaker"),
    [
        # continuation in the same paragraph after "X said."
        ("“The dam held,” Ilse Varga said. “We were lucky this time.”", "We were lucky", "Ilse Varga"),
        # continuation after a sentence split at the closing mark
        ("“That is simply false!” Tomas Reyl replied. “Check the minutes.”", "That is simply", "Tomas Reyl"),
        # two apostrophes as quote marks
        ("''We have made a fair offer,'' Ms. Kant said.", "We have made", "Kant"),
        # abbreviated title, middle initial, party in parentheses
        (
            "“The bill is dead,” Sen. Harlan T. Moss (R-Ore.) said Tuesday.",
            "The bill is dead",
            "Harlan T. Moss",
        ),
        # a description with a name in apposition
        ("“It was a long night,” said his coach, Marta Quell, who was ringside.", "It was", "Marta Quell"),
        # quantifier speakers
        ("“Nobody wants this strike,” said one driver, who asked not to be named.", "Nobody wants", "driver"),
        # a noun-like verb closing the clause
        ("“Prices will fall by spring,” Viguerie notes.", "Prices will fall", "Viguerie"),
        # two-word speech verbs
        ("“You started it, not us,” Bennett shot back.", "You started it", "Bennett"),
        # a colon hands the quote to the sentence subject
        (
            "The coastguard issued a warning: “Stay away from the harbour walls tonight.”",
            "Stay away",
            "coastguard",
        ),
        # headline style
        ("Kasich: ‘We Are Going All the Way to Cleveland’", "We Are Going", "Kasich"),
    ],
)
def test_attribution_conventions(text: str, prefix: str, speaker: str) -> None:
    got = speaker_of(quotes_of(text), prefix)
    assert got is not None and speaker in got


def test_pronoun_goes_to_named_subject_not_last_speaker() -> None:
    text = (
        "“The vote was rigged,” said Oren Falk.\n\n"
        "Mayor Lydia Brant rejected the charge at a briefing on Monday.\n\n"
        "“Every ballot was counted twice,” she said."
    )
    assert speaker_of(quotes_of(text), "Every ballot") == "Lydia Brant"
    # without named subjects as antecedents the pronoun goes to the last speaker
    assert speaker_of(quotes_of(text, subject_mentions=False), "Every ballot") == "Oren Falk"


def test_quote_paragraph_after_named_subject_paragraph() -> None:
    text = "Priam Voss rejected that idea.\n\n“We know the numbers, and they do not add up.”"
    assert speaker_of(quotes_of(text), "We know the numbers") == "Priam Voss"


def test_sentence_initial_words_are_no_antecedents() -> None:
    text = (
        "“We will appeal,” said Corin Adler.\n\n"
        "Ahead of the hearing, lawyers filed new papers.\n\n"
        "“The first ruling ignored the evidence,” he said."
    )
    assert speaker_of(quotes_of(text), "The first ruling") == "Corin Adler"
