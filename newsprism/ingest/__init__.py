"""Ingest: read inputs of every supported format into raw documents.

Formats: plain text, HTML, JSONL and CSV/TSV dumps, RSS/Atom feeds, WARC/ARC
archives, URLs (fetched safely), directories, globs and standard input.
Readers never raise for bad content: an input that cannot be read becomes a
`Rejection` with a reason, so every input is accounted for.
"""

from newsprism.ingest.csvdump import parse_csv_map, read_csv
from newsprism.ingest.feeds import read_feed
from newsprism.ingest.fetch import FetchConfig, Fetcher, FetchRejected, FetchResult, address_problem
from newsprism.ingest.limits import ParseTimeout, time_limit
from newsprism.ingest.readers import (
    ReaderConfig,
    decode_bytes,
    read_bytes,
    read_path,
    read_stdin,
    read_url,
    sniff_format,
)
from newsprism.ingest.sources import InputSpec, expand_inputs
from newsprism.ingest.warc import Skipped, read_warc

__all__ = [
    "FetchConfig",
    "FetchRejected",
    "FetchResult",
    "Fetcher",
    "InputSpec",
    "ParseTimeout",
    "ReaderConfig",
    "Skipped",
    "address_problem",
    "decode_bytes",
    "expand_inputs",
    "parse_csv_map",
    "read_bytes",
    "read_csv",
    "read_feed",
    "read_path",
    "read_stdin",
    "read_url",
    "read_warc",
    "sniff_format",
    "time_limit",
]
