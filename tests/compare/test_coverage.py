"""compare_story on the invented harbour-blast story: exclusive, omitted, attribution, framing."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from newsprism.compare import (
    CompareConfig,
    compare_story,
    compare_story_facts,
    coverage_matrix,
    framing,
    shared_facts,
    source_counts,
)
from newsprism.models import Article, CopyGroup, Fact, Quote, Story, StoryComparison

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "harbour_blast.json"


def load_story() -> tuple[Story, list[Article], list[CopyGroup]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    articles = [Article(source="fixture", **a) for a in data["articles"]]
    return Story(**data["story"]), articles, [CopyGroup(**g) for g in data["copy_groups"]]


@pytest.fixture(scope="module")
def comparison() -> StoryComparison:
    story, articles, groups = load_story()
    return compare_story(story, articles, [], [], groups)


def fact_containing(comparison: StoryComparison, phrase: str) -> Fact:
    for fact in comparison.facts:
        if phrase in fact.text:
            return fact
    raise AssertionError(f"no fact text contains {phrase!r}")


def test_exclusive_facts(comparison: StoryComparison) -> None:
    by_id = {f.id: f for f in comparison.facts}
    observer = [by_id[i].text for i in comparison.exclusive["Tarsen Observer"]]
    assert any("container cranes collapsed" in t for t in observer)
    meridian = [by_id[i].text for i in comparison.exclusive["Daily Meridian"]]
    assert any("Fuel prices at pumps" in t for t in meridian)
    # a fact carried by two outlets is nobody's exclusive
    shared = fact_containing(comparison, "a third of Norvania's fuel imports")
    assert all(shared.id not in ids for ids in comparison.exclusive.values())


def test_omitted_facts(comparison: StoryComparison) -> None:
    arrest = fact_containing(comparison, "Police arrested two Belmark nationals")
    # four other outlets carry the arrest (BSR contradicting it); the Observer does not
    assert arrest.id in comparison.omitted["Tarsen Observer"]
    assert arrest.id not in comparison.omitted["Harbor Herald"]
    # reported by two of four others (Herald, BSR): enough for "most others" (>= half, >= 2)
    cause = fact_containing(comparison, "have not yet determined what caused the fire")
    assert cause.id in comparison.omitted["Daily Meridian"]
    # a fact only one other outlet carries is never "omitted"
    cranes = fact_containing(comparison, "container cranes")
    assert all(cranes.id not in ids for ids in comparison.omitted.values())


def test_attribution_verbs_per_outlet(comparison: StoryComparison) -> None:
    state = comparison.attribution["Belmark State Radio"]
    assert state["claimed"] == 1 and state["admitted"] == 1 and state["insisted"] == 1
    assert "claimed" not in comparison.attribution["Harbor Herald"]
    assert comparison.attribution["Harbor Herald"]["according to"] == 1
    assert comparison.attribution["Global Courier"]["accused"] == 1
    assert set(comparison.attribution) == {
        "Harbor Herald",
        "Daily Meridian",
        "Global Courier",
        "Belmark State Radio",
        "Tarsen Observer",
    }


def test_quote_cues_count_without_double_counting() -> None:
    story, articles, groups = load_story()
    bsr = next(a for a in articles if a.id == "a-bsr")
    start = bsr.text.index("Police did not")
    quotes = [
        # the text scan already found this "insisted": not counted twice
        Quote(
            text="Police did not arrest",
            speaker="officials",
            start=start,
            end=start + 21,
            cue="insisted",
            article_id="a-bsr",
        ),
        # a cue outside the lexicon still counts
        Quote(text="x", speaker="ministry", start=0, end=1, cue="fumed", article_id="a-bsr"),
    ]
    comparison = compare_story(story, articles, quotes, [], groups)
    assert comparison.attribution["Belmark State Radio"]["insisted"] == 1
    assert comparison.attribution["Belmark State Radio"]["fumed"] == 1


def test_coverage_matrix(comparison: StoryComparison) -> None:
    _, articles, _ = load_story()
    fact_ids, outlets, matrix = coverage_matrix(comparison, articles)
    assert fact_ids == [f.id for f in comparison.facts]
    assert len(outlets) == 5 and len(matrix) == len(fact_ids)
    arrest = fact_containing(comparison, "Police arrested two Belmark nationals")
    row = dict(zip(outlets, matrix[fact_ids.index(arrest.id)], strict=True))
    assert row == {
        "Harbor Herald": "attributes",
        "Daily Meridian": "attributes",
        "Global Courier": "hedges",
        "Belmark State Radio": "contradicts",
        "Tarsen Observer": "omits",
    }
    # without the articles the mapping is read from the facts: same answer here
    assert coverage_matrix(comparison) == (fact_ids, outlets, matrix)


def test_source_counts_count_a_copy_group_once(comparison: StoryComparison) -> None:
    _, _, groups = load_story()
    blast = fact_containing(comparison, "A powerful explosion tore through")
    assert source_counts(blast, groups) == (4, 3)
    assert source_counts(blast) == (4, 4)
    top = shared_facts(comparison)
    assert blast in top and all(len(f.outlets) >= 3 for f in top)


def test_framing_signals() -> None:
    _, articles, _ = load_story()
    signals = framing(articles)
    state = signals["Belmark State Radio"]
    assert {"groundless", "hostile forces", "so-called"} <= set(state.own_voice_terms)
    assert signals["Harbor Herald"].loaded_terms == {}
    # who speaks first: the accused side leads the state outlet, the accuser the wire copy
    assert state.lead_speakers["a-bsr"] == "Belmark foreign ministry"
    assert signals["Harbor Herald"].lead_speakers["a-herald"] == "Norvanian Interior Minister Petra Lund"


def test_framing_separates_quoted_words() -> None:
    art = Article(
        id="v1",
        source="mem",
        title="t",
        outlet="Wire",
        text='The minister called the report "propaganda by a puppet regime", aides said.',
    )
    sig = framing([art])["Wire"]
    assert sig.loaded_terms == {"propaganda": 1, "puppet": 1, "regime": 1}
    assert sig.own_voice_terms == {}
    assert sig.lead_speakers["v1"] == "aides"


def test_omission_thresholds_are_configurable() -> None:
    story, articles, groups = load_story()
    strict = compare_story(story, articles, copy_groups=groups, config=CompareConfig(omit_min_outlets=4))
    cause_ids = [f.id for f in strict.facts if "have not yet determined" in f.text]
    assert not any(set(cause_ids) & set(ids) for ids in strict.omitted.values())


def test_empty_and_single_outlet_stories() -> None:
    story = Story(id="s0", title="t", article_ids=[])
    empty = compare_story(story, [])
    assert empty.facts == [] and empty.exclusive == {} and empty.omitted == {}
    one = Article(
        id="o1",
        source="m",
        title="t",
        outlet="Solo",
        text="The northern bridge over the Soren river collapsed on Friday morning.",
    )
    comp, facts = compare_story_facts(Story(id="s1", title="t", article_ids=["o1"]), [one])
    assert len(comp.facts) == 1 and comp.exclusive == {"Solo": []}  # nothing is "exclusive" alone
    assert asdict(comp)["story_id"] == "s1"  # serialisable as the store expects
    assert facts.members[comp.facts[0].id][0].position == 0
