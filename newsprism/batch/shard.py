"""Per-shard work (runs on a Dask worker): read → clean → fingerprint → quotes and claims.

Everything here is per document, so it scales with the number of workers. A shard's
results go to ``DIR/shards/NNNNNN/`` as two Parquet files and an Arrow file, then a completion marker
``_SUCCESS.json`` holding its stats; each file is written to a temporary name and
renamed, so a killed task leaves either a complete shard or no marker (and a re-run
redoes exactly the shards without one).

Files of a shard:

- ``articles.parquet``: one row per clean article — ``pos`` (order in the shard),
  ``id``, ``published``, ``content_hash``, ``canonical_url``, ``article`` (the whole
  `Article` as JSON), ``fingerprint`` (`CopyDetector.fingerprint` bytes), ``quotes``
  and ``claims`` (JSON lists); (shards of earlier versions also have ``units`` here);
- ``verify.arrow``: what copy verification reads of each article, as an uncompressed
  Arrow IPC file that a task memory-maps and takes single rows from
  (`load_verify_rows`) — ``id``, ``published``, ``content_hash``, ``fingerprint`` and
  ``units`` (its sentence units, `newsprism.dedup.align.units_to_bytes`). A task
  verifies pairs from all over the corpus, a few articles per shard: from Parquet it
  decoded the whole column of every shard it touched, and the shards a task touches
  grow with the corpus (a simulation of the pair layout at 1M articles in 400 shards:
  ~50 shards a task, 83,000 shard reads in all);
- ``inputs.parquet``: one row per input document — ``pos``, ``source``, ``status``
  (``ingested``, ``duplicate`` or ``rejected``), ``reason``, ``detail``,
  ``article_id``, ``content_hash`` — exactly the local runner's input accounting
  before duplicates across shards are resolved.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsprism.batch.inputs import Shard, read_parquet
from newsprism.clean import ArticleCleaner
from newsprism.dedup import CopyDetector
from newsprism.dedup.align import prepare_units, units_to_bytes
from newsprism.extract import ClaimExtractor, QuoteExtractor
from newsprism.ids import canonical_url, content_hash
from newsprism.ingest import Fetcher, ReaderConfig, Skipped, read_path, read_url
from newsprism.models import Article, Claim, DateMention, Quote, RawDocument, Rejection, RemovedLine
from newsprism.pipeline import clean_document

__all__ = [
    "ShardStats",
    "article_from_json",
    "load_shard_articles",
    "load_shard_column",
    "load_shard_rows",
    "load_verify_rows",
    "process_shard",
    "shard_dir",
    "write_parquet_atomic",
]

MARKER = "_SUCCESS.json"
VERIFY_FILE = "verify.arrow"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,15}://")  # as newsprism.ingest.sources


@dataclass(slots=True)
class ShardStats:
    """What one shard did, and how long each of its steps took (seconds, wall and CPU)."""

    shard: int
    documents: int = 0
    articles: int = 0
    rejected: int = 0
    duplicates: int = 0
    skipped: int = 0
    quotes: int = 0
    claims: int = 0
    wall_s: dict[str, float] = field(default_factory=dict)
    cpu_s: dict[str, float] = field(default_factory=dict)


def shard_dir(out: str | Path, shard: Shard | int) -> Path:
    index = shard.index if isinstance(shard, Shard) else shard
    return Path(out) / "shards" / f"{index:06d}"


def shard_done(out: str | Path, shard: Shard | int) -> ShardStats | None:
    """The stats of a completed shard, or None when it has no completion marker."""
    marker = shard_dir(out, shard) / MARKER
    try:
        return ShardStats(**json.loads(marker.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def write_parquet_atomic(table: Any, path: Path) -> None:
    """Write a pyarrow table to `path` through a temporary file and a rename."""
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _write_arrow_atomic(table: Any, path: Path) -> None:
    # uncompressed, so that a reader can memory-map it and touch only the rows it takes
    import pyarrow as pa

    tmp = path.with_name(path.name + ".tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    os.replace(tmp, path)


def _write_text_atomic(text: str, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# Quote and Claim hold only flat values, so a dict by field name is what `asdict`
# gives, without its recursive deep copy (a third of the cost of writing them)
_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def _records_json(records: Sequence[Any], names: tuple[str, ...]) -> str:
    return json.dumps([{n: getattr(r, n) for n in names} for r in records], ensure_ascii=False)


def article_to_json(art: Article) -> str:
    return json.dumps(asdict(art), ensure_ascii=False, separators=(",", ":"))


def article_from_json(data: str) -> Article:
    """Rebuild an `Article` written by `article_to_json` (nested records included)."""
    d = json.loads(data)
    d["removed"] = [RemovedLine(**r) for r in d.get("removed", [])]
    d["date_mentions"] = [DateMention(**m) for m in d.get("date_mentions", [])]
    return Article(**d)


def _read(source: str, reader: ReaderConfig, fetcher: Fetcher) -> Iterable[RawDocument | Rejection | Skipped]:
    if _URL.match(source):
        return read_url(source, reader, fetcher=fetcher)
    path = Path(source)
    if path.suffix.lower() == ".parquet":
        return read_parquet(path, reader)
    return read_path(path, reader, fetcher=fetcher)


class _Clock:
    """Wall and CPU seconds per step."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def add(self, step: str, wall: float, cpu: float) -> None:
        self.wall[step] = round(self.wall.get(step, 0.0) + wall, 4)
        self.cpu[step] = round(self.cpu.get(step, 0.0) + cpu, 4)


