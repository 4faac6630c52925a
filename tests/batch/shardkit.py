"""Shared set-up of the batch tests: generated streams written as shard files, and a
Dask client stand-in that runs each task in this process.

A plain module (not a conftest) so that tests import what they use by name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.batch.inputs import Shard, plan_shards
from newsprism.batch.runner import _resolve_duplicates
from newsprism.batch.shard import load_shard_column, process_shard
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.dedup import CopyConfig, signature_from_bytes
from newsprism.pipeline import PipelineConfig


def write_stream_shards(
    folder: Path, *, n_articles: int, seed: int, wire_share: float, start: date, files: int
) -> tuple[Path, list[Shard]]:
    """A generated stream with wire copies, cleaned and fingerprinted into `files` shards."""
    stream = generate_stream(
        SyntheticConfig(n_articles=n_articles, seed=seed, wire_share=wire_share, start=start)
    )
    per_file = -(-len(stream.articles) // files)
    paths = []
    for k in range(files):
        path = folder / f"part{k}.jsonl"
        recs = stream.articles[k * per_file : (k + 1) * per_file]
        lines = [
            json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published}) for a in recs
        ]
        path.write_text("\n".join(lines) + "\n")
        paths.append(str(path))
    out = folder / "out"
    planned = plan_shards(paths)
    for shard in planned:
        # fingerprints depend on num_perm, shingles and seed only, equal for every CopyConfig
        process_shard(shard, PipelineConfig(), str(out))
    return out, planned


def kept_rows(out: Path, planned: list[Shard]) -> tuple[list[str], dict[str, int], dict[int, dict[str, int]]]:
    """The runner's view of the kept articles: (id by row, shard by id, rows by shard)."""
    _, kept = _resolve_duplicates(out, planned)
    kept.sort(key=lambda k: (k[1] or "", k[0]))  # the store's order, as run_batch sorts them
    id_of = [aid for aid, _, _ in kept]
    shard_of = {aid: s for aid, _, s in kept}
    rows_by_shard: dict[int, dict[str, int]] = {}
    for row, (aid, _, s) in enumerate(kept):
        rows_by_shard.setdefault(s, {})[aid] = row
    return id_of, shard_of, rows_by_shard


def driver_signatures(
    out: Path, rows: np.ndarray, id_of: list[str], shard_of: dict[str, int], config: CopyConfig
) -> np.ndarray:
    """Signatures of `rows` read straight from their shards: the reference lookup."""
    wanted: dict[int, set[str]] = defaultdict(set)
    ids = [id_of[int(r)] for r in rows]
    for aid in ids:
        wanted[shard_of[aid]].add(aid)
    data: dict[str, bytes] = {}
    for shard, want in wanted.items():
        cols = load_shard_column(out, shard, ["id", "fingerprint"])
        data.update({i: d for i, d in zip(cols["id"], cols["fingerprint"], strict=True) if i in want})
    return np.stack([signature_from_bytes(data[aid], config) for aid in ids])


class Done:
    """A finished task's future: `result()` returns the value."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class InlineClient:
    """The Dask client methods the batch helpers use (`submit`, `scatter`), run at once
    in this process; `tasks` counts the submitted calls."""

    def __init__(self) -> None:
        self.tasks = 0

    def submit(self, fn: Any, *args: Any, pure: bool = True) -> Done:
        self.tasks += 1
        return Done(fn(*args))

    def scatter(self, value: Any, broadcast: bool = False, hash: bool = True) -> Any:  # noqa: A002
        return value
