"""Quote extraction on invented paragraphs: styles, nesting, blocks, speakers."""

from __future__ import annotations

import pytest

from newsprism.extract import QuoteConfig, QuoteExtractor
from newsprism.extract.quotes import canonical_name
from newsprism.models import Article, Quote


def quotes_of(text: str) -> list[Quote]:
    quotes = QuoteExtractor(QuoteConfig()).extract(Article(id="a1", source="t", title="", text=text))
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return quotes


def by_text(quotes, prefix):
    hits = [q for q in quotes if q.text.startswith(prefix)]
    assert hits, f"no quote starting {prefix!r} in {[q.text for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize(
    "text",
    [
        "“We will rebuild the harbour before winter,” the mayor said.",
        '"We will rebuild the harbour before winter," the mayor said.',
        "‘We will rebuild the harbour before winter,’ the mayor said.",
        "« We will rebuild the harbour before winter », the mayor said.",
        "„We will rebuild the harbour before winter“, the mayor said.",
        "'We will rebuild the harbour before winter,' the mayor said.",
    ],
)
def test_quote_styles(text):
    q = by_text(quotes_of(text), "We will rebuild")
    assert q.text == "We will rebuild the harbour before winter"
    assert q.speaker == "the mayor" and q.cue == "said" and q.kind == "direct"


def test_mixed_curly_and_straight_marks_pair():
    text = 'The envoy said Varnland “is quietly moving troops to the border" near Osk.'
    q = by_text(quotes_of(text), "is quietly")
    assert q.text == "is quietly moving troops to the border"
    assert q.kind == "partial" and q.speaker == "The envoy"


def test_nested_quote_stays_inside_outer():
    text = "The minister said rivals were “spreading a ‘rumour of grain’ deals” across Tarsa."
    quotes = quotes_of(text)
    direct = [q for q in quotes if q.kind != "indirect"]
    assert [q.text for q in direct] == ["spreading a ‘rumour of grain’ deals"]
    assert direct[0].speaker == "The minister"


@pytest.mark.parametrize(
    "text",
    [
        "The country’s harbour reopened after the storm of the ’90s faded from memory.",
        "They played rock ’n’ roll all night at the officials’ party in Brellport.",
        "It's the workers' union that didn't agree, and the port's owners won't say.",
    ],
)
def test_apostrophes_are_not_quotes(text):
    assert [q for q in quotes_of(text) if q.kind != "indirect"] == []


def test_scare_quotes_dropped_unless_attributed():
    text = (
        "The plan was branded a “success” in the brochure.\n\n"
        "A Varnish official told Orland to stop making “reckless remarks” at once."
    )
    quotes = quotes_of(text)
    assert not any(q.text == "success" for q in quotes)
    q = by_text(quotes, "reckless remarks")
    assert q.kind == "partial" and q.speaker == "A Varnish official" and q.cue == "told"


def test_multi_paragraph_quote():
    text = (
        "Councillor Pim Adler spoke at length.\n\n"
        "“We have waited ten years for this bridge. Nobody listened.\n\n"
        "“Now the money is there and we will build it,” Adler said.\n\n"
        "The vote is on Friday."
    )
    quotes = quotes_of(text)
    q = by_text(quotes, "We have waited")
    assert q.text.endswith("we will build it")
    assert "\n\n" in q.text  # one quote over two paragraphs
    assert q.speaker == "Adler"


def test_unclosed_paragraph_quote_ends_at_paragraph():
    text = (
        "“We have waited ten years for this bridge and nobody listened.\n\n"
        "The vote is on Friday, officials said."
    )
    q = by_text(quotes_of(text), "We have waited")
    assert q.text == "We have waited ten years for this bridge and nobody listened."


def test_block_quote_after_colon():
    text = (
        "The spokesperson for the Ostrian navy added:\n\n"
        "We have never entered those waters and we will not do so.\n\n"
        "Our ships stay in port until the talks end.\n\n"
        "Fishermen in Brell said the patrols continued all week."
    )
    quotes = quotes_of(text)
    q = by_text(quotes, "We have never entered")
    assert q.kind == "block" and q.cue == "added"
    assert q.text.endswith("until the talks end.")  # first-person paragraph joined
    assert "Fishermen" not in q.text
    assert "spokesperson" in q.speaker