def _timed(clock: _Clock, step: str, items: Iterator[Any]) -> Iterator[Any]:
    # times a generator's own work (reading), not its consumer's
    while True:
        w, c = time.perf_counter(), time.process_time()
        try:
            item = next(items)
        except StopIteration:
            clock.add(step, time.perf_counter() - w, time.process_time() - c)
            return
        clock.add(step, time.perf_counter() - w, time.process_time() - c)
        yield item


def process_shard(shard: Shard, config: Any, out: str) -> ShardStats:
    """Read, clean, fingerprint and extract one shard; write its files and marker.

    `config` is a `newsprism.pipeline.PipelineConfig`. Returns the shard's stats (also
    in its marker). Safe to re-run: it rewrites the shard's files.
    """
    import pyarrow as pa

    cfg = config
    cleaner = ArticleCleaner(cfg.clean)
    detector = CopyDetector(cfg.copy)
    quote_extractor = QuoteExtractor(cfg.quotes)
    claim_extractor = ClaimExtractor()
    stats = ShardStats(shard.index)
    clock = _Clock()
    inputs: list[dict[str, Any]] = []
    articles: list[Article] = []
    known: dict[str, str] = {}  # raw-content hash -> id of the article made from it
    by_hash: dict[str, str] = {}  # clean-content hash, canonical URL, id of the kept articles
    by_url: dict[str, str] = {}
    by_id: set[str] = set()

    def account(
        source: str, status: str, reason: str | None, detail: str | None, aid: str | None, h: str | None
    ) -> None:
        inputs.append(
            {
                "pos": len(inputs),
                "source": source,
                "status": status,
                "reason": reason,
                "detail": detail,
                "article_id": aid,
                "content_hash": h,
            }
        )

    for source in shard.missing:
        account(source, "rejected", "not-found", "no such file, directory or match", None, None)
    with Fetcher(cfg.reader.fetch) as fetcher:
        for source in shard.sources:
            for item in _timed(clock, "read", iter(_read(source, cfg.reader, fetcher))):
                if isinstance(item, Skipped):
                    stats.skipped += 1
                    continue
                if isinstance(item, Rejection):
                    account(item.source, "rejected", item.reason, item.detail, None, None)
                    continue
                raw_hash = content_hash(item.content)
                if raw_hash in known:
                    account(
                        item.source,
                        "duplicate",
                        "same-content",
                        f"same as article {known[raw_hash]}",
                        known[raw_hash],
                        None,
                    )
                    continue
                w, c = time.perf_counter(), time.process_time()
                outcome = clean_document(cleaner, item, cfg.reader.parse_time_limit)
                clock.add("clean", time.perf_counter() - w, time.process_time() - c)
                if isinstance(outcome, Rejection):
                    account(outcome.source, "rejected", outcome.reason, outcome.detail, None, None)
                    continue
                dup = _shard_duplicate(outcome, by_hash, by_url, by_id)
                if dup is not None:
                    # the store's rules inside the shard too (first wins), so every id in
                    # a shard's files is one article; across shards the runner applies them
                    first, why = dup
                    account(
                        outcome.source,
                        "duplicate",
                        why,
                        f"same as article {first}",
                        first,
                        outcome.content_hash,
                    )
                    continue
                known[raw_hash] = outcome.id
                by_hash.setdefault(outcome.content_hash, outcome.id)
                url = canonical_url(outcome.url)
                if url:
                    by_url.setdefault(url, outcome.id)
                by_id.add(outcome.id)
                account(outcome.source, "ingested", None, None, outcome.id, outcome.content_hash)
                articles.append(outcome)

    w, c = time.perf_counter(), time.process_time()
    # the sentence units the fingerprint is made from, kept for copy verification:
    # prepared once here instead of again in every verification task an article is in
    units = [prepare_units(a.text) for a in articles]
    fingerprints = [detector._fingerprint_units(a, u) for a, u in zip(articles, units, strict=True)]  # noqa: SLF001
    units_bytes = [units_to_bytes(u) for u in units]
    del units
    clock.add("fingerprint", time.perf_counter() - w, time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    quotes: list[list[Quote]]
    claims: list[list[Claim]] = []
    # batched: the dependency parse of the shard's quotes in few spaCy calls, as the
    # local runner does (ids are unique within a shard, see `_shard_duplicate`)
    quotes_by_id = quote_extractor.extract_many(articles)
    quotes = [quotes_by_id[a.id] for a in articles]
    for art, qs in zip(articles, quotes, strict=True):
        claims.append(claim_extractor.extract(art, qs))
    clock.add("extract", time.perf_counter() - w, time.process_time() - c)

    w, c = time.perf_counter(), time.process_time()
    folder = shard_dir(out, shard)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    s = pa.string()
    table = pa.table(
        {
            "pos": pa.array(range(len(articles)), pa.int64()),
            "id": pa.array([a.id for a in articles], s),
            "published": pa.array([a.published for a in articles], s),
            "content_hash": pa.array([a.content_hash for a in articles], s),
            "canonical_url": pa.array([canonical_url(a.url) for a in articles], s),
            "article": pa.array([article_to_json(a) for a in articles], s),
            "fingerprint": pa.array(fingerprints, pa.binary()),
            "quotes": pa.array([_records_json(qs, _QUOTE_FIELDS) for qs in quotes], s),
            "claims": pa.array([_records_json(cs, _CLAIM_FIELDS) for cs in claims], s),
        }
    )
    write_parquet_atomic(table, folder / "articles.parquet")
    verify = table.select(["id", "published", "content_hash", "fingerprint"]).append_column(
        "units", pa.array(units_bytes, pa.binary())
    )
    _write_arrow_atomic(verify, folder / VERIFY_FILE)
    write_parquet_atomic(pa.Table.from_pylist(inputs, schema=INPUT_SCHEMA()), folder / "inputs.parquet")
    clock.add("write", time.perf_counter() - w, time.process_time() - c)

    stats.documents = len(inputs)
    stats.articles = len(articles)
    stats.rejected = sum(1 for r in inputs if r["status"] == "rejected")
    stats.duplicates = sum(1 for r in inputs if r["status"] == "duplicate")
    stats.quotes = sum(len(q) for q in quotes)
    stats.claims = sum(len(c) for c in claims)
    stats.wall_s, stats.cpu_s = clock.wall, clock.cpu
    _write_text_atomic(json.dumps(asdict(stats)), folder / MARKER)
    return stats


def _shard_duplicate(
    art: Article, by_hash: dict[str, str], by_url: dict[str, str], by_id: set[str]
) -> tuple[str, str] | None:
    """The kept article `art` duplicates within its shard, and why (the store's order of rules)."""
    if art.content_hash in by_hash:
        return by_hash[art.content_hash], "same-content"
    url = canonical_url(art.url)
    if url and url in by_url:
        return by_url[url], "same-url"
    if art.id in by_id:
        return art.id, "same-id"
    return None


def INPUT_SCHEMA() -> Any:  # noqa: N802 - a constant built lazily (pyarrow is imported on use)
    import pyarrow as pa

    s = pa.string()
    return pa.schema(
        [
            ("pos", pa.int64()),
            ("source", s),
            ("status", s),
            ("reason", s),
            ("detail", s),
            ("article_id", s),
            ("content_hash", s),
        ]
    )


def load_shard_column(
    out: str | Path, shard: int, columns: list[str], table: str = "articles"
) -> dict[str, list[Any]]:
    """Columns of a shard's table as Python lists."""
    import pyarrow.parquet as pq

    return pq.read_table(shard_dir(out, shard) / f"{table}.parquet", columns=columns).to_pydict()


def load_shard_rows(
    out: str | Path, shard: int, ids: Iterable[str], columns: list[str], table: str = "articles"
) -> dict[str, dict[str, Any]]:
    """Columns of only the rows of `ids` in a shard's table: ``{id: {column: value}}``.

    The rows are picked in Arrow before any Python object is made, so a task that needs
    a few articles of a shard pays for reading the columns, not for converting every
    row (`load_shard_articles` converts and caches whole shards; verification touches
    many shards a few articles at a time).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    names = ["id", *[c for c in columns if c != "id"]]
    data = pq.read_table(shard_dir(out, shard) / f"{table}.parquet", columns=names)
    picked = data.filter(pc.is_in(data["id"], value_set=pa.array(list(ids), pa.string()))).to_pydict()
    return {aid: {c: picked[c][k] for c in columns} for k, aid in enumerate(picked["id"])}


@lru_cache(maxsize=64)
def _mapped(path: str, mtime_ns: int, size: int) -> Any:
    # a memory-mapped table (file pages are read as rows are taken, and the OS may drop
    # them again); keyed by modification time and size so a rewritten shard is mapped anew
    import pyarrow as pa

    return pa.ipc.open_file(pa.memory_map(path, "r")).read_all()


def load_verify_rows(out: str | Path, shard: int, ids: Iterable[str]) -> dict[str, dict[str, Any]] | None:
    """The verification columns of the rows of `ids` from a shard's ``verify.arrow``.

    ``{id: {"published", "content_hash", "fingerprint", "units"}}``; ids not in the
    shard are left out. None when the shard has no such file (written by an earlier
    version: its units are in ``articles.parquet`` or must be prepared from the text).
    The file is memory-mapped and only the asked rows are read.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    path = shard_dir(out, shard) / VERIFY_FILE
    try:
        st = path.stat()
    except OSError:
        return None
    table = _mapped(str(path), st.st_mtime_ns, st.st_size)
    wanted = pa.array(list(ids), pa.string())
    pos = pc.drop_null(pc.index_in(wanted, value_set=table["id"]))
    picked = table.take(pos).to_pydict()
    names = [c for c in picked if c != "id"]
    return {aid: {c: picked[c][k] for c in names} for k, aid in enumerate(picked["id"])}


@lru_cache(maxsize=8)
def _shard_records(out: str, shard: int) -> dict[str, tuple[str, str, str]]:
    # a worker keeps the last few shards it read: verification and report tasks
    # touch the same shards again and again
    cols = load_shard_column(out, shard, ["id", "article", "quotes", "claims"])
    return {
        i: (a, q, c)
        for i, a, q, c in zip(cols["id"], cols["article"], cols["quotes"], cols["claims"], strict=True)
    }


def load_shard_articles(
    out: str | Path, shard: int, ids: Iterable[str] | None = None
) -> dict[str, tuple[Article, list[Quote], list[Claim]]]:
    """Articles of a shard with their quotes and claims, by id (all, or only `ids`)."""
    records = _shard_records(str(out), shard)
    wanted = records.keys() if ids is None else [i for i in ids if i in records]
    result: dict[str, tuple[Article, list[Quote], list[Claim]]] = {}
    for aid in wanted:
        a, q, c = records[aid]
        result[aid] = (
            article_from_json(a),
            [Quote(**d) for d in json.loads(q)],
            [Claim(**d) for d in json.loads(c)],
        )
    return result
