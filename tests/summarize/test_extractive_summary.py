"""Cited extractive summaries of the invented harbour-blast story (tests/compare/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.compare import compare_story
from newsprism.models import Article, CopyGroup, Story, Storyline, SummarySentence, TimelineEntry
from newsprism.summarize import (
    SummaryConfig,
    check_support,
    summarize_story,
    summarize_storyline,
    support_rate,
)

FIXTURE = Path(__file__).resolve().parents[1] / "compare" / "fixtures" / "harbour_blast.json"


def load_story() -> tuple[Story, list[Article], list[CopyGroup]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    articles = [Article(source="fixture", **a) for a in data["articles"]]
    return Story(**data["story"]), articles, [CopyGroup(**g) for g in data["copy_groups"]]


@pytest.fixture(scope="module")
def summary() -> list[SummarySentence]:
    story, articles, groups = load_story()
    comparison = compare_story(story, articles, copy_groups=groups)
    return summarize_story(story, articles, comparison, groups)


def test_every_sentence_is_cited_and_verbatim(summary: list[SummarySentence]) -> None:
    _, articles, _ = load_story()
    texts = {a.id: a.text for a in articles}
    assert 3 <= len(summary) <= 5
    for s in summary:
        assert s.article_ids, "uncited summary sentence"
        assert set(s.article_ids) <= set(texts)
        assert any(s.sentence in texts[a] for a in s.article_ids), "not verbatim from a cited article"
    assert len({s.sentence for s in summary}) == len(summary)


def test_check_support_passes_on_all(summary: list[SummarySentence]) -> None:
    _, articles, _ = load_story()
    results = check_support(summary, articles)
    assert len(results) == sum(len(s.article_ids) for s in summary)
    assert all(r.supported for r in results)
    assert all(s.supported for s in summary)
    assert support_rate(summary) == 1.0
    for r in results:  # the match is located in the article
        text = next(a.text for a in articles if a.id == r.article_id)
        assert r.match_start is not None and r.match_end is not None
        assert 0 <= r.match_start < r.match_end <= len(text)


def test_denial_cites_several_outlets(summary: list[SummarySentence]) -> None:
    _, articles, _ = load_story()
    outlet = {a.id: a.outlet for a in articles}
    denials = [s for s in summary if "denied any involvement" in s.sentence]
    assert denials
    assert len({outlet[a] for a in denials[0].article_ids}) >= 2


def test_lead_facts_come_first_and_exclusives_stay_out(summary: list[SummarySentence]) -> None:
    # the most widely carried facts: the accusation and the blast itself
    top = " ".join(s.sentence for s in summary[:2])
    assert "sabotage" in top and "explosion" in top
    assert not any("Fuel prices at pumps" in s.sentence for s in summary)


def test_summary_never_cites_a_contradicting_article(summary: list[SummarySentence]) -> None:
    arrest = [s for s in summary if "arrested two Belmark nationals" in s.sentence]
    for s in arrest:
        assert "a-bsr" not in s.article_ids  # BSR says nobody was arrested


def test_check_support_rejects_unsupported_and_contradicted() -> None:
    _, articles, _ = load_story()
    fake = [
        SummarySentence("The harbour master resigned after the fire destroyed her office.", ["a-observer"]),
        SummarySentence(
            "Police arrested two Belmark nationals near the port on Wednesday morning.", ["a-bsr"]
        ),
        SummarySentence(
            "A powerful explosion tore through a fuel depot at the Port of Tarsen.", ["a-missing"]
        ),
        SummarySentence("No citation at all.", []),
    ]
    results = check_support(fake, articles)
    assert [r.reason for r in results] == ["no-match", "contradicted", "missing-article"]
    assert [s.supported for s in fake] == [False, False, False, False]
    assert support_rate(fake) == 0.0


def test_paraphrase_in_another_outlet_supports() -> None:
    _, articles, _ = load_story()
    sentence = SummarySentence(
        "A powerful explosion tore through a fuel depot at the Port of Tarsen late on Tuesday, "
        "killing four workers and injuring 19 others.",
        ["a-meridian", "a-herald"],
    )
    results = check_support([sentence], articles)
    assert [r.reason for r in results] == ["exact", "match"]
    assert sentence.supported


def test_chronological_order_and_length_limit() -> None:
    story, articles, groups = load_story()
    cfg = SummaryConfig(max_sentences=3, order="chronological")
    summary = summarize_story(story, articles, None, groups, cfg)
    assert len(summary) == 3
    published = {a.id: a.published for a in articles}
    firsts = [min(published[a] or "9999" for a in s.article_ids) for s in summary]
    assert firsts == sorted(firsts)


def test_works_without_comparison_quotes_or_copy_groups() -> None:
    story, articles, _ = load_story()
    summary = summarize_story(story, articles)
    assert summary and all(s.article_ids for s in summary)
    assert summarize_story(Story(id="e", title="t", article_ids=[]), []) == []


def test_storyline_summary_takes_each_story_lead() -> None:
    story, articles, groups = load_story()
    first = summarize_story(story, articles, None, groups)
    later = Story(id="s-later", title="Port reopens", article_ids=["a-x"])
    later_summary = [SummarySentence("The Port of Tarsen reopened on Monday after repairs.", ["a-x"])]
    line = Storyline(
        id="l1",
        title="Tarsen port",
        story_ids=[story.id, later.id, "s-none"],
        timeline=[
            TimelineEntry(date="2031-03-12", story_id=story.id, headline="Blast"),
            TimelineEntry(date="2031-03-20", story_id=later.id, headline="Reopens"),
            TimelineEntry(date="2031-03-21", story_id="s-none", headline="No summary"),
        ],
    )
    out = summarize_storyline(
        line, {story.id: story, later.id: later}, {story.id: first, later.id: later_summary}
    )
    assert [s.sentence for s in out] == [first[0].sentence, later_summary[0].sentence]
    assert out[0].article_ids == first[0].article_ids
