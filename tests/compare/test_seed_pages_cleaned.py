"""The seed targets through the real cleaner (`newsprism.clean.clean_one`) and extractors.

Story: 000 (outlet unknown), 002 (Business Standard) and 004 (Euronews) report North
Korea's denial of arms sales to Russia; 002 and 004 carry the same AP copy; 001 (RT)
covers the later denial. Skipped when ../shared/seeds is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism.clean import clean_one
from newsprism.compare import compare_by, compare_story_facts, coverage_matrix, framing
from newsprism.extract import ClaimExtractor, QuoteExtractor
from newsprism.models import Article, Claim, CopyGroup, Quote, RawDocument, Story, StoryComparison
from newsprism.registry import load_registry
from newsprism.summarize import check_support, summarize_story, support_rate

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
# outlet names for pages whose outlet the cleaner cannot read off the text (RT's page has none)
OUTLETS = {"000": None, "001": "RT", "002": "Business Standard", "004": "Euronews"}
DENIAL = re.compile(r"\b(?:never|denie[sd]|hasn't|has not|not supplying)\b")

Seed = tuple[Story, list[Article], list[Quote], list[Claim], list[CopyGroup], StoryComparison]


@pytest.fixture(scope="module")
def seed() -> Seed:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    articles = []
    for prefix, outlet in OUTLETS.items():
        [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
        art = clean_one(
            RawDocument(source=str(path), format="text", content=path.read_text(encoding="utf-8"))
        )
        art.id = prefix
        art.outlet = art.outlet or outlet
        articles.append(art)
    quote_extractor, claim_extractor = QuoteExtractor(), ClaimExtractor()
    quotes: list[Quote] = []
    claims: list[Claim] = []
    for art in articles:
        qs = quote_extractor.extract(art)
        quotes += qs
        claims += claim_extractor.extract(art, qs)
    story = Story(id="s-nk", title="North Korea denies arms sales to Russia", article_ids=list(OUTLETS))
    groups = [CopyGroup(id="cg-ap", article_ids=["002", "004"], origin_id=None, origin_agency="AP")]
    comparison, _ = compare_story_facts(story, articles, quotes, claims, groups)
    return story, articles, quotes, claims, groups, comparison


def test_cleaner_keeps_the_outlets_the_seed_pages_name(seed: Seed) -> None:
    _, articles, *_ = seed
    by_id = {a.id: a for a in articles}
    assert by_id["002"].outlet == "Business Standard" and by_id["004"].outlet == "Euronews"
    assert by_id["002"].wire_agency == "AP" and by_id["004"].wire_agency == "AP"


def test_ap_passages_form_common_facts_in_the_matrix(seed: Seed) -> None:
    _, articles, _, _, _, comparison = seed
    fact_ids, outlets, matrix = coverage_matrix(comparison, articles)
    col = {o: j for j, o in enumerate(outlets)}
    common = [
        (fid, row)
        for fid, row in zip(fact_ids, matrix, strict=True)
        if row[col["Business Standard"]] != "omits" and row[col["Euronews"]] != "omits"
    ]
    assert len(common) >= 8
    facts = {f.id: f for f in comparison.facts}
    assert all(facts[fid].copy_groups == ["cg-ap"] for fid, _ in common)
    texts = " ".join(facts[fid].text for fid, _ in common)
    assert "never recogni" in texts and "lawful right peculiar to a sovereign state" in texts
    # the quoted denial is shared by the AP copy and by 000's own report
    denial = [fid for fid, _ in common if "never exported weapons" in facts[fid].text]
    assert denial and "000" in facts[denial[0]].article_ids


def test_rt_framing_shows_as_its_own_attribution_verbs(seed: Seed) -> None:
    _, articles, quotes, _, _, comparison = seed
    rt = comparison.attribution["RT"]
    assert rt.get("admitted", 0) >= 1 and rt.get("claimed", 0) >= 1
    # the AP copy does not use RT's verbs
    for outlet in ("Business Standard", "Euronews"):
        assert "admitted" not in comparison.attribution[outlet]
    signals = framing(articles, quotes)["RT"]
    assert {"groundless", "rumour"} <= set(signals.loaded_terms)


def test_summary_cites_two_outlets_for_the_denial(seed: Seed) -> None:
    story, articles, _, _, groups, comparison = seed
    summary = summarize_story(story, articles, comparison, groups)
    check_support(summary, articles)
    assert summary and support_rate(summary) == 1.0
    outlet = {a.id: a.outlet or f"unknown:{a.id}" for a in articles}
    denials = [s for s in summary if DENIAL.search(s.sentence)]
    assert any(len({outlet[a] for a in s.article_ids}) >= 2 for s in denials)


def test_grouping_by_the_bundled_registry(seed: Seed) -> None:
    _, articles, _, _, groups, comparison = seed
    grouped = compare_by(comparison, articles, load_registry(), facet="ownership")
    # RT is state-funded, the other two named outlets private; 000's outlet is unknown
    assert grouped.outlets["state-funded"] == ["RT"]
    assert set(grouped.outlets["private"]) == {"Business Standard", "Euronews"}
    assert grouped.group_of["000"] == "unknown"
    wire = compare_by(comparison, articles, load_registry(), facet="copy", copy_groups=groups)
    assert wire.group_of["002"] == wire.group_of["004"] == "wire copy"
