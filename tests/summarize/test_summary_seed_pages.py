"""Summaries of real pages from ../shared/seeds (skipped when they are absent).

Story: 000 (outlet unknown), 002 (Business Standard) and 004 (Euronews) on North
Korea's denial of arms sales to Russia; 002 and 004 carry the same AP copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism.compare import compare_story
from newsprism.models import Article, CopyGroup, Story
from newsprism.summarize import check_support, summarize_story, support_rate
from newsprism.text import normalize_space

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
OUTLETS = {"000": None, "002": "Business Standard", "004": "Euronews"}
DENIAL = re.compile(r"\b(?:never|denie[sd]|hasn't|has not)\b")


def load(prefix: str) -> Article:
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    # crude body for the test (cleaning is another stage): lines of 60+ characters
    lines = [normalize_space(line) for line in path.read_text(encoding="utf-8").splitlines()]
    kept = [line for line in lines if len(line) >= 60]
    return Article(id=prefix, source=str(path), title=kept[0], text="\n\n".join(kept), outlet=OUTLETS[prefix])


@pytest.fixture(scope="module")
def story() -> tuple[Story, list[Article], list[CopyGroup]]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    articles = [load(p) for p in OUTLETS]
    story = Story(id="s-nk", title="North Korea denies arms sales", article_ids=list(OUTLETS))
    return (
        story,
        articles,
        [CopyGroup(id="cg-ap", article_ids=["002", "004"], origin_id=None, origin_agency="AP")],
    )


def test_seed_summary_is_cited_supported_and_cites_outlets_for_the_denial(
    story: tuple[Story, list[Article], list[CopyGroup]],
) -> None:
    st, articles, groups = story
    summary = summarize_story(st, articles, compare_story(st, articles, copy_groups=groups), groups)
    check_support(summary, articles)
    assert summary and support_rate(summary) == 1.0
    texts = {a.id: a.text for a in articles}
    for s in summary:
        assert any(s.sentence in texts[a] for a in s.article_ids)
    denials = [s for s in summary if DENIAL.search(s.sentence)]
    assert denials
    assert any(len(s.article_ids) >= 2 and {"002", "004"} & set(s.article_ids) for s in denials)
    # none of the headline teasers the crude cleaning left in 000 gets into the summary
    assert not any("Glasgow" in s.sentence or "Chauvin" in s.sentence for s in summary)
