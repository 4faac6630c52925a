"""Expand command-line inputs (paths, directories, globs, "-") into files to read."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsprism.ingest.readers import HTML_EXTENSIONS, JSONL_EXTENSIONS, TEXT_EXTENSIONS

READABLE_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS


@dataclass(slots=True, frozen=True)
class InputSpec:
    """One input to read: a file path, standard input, or a path that was not found."""

    source: str
    path: Path | None = None
    missing: bool = False
    stdin: bool = False


def expand_inputs(inputs: Iterable[str]) -> Iterator[InputSpec]:
    """Files named by `inputs`, each once, in a stable order.

    Directories are walked recursively; hidden files and files with other
    extensions inside directories are skipped (a file named explicitly is always
    read). A glob that matches nothing and a missing path are reported as missing.
    """
    seen: set[Path] = set()
    for item in inputs:
        if item == "-":
            yield InputSpec(source="<stdin>", stdin=True)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in READABLE_EXTENSIONS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            files = [path]
        elif glob.has_magic(item):
            files = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not files:
                yield InputSpec(source=item, missing=True)
        else:
            yield InputSpec(source=item, missing=True)
            continue
        for f in files:
            key = f.resolve()
            if key in seen:
                continue
            seen.add(key)
            yield InputSpec(source=str(f), path=f)
