"""The JSON API under ``/api``: the export contract's records, paginated.

Records carry exactly the fields of `newsprism.export` (docs/export.md) so a client
of the API and a reader of an export see the same data; the single-story and
single-article endpoints add the read model of `newsprism.views` on top (the contract
fields win where names overlap).

Endpoints::

    GET /api/stories?limit=&offset=&outlet=&storyline=&date_from=&date_to=
    GET /api/stories/{id}
    GET /api/articles?limit=&offset=&outlet=
    GET /api/articles/{id}
    GET /api/storylines?limit=&offset=
    GET /api/storylines/{id}
    GET /api/outlets
    GET /api/search?q=&limit=
    GET /api/stories/{id}/compare?by=ownership|country|language|wire|wire_agency|name
    GET /api/blindspots?by=&facts=&min_outlets=

The comparison endpoints group outlets with the outlet registry the app was given
(`newsprism.registry.load_surface_registry`: bundled, demo, `$NEWSPRISM_REGISTRY`).
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoint annotations at
# run time, and the store dependency aliases are local to the app factory.

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from newsprism.compare import FACET_CHOICES, comparison_from_dict, grouped_report
from newsprism.export import (
    ARTICLE_FIELDS,
    STORY_FIELDS,
    STORYLINE_FIELDS,
    article_record,
    story_record,
    storyline_record,
)
from newsprism.registry import OutletRegistry, load_surface_registry
from newsprism.store import Store
from newsprism.views import article_view, blindspots_view, story_view
from newsprism.web import queries

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"  # empty allowed: an HTML form sends empty fields
MAX_QUERY = 500
MAX_NAME = 200

IdPath = Annotated[
    str, Path(pattern=ID_PATTERN, description="An id (a unique prefix of 4+ characters works too).")
]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size (1..200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]
FACET_PATTERN = "^(" + "|".join(FACET_CHOICES) + ")$"
FacetQuery = Annotated[
    str,
    Query(
        pattern=FACET_PATTERN,
        description="Outlet facet: ownership, country, language, wire (wire copy / own reporting),"
        " wire_agency, name.",
    ),
]


# The fields each record carries, in the export's order (tests/web pins them to the export).
RECORD_FIELDS = {"articles": ARTICLE_FIELDS, "stories": STORY_FIELDS, "storylines": STORYLINE_FIELDS}


def _page(total: int, limit: int, offset: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def build_api(get_store: Callable[[], Iterator[Store]], registry: OutletRegistry | None = None) -> APIRouter:
    """The ``/api`` router, reading through the `get_store` dependency.

    `registry` groups outlets by facet (default: `load_surface_registry()`, read once).
    """
    router = APIRouter(prefix="/api", tags=["api"])
    StoreDep = Annotated[Store, Depends(get_store)]
    outlets_registry = registry if registry is not None else load_surface_registry()

    @router.get("/stories", summary="Stories, newest first (paginated, filterable)")
    def api_stories(
        store: StoreDep,
        limit: Limit = 20,
        offset: Offset = 0,
        outlet: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
        storyline: Annotated[str | None, Query(pattern=r"^([A-Za-z0-9_-]{1,64})?$")] = None,
        date_from: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
        date_to: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    ) -> dict[str, Any]:
        flt = queries.StoryFilter(date_from or None, date_to or None, outlet or None, storyline or None)
        stories = queries.list_stories(store, flt, limit=limit, offset=offset)
        return _page(
            queries.count_stories(store, flt), limit, offset, [story_record(store, s) for s in stories]
        )

    @router.get("/stories/{story_id}", summary="One story: contract fields plus the full story view")
    def api_story(story_id: IdPath, store: StoreDep) -> dict[str, Any]:
        story = store.get_story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return {**story_view(store, story), **story_record(store, story)}

    @router.get(
        "/stories/{story_id}/compare",
        summary="How a story's facts are carried by each group of outlets (ownership, country...)",
    )
    def api_story_compare(story_id: IdPath, store: StoreDep, by: FacetQuery = "ownership") -> dict[str, Any]:
        story = store.get_story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        comparison = comparison_from_dict(store.story_report(story.id)["comparison"], story.id)
        articles = store.articles(story.article_ids)
        report = grouped_report(
            comparison, articles, outlets_registry, by, store.copy_groups(story.article_ids)
        )
        return {**report, "title": story.title}

    @router.get("/blindspots", summary="Stories (and facts) covered by only one group of outlets")
    def api_blindspots(
        store: StoreDep,
        by: FacetQuery = "ownership",
        facts: Annotated[bool, Query(description="Also list facts only one group carries.")] = False,
        min_outlets: Annotated[int, Query(ge=1, le=1000, description="Outlets a blindspot needs.")] = 1,
        limit: Limit = 50,
    ) -> dict[str, Any]:
        report = blindspots_view(store, outlets_registry, by, facts=facts, min_outlets=min_outlets)
        report["total_stories"], report["total_facts"] = len(report["stories"]), len(report["facts"])
        report["stories"], report["facts"] = report["stories"][:limit], report["facts"][:limit]
        return report

    @router.get("/articles", summary="Articles in publication order (paginated)")
    def api_articles(
        store: StoreDep,
        limit: Limit = 20,
        offset: Offset = 0,
        outlet: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    ) -> dict[str, Any]:
        arts = queries.list_articles(store, limit=limit, offset=offset, outlet=outlet or None)
        links = queries.links_for(store, [a.id for a in arts])
        items = [article_record(store, a, links.get(a.id, {})) for a in arts]
        return _page(queries.count_articles(store, outlet or None), limit, offset, items)

    @router.get(
        "/articles/{article_id}", summary="One article: contract fields plus removed clutter and copy links"
    )
    def api_article(article_id: IdPath, store: StoreDep) -> dict[str, Any]:
        art = store.get_article(article_id)
        view = article_view(store, art.id) if art else None
        if art is None or view is None:
            raise HTTPException(404, f"no article {article_id!r}")
        record = article_record(store, art, queries.links_for(store, [art.id]).get(art.id, {}))
        return {**view, **record}

    @router.get("/storylines", summary="Storylines with their timelines (paginated)")
    def api_storylines(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        lines = store.storylines()
        items = [storyline_record(line) for line in lines[offset : offset + limit]]
        return _page(len(lines), limit, offset, items)

    @router.get("/storylines/{storyline_id}", summary="One storyline with its timeline and summary")
    def api_storyline(storyline_id: IdPath, store: StoreDep) -> dict[str, Any]:
        line = store.get_storyline(storyline_id)
        if line is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        summary = [
            {"sentence": s.sentence, "article_ids": s.article_ids, "supported": s.supported}
            for s in store.storyline_summary(line.id)
        ]
        return {**storyline_record(line), "shared_entities": line.shared_entities, "summary": summary}

    @router.get("/outlets", summary="Outlets with their article counts")
    def api_outlets(store: StoreDep) -> dict[str, Any]:
        items = [{"name": name, "articles": n} for name, n in queries.outlets(store)]
        return {"total": len(items), "items": items}

    @router.get("/search", summary="Full-text search over article titles and texts")
    def api_search(
        store: StoreDep,
        q: Annotated[
            str, Query(min_length=1, max_length=MAX_QUERY, description='Words; "a phrase" in quotes.')
        ],
        limit: Limit = 20,
    ) -> dict[str, Any]:
        items = store.search(q, limit=limit)
        return {"query": q, "total": len(items), "items": items}

    return router
