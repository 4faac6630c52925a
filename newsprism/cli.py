"""The command-line interface: `newsprism ingest | build | stories | show | search | export | demo`.

Every command that takes inputs ends with a table that accounts for each input
(ingested / duplicate / rejected, with reasons). `--json` gives machine-readable
output. Article-derived text is untrusted: it is stripped of control characters
and escaped before rich renders it, so a title can never inject markup or
terminal escape sequences.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.batch.command import batch_cmd
from newsprism.errors import NewsprismError
from newsprism.export import export as export_records
from newsprism.pipeline import BuildReport, IngestReport, Workers, build, ingest
from newsprism.store import Store, default_db_path
from newsprism.views import article_view, blindspots_view, story_view

app = typer.Typer(
    name="newsprism",
    help="Turn a pile or a stream of raw news into stories: one story, every source.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,  # locals may hold untrusted article text
)
console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="SQLite store to use (default: $NEWSPRISM_DB or ./newsprism.db).", show_default=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for cleaning, copy verification, quotes, claims and story reports (same results as 1).",
    ),
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe(value: Any) -> str:
    """Untrusted text made safe for the terminal: no control characters, no rich markup."""
    if value is None:
        return ""
    return escape(_CONTROL.sub("", str(value)))


def _db(db: Path | None) -> Path:
    return db or Path(default_db_path())


@contextmanager
def _open_store(db: Path | None, *, readonly: bool = False) -> Any:
    try:
        with Store(_db(db), readonly=readonly) as store:
            yield store
    except NewsprismError as exc:
        err_console.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold blue]{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not enabled,
        transient=False,
    )


def _bar_callback(progress: Progress) -> Any:
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        name = "ingest" if stage == "ingest" else "build"
        if name not in tasks:
            tasks[name] = progress.add_task(name, total=total)
        label = stage if name == "build" else name
        progress.update(tasks[name], completed=done, total=total, description=label)

    return update


def _print_ingest_table(report: IngestReport) -> None:
    counts = report.counts
    table = Table(title="Inputs", show_lines=False)
    table.add_column("status")
    table.add_column("count", justify="right")
    table.add_column("reasons")
    dup_reasons = Counter(r.reason for r in report.records if r.status == "duplicate")
    rej_reasons = Counter(r.reason for r in report.rejections)
    table.add_row("[green]ingested[/green]", str(counts["ingested"]), "")
    table.add_row(
        "[yellow]duplicate[/yellow]",
        str(counts["duplicate"]),
        ", ".join(f"{k}: {v}" for k, v in dup_reasons.items()),
    )
    table.add_row(
        "[red]rejected[/red]",
        str(counts["rejected"]),
        ", ".join(f"{safe(k)}: {v}" for k, v in rej_reasons.items()),
    )
    table.add_row("[bold]total[/bold]", str(counts["inputs"]), "")
    console.print(table)
    if report.rejections:
        rej = Table(title="Rejected inputs", show_header=True)
        rej.add_column("input", overflow="fold")
        rej.add_column("reason")
        rej.add_column("detail", overflow="fold")
        for r in report.rejections[:50]:
            rej.add_row(safe(r.source), safe(r.reason), safe(r.detail))
        if len(report.rejections) > 50:
            rej.add_row(f"… and {len(report.rejections) - 50} more", "", "")
        console.print(rej)


def _ingest_json(report: IngestReport) -> dict[str, Any]:
    return {
        "run_id": report.run_id,
        "counts": report.counts,
        "inputs": [
            {
                "source": r.source,
                "status": r.status,
                "reason": r.reason,
                "detail": r.detail,
                "article_id": r.article_id,
            }
            for r in report.records
        ],
    }


def _print_build(report: BuildReport) -> None:
    table = Table(title="Build", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("new articles", report.new_articles),
        ("stories", report.stories),
        ("storylines", report.storylines),
        ("copy groups", report.copy_groups),
        ("new copy links", report.copy_links),
        ("quotes found", report.quotes),
        ("claims found", report.claims),
        ("stories updated", len(report.touched_stories)),
    ):
        table.add_row(label, str(value))
    console.print(table)


@app.command("ingest")
def ingest_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, globs (quoted), http(s) URLs or '-' for standard input."),
    ],
    db: DbOption = None,
    json_out: JsonOption = False,
    build_after: Annotated[bool, typer.Option("--build", help="Run `build` right after ingesting.")] = False,
    jobs: JobsOption = 1,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow fetching loopback, private and link-local addresses (refused by default).",
        ),
    ] = False,
    fetch_pages: Annotated[
        bool,
        typer.Option(
            "--fetch-pages/--no-fetch-pages",
            help="Fetch the page of a feed entry that carries only a summary.",
        ),
    ] = True,
    csv_map: Annotated[
        str | None,
        typer.Option(
            "--csv-map",
            help="CSV columns for fields, e.g. 'text=body,title=headline' (default: the JSONL key names).",
        ),
    ] = None,
    csv_delimiter: Annotated[
        str | None, typer.Option("--csv-delimiter", help="CSV delimiter (default: by extension or guessed).")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, help="Seconds to wait to connect and between bytes of an answer."),
    ] = 15.0,
    per_host_delay: Annotated[
        float,
        typer.Option("--per-host-delay", min=0.0, help="Seconds between two requests to the same host."),
    ] = 1.0,
    max_redirects: Annotated[
        int, typer.Option("--max-redirects", min=0, help="Redirects followed per URL (each hop is checked).")
    ] = 5,
    parse_time_limit: Annotated[
        float,
        typer.Option("--parse-time-limit", min=0.0, help="Seconds one document may take to clean (0: none)."),
    ] = 30.0,
) -> None:
    """Read inputs (text, HTML, JSONL, CSV, RSS/Atom feeds, WARC archives, URLs), clean them and store the articles."""
    from newsprism.errors import ConfigError
    from newsprism.ingest import FetchConfig, ReaderConfig, parse_csv_map
    from newsprism.pipeline import PipelineConfig

    try:
        mapping = parse_csv_map(csv_map) if csv_map else None
    except ConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint="--csv-map") from exc
    fetch = FetchConfig(
        connect_timeout=min(timeout, 10.0),
        read_timeout=timeout,
        total_timeout=max(60.0, 4 * timeout),
        allow_private=allow_private,
        per_host_interval=per_host_delay,
        max_redirects=max_redirects,
    )
    reader = ReaderConfig(
        fetch=fetch,
        fetch_pages=fetch_pages,
        csv_map=mapping,
        csv_delimiter=csv_delimiter.encode().decode("unicode_escape") if csv_delimiter else None,
        parse_time_limit=parse_time_limit,
    )
    config = PipelineConfig(reader=reader, jobs=jobs)
    # one process pool for both steps (each start imports newsprism anew)
    with _open_store(db) as store, _progress(not json_out) as progress, Workers(jobs) as workers:
        report = ingest(store, inputs, config, progress=_bar_callback(progress), workers=workers)
        build_report = (
            build(store, config, progress=_bar_callback(progress), workers=workers) if build_after else None
        )
    if json_out:
        out = _ingest_json(report)
        out["skipped"] = [{"source": s.source, "count": s.count, "detail": s.detail} for s in report.skipped]
        if build_report:
            out["build"] = _build_json(build_report)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    _print_ingest_table(report)
    for note in report.skipped:
        console.print(
            f"[dim]skipped (not inputs): {note.count} in {safe(note.source)}: {safe(note.detail)}[/dim]"
        )
    if build_report:
        _print_build(build_report)


def _build_json(report: BuildReport) -> dict[str, Any]:
    return asdict(report)


@app.command("build")
def build_cmd(db: DbOption = None, json_out: JsonOption = False, jobs: JobsOption = 1) -> None:
    """Run copy detection, story clustering, extraction, comparison and summaries over new articles."""
    from newsprism.pipeline import PipelineConfig

    with _open_store(db) as store, _progress(not json_out) as progress:
        report = build(store, PipelineConfig(jobs=jobs), progress=_bar_callback(progress))
    if json_out:
        print(json.dumps(_build_json(report), indent=2))
    else:
        _print_build(report)


@app.command("stories")
def stories_cmd(
    db: DbOption = None,
    json_out: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many stories to list.")] = 30,
) -> None:
    """List stories, newest first, with article and outlet counts."""
    with _open_store(db, readonly=True) as store:
        stories = store.stories(limit=limit)
    if json_out:
        print(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "first_seen": s.first_seen,
                        "last_seen": s.last_seen,
                        "articles": len(s.article_ids),
                        "outlets": s.outlets,
                        "storyline_id": s.storyline_id,
                    }
                    for s in stories
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title="Stories (newest first)")
    table.add_column("#", justify="right")
    table.add_column("story")
    table.add_column("title", overflow="fold")
    table.add_column("dates")
    table.add_column("articles", justify="right")
    table.add_column("outlets", justify="right")
    table.add_column("storyline")
    for i, s in enumerate(stories, start=1):
        dates = _date_range(s.first_seen, s.last_seen)
        table.add_row(
            str(i),
            s.id,
            safe(s.title),
            dates,
            str(len(s.article_ids)),
            str(len(s.outlets)),
            s.storyline_id or "",
        )
    console.print(table)


def _date_range(first: str | None, last: str | None) -> str:
    a, b = (first or "")[:10], (last or "")[:10]
    if not a and not b:
        return "undated"
    return a if a == b or not b else f"{a} → {b}"


@app.command("show")
def show_cmd(
    story: Annotated[
        str | None,
        typer.Argument(help="Story id (or unique prefix, or its # in `stories`).", show_default=False),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    why: Annotated[bool, typer.Option("--why", help="Show why each article is in the story.")] = False,
    article: Annotated[
        str | None, typer.Option("--article", help="Show one article instead of a story.", show_default=False)
    ] = None,
    removed: Annotated[
        bool, typer.Option("--removed", help="With --article: list the clutter removed and why.")
    ] = False,
) -> None:
    """Show a story report: title, dates, outlets, timeline, copy groups, key quotes, cited summary."""
    with _open_store(db, readonly=True) as store:
        if article:
            view = article_view(store, article)
            if view is None:
                err_console.print(f"[red]no article[/red] {safe(article)}")
                raise typer.Exit(1)
            if json_out:
                print(json.dumps(view, ensure_ascii=False, indent=2))
            else:
                render_article(view, removed=removed)
            return
        if story is None:
            err_console.print("[red]name a story[/red] (see `newsprism stories`) or use --article")
            raise typer.Exit(2)
        found = _resolve_story(store, story)
        if found is None:
            err_console.print(f"[red]no story[/red] {safe(story)}")
            raise typer.Exit(1)
        view = story_view(store, found)
    if json_out:
        print(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        render_story(view, why=why)


def _resolve_story(store: Store, ref: str) -> Any:
    if ref.isdigit() and len(ref) < 4:
        stories = store.stories(limit=int(ref))
        return stories[int(ref) - 1] if 0 < int(ref) <= len(stories) else None
    return store.get_story(ref)


def render_article(view: dict[str, Any], *, removed: bool = False) -> None:
    """Print one article (and optionally its removed lines with reasons)."""
    meta = Table.grid(padding=(0, 2))
    for key in (
        "id",
        "outlet",
        "published",
        "byline",
        "wire_agency",
        "dateline",
        "language",
        "source",
        "story_id",
    ):
        meta.add_row(f"[dim]{key}[/dim]", safe(view.get(key)))
    console.print(Panel(meta, title=safe(view["title"]), title_align="left"))
    console.print(safe(view["text"]))
    if removed:
        table = Table(title=f"Removed from the page ({len(view['removed'])} lines)")
        table.add_column("#", justify="right")
        table.add_column("reason")
        table.add_column("text", overflow="fold")
        for r in view["removed"]:
            text = r["text"] if len(r["text"]) <= 160 else r["text"][:157] + "…"
            table.add_row(str(r["position"]), safe(r["reason"]), safe(text))
        console.print(table)


def render_story(view: dict[str, Any], *, why: bool = False) -> None:
    """Print the terminal story report."""
    arts = {a["id"]: a for a in view["articles"]}
    head = Table.grid(padding=(0, 2))
    head.add_row("[dim]story[/dim]", view["id"])
    head.add_row("[dim]dates[/dim]", _date_range(view["first_seen"], view["last_seen"]))
    head.add_row(
        "[dim]articles[/dim]", f"{len(view['articles'])} ({view['independent_sources']} independent sources)"
    )
    head.add_row("[dim]outlets[/dim]", safe(", ".join(view["outlets"]) or "unknown"))
    if view["storyline"]:
        head.add_row(
            "[dim]storyline[/dim]", f"{view['storyline']['id']} — {safe(view['storyline']['title'])}"
        )
    console.print(Panel(head, title=f"[bold]{safe(view['title'])}[/bold]", title_align="left"))

    if view["summary"]:
        console.rule("Summary (cited)")
        cites: dict[str, int] = {}
        for s in view["summary"]:
            refs = []
            for aid in s["article_ids"]:
                cites.setdefault(aid, len(cites) + 1)
                refs.append(str(cites[aid]))
            flag = "" if s.get("supported", True) else " [red](unsupported)[/red]"
            console.print(f"• {safe(s['sentence'])} [cyan][{','.join(refs)}][/cyan]{flag}")
        for aid, n in cites.items():
            a = arts.get(aid, {})
            console.print(
                f"  [cyan][{n}][/cyan] {safe(a.get('outlet') or 'unknown outlet')}: {safe(a.get('title'))}"
            )

    console.rule("Articles")
    table = Table(show_header=True)
    table.add_column("published")
    table.add_column("outlet")
    table.add_column("title", overflow="fold")
    table.add_column("wire")
    table.add_column("id")
    for a in view["articles"]:
        table.add_row(
            a["published"] or "?",
            safe(a["outlet"] or "?"),
            safe(a["title"]),
            safe(a["wire_agency"] or ""),
            a["id"],
        )
    console.print(table)

    if view["storyline"] and view["storyline"]["timeline"]:
        console.rule(f"Storyline timeline — {safe(view['storyline']['title'])}")
        for entry in view["storyline"]["timeline"]:
            mark = "[bold yellow]►[/bold yellow]" if entry["story_id"] == view["id"] else " "
            day = entry["date"] or "undated"
            if entry.get("date_basis") == "lower bound":
                day = f"≥{day}"
            inferred = (
                f"; date inferred: {entry.get('date_evidence', '')}" if entry.get("date_inferred") else ""
            )
            console.print(
                f"{mark} {day:<11} {safe(entry['headline'])}"
                f"  [dim]({_plural(len(entry['article_ids']), 'article')}{safe(inferred)})[/dim]"
            )

    if view["copy_groups"]:
        console.rule("Copy groups (same source copy)")
        for g in view["copy_groups"]:
            origin = arts.get(g["origin_id"] or "", {})
            console.print(
                f"[bold]{g['id']}[/bold] origin: {safe(g['origin_agency'] or 'unknown agency')}"
                f" via {safe(origin.get('outlet') or g['origin_id'])} [dim]({safe(g['origin_reason'])})[/dim]"
            )
            for m in g["members"]:
                share = f"{m['copied_share']:.0%}" if m["copied_share"] is not None else "?"
                console.print(
                    f"   {safe(m['outlet'] or '?'):<28} {share} copied  [dim]{m['article_id']}[/dim]"
                )

    clusters = view.get("quote_clusters") or []
    if clusters or view["quotes"]:
        console.rule("Key quotes")
        shown = 0
        for c in sorted(clusters, key=lambda c: -len(c.get("outlets") or []))[:8]:
            outlets = ", ".join(o for o in (c.get("outlets") or []) if o)
            console.print(
                f"“{safe(_clip(c.get('text', ''), 220))}” — [bold]{safe(c.get('speaker') or 'unattributed')}[/bold]"
                f" [dim]({safe(outlets) or 'unknown outlet'})[/dim]"
            )
            shown += 1
        if not shown:
            for q in view["quotes"][:8]:
                console.print(
                    f"“{safe(_clip(q['text'], 220))}” — [bold]{safe(q['speaker'] or 'unattributed')}[/bold]"
                    f" [dim]({safe(q['outlet'] or '?')})[/dim]"
                )

    attribution = (view.get("comparison") or {}).get("attribution") or {}
    if attribution:
        console.rule("How outlets attribute")
        for outlet, verbs in attribution.items():
            top = ", ".join(f"{safe(v)} ×{n}" for v, n in sorted(verbs.items(), key=lambda kv: -kv[1])[:6])
            console.print(f"  {safe(outlet):<28} {top}")

    if why and view["evidence"]:
        console.rule("Why these articles are together")
        for e in view["evidence"]:
            a = arts.get(e["article_id"], {})
            console.print(
                f"[bold]{safe(a.get('outlet') or '?')}[/bold] {safe(_clip(a.get('title') or '', 70))}\n"
                f"   similarity {e['similarity']:.2f}; terms: {safe(', '.join(e['shared_terms'][:8]))};"
                f" entities: {safe(', '.join(e['shared_entities'][:6]))}; {safe(e['reason'])}"
            )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command("search")
def search_cmd(
    query: Annotated[
        str, typer.Argument(help='Words to find in titles and texts; "quoted phrases" allowed.')
    ],
    db: DbOption = None,
    json_out: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Maximum number of results.")] = 20,
) -> None:
    """Full-text search over article titles and texts."""
    with _open_store(db, readonly=True) as store:
        hits = store.search(query, limit=limit)
    if json_out:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(hits)} results for {safe(query)}")
    table.add_column("published")
    table.add_column("outlet")
    table.add_column("title / snippet", overflow="fold")
    table.add_column("story")
    for h in hits:
        table.add_row(
            (h["published"] or "?")[:10],
            safe(h["outlet"] or "?"),
            f"[bold]{safe(h['title'])}[/bold]\n[dim]{safe(h['snippet'])}[/dim]",
            h["story_id"] or "",
        )
    console.print(table)


# the batch command lives with the batch runner; Dask itself is imported only when it runs
app.command("batch")(batch_cmd)


@app.command("export")
def export_cmd(
    out: Annotated[
        Path | None, typer.Argument(help="Output file (default: standard output; required for parquet).")
    ] = None,
    what: Annotated[str, typer.Option("--what", help="articles, stories or storylines.")] = "articles",
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    db: DbOption = None,
) -> None:
    """Export articles, stories or storylines (the export contract: docs/export.md)."""
    if what not in ("articles", "stories", "storylines"):
        err_console.print(f"[red]--what must be articles, stories or storylines[/red], not {safe(what)}")
        raise typer.Exit(2)
    if fmt not in ("jsonl", "csv", "parquet"):
        err_console.print(f"[red]--format must be jsonl, csv or parquet[/red], not {safe(fmt)}")
        raise typer.Exit(2)
    if fmt == "parquet" and out is None:
        err_console.print("[red]parquet export needs an output file[/red]")
        raise typer.Exit(2)
    with _open_store(db, readonly=True) as store:
        n = export_records(store, what, fmt, out if out is not None else sys.stdout)  # type: ignore[arg-type]
    if out is not None:
        err_console.print(f"wrote {n} {what} to {safe(out)}")


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (keep 127.0.0.1 unless you mean it).")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI (story pages) and the JSON API (/api, docs at /docs), read-only."""
    from newsprism.web import serve  # lazy: the web extra is optional

    console.print(f"newsprism serving {safe(_db(db))} at http://{safe(host)}:{port}/  (Ctrl+C to stop)")
    serve(str(_db(db)), host=host, port=port)


