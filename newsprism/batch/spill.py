"""Driver state the batch runner keeps on disk between stages instead of in memory.

At a million articles the driver cannot hold every copy link with its passages,
every story report or every article's evidence at once; these hold them compactly
(numpy arrays for links) or on disk under ``DIR/stages/`` until the stage that reads
them, usually once and in order (the outputs, or a store with ``--load-into``).

    CopyLinks          verified links: arrays in the detector's order, passages per chunk
    verify_links       verification on the workers, kept as each chunk finishes
    SpilledEvidence    story evidence until a store reads it
    SpilledClusters    claim cluster ids, read on a worker by its shard's output task
    StubTable          the driver's article stubs as columns, an `Article` made per lookup
    PackedSummaries    each story's cited summary, pickled until the tables are written
    Streamed, Iterated a mapping / sequence read once, in order (what the store does)
    in_order           task results in order, with a bounded number of tasks in flight
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.batch import outputs
from newsprism.batch.copies import verify_indexed
from newsprism.cluster.stories import follow_merges
from newsprism.models import Article, CopyLink, DateMention, Evidence

__all__ = [
    "IN_FLIGHT",
    "KINDS",
    "ClaimClustersByShard",
    "CopyLinks",
    "Iterated",
    "PackedSummaries",
    "SpilledClusters",
    "SpilledEvidence",
    "Streamed",
    "StubTable",
    "drop",
    "in_flight_for",
    "in_order",
    "iter_reports",
    "verify_links",
    "write_pickle",
]


KINDS: tuple[str, ...] = ("same_copy", "partial_reuse")

# tasks submitted ahead of the one whose result is read next (`in_order`): enough to
# keep a few workers busy while the driver reads results, few enough that the task
# arguments Dask holds (pickled, in the driver process for a local cluster) and the
# results not yet read stay bounded instead of growing with the corpus
IN_FLIGHT = 8


def in_flight_for(client: Any) -> int:
    """Tasks to keep submitted on `client`: `IN_FLIGHT`, or two per worker on a larger cluster."""
    try:
        workers = len(client.scheduler_info().get("workers", {}))
    except (AttributeError, TypeError):  # a stand-in client without a scheduler
        workers = 0
    return max(IN_FLIGHT, 2 * workers)


def in_order(
    client: Any, fn: Callable[..., Any], args: Iterable[Sequence[Any]], in_flight: int | None = None
) -> Iterator[Any]:
    """``fn(*a)`` on the workers for each `a` of `args`, results yielded in order.

    At most `in_flight` tasks (default `in_flight_for`: every worker kept busy on a
    cluster of any size) are submitted and not yet read at a time, and `args` is
    read lazily, so a generator of arguments is never held whole (at 100k articles
    submitting every verification chunk at once kept every candidate pair twice in
    the driver: as tuples, and pickled in the scheduler's task specs).

    >>> class Now:
    ...     def submit(self, fn, *a, pure=True):
    ...         class F:
    ...             def result(self): return fn(*a)
    ...         return F()
    >>> list(in_order(Now(), pow, [(2, 3), (3, 2)], in_flight=1))
    [8, 9]
    """
    limit = max(1, in_flight if in_flight is not None else in_flight_for(client))
    pending: deque[Any] = deque()
    for a in args:
        pending.append(client.submit(fn, *a, pure=False))
        if len(pending) >= limit:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class CopyLinks:
    """Verified copy links held compactly: rows, scores and kinds in numpy arrays, in the
    local detector's order; the passages (read only by ``--load-into``) in per-chunk
    files under `folder`, next to the arrays (the resumable stage result).

    At 10k articles the list of `CopyLink` objects took 54 MB of the driver (5.5 KB a
    link, mostly passages), and its pickle as much again while it was written; the
    arrays take 57 bytes a link.
    """

    def __init__(self, folder: Path, arrays: dict[str, Any], n_articles: int) -> None:
        self.folder = folder
        self.arrays = arrays
        self.n_articles = n_articles

    def __len__(self) -> int:
        return int(self.arrays["a"].size)

    @classmethod
    def load(cls, folder: Path, n_articles: int) -> CopyLinks | None:
        """The stage result written by `save`, or None (absent, or of another article set)."""
        import numpy as np

        path = folder / "links.npz"
        if not (folder / "_SUCCESS").exists() or not path.exists():
            return None
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        if int(arrays.pop("n_articles")[0]) != n_articles:
            return None
        return cls(folder, arrays, n_articles)

    def save(self) -> None:
        import numpy as np

        tmp = self.folder / "links.tmp.npz"
        np.savez(tmp, n_articles=np.array([self.n_articles]), **self.arrays)
        os.replace(tmp, self.folder / "links.npz")
        (self.folder / "_SUCCESS").write_text("", encoding="utf-8")

    def _copy_link(self, k: int, id_of: Sequence[str], passages: list[Any]) -> CopyLink:
        arr = self.arrays
        return CopyLink(
            id_of[int(arr["a"][k])],
            id_of[int(arr["b"][k])],
            float(arr["jaccard"][k]),
            float(arr["coverage_a"][k]),
            float(arr["coverage_b"][k]),
            KINDS[int(arr["kind"][k])],  # type: ignore[arg-type]
            passages,
        )

    def same_copy(self, id_of: Sequence[str]) -> list[CopyLink]:
        """The ``same_copy`` links, in order, without passages (what copy groups read)."""
        kinds = self.arrays["kind"]
        return [self._copy_link(k, id_of, []) for k in range(len(self)) if kinds[k] == 0]

    def rows(self, id_of: Sequence[str]) -> Iterator[dict[str, Any]]:
        """Rows of the copy_links table, in order (`outputs.copy_link_row`)."""
        for k in range(len(self)):
            yield outputs.copy_link_row(self._copy_link(k, id_of, []))

    def links(self, id_of: Sequence[str]) -> Iterator[CopyLink]:
        """Every link with its passages, in order (for a store: reads every chunk's passages)."""
        files = sorted(self.folder.glob("passages-*.pkl"))
        passages = [pickle.loads(p.read_bytes()) for p in files]
        chunk, pos = self.arrays["chunk"], self.arrays["pos"]
        for k in range(len(self)):
            yield self._copy_link(k, id_of, passages[int(chunk[k])][int(pos[k])])


def verify_links(
    client: Any,
    out: str,
    chunks: Sequence[Sequence[tuple[int, str, int, str, int]]],
    config: Any,
    row_of: Mapping[str, int],
    id_of: Sequence[str],
    folder: Path,
    progress: Callable[[str, int, int | None], None],
    in_flight: int | None = None,
) -> CopyLinks:
    """Verify `chunks` on the workers; links kept as each chunk finishes (`CopyLinks`).

    The links are put in the detector's order by their pair index (a stable sort:
    what `copies.verify_all` does with its list of objects). `chunks` is any sequence
    of tasks; with `copies.verify_chunks`'s, each task's pairs are made only when it is
    submitted, with `in_flight` tasks at most submitted ahead (`in_order`).
    """
    from array import array

    import numpy as np

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cols: dict[str, array[Any]] = {
        "index": array("q"),
        "a": array("q"),
        "b": array("q"),
        "jaccard": array("d"),
        "coverage_a": array("d"),
        "coverage_b": array("d"),
        "kind": array("b"),
        "chunk": array("q"),
        "pos": array("q"),
    }
    tasks = ((out, list(c), config) for c in chunks)
    for n, found in enumerate(in_order(client, verify_indexed, tasks, in_flight)):
        passages: list[Any] = []
        for k, link in found:
            cols["index"].append(k)
            cols["a"].append(row_of[link.a_id])
            cols["b"].append(row_of[link.b_id])
            cols["jaccard"].append(link.jaccard)
            cols["coverage_a"].append(link.coverage_a)
            cols["coverage_b"].append(link.coverage_b)
            cols["kind"].append(KINDS.index(link.kind))
            cols["chunk"].append(n)
            cols["pos"].append(len(passages))
            passages.append(link.passages)
        tmp = folder / f"passages-{n:06d}.pkl.tmp"
        tmp.write_bytes(pickle.dumps(passages, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, folder / f"passages-{n:06d}.pkl")
        del found, passages
        progress("verify copies", n + 1, len(chunks))
    order = np.argsort(np.frombuffer(cols.pop("index"), dtype=np.int64), kind="stable")
    arrays = {name: np.asarray(col)[order] for name, col in cols.items()}
    links = CopyLinks(folder, arrays, len(id_of))
    links.save()
    return links


class Streamed(Mapping[str, Any]):
    """A mapping read once, in order, through ``items()`` (what `Store.save_build` does
    with quotes, claims and fingerprints), so they never sit in memory all at once."""

    def __init__(self, items: Callable[[], Iterator[tuple[str, Any]]]) -> None:
        self._items = items

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        return self._items()

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items())

    def __len__(self) -> int:
        return sum(1 for _ in self._items())

    def __getitem__(self, key: str) -> Any:
        for k, v in self._items():
            if k == key:
                return v
        raise KeyError(key)


def write_pickle(path: Path, obj: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)


class ClaimClustersByShard:
    """The claim cluster ids from the report tasks, set aside by the shard of their article.

    Each task's ``claim_clusters`` (article id -> cluster id of each of its claims) is
    split by shard and appended to that shard's file as the results arrive (in task
    order), so a shard's output task reads its own file only. (Kept by task, every
    output task read every task's file wherever shards span the whole corpus: shards x
    tasks reads, ~4M at 1M articles.)
    """

    def __init__(self, folder: Path, shard_of: Mapping[str, int]) -> None:
        self.folder = folder
        self.shard_of = shard_of

    def add(self, clusters: Mapping[str, list[str | None]]) -> None:
        """Append one report task's claim clusters to the files of their shards."""
        by_shard: dict[int, dict[str, list[str | None]]] = {}
        for aid, ids in clusters.items():
            by_shard.setdefault(self.shard_of[aid], {})[aid] = ids
        for shard, part in by_shard.items():
            with open(self.folder / f"{shard:06d}.pkl", "ab") as fh:
                pickle.dump(part, fh, protocol=pickle.HIGHEST_PROTOCOL)


class SpilledClusters(Mapping[str, list[str | None]]):
    """The claim cluster ids of a shard's articles, read on the worker from the shard's
    file (`ClaimClustersByShard`); loaded on first use, in task order.
    """

    def __init__(self, folder: str, shard: int) -> None:
        self.folder = folder
        self.shard = shard
        self._data: dict[str, list[str | None]] | None = None

    def _load(self) -> dict[str, list[str | None]]:
        if self._data is None:
            data: dict[str, list[str | None]] = {}
            path = Path(self.folder) / f"{self.shard:06d}.pkl"
            if path.exists():
                with open(path, "rb") as fh:
                    while True:
                        try:
                            data.update(pickle.load(fh))
                        except EOFError:
                            break
            self._data = data
        return self._data

    def __getitem__(self, key: str) -> list[str | None]:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder, "shard": self.shard}  # never the loaded data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.folder, self.shard, self._data = state["folder"], state["shard"], None


def drop(items: list[Any]) -> None:
    return None


class SpilledEvidence:
    """Story evidence set aside on disk (pickled lists, in order) until a store reads it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.parts = 0
        # (redirects, notes) of the merge pass, when the evidence was spilled before it
        self.follow: tuple[Mapping[str, str], Mapping[str, str]] | None = None
        self.clear()

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.parts = 0

    def spill(self, items: list[Evidence]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{self.parts:06d}.pkl").write_bytes(
            pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
        )
        self.parts += 1

    def read(self) -> list[Evidence]:
        items: list[Evidence] = []
        for k in range(self.parts):
            items.extend(pickle.loads((self.folder / f"{k:06d}.pkl").read_bytes()))
        if self.follow is not None:
            follow_merges(items, *self.follow)
        return items


class PackedSummaries(Mapping[str, list[dict[str, Any]]]):
    """Each story's cited summary (a list of sentence dicts), held pickled: story id ->
    bytes, unpickled on each lookup (the stories table and the storyline summaries
    read each once or twice).

    The driver keeps every story's summary from the report stage to the last table;
    as dicts of strings they took about 0.6 KB an article (c1k), pickled about a
    third of it. Pickle gives back equal lists, dicts, strings and numbers.

    >>> s = PackedSummaries()
    >>> s.put("s1", [{"sentence": "A.", "article_ids": ["a1"], "supported": True}])
    >>> s["s1"][0]["article_ids"], s.get("zz"), len(s)
    (['a1'], None, 1)
    """

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def put(self, story_id: str, summary: list[dict[str, Any]]) -> None:
        self._data[story_id] = pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL)

    def __getitem__(self, story_id: str) -> list[dict[str, Any]]:
        return pickle.loads(self._data[story_id])  # type: ignore[no-any-return]

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class Iterated:
    """A sequence read once, in order, by iteration (the store's copy links)."""

    def __init__(self, items: Callable[[], Iterator[Any]]) -> None:
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        return self._items()


def iter_reports(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The story reports written by the report stage, in the order they arrived."""
    for path in sorted(folder.glob("*.pkl")):
        yield from pickle.loads(path.read_bytes()).items()


_NO_DATES: tuple[str | None, ...] = ()


def _interned(value: str | None) -> str | None:
    return sys.intern(value) if value else value


class StubTable(Mapping[str, Article]):
    """The driver's article stubs (`batch.stories._driver_stub`) held as columns.

    A lookup makes a new `Article` equal to the stub that was added (id, title,
    publication date, outlet, wire credit, the dates mentioned as `DateMention`s with
    empty text and spans; every other field its default). Copy groups and story
    assignment only read stubs, so a fresh object per lookup is safe.

    Columns by row (the runner's `row_of`): 80 bytes an article on c10k instead of
    659 for the `Article` objects with their own id strings, lists and dicts. Ids are
    the runner's own strings (`id_of`), not copies.

    >>> t = StubTable({"a1": 0}, ["a1"])
    >>> t.add(Article(id="a1", source="", title="T", text="", published="2024-01-02"))
    >>> t["a1"].title, "a1" in t, "zz" in t, len(t)
    ('T', True, False, 1)
    """

    def __init__(self, row_of: Mapping[str, int], id_of: Sequence[str]) -> None:
        n = len(id_of)
        self.row_of = row_of
        self.id_of = id_of
        self.titles: list[str | None] = [None] * n
        self.published: list[str | None] = [None] * n
        self.outlets: list[str | None] = [None] * n
        self.wires: list[str | None] = [None] * n
        self.dates: list[tuple[str | None, ...]] = [_NO_DATES] * n
        self._has = bytearray(n)
        self._count = 0

    def add(self, stub: Article) -> None:
        """Keep a driver stub (an article of `row_of`); a second add of an id replaces it."""
        r = self.row_of[stub.id]
        if not self._has[r]:
            self._has[r] = 1
            self._count += 1
        self.titles[r] = stub.title
        self.published[r] = _interned(stub.published)
        self.outlets[r] = _interned(stub.outlet)
        self.wires[r] = _interned(stub.wire_agency)
        dates = tuple(_interned(m.date) for m in stub.date_mentions)
        self.dates[r] = dates if dates else _NO_DATES

    def _row(self, key: object) -> int:
        r = self.row_of.get(key) if isinstance(key, str) else None  # type: ignore[call-overload]
        if r is None or not self._has[r]:
            raise KeyError(key)
        return r

    def __getitem__(self, key: str) -> Article:
        r = self._row(key)
        return Article(
            id=self.id_of[r],
            source="",
            title=self.titles[r],  # type: ignore[arg-type]
            text="",
            published=self.published[r],
            outlet=self.outlets[r],
            wire_agency=self.wires[r],
            date_mentions=[DateMention("", d, 0, 0) for d in self.dates[r]],  # type: ignore[arg-type]
        )

    def __contains__(self, key: object) -> bool:
        try:
            self._row(key)
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        has = self._has
        return (aid for r, aid in enumerate(self.id_of) if has[r])

    def __len__(self) -> int:
        return self._count
