"""Batch inputs: Parquet dumps as raw documents, and the plan of shards.

A shard is the unit of distributed work and of resumption: a run of input files in
the order `expand_inputs` gives them. Archives and dumps (WARC, JSONL, CSV, Parquet)
are one shard each; small page files are grouped ``files_per_shard`` to a shard so a
folder of 100k pages does not become 100k tasks.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> for n in range(3):
...     _ = (d / f"p{n}.txt").write_text("Some text.")
>>> [len(s.sources) for s in plan_shards([str(d)], files_per_shard=2)]
[2, 1]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.errors import InputRejected
from newsprism.ingest import InputSpec, ReaderConfig, expand_inputs
from newsprism.ingest.readers import record_to_raw
from newsprism.models import RawDocument, Rejection

__all__ = ["Shard", "plan_shards", "read_parquet"]

# files that are dumps (many documents each) rather than single pages
_DUMP_SUFFIXES = {".warc", ".arc", ".gz", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"}


@dataclass(slots=True, frozen=True)
class Shard:
    """One unit of batch work: input sources read by one task, in order."""

    index: int
    sources: tuple[str, ...]
    # inputs that did not resolve to a file (reported as rejected "not-found")
    missing: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.index:06d}"


def plan_shards(inputs: Sequence[str], files_per_shard: int = 200) -> list[Shard]:
    """Split the inputs into shards, keeping the input order (so results are reproducible)."""
    shards: list[Shard] = []
    pages: list[str] = []
    missing: list[str] = []

    def flush() -> None:
        if pages or missing:
            shards.append(Shard(len(shards), tuple(pages), tuple(missing)))
            pages.clear()
            missing.clear()

    for spec in _expand(inputs):
        if spec.missing or spec.stdin:
            missing.append(spec.source)
            continue
        if spec.url is not None:
            pages.append(spec.url)
        elif spec.path is not None and (
            spec.path.suffix.lower() in _DUMP_SUFFIXES or spec.path.name.lower().endswith(".warc.gz")
        ):
            flush()
            shards.append(Shard(len(shards), (str(spec.path),)))
            continue
        elif spec.path is not None:
            pages.append(str(spec.path))
        if len(pages) >= files_per_shard:
            flush()
    flush()
    return shards


def _expand(inputs: Sequence[str]) -> Iterator[InputSpec]:
    # expand_inputs skips .parquet files inside folders (the local runner cannot read
    # them); the batch runner can, so it adds them after the other files
    seen: set[Path] = set()
    for spec in expand_inputs(inputs):
        if spec.path is not None:
            seen.add(spec.path.resolve())
        yield spec
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for f in sorted(path.rglob("*.parquet")):
                hidden = any(part.startswith(".") for part in f.relative_to(path).parts)
                if not hidden and f.resolve() not in seen:
                    seen.add(f.resolve())
                    yield InputSpec(source=str(f), path=f)


def read_parquet(path: Path, config: ReaderConfig | None = None) -> Iterator[RawDocument | Rejection]:
    """Raw documents from a Parquet dump, one per row, read like JSONL records.

    Columns are the JSONL record keys (``text`` or ``html``, ``url``, ``title``,
    ``published``, ``outlet``, ``language``, ``byline``, ``id``); a row's source is
    ``path#id``, or ``path#row-N`` (N from 1) without an id. Rows without content are
    rejected with the JSONL reader's reasons.
    """
    cfg = config or ReaderConfig()
    try:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        batches = pf.iter_batches(batch_size=1024)
    except Exception as exc:  # a corrupt or foreign file is a rejection, not a crash
        yield Rejection(str(path), "unreadable", f"not a readable Parquet file: {type(exc).__name__}: {exc}")
        return
    n = 0
    for batch in batches:
        for record in batch.to_pylist():
            n += 1
            rid = record.get("id")
            source = f"{path}#{rid}" if rid not in (None, "") else f"{path}#row-{n}"
            try:
                yield record_to_raw(source, record, cfg)
            except InputRejected as exc:
                yield Rejection(source, exc.reason, exc.detail)