_DIFF_STYLE = {"identical": "green", "edited": "yellow", "only_a": "red", "only_b": "cyan"}


def _render_word_diff(diff: list[dict[str, str]], side: str) -> str:
    # side "a" shows deletions (red strike), side "b" insertions (cyan bold)
    parts = []
    for d in diff:
        if d["op"] == "equal":
            parts.append(safe(d["text"]))
        elif d["op"] == "delete" and side == "a":
            parts.append(f"[red strike]{safe(d['text'])}[/red strike]")
        elif d["op"] == "insert" and side == "b":
            parts.append(f"[bold cyan]{safe(d['text'])}[/bold cyan]")
    return " ".join(parts)


@app.command("diff")
def diff_cmd(
    a: Annotated[str, typer.Argument(help="First article id (or unique prefix).", show_default=False)],
    b: Annotated[str, typer.Argument(help="Second article id (or unique prefix).", show_default=False)],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show two articles side by side: identical, edited (word diff), only in A, only in B."""
    from newsprism.dedup.report import diff_rows

    with _open_store(db, readonly=True) as store:
        art_a, art_b = store.get_article(a), store.get_article(b)
        for ref, art in ((a, art_a), (b, art_b)):
            if art is None:
                err_console.print(f"[red]no article[/red] {safe(ref)}")
                raise typer.Exit(1)
        pair = {art_a.id, art_b.id}
        link = next((lk for lk in store.copy_links_for(art_a.id) if {lk.a_id, lk.b_id} == pair), None)
        view = diff_rows(art_a, art_b, link)
    if json_out:
        print(json.dumps(view, ensure_ascii=False, indent=2))
        return
    console.print(
        f"[bold]{safe(view['kind'] or 'no copy link')}[/bold] ({safe(view['source'])}): "
        f"{view['coverage_a']:.0%} of A and {view['coverage_b']:.0%} of B shared"
    )
    table = Table(show_lines=True, expand=True)
    table.add_column("", width=9)
    for side in ("a", "b"):
        info = view[side]
        table.add_column(
            f"{side.upper()}: {safe(info['outlet'] or info['id'])} {safe(info['published'] or '')}"
        )
    for row in view["rows"]:
        style = _DIFF_STYLE.get(row["kind"], "white")
        if row["kind"] == "edited":
            left, right = _render_word_diff(row["diff"], "a"), _render_word_diff(row["diff"], "b")
        else:
            left = f"[{style}]{safe(row['a'])}[/{style}]" if row["a"] else ""
            right = f"[{style}]{safe(row['b'])}[/{style}]" if row["b"] else ""
        table.add_row(f"[{style}]{row['kind']}[/{style}]", left, right)
    console.print(table)


@app.command("copies")
def copies_cmd(
    story: Annotated[str, typer.Argument(help="Story id (or unique prefix, or its # in `stories`).")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Show a story's copy groups: origin and why, copied share and own additions, partial reuse."""
    from newsprism.dedup.report import copies_report

    with _open_store(db, readonly=True) as store:
        found = _resolve_story(store, story)
        if found is None:
            err_console.print(f"[red]no story[/red] {safe(story)}")
            raise typer.Exit(1)
        articles = store.articles(found.article_ids)
        links = [lk for lk in store.copy_links() if {lk.a_id, lk.b_id} & set(found.article_ids)]
        report = copies_report(articles, links, store.copy_groups(found.article_ids))
    report["story_id"] = found.id
    if json_out:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console.print(
        f"[bold]{safe(found.title)}[/bold]: {report['articles']} articles, "
        f"{report['independent_origins']} independent origin(s), {len(report['groups'])} copy group(s)"
    )
    for g in report["groups"]:
        agency = f" credit {safe(g['origin_agency'])}" if g["origin_agency"] else ""
        console.print(f"\n[bold]copy group {safe(g['id'])}[/bold]{agency}; origin {safe(g['origin_id'])}")
        console.print(f"  why: {safe(g['origin_reason'])}")
        table = Table()
        for col in ("article", "outlet", "published", "copied", "own words", "own additions (sample)"):
            table.add_column(col)
        for m in g["members"]:
            share = f"{m['copied_share']:.0%}" if m["copied_share"] is not None else "-"
            name = ("* " if m["origin"] else "") + safe(m["id"])
            table.add_row(
                name,
                safe(m["outlet"]),
                safe(m["published"]),
                share,
                str(m["own_words"]),
                safe(m["own_sample"][:80]),
            )
        console.print(table)
    if report["partial_reuse"]:
        console.print("\n[bold]partial reuse[/bold]")
        for p in report["partial_reuse"]:
            console.print(
                f"  {safe(p['a_id'])} -> {safe(p['b_id'])}: {p['shared_passages']} shared passage(s), "
                f"{p['coverage_a']:.0%} of the first in the second, {p['coverage_b']:.0%} of the second"
            )


_TREATMENT_MARK = {
    "reports": "[green]reports[/green]",
    "attributes": "[cyan]attributes[/cyan]",
    "hedges": "[yellow]hedges[/yellow]",
    "contradicts": "[red]contradicts[/red]",
    "omits": "[dim]·[/dim]",
}
FacetOption = Annotated[
    str,
    typer.Option(
        "--by",
        help="Outlet facet to group by: ownership, country, language, wire (wire copy / own reporting),"
        " wire_agency or name.",
    ),
]
RegistryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--registry",
        help="Your outlet registry file (JSON or TOML); overrides the bundled one outlet by outlet."
        " Repeatable; $NEWSPRISM_REGISTRY is read too.",
        show_default=False,
    ),
]


