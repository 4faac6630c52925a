"""compare_by and blindspots on the invented harbour-blast story, with an inline registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.compare import (
    UNKNOWN,
    compare_by,
    compare_story,
    facet_value,
    fact_blindspots,
    story_blindspots,
)
from newsprism.compare.coverage import OMITS
from newsprism.models import Article, CopyGroup, Story, StoryComparison
from newsprism.registry import OutletRegistry, load_registry, parse_registry

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "harbour_blast.json"


def registry(observer: bool = True) -> OutletRegistry:
    rows = [
        ("Harbor Herald", "private", "Norvania"),
        ("Daily Meridian", "private", "Norvania"),
        ("Global Courier", "private", "Ostland"),
        ("Belmark State Radio", "state-owned", "Belmark"),
    ]
    if observer:
        rows.append(("Tarsen Observer", "private", "Norvania"))
    return OutletRegistry.from_entries(
        parse_registry(
            {"outlets": [{"name": n, "ownership": o, "country": c, "source": "test"} for n, o, c in rows]}
        )
    )


@pytest.fixture(scope="module")
def story() -> tuple[StoryComparison, list[Article], list[CopyGroup]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    articles = [Article(source="fixture", **a) for a in data["articles"]]
    groups = [CopyGroup(**g) for g in data["copy_groups"]]
    return compare_story(Story(**data["story"]), articles, [], [], groups), articles, groups


def test_grouped_coverage_by_ownership(story: tuple[StoryComparison, list[Article], list[CopyGroup]]) -> None:
    comparison, articles, groups = story
    grouped = compare_by(comparison, articles, registry(), facet="ownership")
    assert grouped.groups == ["private", "state-owned"]
    assert grouped.outlets["state-owned"] == ["Belmark State Radio"]
    assert len(grouped.outlets["private"]) == 4
    fact_ids, cols, matrix = grouped.matrix()
    assert cols == grouped.groups and len(fact_ids) == len(comparison.facts)
    # the state radio carries the arrest report, contradicting it; private outlets report it
    arrest = next(f for f in comparison.facts if "Police arrested two Belmark nationals" in f.text)
    assert grouped.coverage[arrest.id]["state-owned"] == "contradicts"
    assert grouped.coverage[arrest.id]["private"] in ("reports", "attributes")
    cranes = next(f for f in comparison.facts if "container cranes collapsed" in f.text)
    assert grouped.coverage[cranes.id]["state-owned"] == OMITS
    assert cranes.id in grouped.exclusive["private"]


def test_fact_blindspots(story: tuple[StoryComparison, list[Article], list[CopyGroup]]) -> None:
    comparison, articles, _ = story
    spots = fact_blindspots(compare_by(comparison, articles, registry(), "ownership"))
    state = [s for s in spots if s.group == "state-owned"]
    assert any("so-called sabotage story" in s.text for s in state)
    assert all(s.outlets == ["Belmark State Radio"] and s.missing_groups == ["private"] for s in state)
    # the blast itself: four private outlets and nothing from the state radio
    top = spots[0]
    assert top.group == "private" and len(top.outlets) == 4 and "explosion" in top.text
    wide = fact_blindspots(compare_by(comparison, articles, registry(), "ownership"), min_outlets=2)
    assert wide and all(len(s.outlets) >= 2 for s in wide)


def test_unknown_outlets_are_never_counted_as_one_group(
    story: tuple[StoryComparison, list[Article], list[CopyGroup]],
) -> None:
    comparison, articles, _ = story
    grouped = compare_by(comparison, articles, registry(observer=False), "ownership")
    assert grouped.groups[-1] == UNKNOWN and grouped.outlets[UNKNOWN] == ["Tarsen Observer"]
    spots = fact_blindspots(grouped)
    observer_ids = {a.id for a in articles if a.outlet == "Tarsen Observer"}
    assert spots and all(not observer_ids & set(s.article_ids) for s in spots)
    assert UNKNOWN not in grouped.exclusive


def test_copy_facet_separates_wire_copy(
    story: tuple[StoryComparison, list[Article], list[CopyGroup]],
) -> None:
    comparison, articles, groups = story
    grouped = compare_by(comparison, articles, registry(), "copy", copy_groups=groups)
    assert set(grouped.groups) == {"wire copy", "own reporting"}
    assert {grouped.group_of["a-herald"], grouped.group_of["a-meridian"]} == {"wire copy"}
    # a fact only the wire copy carries is a "wire copy only" blindspot
    spots = fact_blindspots(grouped)
    assert any(s.group == "wire copy" for s in spots) and any(s.group == "own reporting" for s in spots)


def test_country_facet_omitted_needs_two_other_groups(
    story: tuple[StoryComparison, list[Article], list[CopyGroup]],
) -> None:
    comparison, articles, _ = story
    grouped = compare_by(comparison, articles, registry(), "country")
    assert set(grouped.groups) == {"Norvania", "Belmark", "Ostland"}
    for group, fact_ids in grouped.omitted.items():
        for fid in fact_ids:
            others = [g for g in grouped.fact_groups[fid] if g != group]
            assert group not in grouped.fact_groups[fid] and len(others) >= 2


def test_custom_facet_and_bad_facet() -> None:
    art = Article(id="a", source="s", title="t", text="x", outlet="Quay Gazette", byline="Ana Pell")
    assert facet_value(art, load_registry(), lambda a: a.byline) == "Ana Pell"
    assert facet_value(art, load_registry(), "country") == UNKNOWN
    with pytest.raises(ValueError, match="unknown facet"):
        facet_value(art, load_registry(), "colour")


def test_story_blindspots_with_the_bundled_registry() -> None:
    arts = [
        Article(id="w1", source="s", title="t", text="x", domain="apnews.com"),
        Article(id="w2", source="s", title="t", text="x", url="https://www.reuters.com/world/x"),
        Article(id="b1", source="s", title="t", text="x", domain="bbc.co.uk"),
        Article(id="u1", source="s", title="t", text="x", outlet="Quay Gazette"),
    ]
    stories = [
        Story("s-wire", "Only wire agencies", ["w1", "w2"]),
        Story("s-mixed", "Wire and broadcaster", ["w1", "b1"]),
        Story("s-unknown", "One agency and an unknown outlet", ["w2", "u1"]),
    ]
    spots = story_blindspots(stories, arts, load_registry(), facet="wire_agency")
    assert [(s.id, s.group, s.missing_groups) for s in spots] == [
        ("s-wire", "wire agency", ["not a wire agency"])
    ]
    assert len(spots[0].outlets) == 2 and spots[0].article_ids == ["w1", "w2"]
    assert story_blindspots(stories, arts, load_registry(), "wire_agency", min_outlets=3) == []
