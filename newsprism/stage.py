"""The stage protocol shared by the local runner and the Dask runner.

A stage is a class whose constructor only stores its typed config and whose
`run` method turns a stream of items into a stream of results. A stage knows
nothing about where it runs or where its data is stored: the runner feeds it and
persists what it yields. Per-item failures are yielded as `Rejection` records (or
carried in the result), never raised out of `run`.

Corpus-level steps (copy groups, story clustering) are split into a per-document
step that fits this protocol (fingerprints, features) and a step joined through
data (candidate pairs, assignments), so the same code runs per shard on Dask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar, runtime_checkable

In_contra = TypeVar("In_contra", contravariant=True)
Out_co = TypeVar("Out_co", covariant=True)


@runtime_checkable
class Stage(Protocol[In_contra, Out_co]):
    """One step of the pipeline."""

    name: str

    def run(self, items: Iterable[In_contra]) -> Iterator[Out_co]:
        """Process a stream of items, yielding one or more results per item."""
        ...
