"""The web UI and JSON API of newsprism (`newsprism serve`).

Server-rendered pages (Jinja2, autoescaped) over a read-only store, with the bundled
CSS and a little JavaScript from ``static/`` — no CDN and no request leaves the page,
so it works offline. Every response carries a strict Content-Security-Policy: no
inline scripts or styles, only files from this server.

Pages::

    /                       stories (search, filters by date, outlet and storyline)
    /story/{id}?by=facet    one story: summary, timeline, coverage matrix (by outlet and by an
                            outlet-registry facet, with blindspots), quotes, copies
    /article/{id}           clean text, removed clutter and why, copy links
    /diff/{a}/{b}           two articles side by side: copied / edited / own passages
    /outlet/{name}          an outlet's stories, articles and attribution verbs
    /outlets, /storylines   indexes
    /storyline/{id}         a storyline's timeline across its stories
    /docs                   the API reference (from /openapi.json)

Example::

    uvicorn.run(create_app("news.db"))
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoint annotations at
# run time, and the store dependency aliases are local to the app factory.

import re
from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsprism.compare import comparison_from_dict, grouped_report
from newsprism.errors import StoreError
from newsprism.models import Passage
from newsprism.registry import OutletRegistry, load_surface_registry
from newsprism.store import Store
from newsprism.views import article_view, story_view
from newsprism.web import queries, render
from newsprism.web.api import DATE_PATTERN, ID_PATTERN, MAX_NAME, MAX_QUERY, FacetQuery, build_api

HERE = FsPath(__file__).resolve().parent
PAGE_SIZE = 20
SEARCH_LIMIT = 50

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

_ID = re.compile(ID_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

IdPath = Annotated[str, Path(pattern=ID_PATTERN)]


class SecurityHeaders:
    """ASGI middleware: the security headers on every response (pages, API, static, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers.extend((k, v) for k, v in SECURITY_HEADERS if k not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _safe_url(value: Any) -> str | None:
    """An external link only when it is plain http(s); anything else is not linked."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _pct(value: Any) -> str:
    return f"{round(100 * value)}%" if isinstance(value, int | float) else "–"


def _day(value: Any) -> str:
    day = render.parse_day(value if isinstance(value, str) else None)
    return day.strftime("%d %b %Y") if day else "undated"


def make_environment() -> Environment:
    """The Jinja2 environment: autoescape on for every template, whatever its name."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["safe_url"] = _safe_url
    env.filters["pct"] = _pct
    env.filters["day"] = _day
    env.globals["outlet_name"] = render.outlet_name
    return env


def _valid_name(name: str) -> bool:
    return 0 < len(name) <= MAX_NAME and not _CONTROL.search(name)


def create_app(db_path: str, *, registry: OutletRegistry | None = None) -> FastAPI:
    """The newsprism web app over the store at `db_path` (opened read-only per request).

    `registry` groups outlets by facet on story pages and in the API; by default the
    bundled and demo registries plus the files in `$NEWSPRISM_REGISTRY`, read once.
    """
    outlets_registry = registry if registry is not None else load_surface_registry()
    app = FastAPI(
        title="newsprism",
        description="One story, every source: stories, articles and storylines as JSON.",
        version="0.1.0",
        docs_url=None,  # the default Swagger page loads from a CDN; /docs below is bundled
        redoc_url=None,
    )
    env = make_environment()

    def get_store() -> Iterator[Store]:
        try:
            store = Store(db_path, readonly=True)
        except StoreError as exc:
            raise HTTPException(503, str(exc)) from exc
        # one read transaction per request: in WAL mode every query of the request sees the
        # same snapshot, so a build committing mid-request can never show a torn page
        store.db.execute("BEGIN")
        try:
            yield store
        finally:
            store.db.execute("ROLLBACK")
            store.close()

    StoreDep = Annotated[Store, Depends(get_store)]

    def page(template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**ctx), status_code=status_code)

    def _is_api(request: Request) -> bool:
        path = request.url.path
        return path.startswith("/api/") or path == "/api" or path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        titles = {404: "Not found", 405: "Method not allowed", 503: "Store unavailable"}
        return page(
            "error.html",
            exc.status_code,
            title=titles.get(exc.status_code, "Error"),
            status=exc.status_code,
            detail=str(exc.detail),
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        problems = [f"{'.'.join(str(p) for p in e.get('loc', [])[1:])}: {e.get('msg')}" for e in exc.errors()]
        return page("error.html", 422, title="Invalid request", status=422, detail="; ".join(problems))

    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(build_api(get_store, outlets_registry))

    # -- pages ------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        store: StoreDep,
        q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
        outlet: Annotated[str, Query(max_length=MAX_NAME)] = "",
        storyline: Annotated[str, Query(pattern=r"^([A-Za-z0-9_-]{1,64})?$")] = "",
        date_from: Annotated[str, Query(pattern=DATE_PATTERN)] = "",
        date_to: Annotated[str, Query(pattern=DATE_PATTERN)] = "",
        page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        flt = queries.StoryFilter(date_from or None, date_to or None, outlet or None, storyline or None)
        params = {
            k: v
            for k, v in (
                ("q", q),
                ("outlet", outlet),
                ("storyline", storyline),
                ("date_from", date_from),
                ("date_to", date_to),
            )
            if v
        }
        ctx: dict[str, Any] = {
            "q": q,
            "flt": flt,
            "outlets": queries.outlets(store),
            "storylines": queries.storyline_titles(store),
            "counts": store.counts(),
        }
        if q.strip():
            hits = []
            for hit in store.search(q, limit=SEARCH_LIMIT * 2):
                day = (hit.get("published") or "")[:10]
                if (
                    (flt.outlet and hit.get("outlet") != flt.outlet)
                    or (flt.date_from and (not day or day < flt.date_from))
                    or (flt.date_to and (not day or day > flt.date_to))
                ):
                    continue
                hit["segments"] = render.snippet_segments(hit.get("snippet"), q)
                hits.append(hit)
            found = {
                sid: st
                for sid in {h["story_id"] for h in hits if h.get("story_id")}
                if (st := store.get_story(sid)) is not None
            }
            if flt.storyline_id:
                hits = [
                    h
                    for h in hits
                    if (st := found.get(h.get("story_id") or "")) and st.storyline_id == flt.storyline_id
                ]
            story_titles = {sid: st.title for sid, st in found.items()}
            return page("search.html", hits=hits[:SEARCH_LIMIT], story_titles=story_titles, **ctx)
        total = queries.count_stories(store, flt)
        pages = max(1, -(-total // PAGE_SIZE))
        stories = queries.list_stories(store, flt, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        cards = [
            {
                "story": s,
                "lead": queries.first_summary_sentence(store, s.id),
                "storyline": store.get_storyline(s.storyline_id) if s.storyline_id else None,
            }
            for s in stories
        ]

        def page_url(n: int) -> str:
            return "/?" + urlencode({**params, "page": n})

        return page(
            "stories.html",
            cards=cards,
            total=total,
            page_no=page_no,
            pages=pages,
            prev_url=page_url(page_no - 1) if page_no > 1 else None,
            next_url=page_url(page_no + 1) if page_no < pages else None,
            **ctx,
        )

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: IdPath, store: StoreDep, by: FacetQuery = "ownership") -> Response:
        story = store.get_story(story_id)
        if story is None:
            raise HTTPException(404, f"There is no story {story_id!r} in this store.")
        if story.id != story_id:  # a prefix or a story merged away: send to the canonical page
            return RedirectResponse(f"/story/{story.id}", status_code=307)
        view = story_view(store, story)
        grouped = render.grouped_model(
            grouped_report(
                comparison_from_dict(view.get("comparison"), story.id),
                store.articles(story.article_ids),
                outlets_registry,
                by,
                store.copy_groups(story.article_ids),
            )
        )
        numbers = render.citations(view)
        items = [
            (
                a.get("published"),
                render.outlet_name(a.get("outlet")),
                f"/article/{a['id']}",
                f"[{numbers[a['id']]}] {render.outlet_name(a.get('outlet'))} · {a.get('title')}",
                "",
            )
            for a in view["articles"]
        ]
        line = view.get("storyline")
        line_chart = None
        if line:
            line_chart = render.timeline_chart(
                [
                    (
                        t.get("date"),
                        "",
                        f"/story/{t.get('story_id')}",
                        f"{t.get('date') or 'undated'} · {t.get('headline')}",
                        "current" if t.get("story_id") == story.id else "",
                    )
                    for t in line["timeline"]
                ],
                lanes=False,
                numbered=True,
            )
        attribution = (view.get("comparison") or {}).get("attribution") or {}
        return page(
            "story.html",
            v=view,
            numbers=numbers,
            summary=render.summary_model(view.get("summary") or [], numbers),
            coverage_chart=render.timeline_chart(items),
            line_chart=line_chart,
            matrix=render.heatmap(view),
            quotes=render.quote_groups(view),
            claims=render.claim_models(view),
            copy_groups=render.copy_group_models(view),
            evidence={e["id"]: e for e in render.evidence_models(view)},
            attribution=sorted(
                ((o, sorted(v.items(), key=lambda kv: -kv[1])) for o, v in attribution.items() if v),
                key=lambda ov: ov[0].lower(),
            ),
            treatments=render.TREATMENTS,
            grouped=grouped,
            facets=render.FACET_LINKS,
        )

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: IdPath, store: StoreDep) -> Response:
        art = store.get_article(article_id)
        if art is None:
            raise HTTPException(404, f"There is no article {article_id!r} in this store.")
        if art.id != article_id:
            return RedirectResponse(f"/article/{art.id}", status_code=307)
        view = article_view(store, art.id) or {}
        story = store.get_story(view["story_id"]) if view.get("story_id") else None
        others = store.articles([c["other_id"] for c in view.get("copy_links", [])])
        return page(
            "article.html",
            a=view,
            story=story,
            text=render.article_segments(art.text, view.get("quotes", [])),
            others={o.id: o for o in others},
        )

    @app.get("/diff/{a_id}/{b_id}", response_class=HTMLResponse, include_in_schema=False)
    def diff_page(a_id: IdPath, b_id: IdPath, store: StoreDep) -> Response:
        a, b = store.get_article(a_id), store.get_article(b_id)
        if a is None or b is None:
            missing = a_id if a is None else b_id
            raise HTTPException(404, f"There is no article {missing!r} in this store.")
        if (a.id, b.id) != (a_id, b_id):
            return RedirectResponse(f"/diff/{a.id}/{b.id}", status_code=307)
        link = next((lk for lk in store.copy_links_for(a.id) if b.id in (lk.a_id, lk.b_id)), None)
        passages: list[Passage] | None = None
        source = "none"
        if link is not None and link.passages:
            passages = link.passages if link.a_id == a.id else render.flip(link.passages)
            source = "stored"
        else:
            try:
                from newsprism.dedup import align
            except ImportError:
                align = None  # type: ignore[assignment]
            if align is not None:
                passages = list(align(a.text, b.text).passages)
                source = "computed"
        model = render.diff_model(a, b, passages)
        coverage = None
        if link is not None:
            same = link.a_id == a.id
            coverage = {
                "kind": link.kind,
                "jaccard": link.jaccard,
                "a": link.coverage_a if same else link.coverage_b,
                "b": link.coverage_b if same else link.coverage_a,
            }
        return page("diff.html", a=a, b=b, model=model, source=source, coverage=coverage)

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(store: StoreDep) -> HTMLResponse:
        return page("outlets.html", outlets=queries.outlets(store))

    @app.get("/outlet/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(name: str, store: StoreDep) -> HTMLResponse:
        if not _valid_name(name):
            raise HTTPException(404, "There is no such outlet.")
        n_articles = queries.count_articles(store, name)
        if n_articles == 0:
            raise HTTPException(404, f"There is no outlet {name!r} in this store.")
        stories = queries.stories_of_outlet(store, name)
        articles = queries.list_articles(store, limit=200, offset=0, outlet=name)
        verbs = queries.attribution_of_outlet(store, name, [s.id for s in stories])
        wire = sum(1 for a in articles if a.wire_agency)
        return page(
            "outlet.html",
            name=name,
            stories=stories,
            articles=list(reversed(articles)),
            n_articles=n_articles,
            verbs=verbs.most_common(),
            verb_max=max(verbs.values(), default=1),
            wire=wire,
        )

    @app.get("/storylines", response_class=HTMLResponse, include_in_schema=False)
    def storylines_page(store: StoreDep) -> HTMLResponse:
        return page("storylines.html", lines=store.storylines())

    @app.get("/storyline/{storyline_id}", response_class=HTMLResponse, include_in_schema=False)
    def storyline_page(storyline_id: IdPath, store: StoreDep) -> HTMLResponse:
        line = store.get_storyline(storyline_id)
        if line is None:
            raise HTTPException(404, f"There is no storyline {storyline_id!r} in this store.")
        stories = {sid: s for sid in line.story_ids if (s := store.get_story(sid)) is not None}
        entries = line.timeline or [
            # a storyline stored without a timeline: fall back to its stories by date
            _entry(s)
            for s in sorted(stories.values(), key=lambda s: s.first_seen or "")
        ]
        chart = render.timeline_chart(
            [
                (t.date, "", f"/story/{t.story_id}", f"{t.date or 'undated'} · {t.headline}", "")
                for t in entries
            ],
            lanes=False,
            numbered=True,
        )
        summary_articles = {aid for s in store.storyline_summary(line.id) for aid in s.article_ids}
        numbers = {aid: i for i, aid in enumerate(sorted(summary_articles), start=1)}
        summary = render.summary_model(
            [
                {"sentence": s.sentence, "article_ids": s.article_ids, "supported": s.supported}
                for s in store.storyline_summary(line.id)
            ],
            numbers,
        )
        return page(
            "storyline.html", line=line, entries=entries, stories=stories, line_chart=chart, summary=summary
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return page("docs.html", endpoints=_endpoints(app.openapi()))

    return app


def _entry(story: Any) -> Any:
    from newsprism.models import TimelineEntry

    return TimelineEntry(
        date=story.first_seen, story_id=story.id, headline=story.title, article_ids=story.article_ids
    )


def _endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations from the OpenAPI schema, for the bundled docs page."""
    out = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = []
            for p in op.get("parameters", []):
                s = p.get("schema", {})
                if "anyOf" in s:  # Optional[...] parameters: show the non-null type
                    s = next((x for x in s["anyOf"] if x.get("type") != "null"), s)
                limits = [
                    f"{k} {s[k]}"
                    for k in ("minimum", "maximum", "minLength", "maxLength", "pattern")
                    if k in s
                ]
                params.append(
                    {
                        "name": p.get("name"),
                        "in": p.get("in"),
                        "required": p.get("required", False),
                        "type": s.get("type", ""),
                        "default": s.get("default"),
                        "limits": ", ".join(limits),
                        "description": p.get("description") or s.get("description") or "",
                    }
                )
            out.append(
                {"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": params}
            )
    return out
