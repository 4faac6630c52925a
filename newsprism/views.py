"""Read models shared by the surfaces (CLI, web, API): a story or article as plain data.

The surfaces render these dicts; none of them queries the store on its own, so the
terminal report, the JSON output and the web page always show the same facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from newsprism.models import Story
from newsprism.store import Store


def story_view(store: Store, story: Story) -> dict[str, Any]:
    """Everything a story page shows."""
    articles = store.articles(story.article_ids)
    by_id = {a.id: a for a in articles}
    report = store.story_report(story.id)
    groups = store.copy_groups(story.article_ids)
    grouped = {aid for g in groups for aid in g.article_ids}
    storyline = store.get_storyline(story.storyline_id) if story.storyline_id else None

    quotes = []
    for a in articles:
        for q in store.quotes(a.id):
            quotes.append(
                {
                    "article_id": a.id,
                    "outlet": a.outlet,
                    "text": q.text,
                    "speaker": q.speaker_canonical or q.speaker,
                    "kind": q.kind,
                    "cue": q.cue,
                    "start": q.start,
                    "end": q.end,
                }
            )
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "event_date": story.event_date,
        "outlets": story.outlets,
        "storyline_id": story.storyline_id,
        "merged_from": story.merged_from,
        "independent_sources": len(groups) + len([a for a in story.article_ids if a not in grouped]),
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "published": a.published_date,
                "byline": a.byline,
                "wire_agency": a.wire_agency,
                "language": a.language,
                "source": a.source,
                "url": a.url,
                "words": len(a.text.split()),
            }
            for a in articles
        ],
        "copy_groups": [
            {
                "id": g.id,
                "origin_id": g.origin_id,
                "origin_agency": g.origin_agency,
                "origin_reason": g.origin_reason,
                "members": [
                    {
                        "article_id": aid,
                        "outlet": by_id[aid].outlet if aid in by_id else None,
                        "copied_share": g.copied_share.get(aid),
                    }
                    for aid in g.article_ids
                ],
            }
            for g in groups
        ],
        "summary": report.get("summary", []),
        "quotes": quotes,
        "quote_clusters": report.get("quote_clusters", []),
        "claim_clusters": report.get("claim_clusters", []),
        "comparison": report.get("comparison", {}),
        "evidence": [asdict(e) for e in store.evidence(story.id)],
        "storyline": (
            {
                "id": storyline.id,
                "title": storyline.title,
                "timeline": [asdict(t) for t in storyline.timeline],
                "summary": [asdict(s) for s in store.storyline_summary(storyline.id)],
            }
            if storyline
            else None
        ),
        "speakers": Counter(q["speaker"] for q in quotes if q["speaker"]).most_common(10),
    }


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """Everything an article page shows, including the removed clutter and why."""
    art = store.get_article(article_id)
    if art is None:
        return None
    links = store.article_links().get(art.id, {})
    return {
        **{k: v for k, v in asdict(art).items() if k not in ("removed", "date_mentions")},
        "published_date": art.published_date,
        "story_id": links.get("story_id"),
        "storyline_id": links.get("storyline_id"),
        "copy_group": links.get("copy_group"),
        "removed": [asdict(r) for r in art.removed],
        "date_mentions": [asdict(d) for d in art.date_mentions],
        "quotes": [asdict(q) for q in store.quotes(art.id)],
        "claims": [asdict(c) for c in store.claims(art.id)],
        "copy_links": [
            {
                "other_id": link.b_id if link.a_id == art.id else link.a_id,
                "kind": link.kind,
                "jaccard": link.jaccard,
                "coverage": link.coverage_a if link.a_id == art.id else link.coverage_b,
            }
            for link in store.copy_links_for(art.id)
        ],
    }


def blindspots_view(
    store: Store, registry: Any, facet: str, *, facts: bool = False, min_outlets: int = 1
) -> dict[str, Any]:
    """The blindspot report over the whole store: stories (and, with `facts`, facts of
    multi-article stories) that only one group of outlets under `facet` covers."""
    from newsprism.compare import blindspot_report, comparison_from_dict

    stories = store.stories()
    comparisons = None
    if facts:
        comparisons = {
            s.id: comparison_from_dict(store.story_report(s.id)["comparison"], s.id)
            for s in stories
            if len(s.article_ids) > 1
        }
    return blindspot_report(
        stories,
        store.articles(),
        registry,
        facet,
        store.copy_groups(),
        min_outlets=min_outlets,
        comparisons=comparisons,
    )