def test_attribution_patterns_and_title_stripping():
    text = (
        "“The border stays open,” said Foreign Minister Ilsa Marrow on Monday.\n\n"
        "Marrow added: “Trade will continue as before.”\n\n"
        "“We expect calm,” she told reporters."
    )
    quotes = quotes_of(text)
    assert [q.speaker_canonical for q in quotes] == ["Ilsa Marrow"] * 3
    assert by_text(quotes, "The border").speaker == "Foreign Minister Ilsa Marrow"
    assert by_text(quotes, "Trade").cue == "added"
    assert by_text(quotes, "We expect").cue == "told"


def test_role_and_name_description():
    text = (
        "Harbour Authority spokesperson Tomas Verlen said: “The cranes are safe to use again.”\n\n"
        "Verlen, who joined the authority in March, said inspections would follow."
    )
    quotes = quotes_of(text)
    q = by_text(quotes, "The cranes")
    assert q.speaker == "Tomas Verlen"
    ind = [q for q in quotes if q.kind == "indirect"]
    assert ind and ind[0].speaker_canonical == "Tomas Verlen"
    assert ind[0].text == "inspections would follow"


def test_pronoun_coreference_to_named_speaker():
    text = (
        "Energy Secretary Dana Whitlock visited the plant on Tuesday.\n\n"
        "“The reactor is in excellent condition,” Whitlock said.\n\n"
        "The plant employs 400 people.\n\n"
        "“We will keep it running for twenty more years,” she added."
    )
    q = by_text(quotes_of(text), "We will keep")
    assert q.speaker_canonical == "Dana Whitlock" or q.speaker_canonical == "Whitlock"
    assert q.cue == "added"


def test_unnamed_official_chain():
    text = (
        "An unnamed Ostrian defence official said the reports were invented by rivals.\n\n"
        "“We strongly reject these stories,” the official said.\n\n"
        "“Nothing was shipped,” the Ostrian official added."
    )
    quotes = quotes_of(text)
    canon = {q.speaker_canonical for q in quotes}
    assert canon == {"unnamed Ostrian defence official"}
    assert by_text(quotes, "the reports").kind == "indirect"


def test_organisation_speaker_and_statement():
    text = (
        "“Exports of grain resumed on Monday,” the Tarsian trade ministry said in a statement.\n\n"
        "The ministry said prices would fall by autumn."
    )
    quotes = quotes_of(text)
    q = by_text(quotes, "Exports")
    assert q.speaker == "the Tarsian trade ministry"
    ind = by_text(quotes, "prices")
    assert ind.kind == "indirect" and ind.speaker_canonical == "Tarsian trade ministry"


def test_indirect_speech_forms():
    text = (
        "Police chief Oren Kalt told reporters that the suspect had left the city.\n\n"
        "The storm will reach the coast by Sunday, the weather service said.\n\n"
        "According to the port authority, ferries will run again on Monday."
    )
    quotes = quotes_of(text)
    kinds = {q.text: (q.kind, q.speaker, q.cue) for q in quotes}
    assert kinds["the suspect had left the city"] == ("indirect", "Oren Kalt", "told")
    assert kinds["The storm will reach the coast by Sunday"] == ("indirect", "the weather service", "said")
    assert kinds["ferries will run again on Monday"] == ("indirect", "the port authority", "according to")


def test_quote_after_colon_paragraph_gets_intro_speaker():
    text = "The governor said:\n\n“Every school will reopen next week.”"
    q = by_text(quotes_of(text), "Every school")
    assert q.speaker == "The governor"


def test_two_quotes_one_sentence_share_speaker():
    text = "“Trying to blame us” for the flood “is a shameful act that nobody will accept,” he continued."
    quotes = quotes_of(text)
    assert len(quotes) == 2 and all(q.cue == "continued" for q in quotes)


def test_run_never_raises_and_keeps_ids():
    arts = [
        Article(id="x", source="s", title="", text=""),
        Article(id="y", source="s", title="", text="“A” b"),
    ]
    out = dict(QuoteExtractor(QuoteConfig()).run(arts))
    assert out == {"x": [], "y": []}


def test_canonical_name():
    assert canonical_name("US Secretary of State Amal Brekker") == "Amal Brekker"
    assert canonical_name("South Ostria's Foreign Ministry") == "South Ostria's Foreign Ministry"
    assert canonical_name("the defence official") == "defence official"