def _surface_registry(files: list[Path] | None) -> Any:
    from newsprism.registry import load_surface_registry

    try:
        return load_surface_registry(files or [])
    except NewsprismError as exc:
        err_console.print(f"[red]registry:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc


def _facet(name: str) -> str:
    from newsprism.compare import resolve_facet

    try:
        return resolve_facet(name)
    except ValueError as exc:
        err_console.print(f"[red]{safe(exc)}[/red]")
        raise typer.Exit(2) from exc


@app.command("compare")
def compare_cmd(
    story: Annotated[str, typer.Argument(help="Story id (or unique prefix, or its # in `stories`).")],
    by: FacetOption = "ownership",
    registry: RegistryOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Facts shown in the table.")] = 20,
) -> None:
    """Compare a story's coverage grouped by an outlet facet (ownership, country, language, wire copy)."""
    from newsprism.compare import comparison_from_dict, grouped_report

    facet = _facet(by)
    reg = _surface_registry(registry)
    with _open_store(db, readonly=True) as store:
        found = _resolve_story(store, story)
        if found is None:
            err_console.print(f"[red]no story[/red] {safe(story)}")
            raise typer.Exit(1)
        comparison = comparison_from_dict(store.story_report(found.id)["comparison"], found.id)
        articles = store.articles(found.article_ids)
        report = grouped_report(comparison, articles, reg, facet, store.copy_groups(found.article_ids))
    report["title"] = found.title
    if json_out:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console.print(f"[bold]{safe(found.title)}[/bold] — grouped by [bold]{safe(facet)}[/bold]")
    groups = Table(title="Groups")
    for col in ("group", "outlets", "facts", "only this group", "left out"):
        groups.add_column(col)
    for g in report["groups"]:
        groups.add_row(
            safe(g["name"]),
            safe(", ".join(g["outlets"])),
            str(g["facts"]),
            str(len(g["exclusive"])),
            str(len(g["omitted"])),
        )
    console.print(groups)
    if not report["facts"]:
        console.print("[dim]No facts compared for this story (run `newsprism build`).[/dim]")
        return
    names = [g["name"] for g in report["groups"]]
    matrix = Table(title=f"Facts × {safe(facet)} (most widely carried first)", show_lines=False)
    matrix.add_column("fact", overflow="fold")
    for n in names:
        matrix.add_column(safe(n))
    for f in report["facts"][:limit]:
        matrix.add_row(
            safe(_clip(f["text"], 110)), *(_TREATMENT_MARK.get(f["coverage"][n], "?") for n in names)
        )
    console.print(matrix)
    if len(report["facts"]) > limit:
        console.print(f"[dim]{len(report['facts']) - limit} more facts (--limit, --json).[/dim]")
    if report["blindspots"]:
        console.rule("Carried by one group only (most outlets first)")
        for b in report["blindspots"][:limit]:
            console.print(
                f"[bold]{safe(b['group'])}[/bold] only ({safe(', '.join(b['outlets']))}): {safe(_clip(b['text'], 160))}"
            )
    for g in report["groups"]:
        if g["omitted"]:
            console.rule(f"Left out by {safe(g['name'])} (most other groups carry it)")
            for f in g["omitted"]:
                console.print(f"  {safe(_clip(f['text'], 160))}")
    unknown = [o for o, e in report["registry"].items() if e is None]
    if unknown:
        console.print(
            f"[dim]Not in the registry (group {safe('unknown')}): {safe(', '.join(unknown))}."
            " Add them with --registry FILE.[/dim]"
        )


@app.command("blindspots")
def blindspots_cmd(
    by: FacetOption = "ownership",
    registry: RegistryOption = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    facts: Annotated[
        bool, typer.Option("--facts", help="Also list facts inside stories that only one group carries.")
    ] = False,
    min_outlets: Annotated[
        int, typer.Option("--min-outlets", min=1, help="Keep blindspots at least this many outlets carry.")
    ] = 1,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Blindspots shown per list.")] = 30,
) -> None:
    """Stories (and with --facts, facts) covered by only one group of outlets, e.g. only state media."""

    facet = _facet(by)
    reg = _surface_registry(registry)
    with _open_store(db, readonly=True) as store:
        report = blindspots_view(store, reg, facet, facts=facts, min_outlets=min_outlets)
    if json_out:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    groups = ", ".join(f"{safe(g)} ({n})" for g, n in report["groups"].items()) or "none"
    console.print(
        f"Grouped by [bold]{safe(facet)}[/bold]: {groups}; {report['unknown_articles']} article(s) of outlets"
        " the registry does not know (they never make or break a blindspot)."
    )
    if len(report["groups"]) < 2:
        console.print(
            "[dim]Fewer than two known groups: no blindspot can be told. Try --registry FILE.[/dim]"
        )
    table = Table(title="Stories covered by one group only")
    for col in ("group", "story", "title", "outlets", "missing"):
        table.add_column(col, overflow="fold")
    for b in report["stories"][:limit]:
        table.add_row(
            safe(b["group"]),
            safe(b["id"]),
            safe(_clip(b["text"], 80)),
            safe(", ".join(b["outlets"])),
            safe(", ".join(b["missing_groups"])),
        )
    console.print(table)
    if facts:
        ftable = Table(title="Facts carried by one group only (inside multi-group stories)")
        for col in ("group", "story", "fact", "outlets"):
            ftable.add_column(col, overflow="fold")
        for b in report["facts"][:limit]:
            ftable.add_row(
                safe(b["group"]),
                safe(b["story_id"]),
                safe(_clip(b["text"], 120)),
                safe(", ".join(b["outlets"])),
            )
        console.print(ftable)


def demo_corpus_path() -> Path:
    """The bundled demo corpus folder."""
    return Path(__file__).resolve().parent / "demo" / "corpus"


@app.command("demo")
def demo_cmd(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Keep the demo store here (default: a temporary store).", show_default=False
        ),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Ingest the bundled demo corpus into a fresh store, build, and show the largest story."""
    started = time.perf_counter()
    tmp = None
    if db is None:
        tmp = tempfile.mkdtemp(prefix="newsprism-demo-")
        db = Path(tmp) / "demo.db"
    elif db.exists():
        err_console.print(f"[red]{safe(db)} exists[/red]: the demo needs a fresh store")
        raise typer.Exit(2)
    try:
        with Store(db) as store, _progress(not json_out) as progress:
            report = ingest(store, [str(demo_corpus_path())], progress=_bar_callback(progress))
            build_report = build(store, progress=_bar_callback(progress))
            story = store.largest_story()
            view = story_view(store, story) if story else None
            stories = store.stories()
        elapsed = time.perf_counter() - started
        if json_out:
            print(
                json.dumps(
                    {"ingest": _ingest_json(report), "build": _build_json(build_report), "story": view},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        _print_ingest_table(report)
        _print_build(build_report)
        console.print(f"[dim]{len(stories)} stories; the largest:[/dim]")
        if view:
            render_story(view)
        console.print(
            f"[dim]demo finished in {elapsed:.1f} s; store: {safe(db) if tmp is None else 'temporary'}[/dim]"
        )
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


@app.command("doctor")
def doctor_cmd(
    db: DbOption = None,
    json_out: JsonOption = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also exit 1 on warnings (interrupted runs, unbuilt articles).")
    ] = False,
) -> None:
    """Verify the store: SQLite integrity, newsprism's invariants, full-text index, unfinished work.

    Exit code 0 when no error is found, 1 when the store has errors (or warnings with
    --strict), 2 when the store cannot be read.
    """
    from newsprism.store.doctor import check_store  # lazy: only this command needs it

    try:
        report = check_store(_db(db))
    except NewsprismError as exc:
        err_console.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc
    failed = not report.ok or (strict and bool(report.warnings))
    if json_out:
        out = {
            "path": report.path,
            "ok": report.ok,
            "counts": report.counts,
            "checks": report.checks,
            "problems": [asdict(p) for p in report.problems],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        console.print(
            f"checked {safe(report.path)}: {len(report.checks)} checks, "
            + ", ".join(f"{v} {k}" for k, v in report.counts.items())
        )
        if report.problems:
            table = Table(title="Problems")
            table.add_column("severity")
            table.add_column("problem")
            table.add_column("count", justify="right")
            table.add_column("what it means / examples", overflow="fold")
            for p in report.problems:
                colour = "red" if p.severity == "error" else "yellow"
                examples = ("; e.g. " + ", ".join(safe(e) for e in p.examples)) if p.examples else ""
                table.add_row(
                    f"[{colour}]{p.severity}[/{colour}]", p.code, str(p.count), safe(p.detail) + examples
                )
            console.print(table)
        console.print("[green]store OK[/green]" if report.ok else "[red]store has errors[/red]")
    if failed:
        raise typer.Exit(1)


def _retry_path(source: str) -> str | None:
    """The file to re-read for a rejected input: the source itself, or the dump a line came from."""
    if source == "<stdin>":
        return None
    if Path(source).is_file():
        return source
    if "#" in source:  # a JSONL record: "dump.jsonl#id" or "dump.jsonl#L12"
        head = source.rsplit("#", 1)[0]
        if Path(head).is_file():
            return head
    return None


@app.command("retry")
def retry_cmd(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Re-ingest the inputs of earlier runs that are still rejected and whose files still exist.

    A JSONL dump is re-read whole: its records stored before come back as duplicates,
    so the accounting table still adds up. Inputs from standard input, and files that
    are gone, are listed as not retryable.
    """
    with _open_store(db) as store:
        rejected = store.still_rejected()
        files: list[str] = []
        skipped: list[dict[str, Any]] = []
        for r in rejected:
            path = _retry_path(r.source)
            if path is None:
                skipped.append({"source": r.source, "reason": r.reason, "why": "source no longer readable"})
            elif path not in files:
                files.append(path)
        report = ingest(store, files) if files else None
    if json_out:
        out: dict[str, Any] = {
            "still_rejected": len(rejected),
            "retried": files,
            "not_retryable": skipped,
            "ingest": _ingest_json(report) if report else None,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console.print(
        f"{len(rejected)} input(s) still rejected; re-reading {len(files)} file(s), "
        f"{len(skipped)} not retryable"
    )
    for s in skipped:
        console.print(f"  [dim]not retryable:[/dim] {safe(s['source'])} ({safe(s['reason'])})")
    if report:
        _print_ingest_table(report)


def main() -> None:
    """Entry point of the `newsprism` command."""
    try:
        app()
    except NewsprismError as exc:
        err_console.print(f"[red]error:[/red] {safe(exc)}")
        sys.exit(2)


if __name__ == "__main__":
    main()
