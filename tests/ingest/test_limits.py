"""Bounded parsing: the per-document time limit, and readers that never raise on junk."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.clean import ArticleCleaner
from newsprism.ingest import ParseTimeout, ReaderConfig, Skipped, read_bytes, time_limit
from newsprism.models import RawDocument, Rejection
from newsprism.pipeline import PipelineConfig, ingest
from newsprism.store import Store

_CATASTROPHIC = re.compile(r"(a+)+$")


def test_time_limit_stops_a_runaway_regex() -> None:
    with pytest.raises(ParseTimeout) as info, time_limit(0.2):
        _CATASTROPHIC.match("a" * 64 + "b")  # would run for centuries
    assert info.value.reason == "parse-timeout"


def test_time_limit_is_a_no_op_off_the_main_thread() -> None:
    results: list[int] = []

    def work() -> None:
        with time_limit(0.01):
            results.append(sum(range(1000)))

    t = threading.Thread(target=work)
    t.start()
    t.join(5)
    assert results == [499500]


def test_ingest_rejects_a_document_that_takes_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_clean(self: ArticleCleaner, raw: RawDocument) -> object:
        _CATASTROPHIC.match("a" * 64 + "b")
        raise AssertionError("unreachable")

    monkeypatch.setattr(ArticleCleaner, "clean_one", slow_clean)
    page = tmp_path / "page.txt"
    page.write_text("Headline\n\nSome body text for the page.")
    with Store(tmp_path / "n.db") as store:
        report = ingest(store, [str(page)], PipelineConfig(reader=ReaderConfig(parse_time_limit=0.2)))
    assert [(r.status, r.reason) for r in report.records] == [("rejected", "parse-timeout")]


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=1500), suffix=st.sampled_from([".rss", ".xml", ".warc", ".csv", ""]))
def test_readers_never_raise_on_junk(data: bytes, suffix: str) -> None:
    out = list(read_bytes("fuzz", data, suffix, ReaderConfig(fetch_pages=False)))
    assert all(isinstance(o, RawDocument | Rejection | Skipped) for o in out)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="<>/&;\"'=abcrsfeditemlnk ", max_size=800))
def test_feed_like_text_never_raises(text: str) -> None:
    data = ("<rss><channel>" + text).encode()
    out = list(read_bytes("fuzz.rss", data, ".rss", ReaderConfig(fetch_pages=False)))
    assert out and all(isinstance(o, RawDocument | Rejection) for o in out)
