"""Driver state the batch runner keeps on disk between stages instead of in memory.

At a million articles the driver cannot hold every copy link with its passages,
every story report or every article's evidence at once; these hold them compactly
(numpy arrays for links) or on disk under ``DIR/stages/`` until the stage that reads
them, usually once and in order (the outputs, or a store with ``--load-into``).

    CopyLinks          verified links: arrays in the detector's order, passages per chunk
    verify_links       verification on the workers, kept as each chunk finishes
    SpilledEvidence    story evidence until a store reads it
    SpilledClusters    claim cluster ids, read on a worker by its shard's output task
    Streamed, Iterated a mapping / sequence read once, in order (what the store does)
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsprism.batch import outputs
from newsprism.batch.copies import verify_indexed
from newsprism.cluster.stories import follow_merges
from newsprism.models import CopyLink, Evidence

__all__ = [
    "KINDS",
    "CopyLinks",
    "Iterated",
    "SpilledClusters",
    "SpilledEvidence",
    "Streamed",
    "drop",
    "iter_reports",
    "verify_links",
    "write_pickle",
]


KINDS: tuple[str, ...] = ("same_copy", "partial_reuse")


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
) -> CopyLinks:
    """Verify `chunks` on the workers; links kept as each chunk finishes (`CopyLinks`).

    The links are put in the detector's order by their pair index (a stable sort:
    what `copies.verify_all` does with its list of objects).
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
    futures = [client.submit(verify_indexed, out, list(c), config, pure=False) for c in chunks]
    for n, fut in enumerate(futures):
        found = fut.result()
        futures[n] = None  # type: ignore[call-overload]
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


class SpilledClusters(Mapping[str, list[str | None]]):
    """The claim cluster ids of a shard's articles, read on the worker from the files of
    the report tasks that hold them (each task's ``claim_clusters``, by task number).

    Loaded on first use; in task order, as the driver merged them when it held them all.
    """

    def __init__(self, folder: str, tasks: Sequence[int]) -> None:
        self.folder = folder
        self.tasks = list(tasks)
        self._data: dict[str, list[str | None]] | None = None

    def _load(self) -> dict[str, list[str | None]]:
        if self._data is None:
            data: dict[str, list[str | None]] = {}
            for k in self.tasks:
                data.update(pickle.loads((Path(self.folder) / f"{k:06d}.pkl").read_bytes()))
            self._data = data
        return self._data

    def __getitem__(self, key: str) -> list[str | None]:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder, "tasks": self.tasks}  # never the loaded data

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.folder, self.tasks, self._data = state["folder"], state["tasks"], None


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
