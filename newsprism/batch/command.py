"""The `newsprism batch` command (registered in newsprism.cli): run the batch runner.

Draws one progress bar per stage on standard error and ends with the input
accounting (ingested / duplicate / rejected, rejections by reason), what was
produced, and where the time went.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.errors import NewsprismError

__all__ = ["batch_cmd"]

console = Console()
err_console = Console(stderr=True)


def batch_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories or globs (quoted): pages, WARC, JSONL, CSV and Parquet dumps."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Output folder: Parquet tables, shard files, markers.")],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler (tcp://host:8786); default: start a local cluster.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help="Worker processes of the local cluster (without --scheduler)."),
    ] = 2,
    load_into: Annotated[
        Path | None,
        typer.Option("--load-into", help="Also write the results into this SQLite store (new or empty)."),
    ] = None,
    files_per_shard: Annotated[
        int, typer.Option("--files-per-shard", min=1, help="Page files per task (dumps are one task each).")
    ] = 200,
    stories: Annotated[
        str,
        typer.Option(
            "--stories",
            help="Story assignment: 'exact' (the local runner's stories, streamed on the driver) or "
            "'windowed' (time windows clustered on the workers, joined across borders; approximate).",
        ),
    ] = "exact",
    window_days: Annotated[
        float,
        typer.Option("--window-days", min=1, help="Days per window with --stories windowed."),
    ] = 30.0,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")
    ] = False,
) -> None:
    """Run ingest → clean → copies → stories → quotes and claims on Dask; write Parquet.

    Re-run the same command to resume an interrupted batch: finished shards are kept.
    """
    from newsprism.batch.runner import BatchConfig, run_batch

    cfg = BatchConfig(files_per_shard=files_per_shard, stories=stories, window_days=window_days)
    if stories not in ("exact", "windowed"):
        err_console.print(
            f"[red]error:[/red] --stories must be 'exact' or 'windowed', not {escape(stories)!r}"
        )
        raise typer.Exit(2)
    with Progress(
        TextColumn("[bold blue]{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=json_out,
    ) as bars:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        try:
            report = run_batch(
                inputs, out, cfg, scheduler=scheduler, workers=workers, load_into=load_into, progress=progress
            )
        except NewsprismError as exc:
            err_console.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc
    if json_out:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return
    _print_report(report, out)


def _print_report(report: Any, out: Path) -> None:
    import pyarrow.parquet as pq

    table = Table(
        title=f"Batch: {report.shards} shard(s), {report.resumed_shards} resumed, {report.workers} worker(s)"
    )
    table.add_column("inputs")
    table.add_column("count", justify="right")
    for status in ("ingested", "duplicate", "rejected"):
        table.add_row(status, str(report.counts.get(status, 0)))
    reasons = Counter(
        (r["status"], r["reason"])
        for r in pq.read_table(out / "inputs.parquet", columns=["status", "reason"]).to_pylist()
        if r["status"] != "ingested"
    )
    for (status, reason), n in reasons.most_common(10):
        table.add_row(f"  {status}: {escape(str(reason))}", str(n))
    console.print(table)
    made = Table(title=f"Outputs in {escape(str(out))}")
    made.add_column("table")
    made.add_column("rows", justify="right")
    for name, n in (
        ("articles", report.articles),
        ("copy_links", report.copy_links),
        ("copy_groups", report.copy_groups),
        ("stories", report.stories),
        ("storylines", report.storylines),
        ("quotes", report.quotes),
        ("claims", report.claims),
    ):
        made.add_row(name, str(n))
    console.print(made)
    times = Table(title="Time by stage (s; shard stages summed over shards)")
    times.add_column("stage")
    times.add_column("wall", justify="right")
    times.add_column("cpu", justify="right")
    for stage, wall in report.wall_s.items():
        times.add_row(stage, f"{wall:.2f}", f"{report.cpu_s.get(stage, 0.0):.2f}")
    console.print(times)
