"""Plain-data reports of a grouped comparison and of blindspots, for the CLI, the web page and the API.

The store keeps each story's comparison as a dict (`dataclasses.asdict(StoryComparison)`);
grouping by an outlet facet is done when asked, from that dict, the story's articles and
an outlet registry, so a user's registry file changes the grouping without a rebuild.

Facet names accepted here are `groups.FACETS` plus the alias "wire" for "copy"
(wire copy / own reporting). Every value in the returned dicts is JSON-ready.

Example::

    comparison = comparison_from_dict(store.story_report(story.id)["comparison"])
    report = grouped_report(comparison, articles, registry, "ownership", copy_groups)
    report["groups"][0]["name"], report["blindspots"]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from newsprism.compare.groups import (
    FACETS,
    UNKNOWN,
    compare_by,
    fact_blindspots,
    group_articles,
    story_blindspots,
)
from newsprism.models import Article, CopyGroup, Fact, Story, StoryComparison
from newsprism.registry import OutletRegistry

FACET_ALIASES: dict[str, str] = {"wire": "copy", "wire-agency": "wire_agency", "outlet": "name"}
# the facets a user may name: every facet and every alias
FACET_CHOICES: tuple[str, ...] = (*FACETS, *FACET_ALIASES)


def resolve_facet(name: str) -> str:
    """The facet named by `name` (aliases resolved, case-insensitive); ValueError when unknown.

    >>> resolve_facet("Wire"), resolve_facet("country")
    ('copy', 'country')
    """
    key = name.strip().lower()
    key = FACET_ALIASES.get(key, key)
    if key not in FACETS:
        raise ValueError(f"unknown facet {name!r}: expected one of {', '.join(FACET_CHOICES)}")
    return key


def comparison_from_dict(data: Mapping[str, Any] | None, story_id: str = "") -> StoryComparison:
    """A `StoryComparison` rebuilt from its stored dict; malformed facts are skipped."""
    data = data or {}
    facts: list[Fact] = []
    for f in data.get("facts") or []:
        if not isinstance(f, Mapping) or not f.get("id"):
            continue
        facts.append(
            Fact(
                id=str(f["id"]),
                text=str(f.get("text") or ""),
                article_ids=[str(a) for a in f.get("article_ids") or []],
                outlets=[str(o) for o in f.get("outlets") or []],
                treatment={str(k): str(v) for k, v in (f.get("treatment") or {}).items()},
                copy_groups=[str(g) for g in f.get("copy_groups") or []],
            )
        )
    return StoryComparison(
        story_id=str(data.get("story_id") or story_id),
        facts=facts,
        attribution=dict(data.get("attribution") or {}),
        exclusive=dict(data.get("exclusive") or {}),
        omitted=dict(data.get("omitted") or {}),
    )


def grouped_report(
    comparison: StoryComparison,
    articles: Sequence[Article],
    registry: OutletRegistry,
    facet: str = "ownership",
    copy_groups: Iterable[CopyGroup] = (),
    *,
    max_facts: int | None = None,
) -> dict[str, Any]:
    """The story's comparison grouped by `facet`, as plain data.

    Keys: `story_id`, `facet`, `groups` (per group: `name`, `outlets`, `articles`,
    `facts` carried, `exclusive` and `omitted` facts as {id, text}), `facts` (per fact:
    `id`, `text`, `article_ids`, `coverage` {group: treatment or "omits"}), `blindspots`
    (facts only one known group carries), `registry` (per outlet: the registry entry's
    facts with their sources, or null when the registry does not know the outlet).
    `max_facts` keeps the most widely carried facts only.
    """
    facet = resolve_facet(facet)
    grouped = compare_by(comparison, articles, registry, facet, copy_groups)
    text = grouped.fact_text
    group_articles: dict[str, list[str]] = {}
    for aid, g in grouped.group_of.items():
        group_articles.setdefault(g, []).append(aid)
    carried = {g: sum(1 for gs in grouped.fact_groups.values() if g in gs) for g in grouped.groups}
    fact_ids = list(grouped.coverage)
    if max_facts is not None:
        fact_ids = fact_ids[:max_facts]
    in_story = set(grouped.outlet_of)
    entries: dict[str, Any] = {}
    for a in articles:
        if a.id not in in_story:
            continue
        outlet = grouped.outlet_of[a.id]
        if outlet in entries:
            continue
        entry = registry.for_article(a)
        entries[outlet] = entry.to_dict() if entry is not None else None
    return {
        "story_id": grouped.story_id,
        "facet": grouped.facet,
        "groups": [
            {
                "name": g,
                "known": g != UNKNOWN,
                "outlets": grouped.outlets.get(g, []),
                "articles": group_articles.get(g, []),
                "facts": carried[g],
                "exclusive": [{"id": f, "text": text[f]} for f in grouped.exclusive.get(g, [])],
                "omitted": [{"id": f, "text": text[f]} for f in grouped.omitted.get(g, [])],
            }
            for g in grouped.groups
        ],
        "facts": [
            {
                "id": f,
                "text": text[f],
                "article_ids": grouped.fact_articles[f],
                "coverage": grouped.coverage[f],
            }
            for f in fact_ids
        ],
        "blindspots": [asdict(b) for b in fact_blindspots(grouped)],
        "registry": entries,
    }


def blindspot_report(
    stories: Sequence[Story],
    articles: Sequence[Article],
    registry: OutletRegistry,
    facet: str = "ownership",
    copy_groups: Iterable[CopyGroup] = (),
    *,
    min_outlets: int = 1,
    comparisons: Mapping[str, StoryComparison] | None = None,
) -> dict[str, Any]:
    """Stories (and, given `comparisons` by story id, facts) that only one known group covers.

    Keys: `facet`, `groups` (known groups present in the corpus with their article
    counts), `unknown_articles` (articles the registry cannot place: they never count
    for or against a blindspot), `stories` and `facts` (lists of `Blindspot` dicts).
    """
    facet = resolve_facet(facet)
    copy_groups = list(copy_groups)
    spots = story_blindspots(stories, articles, registry, facet, copy_groups, min_outlets)
    group_of = group_articles(articles, registry, facet, copy_groups)
    counts: dict[str, int] = {}
    for g in group_of.values():
        counts[g] = counts.get(g, 0) + 1
    fact_spots: list[dict[str, Any]] = []
    if comparisons:
        by_story = {s.id: s for s in stories}
        for sid, comparison in comparisons.items():
            story = by_story.get(sid)
            if story is None:
                continue
            ids = set(story.article_ids)
            grouped = compare_by(
                comparison,
                [a for a in articles if a.id in ids],
                registry,
                facet,
                [g for g in copy_groups if ids & set(g.article_ids)],
            )
            for b in fact_blindspots(grouped, min_outlets):
                fact_spots.append({**asdict(b), "story_id": sid, "story_title": story.title})
    return {
        "facet": facet,
        "groups": {g: n for g, n in sorted(counts.items()) if g != UNKNOWN},
        "unknown_articles": counts.get(UNKNOWN, 0),
        "stories": [asdict(b) for b in spots],
        "facts": fact_spots,
    }
