"""Fact grouping's pair filters and memo give exactly the facts of the plain pair loop.

`FactGrouper.group` filters candidate pairs as arrays (same article, conflicting
numbers, too little weighted-term overlap) before any per-pair work, judges each
pair of distinct texts once (wire copies repeat sentences), and counts member terms
once for polarity. tests/compare/fixtures/harbour_blast_golden.json holds the facts,
link scores, members and the cited summary of the fixture story, plain and with its
articles reprinted three times, as computed by the plain loop before these changes
(commit 3021df3); they must not move.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsprism.compare import FactConfig, FactGrouper, facts
from newsprism.compare.attribution import strip_attribution
from newsprism.compare.facts import _Anchors, _Others
from newsprism.compare.similarity import (
    TermSpace,
    pair_arrays,
    pair_list,
    pairs_in,
    terms,
)
from newsprism.models import Article, CopyGroup, Story
from newsprism.summarize import check_support, summarize_story
from newsprism.text import sentence_spans

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STORY = json.loads((FIXTURES / "harbour_blast.json").read_text(encoding="utf-8"))


def reprinted(copies: int) -> tuple[list[Article], list[CopyGroup]]:
    """The fixture's articles, plus `copies - 1` reprints of each by other outlets."""
    articles = []
    for r in range(copies):
        for a in STORY["articles"]:
            articles.append(
                Article(
                    id=f"{a['id']}-{r}" if r else a["id"],
                    source="fixture",
                    title=a["title"],
                    text=a["text"],
                    outlet=f"{a['outlet']} {r}" if r else a["outlet"],
                    published=a.get("published"),
                    wire_agency=a.get("wire_agency"),
                )
            )
    groups = [
        CopyGroup(
            id=f"g{r}",
            article_ids=[f"{a['id']}-{r}" if r else a["id"] for a in STORY["articles"][:2]],
            origin_id=None,
            origin_agency=None,
        )
        for r in range(copies)
    ]
    return articles, groups


def grouped(copies: int) -> dict[str, Any]:
    articles, groups = reprinted(copies)
    fs = FactGrouper(FactConfig()).group(articles, groups)
    story = Story(id="s1", title="t", article_ids=[a.id for a in articles])
    summary = summarize_story(story, articles, None, groups)
    check_support(summary, articles)
    out = {
        "facts": [asdict(f) for f in fs.facts],
        "link_scores": fs.link_scores,
        "link_rules": fs.link_rules,
        "independent_sources": fs.independent_sources,
        "members": {k: [asdict(m) for m in v] for k, v in fs.members.items()},
        "dropped": [asdict(x) for x in fs.dropped],
        "summary": [asdict(s) for s in summary],
    }
    return json.loads(json.dumps(out))  # tuples as lists, as the stored golden file


def test_facts_and_summary_equal_the_plain_loop_output() -> None:
    golden = json.loads((FIXTURES / "harbour_blast_golden.json").read_text(encoding="utf-8"))
    for copies in (1, 3):
        got = grouped(copies)
        assert got == golden[str(copies)], f"{copies} copies"
    # the reprints are copies: every fact of the plain story has all three copies
    three = golden["3"]
    assert max(len(f["article_ids"]) for f in three["facts"]) == 3 * len(STORY["articles"])


def said_sentences() -> list[str]:
    return [
        strip_attribution(a["text"][s:e]) for a in STORY["articles"] for s, e in sentence_spans(a["text"])
    ]


def test_pair_arrays_are_pairs_in() -> None:
    space = TermSpace.fit(said_sentences())
    sims = space.similarities()
    rows, cols, cos = pair_arrays(sims, 0, 0.1)
    assert rows.dtype == cols.dtype == np.int64
    assert pair_list(rows, cols, cos) == pairs_in(sims, 0, 0.1)
    r2, c2, v2 = space.pair_arrays_above(0.1, block=7)
    assert np.array_equal(rows, r2) and np.array_equal(cols, c2) and cos.tobytes() == v2.tobytes()
    assert space.pairs_above(0.1, block=7) == pairs_in(sims, 0, 0.1)
    empty = TermSpace.fit([])
    assert empty.pairs_above(0.1) == [] and len(empty.pair_arrays_above(0.1)[0]) == 0


@pytest.mark.parametrize("dense_max", [facts._DENSE_PAIRS_MAX, 0])
def test_array_filters_agree_with_the_per_pair_tests(dense_max: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "_DENSE_PAIRS_MAX", dense_max)  # 0: the sparse path of large stories
    texts = [
        *said_sentences(),
        "Forty-one crew members were rescued from the burning depot in Tarsen.",
        "Crews pulled 41 survivors from the depot in Tarsen on Tuesday.",
        "Crews pulled 14 survivors from the depot in Tarsen on Tuesday.",
        "",
    ]
    space = TermSpace.fit(texts)
    anchors = _Anchors(space, texts)
    cfg = FactConfig()
    pairs = list(combinations(range(len(texts)), 2))
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    cols = np.array([j for _, j in pairs], dtype=np.int64)
    conflict = anchors.numbers_conflict_of(rows, cols)
    may = anchors.may_overlap(rows, cols, cfg)
    assert conflict.tolist() == [anchors.numbers_conflict(i, j) for i, j in pairs]
    fails = [anchors.overlap_fails(i, j, cfg) for i, j in pairs]
    # the array test may keep a failing pair (tested exactly later), never drop a passing one
    assert all(m or f for m, f in zip(may.tolist(), fails, strict=True))
    assert sum(may.tolist()) == fails.count(False)  # and here it is exact
    assert any(conflict.tolist()) and not all(fails)


def test_other_members_terms_are_the_union_of_the_others() -> None:
    bags = [set(terms(t)) for t in said_sentences()[:6]]
    carried = Counter(t for b in bags for t in b)
    vocabulary = set().union(*bags) | {"absent"}
    for k, own in enumerate(bags):
        union = set().union(*(b for n, b in enumerate(bags) if n != k))
        others = _Others(carried, own)
        assert {t for t in vocabulary if t in others} == union


def test_large_story_paths_give_the_same_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    # row-blocked pairs and sparse pair filters, as for a story of over 1,000 sentences
    monkeypatch.setattr(facts, "_DENSE_GRAM_MAX", 0)
    monkeypatch.setattr(facts, "_DENSE_PAIRS_MAX", 0)
    golden = json.loads((FIXTURES / "harbour_blast_golden.json").read_text(encoding="utf-8"))
    assert grouped(3) == golden["3"]
