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


# --- conventions added with the parse resolver (rules only: parser=False)


@pytest.mark.parametrize(
    ("text", "prefix", "speaker"),
    [
        # a dash and a name after the quote, on the same line (vox-pop layout)
        (
            "Readers wrote in.\n“He only promotes fear and more fear every single day.” ― Esther Valo\n"
            "“We deserve a far better debate than this one.” — Karel Brandt, Ostria.",
            "We deserve",
            "Karel Brandt",
        ),
        # the name on its own line under the quote (fact-check layout)
        (
            "Quotable.\n\n“Almost all new income is going to the top one percent.”\n\n- Ada Sanders.\n\nNot quite.",
            "Almost all new",
            "Ada Sanders",
        ),
        # "asked X" after a quote names the speaker, not a listener
        ("“Why would anyone sign this deal now?” asked Mr. Pell Varga.", "Why would", "Pell Varga"),
    ],
)
def test_byline_and_inverted_conventions(text: str, prefix: str, speaker: str) -> None:
    assert speaker_of(quotes_of(text, parser=False), prefix) == speaker


def test_dash_inside_a_sentence_is_no_byline() -> None:
    text = "“We will not sign anything this week,” - Then the talks broke down."
    assert quotes_of(text, parser=False)[0].speaker is None


def test_words_of_an_earlier_quote_are_no_speaker() -> None:
    # "Look" opens the first quote; the second quote continues the named speaker
    text = (
        "Voters were polled.\n\n“Look, the party needed to split the first two contests,” added a "
        "Calder Democrat. “It has done that. The gap will close by the summer.”"
    )
    quotes = quotes_of(text, parser=False)
    assert [q.speaker for q in quotes] == ["a Calder Democrat", "a Calder Democrat"]


def test_reported_speech_is_not_read_inside_an_earlier_quote() -> None:
    text = (
        "Delegates met.\n\n“A lot of people had a favorite candidate, including myself,” said Dave Orrin, "
        "a one-time backer who serves as vice chairman of the county party. “Now we have chosen, "
        "we want to unite behind that person so we can win.”"
    )
    quotes = quotes_of(text, parser=False)
    assert [q.speaker for q in quotes] == ["Dave Orrin", "Dave Orrin"]
