"""A per-document time limit for parsing, for the main thread of a Unix process.

Cleaning and parsing are CPU-bound; a watchdog thread cannot stop them and a
worker process per document costs more than the parsing itself. Instead
`time_limit` arms a one-shot ``SIGALRM`` timer whose handler raises
`ParseTimeout` in the main thread. CPython checks for signals between bytecodes
and, inside the regular-expression engine, every few thousand steps, so a
catastrophic backtracking regex is interrupted too. Code in C extensions that
never returns to Python (an lxml parse) is only interrupted when it returns;
input sizes are capped before parsing so that it stays short.

Where the timer cannot be used (another thread, Windows, an outer limit already
armed) the block runs without a limit: the size caps still bound it.

Example::

    with time_limit(5.0):
        article = cleaner.clean_one(raw)
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsprism.errors import InputRejected


class ParseTimeout(InputRejected):
    """Parsing one document took longer than its time limit."""

    reason = "parse-timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"parsing took more than {seconds:g} s")
        self.seconds = seconds


def _usable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0.0  # no outer timer: do not steal it
    )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `ParseTimeout` in the block if it runs longer than `seconds` (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not _usable():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise ParseTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
