"""Ingest: read inputs of every supported format into raw documents.

Readers never raise for bad content: an input that cannot be read becomes a
`Rejection` with a reason, so every input is accounted for.
"""

from newsprism.ingest.readers import (
    ReaderConfig,
    decode_bytes,
    read_bytes,
    read_path,
    read_stdin,
    sniff_format,
)
from newsprism.ingest.sources import InputSpec, expand_inputs

__all__ = [
    "InputSpec",
    "ReaderConfig",
    "decode_bytes",
    "expand_inputs",
    "read_bytes",
    "read_path",
    "read_stdin",
    "sniff_format",
]
