"""Benchmark: the local runner against the Dask batch runner (1 and 2 workers), end to end.

Run: ``.venv/bin/python benchmarks/bench_batch.py --n 10000 [--modes local,dask1,dask2]``
(``--corpus DIR`` reuses a corpus written by ``benchmarks/corpus.py``).

Each mode runs in its own subprocess so its peak memory (``ru_maxrss``) is its own:

- ``local``: `newsprism.pipeline.ingest` + `build` into a new SQLite store (one process);
- ``localK``: the same with ``PipelineConfig(jobs=K)`` for `ingest` and `build`: cleaning, copy
  verification, quotes, claims and story reports in K processes (its CPU figure is the
  main process's only; compare wall times);
- ``daskK``: `newsprism.batch.run_batch` on a LocalCluster of K worker processes (one
  thread each), writing Parquet outputs.

Printed per mode: articles/s end to end, wall and CPU seconds per stage, total CPU
(driver + workers), peak resident memory of the driver and of the largest worker, and
the stories' score against the corpus's gold events (``gold_story`` of each record;
`newsprism.cluster.evaluate.score_partition`: B-cubed P/R/F1, pairwise F1, ARI).
``--modes dask1,dask2`` (any subset) skips the local runner, e.g. at 100k. CPU time
is reported next to wall time because the machine may be shared: wall time alone
overstates the cost when other processes compete for the cores.
Figures and the machine go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _files(corpus: Path) -> list[str]:
    return sorted(str(p) for p in corpus.glob("*.jsonl"))


def _gold(corpus: Path) -> dict[str, str]:
    """Gold event of every record id (the generator writes ``gold_story``)."""
    gold: dict[str, str] = {}
    for path in _files(corpus):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if "gold_story" in rec:
                    gold[str(rec["id"])] = str(rec["gold_story"])
    return gold


def score_stories(corpus: Path, story_of_source: dict[str, str]) -> dict[str, float]:
    """Score predicted stories (article source ``path#record-id`` -> story id) against gold.

    Empty when the corpus has no gold labels.
    """
    from newsprism.cluster.evaluate import score_partition

    gold = _gold(corpus)
    pred = {src.rsplit("#", 1)[-1]: story for src, story in story_of_source.items() if story}
    if not gold or not pred:
        return {}
    return score_partition(gold, pred)


def run_local(corpus: Path, jobs: int = 1) -> dict[str, Any]:
    from newsprism.pipeline import PipelineConfig, build, ingest
    from newsprism.store import Store

    marks: list[tuple[str, float, float]] = []
    last = {"stage": ""}

    def stamp(stage: str, done: int, total: int | None) -> None:
        if stage != last["stage"]:
            last["stage"] = stage
            marks.append((stage, time.perf_counter(), time.process_time()))

    db = Path(tempfile.mkdtemp()) / "bench.db"
    w0, c0 = time.perf_counter(), time.process_time()
    with Store(db) as store:
        config = PipelineConfig(jobs=jobs)
        report = ingest(store, _files(corpus), config, progress=stamp)
        built = build(store, config, progress=stamp)
        counts = store.counts()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        source_of = {a.id: a.source for a in store.articles()}
        story_of_source = {
            source_of[aid]: story.id
            for story in store.stories()
            for aid in story.article_ids
            if aid in source_of
        }
    marks.append(("end", time.perf_counter(), time.process_time()))
    stages_w = {a[0]: round(b[1] - a[1], 2) for a, b in zip(marks, marks[1:], strict=False)}
    stages_c = {a[0]: round(b[2] - a[2], 2) for a, b in zip(marks, marks[1:], strict=False)}
    return {
        "mode": "local" if jobs == 1 else f"local{jobs}",
        "articles": counts["articles"],
        "inputs": sum(report.counts.get(k, 0) for k in ("ingested", "duplicate", "rejected")),
        "stories": counts["stories"],
        "copy_groups": counts["copy_groups"],
        "quotes": built.quotes,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "stage_wall_s": stages_w,
        "stage_cpu_s": stages_c,
        "peak_rss_mb": {"driver": round(_rss_mb(), 1)},
        "gold": score_stories(corpus, story_of_source),
    }


def _worker_usage() -> tuple[float, float]:
    import resource as r
    import time as t

    return t.process_time(), r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024


def run_dask(corpus: Path, workers: int) -> dict[str, Any]:
    from newsprism.batch import run_batch
    from newsprism.batch.runner import dask_client

    out = Path(tempfile.mkdtemp()) / "out"
    w0, c0 = time.perf_counter(), time.process_time()
    with dask_client(None, workers) as client:
        started = time.perf_counter() - w0
        before = client.run(_worker_usage)
        w1 = time.perf_counter()
        report = run_batch(_files(corpus), out, client=client)
        run_wall = time.perf_counter() - w1
        after = client.run(_worker_usage)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    worker_cpu = sum(after[k][0] - before[k][0] for k in after)
    import pyarrow.parquet as pq

    arts = pq.read_table(out / "articles.parquet", columns=["source", "story_id"]).to_pylist()
    return {
        "mode": f"dask{workers}",
        "articles": report.articles,
        "inputs": sum(report.counts.values()),
        "stories": report.stories,
        "copy_groups": report.copy_groups,
        "quotes": report.quotes,
        "wall_s": round(run_wall, 2),
        "wall_with_cluster_start_s": round(wall, 2),
        "cluster_start_s": round(started, 2),
        "cpu_s": round(cpu + worker_cpu, 2),
        "driver_cpu_s": round(cpu, 2),
        "workers_cpu_s": round(worker_cpu, 2),
        "stage_wall_s": report.wall_s,
        "stage_cpu_s": report.cpu_s,
        "peak_rss_mb": {
            "driver": round(_rss_mb(), 1),
            "largest_worker": round(max(v[1] for v in after.values()), 1),
        },
        "gold": score_stories(corpus, {a["source"]: a["story_id"] for a in arts}),
    }


def machine() -> str:
    try:
        load = os.getloadavg()
        load_text = f", load average at start {load[0]:.1f}"
    except OSError:
        load_text = ""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}{load_text}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="local vs Dask batch runner, end to end")
    ap.add_argument("--n", type=int, default=10_000, help="articles to generate")
    ap.add_argument("--modes", default="local,dask1,dask2")
    ap.add_argument("--corpus", type=Path, help="reuse a corpus folder (JSONL files)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one mode, print JSON
    args = ap.parse_args(argv)

    if args.one:
        if args.one.startswith("local"):
            result = run_local(args.corpus, int(args.one[5:] or 1))
        else:
            result = run_dask(args.corpus, int(args.one[4:]))
        print("RESULT " + json.dumps(result))
        return 0

    corpus = args.corpus
    if corpus is None:
        sys.path.insert(0, str(HERE))
        from corpus import generate_corpus, write_corpus

        corpus = Path(tempfile.mkdtemp()) / f"corpus-{args.n}"
        t = time.perf_counter()
        write_corpus(generate_corpus(args.n, args.seed), corpus)
        print(f"generated {args.n} records in {time.perf_counter() - t:.1f}s: {corpus}")
    print(f"machine: {machine()}")
    print(f"corpus: {corpus} ({len(_files(corpus))} JSONL files)")
    results = []
    for mode in args.modes.split(","):
        cmd = [sys.executable, __file__, "--one", mode, "--corpus", str(corpus)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(f"{mode}: failed\n{proc.stderr[-3000:]}")
            continue
        res = json.loads(line[7:])
        results.append(res)
        rate = res["inputs"] / res["wall_s"] if res["wall_s"] else 0.0
        print(
            f"{mode:>6}: {res['inputs']} inputs -> {res['articles']} articles, {res['stories']} stories, "
            f"{res['copy_groups']} copy groups, {res['quotes']} quotes | wall {res['wall_s']:.1f}s "
            f"({rate:.1f} inputs/s), cpu {res['cpu_s']:.1f}s, peak RSS {res['peak_rss_mb']}"
        )
        print(f"        stages wall {res['stage_wall_s']}")
        print(f"        stages cpu  {res['stage_cpu_s']}")
        if res.get("gold"):
            g = res["gold"]
            print(
                f"        stories vs gold: {g['pred_clusters']} stories for {g['gold_clusters']} events "
                f"({g['items']} articles), B-cubed P {g['bcubed_p']:.3f} R {g['bcubed_r']:.3f} "
                f"F1 {g['bcubed_f1']:.3f}, pairwise F1 {g['pairwise_f1']:.3f}, ARI {g['ari']:.3f}"
            )
    with contextlib.suppress(OSError):
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print("JSON " + json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
