"""Summary sentences drop a wire dateline that opens them, and stay verbatim and supported."""

from __future__ import annotations

from newsprism.models import Article, Story
from newsprism.summarize import check_support, summarize_story, support_rate


def test_summary_sentence_without_dateline_is_still_supported() -> None:
    a = Article(
        id="a1",
        source="s",
        title="t",
        outlet="Quay Wire",
        published="2031-02-01",
        text="KAVALA, Norvania, Feb 1 (QW) — Rebels seized the northern port of Kavala on Monday "
        "after a week of heavy fighting.\n\nThe harbour master resigned in protest at the slow evacuation.",
    )
    b = Article(
        id="a2",
        source="s",
        title="t",
        outlet="Daily Lantern",
        published="2031-02-02",
        text="Rebels seized the northern port of Kavala on Monday after a week of fighting, officials said."
        "\n\nShops in the old town stayed shut for a second day.",
    )
    story = Story(id="s1", title="Kavala falls", article_ids=["a1", "a2"])
    summary = summarize_story(story, [a, b])
    check_support(summary, [a, b])
    assert summary and support_rate(summary) == 1.0
    assert not any("(QW)" in s.sentence or s.sentence.startswith("KAVALA") for s in summary)
    lead = "Rebels seized the northern port of Kavala on Monday after a week of heavy fighting."
    assert any(s.sentence == lead and set(s.article_ids) == {"a1", "a2"} for s in summary)
