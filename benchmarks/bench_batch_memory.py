"""Resident memory of the batch runner's processes, stage by stage (run on demand).

Runs `run_batch` on a corpus folder with a local Dask cluster and samples, every
`--every` seconds, the driver's and each worker's ``VmRSS`` with its anonymous
(``RssAnon``) and file-backed (``RssFile``, e.g. memory-mapped shard files, which the
operating system can drop) parts from ``/proc/PID/status`` (Linux only). Prints the
peak of each per stage, so a stage whose memory grows with the corpus shows up when
two corpus sizes are compared:

    .venv/bin/python benchmarks/bench_batch_memory.py /tmp/bench-v3/c30k
    .venv/bin/python benchmarks/bench_batch_memory.py /tmp/bench-v3/c100k

The corpora come from `benchmarks/corpus.py`; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

FIELDS = ("VmRSS", "RssAnon", "RssFile")


def _status(pid: int) -> dict[str, float]:
    found: dict[str, float] = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in FIELDS:
                found[key] = int(value.split()[0]) / 1024  # kB -> MB
    return found


class Sampler:
    """Peak memory of a process and its children, by the stage reported last."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.stage = "start"
        self.peaks: dict[str, dict[str, dict[str, float]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def progress(self, stage: str, done: int, total: int | None) -> None:
        self.stage = stage

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            for proc in [me, *me.children(recursive=True)]:
                try:
                    mem = _status(proc.pid)
                except OSError:
                    continue  # gone since listed
                role = "driver" if proc.pid == me.pid else f"process {proc.pid}"
                peak = self.peaks.setdefault(self.stage, {}).setdefault(role, dict.fromkeys(FIELDS, 0.0))
                for key in FIELDS:
                    peak[key] = max(peak[key], mem.get(key, 0.0))
            self._stop.wait(self.every)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="peak memory of the batch runner's processes per stage")
    ap.add_argument("corpus", type=Path, help="folder of JSONL files (benchmarks/corpus.py)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--every", type=float, default=0.3, help="seconds between samples")
    ap.add_argument("--min-mb", type=float, default=200, help="leave out small helper processes")
    args = ap.parse_args(argv)

    from newsprism.batch import run_batch
    from newsprism.batch.runner import dask_client

    files = sorted(str(p) for p in args.corpus.glob("*.jsonl"))
    out = Path(tempfile.mkdtemp()) / "out"
    start = time.perf_counter()
    with Sampler(args.every) as sampler, dask_client(None, args.workers) as client:
        report = run_batch(files, out, client=client, progress=sampler.progress)
    print(f"corpus {args.corpus}: {report.articles} articles, wall {time.perf_counter() - start:.1f} s")
    print("peak MB per stage (VmRSS = RssAnon + RssFile):")
    for stage, roles in sampler.peaks.items():
        shown = {r: p for r, p in roles.items() if r == "driver" or p["VmRSS"] >= args.min_mb}
        cells = "; ".join(
            f"{role} {p['VmRSS']:.0f} ({p['RssAnon']:.0f} anon, {p['RssFile']:.0f} file)"
            for role, p in sorted(shown.items())
        )
        print(f"  {stage:16s} {cells}")
    print(f"stage wall s: {report.wall_s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
