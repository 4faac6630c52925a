"""Benchmark: the batch runner's copy detection alone (candidates, then verification).

Run: ``.venv/bin/python benchmarks/bench_copies.py --corpus /tmp/bench-v2/c30k --out /tmp/c30k-out``

Processes the corpus's shards into ``--out`` first when they are not there yet (a later
run reuses them), then times steps 3-4 of `newsprism.batch.run_batch` on a
LocalCluster of ``--workers`` processes: wall and CPU seconds of the driver and the
workers for the candidate shuffle and for verification, pairs, links, and peak
resident memory. ``--dump FILE`` pickles ``(pairs, links)`` so that two versions of
the code can be compared for identical results (run each with ``PYTHONPATH`` set to
its tree). Figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any


def _usage() -> tuple[float, float]:
    import resource as r
    import time as t

    return t.process_time(), r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024


def run(corpus: Path, out: Path, workers: int) -> tuple[dict[str, Any], Any, list[Any]]:
    from newsprism.batch.copies import candidate_pairs, verify_all, verify_chunks
    from newsprism.batch.inputs import plan_shards
    from newsprism.batch.runner import BatchConfig, _resolve_duplicates, dask_client
    from newsprism.batch.shard import process_shard, shard_done

    files = sorted(str(p) for p in corpus.glob("*.jsonl"))
    cfg = BatchConfig()
    pcfg = cfg.pipeline
    res: dict[str, Any] = {}
    with dask_client(None, workers) as client:
        shards = plan_shards(files, cfg.files_per_shard)
        todo = [s for s in shards if shard_done(out, s) is None]
        if todo:
            t = time.perf_counter()
            client.gather([client.submit(process_shard, s, pcfg, str(out), pure=False) for s in todo])
            res["shards_wall_s"] = round(time.perf_counter() - t, 2)
        _, kept = _resolve_duplicates(out, shards)
        kept.sort(key=lambda k: (k[1] or "", k[0]))
        shard_of = {aid: index for aid, _, index in kept}
        id_of = [aid for aid, _, _ in kept]
        rows_by_shard: dict[int, dict[str, int]] = defaultdict(dict)
        for row, (aid, _, index) in enumerate(kept):
            rows_by_shard[index][aid] = row
        res.update(shards=len(shards), articles=len(id_of))
        before = client.run(_usage)
        w, c = time.perf_counter(), time.process_time()
        pairs = candidate_pairs(client, str(out), rows_by_shard, pcfg.copy, cfg.buckets)
        res["candidates_wall_s"] = round(time.perf_counter() - w, 2)
        res["candidates_driver_cpu_s"] = round(time.process_time() - c, 2)
        mid = client.run(_usage)
        res["candidates_workers_cpu_s"] = round(sum(mid[k][0] - before[k][0] for k in mid), 2)
        w, c = time.perf_counter(), time.process_time()
        chunks = verify_chunks(pairs, id_of, shard_of, cfg.verify_chunk)
        links = verify_all(client, str(out), chunks, pcfg.copy)
        res["verify_wall_s"] = round(time.perf_counter() - w, 2)
        res["verify_driver_cpu_s"] = round(time.process_time() - c, 2)
        after = client.run(_usage)
        res["verify_workers_cpu_s"] = round(sum(after[k][0] - mid[k][0] for k in after), 2)
        res["pairs"], res["links"] = int(pairs.size), len(links)
        res["peak_rss_mb"] = {
            "driver": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "largest_worker": round(max(v[1] for v in after.values()), 1),
        }
    return res, pairs, links


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="batch copy detection (candidates + verification) alone")
    ap.add_argument("--corpus", type=Path, required=True, help="a folder of JSONL files")
    ap.add_argument("--out", type=Path, required=True, help="batch folder (shards are reused)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dump", type=Path, help="pickle (pairs, links) here")
    args = ap.parse_args(argv)
    res, pairs, links = run(args.corpus, args.out, args.workers)
    if args.dump:
        args.dump.write_bytes(pickle.dumps((pairs, links)))
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
