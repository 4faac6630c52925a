"""Fact-grouping evaluation: pairwise precision and recall against gold fact labels.

A labelled story gives every sentence of every article a gold fact label; sentences
with the same label state the same fact. The grouper is scored on **pairs of
sentences from different articles** (a fact holds one sentence per article, so pairs
within an article are never predicted):

- precision: of the pairs the grouper put in one fact, the share with the same label;
- recall: of the same-label pairs, the share the grouper put in one fact.

A gold sentence the grouper dropped (too short, a repeat) counts as unpredicted.
With `copies_once=True`, copied passages count once per copy group: only the origin
article of each copy group is scored (the grouper still sees every article), so
verbatim wire copies, which any method links, do not inflate the figures.

Labelled file format (JSON)::

    {"stories": [{"story": {"id", "title"}, "copy_groups": [...],
                  "articles": [{"id", "outlet", "published",
                                "paragraphs": [[["sentence", "label"], ...], ...]}]}]}

Example::

    stories = load_labelled(path)
    scores = fact_grouping_scores(stories)      # FactGroupingScores(precision=..., recall=...)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from newsprism.compare.coverage import CompareConfig, compare_story_facts
from newsprism.models import Article, CopyGroup, Story


@dataclass(slots=True)
class LabelledStory:
    """A story whose sentences carry gold fact labels: `labels[article_id]` = [(start, end, label)]."""

    story: Story
    articles: list[Article]
    copy_groups: list[CopyGroup] = field(default_factory=list)
    labels: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class FactGroupingScores:
    """Pairwise precision, recall and F1 of fact grouping, with the pair counts behind them."""

    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    gold_pairs: int
    correct_pairs: int


def labelled_story(data: dict[str, Any]) -> LabelledStory:
    """A `LabelledStory` from one entry of a labelled file (paragraphs joined by blank lines)."""
    articles: list[Article] = []
    labels: dict[str, list[tuple[int, int, str]]] = {}
    for raw in data["articles"]:
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for p, paragraph in enumerate(raw["paragraphs"]):
            if p:
                parts.append("\n\n")
                pos += 2
            for s, (sentence, label) in enumerate(paragraph):
                if s:
                    parts.append(" ")
                    pos += 1
                parts.append(sentence)
                spans.append((pos, pos + len(sentence), f"{data['story']['id']}:{label}"))
                pos += len(sentence)
        text = "".join(parts)
        articles.append(
            Article(
                id=raw["id"],
                source="labelled",
                title=raw.get("title", raw["id"]),
                text=text,
                outlet=raw.get("outlet"),
                published=raw.get("published"),
            )
        )
        labels[raw["id"]] = spans
    story = Story(id=data["story"]["id"], title=data["story"]["title"], article_ids=[a.id for a in articles])
    groups = [CopyGroup(**g) for g in data.get("copy_groups", [])]
    return LabelledStory(story, articles, groups, labels)


def load_labelled(path: str | Path) -> list[LabelledStory]:
    """The labelled stories of a file (see the module docstring for the format)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [labelled_story(entry) for entry in data["stories"]]


def _gold_label(spans: Sequence[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The label of the gold sentence overlapping [start, end) the most."""
    best, best_overlap = None, 0
    for s, e, label in spans:
        overlap = min(e, end) - max(s, start)
        if overlap > best_overlap:
            best, best_overlap = label, overlap
    return best


def fact_grouping_scores(
    stories: Iterable[LabelledStory], config: CompareConfig | None = None, *, copies_once: bool = False
) -> FactGroupingScores:
    """Pairwise precision/recall of `compare_story_facts` over labelled stories (micro-averaged)."""
    predicted = gold = correct = 0
    for ls in stories:
        _, fact_set = compare_story_facts(ls.story, ls.articles, copy_groups=ls.copy_groups, config=config)
        # predicted fact of each gold sentence: (article id, gold span index) -> fact id
        fact_of: dict[tuple[str, int], str] = {}
        for fact_id, members in fact_set.members.items():
            for m in members:
                spans = ls.labels[m.article_id]
                label = _gold_label(spans, m.start, m.end)
                idx = next(
                    k for k, sp in enumerate(spans) if sp[2] == label and sp[0] < m.end and m.start < sp[1]
                )
                fact_of[(m.article_id, idx)] = fact_id
        skip: set[str] = set()
        if copies_once:
            for g in ls.copy_groups:
                origin = g.origin_id if g.origin_id in g.article_ids else g.article_ids[0]
                skip.update(a for a in g.article_ids if a != origin)
        items = [
            (aid, k, span[2])
            for aid, spans in ls.labels.items()
            if aid not in skip
            for k, span in enumerate(spans)
        ]
        for (a1, k1, l1), (a2, k2, l2) in combinations(items, 2):
            if a1 == a2:
                continue
            same_gold = l1 == l2
            f1, f2 = fact_of.get((a1, k1)), fact_of.get((a2, k2))
            same_pred = f1 is not None and f1 == f2
            gold += same_gold
            predicted += same_pred
            correct += same_gold and same_pred
    p = correct / predicted if predicted else 1.0
    r = correct / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return FactGroupingScores(round(p, 4), round(r, 4), round(f, 4), predicted, gold, correct)
