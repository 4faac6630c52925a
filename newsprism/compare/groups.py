"""Comparison grouped by an outlet facet (ownership, country, ...) and blindspot reports.

`compare_by` regroups a story's facts (from `compare_story`) by a facet of the outlets
that carry them, read from the outlet registry (`newsprism.registry`): which groups
carry each fact and how, the facts only one group carries, and per group the facts
most other groups carry but it lacks.

Facets:

- any registry field: "ownership", "country", "language", "wire_agency" ("wire agency"
  / "not a wire agency"), "name" (the registry's canonical outlet name);
- "copy": "wire copy" for articles that carry agency copy (`Article.wire_agency` set, or
  a member of a copy group), else "own reporting". Article level: a fact carried by a
  wire-copy article may come from that article's own local paragraphs;
- or any function `Article -> str | None`.

Articles whose outlet the registry does not know (or whose facet value is unknown)
fall in the group `UNKNOWN`. Unknown stays unknown: a fact carried by a known group and
an unknown one is never reported as covered by one group only, since the unknown
outlet may belong to any group.

A **blindspot** is a fact (`fact_blindspots`) or a story (`story_blindspots`) covered
by only one known group while other groups are present: the story (for facts) or the
corpus (for stories) has articles from at least two known groups. Examples: a claim
only state media carry; a story only wire copy covers.

Example::

    registry = load_registry()
    comparison = compare_story(story, articles, quotes, claims, copy_groups)
    grouped = compare_by(comparison, articles, registry, facet="ownership")
    for spot in fact_blindspots(grouped):
        print(spot.group, spot.text)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from newsprism.compare.coverage import OMITS, _pick_treatment
from newsprism.compare.facts import copy_group_index, outlet_of
from newsprism.models import Article, CopyGroup, Story, StoryComparison
from newsprism.registry import OutletRegistry

UNKNOWN = "unknown"
FACETS: tuple[str, ...] = ("ownership", "country", "language", "wire_agency", "name", "copy")

Facet = str | Callable[[Article], str | None]


@dataclass(slots=True)
class GroupedComparison:
    """A story comparison regrouped by one facet.

    `coverage[fact_id][group]` is how the group carries the fact ("reports",
    "attributes", "hedges", "contradicts": the most common among its articles, ties
    to the most distanced) or "omits". `exclusive[group]`: facts only that known group
    carries (only when the story has >= 2 known groups). `omitted[group]`: facts
    carried by at least `omit_min_share` of the other known groups (and >= 2 of them)
    that the group lacks.
    """

    story_id: str
    facet: str
    groups: list[str] = field(default_factory=list)  # known groups, most facts first; UNKNOWN last
    group_of: dict[str, str] = field(default_factory=dict)  # article id -> group
    outlet_of: dict[str, str] = field(default_factory=dict)  # article id -> outlet label
    outlets: dict[str, list[str]] = field(default_factory=dict)  # group -> outlets
    coverage: dict[str, dict[str, str]] = field(default_factory=dict)
    fact_groups: dict[str, list[str]] = field(default_factory=dict)  # fact id -> groups carrying it
    exclusive: dict[str, list[str]] = field(default_factory=dict)
    omitted: dict[str, list[str]] = field(default_factory=dict)
    fact_text: dict[str, str] = field(default_factory=dict)
    fact_articles: dict[str, list[str]] = field(default_factory=dict)

    @property
    def known_groups(self) -> list[str]:
        return [g for g in self.groups if g != UNKNOWN]

    def matrix(self) -> tuple[list[str], list[str], list[list[str]]]:
        """(fact_ids, groups, matrix) like `coverage_matrix`, with groups as columns."""
        fact_ids = list(self.coverage)
        return fact_ids, list(self.groups), [[self.coverage[f][g] for g in self.groups] for f in fact_ids]


@dataclass(slots=True)
class Blindspot:
    """A fact or story covered by only one known group of a facet.

    `missing_groups`: the other known groups present (in the story for a fact, in the
    corpus for a story) that did not cover it.
    """

    kind: Literal["fact", "story"]
    id: str
    text: str
    facet: str
    group: str
    outlets: list[str]
    article_ids: list[str]
    missing_groups: list[str]


def facet_value(
    article: Article,
    registry: OutletRegistry,
    facet: Facet,
    group_of_copy: dict[str, str] | None = None,
) -> str:
    """The group of `article` under `facet` (see the module docstring); `UNKNOWN` when unknown.

    >>> from newsprism.registry import load_registry
    >>> art = Article(id="a", source="s", title="t", text="x", url="https://www.bbc.co.uk/news/1")
    >>> facet_value(art, load_registry(), "ownership")
    'public broadcaster'
    """
    if callable(facet):
        value = facet(article)
        return value if value else UNKNOWN
    if facet == "copy":
        in_group = group_of_copy is not None and article.id in group_of_copy
        return "wire copy" if (article.wire_agency or in_group) else "own reporting"
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}: expected one of {', '.join(FACETS)} or a function")
    entry = registry.for_article(article)
    if entry is None:
        return UNKNOWN
    if facet == "name":
        return entry.name
    value = entry.get(facet)
    if value is None:
        return UNKNOWN
    if facet == "wire_agency":
        return "wire agency" if value else "not a wire agency"
    return str(value)


def group_articles(
    articles: Sequence[Article],
    registry: OutletRegistry,
    facet: Facet = "ownership",
    copy_groups: Iterable[CopyGroup] = (),
) -> dict[str, str]:
    """article id -> group under `facet`."""
    index = copy_group_index(copy_groups)
    return {a.id: facet_value(a, registry, facet, index) for a in articles}


def compare_by(
    comparison: StoryComparison,
    articles: Sequence[Article],
    registry: OutletRegistry,
    facet: Facet = "ownership",
    copy_groups: Iterable[CopyGroup] = (),
    omit_min_share: float = 0.5,
) -> GroupedComparison:
    """Regroup `comparison`'s facts by `facet` of their outlets (see the module docstring).

    `articles` must include the story's articles (others are ignored); `copy_groups`
    is needed only for the "copy" facet.
    """
    facet_name = facet if isinstance(facet, str) else getattr(facet, "__name__", "custom")
    in_story = {aid for f in comparison.facts for aid in f.article_ids}
    arts = [a for a in articles if a.id in in_story] or list(articles)
    group_of = group_articles(arts, registry, facet, copy_groups)
    outlets: dict[str, list[str]] = {}
    for a in arts:
        outlets.setdefault(group_of[a.id], [])
        if outlet_of(a) not in outlets[group_of[a.id]]:
            outlets[group_of[a.id]].append(outlet_of(a))

    carried: Counter[str] = Counter()
    fact_groups: dict[str, list[str]] = {}
    per_fact: dict[str, dict[str, list[str]]] = {}
    for fact in comparison.facts:
        by_group: dict[str, list[str]] = {}
        for aid in fact.article_ids:
            g = group_of.get(aid, UNKNOWN)
            by_group.setdefault(g, []).append(fact.treatment.get(aid, "reports"))
        per_fact[fact.id] = by_group
        fact_groups[fact.id] = sorted(by_group)
        carried.update(by_group.keys())
    known = sorted((g for g in outlets if g != UNKNOWN), key=lambda g: (-carried[g], g))
    groups = known + ([UNKNOWN] if UNKNOWN in outlets else [])

    coverage = {
        fid: {g: _pick_treatment(by_group[g]) if g in by_group else OMITS for g in groups}
        for fid, by_group in per_fact.items()
    }
    exclusive: dict[str, list[str]] = {g: [] for g in known}
    omitted: dict[str, list[str]] = {g: [] for g in known}
    if len(known) >= 2:
        for fid, gs in fact_groups.items():
            if len(gs) == 1 and gs[0] != UNKNOWN:
                exclusive[gs[0]].append(fid)
        for g in known:
            need = max(2.0, omit_min_share * (len(known) - 1))
            for fid, gs in fact_groups.items():
                others = [x for x in gs if x != UNKNOWN and x != g]
                if g not in gs and len(others) >= need:
                    omitted[g].append(fid)
    return GroupedComparison(
        story_id=comparison.story_id,
        facet=facet_name,
        groups=groups,
        group_of=group_of,
        outlet_of={a.id: outlet_of(a) for a in arts},
        outlets=outlets,
        coverage=coverage,
        fact_groups=fact_groups,
        exclusive=exclusive,
        omitted=omitted,
        fact_text={f.id: f.text for f in comparison.facts},
        fact_articles={f.id: list(f.article_ids) for f in comparison.facts},
    )


def fact_blindspots(grouped: GroupedComparison, min_outlets: int = 1) -> list[Blindspot]:
    """Facts of a story that only one known group carries, while the story has others.

    A fact carried by an article of unknown group is never a blindspot (that article
    may belong to any group). `min_outlets` > 1 keeps only facts several outlets of
    the group carry (a fact one outlet alone reports is already in `exclusive` of
    `compare_story`). Most widely carried first.
    """
    known = grouped.known_groups
    if len(known) < 2:
        return []
    out: list[Blindspot] = []
    for fid, gs in grouped.fact_groups.items():
        if len(gs) != 1 or gs[0] == UNKNOWN:
            continue
        aids = grouped.fact_articles[fid]
        outlets = _outlets_of(aids, grouped)
        if len(outlets) < min_outlets:
            continue
        out.append(
            Blindspot(
                "fact",
                fid,
                grouped.fact_text[fid],
                grouped.facet,
                gs[0],
                outlets,
                list(aids),
                [g for g in known if g != gs[0]],
            )
        )
    out.sort(key=lambda b: (-len(b.outlets), b.group, b.id))
    return out


def story_blindspots(
    stories: Sequence[Story],
    articles: Sequence[Article],
    registry: OutletRegistry,
    facet: Facet = "ownership",
    copy_groups: Iterable[CopyGroup] = (),
    min_outlets: int = 1,
) -> list[Blindspot]:
    """Stories that only one known group covers, while the corpus holds >= 2 known groups.

    Stories with an article of unknown group are skipped (undetermined). `min_outlets`
    > 1 keeps only stories several outlets covered. Most widely covered first.

    >>> from newsprism.registry import load_registry
    >>> arts = [Article(id=i, source="s", title="t", text="x", domain=d) for i, d in
    ...         [("a", "tass.com"), ("b", "kcna.kp"), ("c", "bbc.com")]]
    >>> stories = [Story("s1", "T", ["a", "b"]), Story("s2", "U", ["a", "c"])]
    >>> [(b.id, b.group, b.missing_groups) for b in story_blindspots(stories, arts, load_registry())]
    [('s1', 'state-owned', ['public broadcaster'])]
    """
    group_of = group_articles(articles, registry, facet, copy_groups)
    by_id = {a.id: a for a in articles}
    known_all = sorted({g for g in group_of.values() if g != UNKNOWN})
    if len(known_all) < 2:
        return []
    facet_name = facet if isinstance(facet, str) else getattr(facet, "__name__", "custom")
    out: list[Blindspot] = []
    for story in stories:
        aids = [a for a in story.article_ids if a in by_id]
        gs = {group_of[a] for a in aids}
        if len(gs) != 1 or UNKNOWN in gs:
            continue
        outlets = list(dict.fromkeys(outlet_of(by_id[a]) for a in aids))
        if len(outlets) < min_outlets:
            continue
        group = gs.pop()
        out.append(
            Blindspot(
                "story",
                story.id,
                story.title,
                facet_name,
                group,
                outlets,
                aids,
                [g for g in known_all if g != group],
            )
        )
    out.sort(key=lambda b: (-len(b.outlets), b.group, b.id))
    return out


def _outlets_of(article_ids: Iterable[str], grouped: GroupedComparison) -> list[str]:
    return list(dict.fromkeys(grouped.outlet_of.get(a, f"unknown:{a}") for a in article_ids))
