"""Fact grouping on an invented five-outlet story (tests/compare/fixtures/harbour_blast.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.compare import FactConfig, FactGrouper, FactSet
from newsprism.compare.facts import negates
from newsprism.compare.lexicon import attribution_verbs, has_hedge, loaded_terms
from newsprism.compare.similarity import stem, terms
from newsprism.models import Article, Claim, CopyGroup, Quote, Story

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "harbour_blast.json"


def load_story() -> tuple[Story, list[Article], list[CopyGroup]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    articles = [Article(source="fixture", **a) for a in data["articles"]]
    return Story(**data["story"]), articles, [CopyGroup(**g) for g in data["copy_groups"]]


@pytest.fixture(scope="module")
def fact_set() -> FactSet:
    _, articles, groups = load_story()
    return FactGrouper(FactConfig()).group(articles, groups)


def fact_with(fs: FactSet, article_id: str, phrase: str):  # type: ignore[no-untyped-def]
    """The fact whose member sentence in `article_id` contains `phrase`."""
    for fact, members in fs.pairs():
        for m in members:
            if m.article_id == article_id and phrase in m.text:
                return fact
    raise AssertionError(f"no fact with {phrase!r} in {article_id}")


def test_members_are_grounded_and_one_per_article(fact_set: FactSet) -> None:
    _, articles, _ = load_story()
    texts = {a.id: a.text for a in articles}
    for fact, members in fact_set.pairs():
        ids = [m.article_id for m in members]
        assert len(ids) == len(set(ids)), "two sentences of one article merged into a fact"
        assert ids == fact.article_ids
        for m in members:
            assert texts[m.article_id][m.start : m.end] == m.text
        assert fact.text in {m.text for m in members}  # the representative is a member
        assert fact.id.startswith("f")


def test_shared_wire_passages_form_common_facts(fact_set: FactSet) -> None:
    # both copies of the CP wire story carry this sentence verbatim
    fact = fact_with(fact_set, "a-herald", "a third of Norvania's fuel imports")
    assert set(fact.article_ids) == {"a-herald", "a-meridian"}
    assert fact.copy_groups == ["cg-cp"]
    # two outlets, but one independent source: the copy group counts once
    assert len(fact.outlets) == 2
    assert fact_set.independent_sources[fact.id] == 1


def test_paraphrases_join_the_wire_fact(fact_set: FactSet) -> None:
    blast = fact_with(fact_set, "a-herald", "A powerful explosion tore through")
    # "Four workers were killed and 19 injured when a blast ripped through ..."
    assert {"a-herald", "a-meridian", "a-courier", "a-observer"} <= set(blast.article_ids)
    assert fact_set.independent_sources[blast.id] == 3
    denial = fact_with(fact_set, "a-herald", "denied any involvement")
    assert {"a-courier", "a-bsr"} <= set(denial.article_ids)
    accusation = fact_with(fact_set, "a-herald", "act of sabotage")
    assert {"a-courier", "a-bsr", "a-observer"} <= set(accusation.article_ids)


def test_different_facts_stay_apart(fact_set: FactSet) -> None:
    blast = fact_with(fact_set, "a-herald", "A powerful explosion tore through")
    cause = fact_with(fact_set, "a-herald", "Investigators have not yet determined")
    arrest = fact_with(fact_set, "a-herald", "Police arrested two Belmark nationals")
    assert len({blast.id, cause.id, arrest.id}) == 3
    cranes = fact_with(fact_set, "a-observer", "container cranes collapsed")
    assert cranes.article_ids == ["a-observer"]
    fuel_prices = fact_with(fact_set, "a-meridian", "Fuel prices at pumps")
    assert fuel_prices.article_ids == ["a-meridian"]


def test_treatments(fact_set: FactSet) -> None:
    arrest = fact_with(fact_set, "a-herald", "Police arrested two Belmark nationals")
    assert arrest.treatment["a-herald"] == "attributes"  # "according to a police statement"
    assert arrest.treatment["a-courier"] == "hedges"  # "reportedly"
    assert arrest.treatment["a-bsr"] == "contradicts"  # "did not arrest any Belmark nationals"
    blast = fact_with(fact_set, "a-herald", "A powerful explosion tore through")
    assert blast.treatment["a-herald"] == "reports"
    cause = fact_with(fact_set, "a-bsr", "admitted that investigators")
    assert cause.treatment["a-bsr"] == "attributes"


def test_facts_ordered_by_independent_sources(fact_set: FactSet) -> None:
    counts = [fact_set.independent_sources[f.id] for f in fact_set.facts]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 4  # the accusation: wire copy once + Courier + BSR + Observer


def test_short_and_repeated_sentences_are_dropped_with_reasons() -> None:
    art = Article(
        id="x1",
        source="mem",
        title="t",
        outlet="Daily",
        text=(
            "Rebels seized the northern port of Kavala on Monday after a night of fighting.\n\n"
            "Photo: AP.\n\n"
            "Rebels seized the northern port of Kavala on Monday after a night of fighting."
        ),
    )
    fs = FactGrouper().group([art])
    assert len(fs.facts) == 1
    assert sorted(d.reason for d in fs.dropped) == ["duplicate", "short"]


def test_empty_inputs() -> None:
    assert FactGrouper().group([], []).facts == []
    empty = Article(id="e", source="mem", title="t", text="")
    assert FactGrouper().group([empty]).facts == []


def test_quotes_and_claims_inform_treatment() -> None:
    a = Article(
        id="q1",
        source="mem",
        title="t",
        outlet="Alpha",
        published="2031-01-02",
        text="The dam on the Soren river burst after three days of heavy rain.",
    )
    b = Article(
        id="q2",
        source="mem",
        title="t",
        outlet="Beta",
        published="2031-01-01",
        text="The dam on the Soren river burst after three days of heavy rain, flooding farms.",
    )
    quote = Quote(text=a.text, speaker="engineer", start=0, end=len(a.text), article_id="q1")
    claim = Claim(
        text=b.text, asserter="ministry", polarity="disputes", start=0, end=len(b.text), article_id="q2"
    )
    fs = FactGrouper().group([a, b], quotes=[quote], claims=[claim])
    [fact] = fs.facts
    # one source each side: the earliest article (q2, disputing) sets the reference
    assert fact.treatment == {"q1": "contradicts", "q2": "reports"}
    plain = FactGrouper().group([a, b], quotes=[quote])
    assert plain.facts[0].treatment == {"q1": "attributes", "q2": "reports"}


def test_lexicon_helpers() -> None:
    assert [v for v, _, _ in attribution_verbs("Kirby admitted it; the ministry claimed otherwise.")] == [
        "admitted",
        "claimed",
    ]
    # a noun after a determiner is not a speech verb
    text = "The claims were dismissed as such claims usually are."
    assert [(v, text[s:e]) for v, s, e in attribution_verbs(text)] == [("dismissed", "dismissed")]
    assert attribution_verbs("Officials in the United States said so.")[0][0] == "said"
    assert has_hedge("Police reportedly arrested two men.")
    assert not has_hedge("The talks resumed in May.")
    assert [t for t, _, _ in loaded_terms("a so-called referendum by the regime")] == ["so-called", "regime"]
    assert negates("Police did not arrest any Belmark nationals.", {"arrest"})
    assert not negates("Police arrested two men but gave no details.", {"arrest"})


def test_stemming_unifies_inflections_and_spellings() -> None:
    assert stem("recognised") == stem("recognize") == stem("recognizes")
    assert stem("supplied") == stem("supplies") == stem("supplying") == stem("supply")
    assert stem("rumours") == stem("rumor")
    assert stem("defence") == stem("defense")
    assert terms("It has never exported weapons.") == ["export", "weapon"]


def test_shared_attribution_frame_does_not_join_different_statements() -> None:
    a = Article(
        id="h1",
        source="mem",
        title="t",
        outlet="Alpha",
        text='"The engines were built in Velm and shipped by sea," spokesperson Ana Holt said.',
    )
    b = Article(
        id="h2",
        source="mem",
        title="t",
        outlet="Beta",
        text='"Our crews rebuilt the northern runway within a week," spokesperson Ana Holt said.',
    )
    fs = FactGrouper().group([a, b])
    assert len(fs.facts) == 2
