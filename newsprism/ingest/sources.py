"""Expand command-line inputs (paths, directories, globs, URLs, "-") into inputs to read."""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsprism.ingest.readers import (
    CSV_EXTENSIONS,
    FEED_EXTENSIONS,
    HTML_EXTENSIONS,
    JSONL_EXTENSIONS,
    TEXT_EXTENSIONS,
    WARC_EXTENSIONS,
)

READABLE_EXTENSIONS = (
    TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS | FEED_EXTENSIONS | CSV_EXTENSIONS | WARC_EXTENSIONS
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,15}://")


def is_readable_name(path: Path) -> bool:
    """True for file names a directory walk picks up (``.warc.gz``/``.arc.gz`` included)."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if not suffixes:
        return False
    if suffixes[-1] == ".gz":
        return len(suffixes) == 2 and suffixes[0] in WARC_EXTENSIONS
    return suffixes[-1] in READABLE_EXTENSIONS


@dataclass(slots=True, frozen=True)
class InputSpec:
    """One input to read: a file path, a URL, standard input, or a path that was not found."""

    source: str
    path: Path | None = None
    missing: bool = False
    stdin: bool = False
    url: str | None = None


def expand_inputs(inputs: Iterable[str]) -> Iterator[InputSpec]:
    """Files named by `inputs`, each once, in a stable order.

    Directories are walked recursively; hidden files and files with other
    extensions inside directories are skipped (a file named explicitly is always
    read). A glob that matches nothing and a missing path are reported as missing.
    Anything that starts with a scheme (``https://``) is a URL; the fetcher refuses
    schemes other than http and https.
    """
    seen: set[Path] = set()
    seen_urls: set[str] = set()
    for item in inputs:
        if item == "-":
            yield InputSpec(source="<stdin>", stdin=True)
            continue
        if _URL.match(item):
            if item not in seen_urls:
                seen_urls.add(item)
                yield InputSpec(source=item, url=item)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and is_readable_name(p)
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
