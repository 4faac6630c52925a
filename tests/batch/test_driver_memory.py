"""The batch driver's compact stage results give what the objects they replace gave.

Each test checks one replacement of issue 9's memory work against the original
computation: copy links in arrays (`CopyLinks`), the accounting written to disk
(`_accounting_to`), evidence spilled during assignment (`assign_stream` with
`follow_merges`), the slim driver stubs (`_driver_stub`) for copy groups and
event dates, verification tasks made from arrays (`verify_chunks` against the
detector's order, and read by `verify_links` like lists), stubs held as columns (`StubTable`), and tasks submitted a few at a
time (`in_order`).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.batch import spill
from newsprism.batch.copies import verify_chunks
from newsprism.batch.runner import _accounting_to, _iter_accounting, _resolve_duplicates
from newsprism.batch.spill import CopyLinks, StubTable, in_order, verify_links
from newsprism.batch.stories import _driver_stub
from newsprism.cluster import ClusterConfig
from newsprism.cluster.features import DocumentFrequencies, extract_features
from newsprism.cluster.stories import event_date, follow_merges
from newsprism.cluster.streaming import assign_stream, order_key
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.dedup import build_copy_groups
from newsprism.models import Article, CopyLink, DateMention, Evidence, Passage
from tests.batch.shardkit import InlineClient, write_stream_shards


def _link(a: str, b: str, kind: str, x: float) -> CopyLink:
    return CopyLink(a, b, x, x / 2, x / 3, kind, [Passage("identical", 1, 9, 2, 10, 1.0)])  # type: ignore[arg-type]


def test_links_come_back_in_pair_order_with_passages(tmp_path: Path, monkeypatch: Any) -> None:
    id_of = ["a0", "a1", "a2", "a3"]
    row_of = {aid: k for k, aid in enumerate(id_of)}
    # chunks cut for locality return their pairs' indexes out of order
    found = {
        0: [(5, _link("a2", "a3", "same_copy", 0.9)), (1, _link("a0", "a1", "partial_reuse", 0.2))],
        1: [],
        2: [(3, _link("a0", "a2", "same_copy", 0.7)), (0, _link("a1", "a3", "same_copy", 0.5))],
    }
    monkeypatch.setattr(spill, "verify_indexed", lambda out, pairs, config: found[pairs[0]])
    calls: list[tuple[str, int, int | None]] = []
    links = verify_links(
        InlineClient(),
        str(tmp_path),
        [[0], [1], [2]],  # type: ignore[list-item]
        None,
        row_of,
        id_of,
        tmp_path / "links",
        lambda stage, done, total: calls.append((stage, done, total)),
    )
    want = [link for _, link in sorted((p for chunk in found.values() for p in chunk), key=lambda p: p[0])]
    assert list(links.links(id_of)) == want
    assert [(x.a_id, x.b_id) for x in links.same_copy(id_of)] == [
        (x.a_id, x.b_id) for x in want if x.kind == "same_copy"
    ]
    assert all(x.passages == [] for x in links.same_copy(id_of))
    assert [r["jaccard"] for r in links.rows(id_of)] == [x.jaccard for x in want]
    assert calls[-1] == ("verify copies", 3, 3)
    # the stage result is resumable, and refused for another article set
    again = CopyLinks.load(tmp_path / "links", len(id_of))
    assert again is not None and list(again.links(id_of)) == want
    assert CopyLinks.load(tmp_path / "links", len(id_of) + 1) is None


def test_accounting_on_disk_equals_the_list(tmp_path: Path) -> None:
    out, planned = write_stream_shards(
        tmp_path, n_articles=60, seed=4, wire_share=0.3, start=date(2025, 2, 1), files=2
    )
    want, want_kept = _resolve_duplicates(out, planned)
    counts, kept = _accounting_to(out, planned, tmp_path / "inputs.parquet")
    assert kept == want_kept
    assert list(_iter_accounting(tmp_path / "inputs.parquet")) == want
    assert sum(counts.values()) == len(want) > 0
    assert pq.read_schema(tmp_path / "inputs.parquet").names[:2] == ["shard", "pos"]


def test_spilled_evidence_with_merges_equals_kept_evidence() -> None:
    stream = generate_stream(SyntheticConfig(n_articles=240, seed=7, start=date(2025, 3, 1)))
    cfg = ClusterConfig()
    feats = [extract_features(a, cfg.features) for a in stream.articles]
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for f in feats:
        tdf.add(f.terms)
        edf.add(f.entities)
    ordered = sorted(feats, key=lambda f: order_key(f.day, f.article_id))

    def chunks() -> Any:
        return (ordered[i : i + 50] for i in range(0, len(ordered), 50))

    stubs = {a.id: _driver_stub(a) for a in stream.articles}
    want = assign_stream(chunks, stubs, tdf, edf, (), cfg)
    spilled: list[list[Evidence]] = []
    got = assign_stream(chunks, stubs, tdf, edf, (), cfg, spill=spilled.append)
    assert got.evidence == []
    assert len(spilled) == 5  # one list per chunk
    evidence = [ev for part in spilled for ev in part]
    follow_merges(evidence, got.redirects, got.merge_notes)
    assert evidence == want.evidence
    assert got.stories == want.stories and got.redirects == want.redirects


def test_driver_stubs_give_the_same_groups_and_event_dates() -> None:
    def art(aid: str, pub: str, outlet: str, wire: str | None, mentions: list[str]) -> Article:
        return Article(
            id=aid,
            source=f"feed#{aid}",
            title=f"Harbour council votes {aid}",
            text="The Lindqvist harbour council voted on the new quay. " * 3,
            url=f"https://example.test/{aid}",
            published=pub,
            outlet=outlet,
            domain="example.test",
            wire_agency=wire,
            byline="By Mira Solberg",
            content_hash=f"h{aid}",
            date_mentions=[DateMention(f"on day {k}", d, k, k + 3) for k, d in enumerate(mentions)],
        )

    full = [
        art("x1", "2025-04-03", "Northwire", "Northwire", ["2025-04-02", "2025-04-02"]),
        art("x2", "2025-04-03", "Daily Fjord", "Northwire", ["2025-04-02"]),
        art("x3", "2025-04-04", "Coast Post", None, ["2025-04-01", "2025-03-01"]),
    ]
    slim = [_driver_stub(dataclasses.replace(a, text="", removed=[])) for a in full]
    links = [
        CopyLink("x1", "x2", 0.8, 0.9, 0.95, "same_copy"),
        CopyLink("x2", "x3", 0.3, 0.4, 0.5, "same_copy"),
    ]
    assert build_copy_groups(slim, links) == build_copy_groups(full, links)
    assert event_date(slim) == event_date(full) == "2025-04-02"
    assert all(s.text == "" and s.source == "" and s.url is None for s in slim)


def test_spilled_claim_clusters_read_like_the_merged_dict(tmp_path: Path) -> None:
    import pickle

    from newsprism.batch.spill import ClaimClustersByShard, SpilledClusters

    # three report tasks' claim clusters; articles a1, a4 and a5 are in shard 0
    tasks = [{"a1": ["c1", None], "a2": []}, {"a3": ["c2"], "a5": []}, {"a4": ["c3", "c3"]}]
    shard_of = {"a1": 0, "a2": 1, "a3": 1, "a4": 0, "a5": 0}
    spill = ClaimClustersByShard(tmp_path, shard_of)
    for clusters in tasks:
        spill.add(clusters)
    lazy = SpilledClusters(str(tmp_path), 0)
    assert lazy.get("a1") == ["c1", None] and lazy.get("a4") == ["c3", "c3"]
    assert lazy.get("a3") is None  # another shard's article
    assert dict(lazy) == {"a1": ["c1", None], "a5": [], "a4": ["c3", "c3"]}
    assert list(lazy) == ["a1", "a5", "a4"]  # in task order
    assert dict(SpilledClusters(str(tmp_path), 1)) == {"a2": [], "a3": ["c2"]}
    assert dict(SpilledClusters(str(tmp_path), 7)) == {}  # a shard without claims
    # what travels to a worker is the folder and shard number, never the loaded data
    again = pickle.loads(pickle.dumps(lazy))
    assert again._data is None and again.get("a5") == []


# -- session 6: tasks made lazily, stubs in columns ----------------------------------


@settings(max_examples=40, deadline=None)
@given(
    raw=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=150),
    n_shards=st.integers(1, 5),
    size=st.integers(1, 40),
    seed=st.integers(0, 1000),
)
def test_verify_chunks_are_a_lazy_sequence_of_every_pair_in_order(
    raw: list[tuple[int, int]], n_shards: int, size: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    # ids whose order differs from the rows' (the detector orders pairs by the other's id)
    id_of = [f"x{int(v):05d}" for v in rng.permutation(31)]
    shard_of = {aid: int(rng.integers(0, n_shards)) for aid in id_of}
    pairs = np.array(sorted({(min(a, b) << 32) | max(a, b) for a, b in raw if a != b}), dtype=np.int64)
    chunks = verify_chunks(pairs, id_of, shard_of, size)
    tasks = list(chunks)
    assert [chunks[k] for k in range(len(chunks))] == tasks
    assert len(tasks) == -(-pairs.size // size)
    if tasks:
        assert chunks[-1] == tasks[-1]
    with pytest.raises(IndexError):
        chunks[len(tasks)]
    flat = [p for t in tasks for p in t]
    assert all(len(t) <= size for t in tasks) and all(tasks)
    # every pair once, its index its place in the detector's order (row, then other id)
    want = sorted(((int(c >> 32), int(c & 0xFFFFFFFF)) for c in pairs), key=lambda ab: (ab[0], id_of[ab[1]]))
    assert [(ia, ib) for _, ia, _, ib, _ in sorted(flat)] == [(id_of[a], id_of[b]) for a, b in want]
    assert all(shard_of[ia] == sa and shard_of[ib] == sb for _, ia, sa, ib, sb in flat)
    # tasks follow blocks of shards, and the detector's order within a block
    keys = [(min(sa, sb), max(sa, sb), k) for k, _, sa, _, sb in flat]
    assert keys == sorted(keys)


def test_verify_links_read_pair_chunks_like_lists(tmp_path: Path, monkeypatch: Any) -> None:
    id_of = [f"a{k}" for k in range(6)]
    row_of = {aid: k for k, aid in enumerate(id_of)}
    shard_of = {aid: k % 2 for k, aid in enumerate(id_of)}
    pairs = np.array(sorted((a << 32) | b for a in range(6) for b in range(a + 1, 6)), dtype=np.int64)

    def fake_verify(out: str, chunk: list[tuple[int, str, int, str, int]], config: Any) -> list[Any]:
        # every third pair is a link, of a kind by its index
        kinds = ("same_copy", "partial_reuse")
        return [(k, _link(a, b, kinds[k % 2], k / 20)) for k, a, _, b, _ in chunk if k % 3 == 0]

    monkeypatch.setattr(spill, "verify_indexed", fake_verify)
    runs = []
    for name, chunks in (
        ("lists", list(verify_chunks(pairs, id_of, shard_of, 4))),
        ("arrays", verify_chunks(pairs, id_of, shard_of, 4)),
    ):
        links = verify_links(
            InlineClient(), str(tmp_path), chunks, None, row_of, id_of, tmp_path / name, lambda *a: None
        )
        runs.append(list(links.links(id_of)))
        # the stage result reads back the same (what a resumed run loads)
        again = CopyLinks.load(tmp_path / name, len(id_of))
        assert again is not None and list(again.links(id_of)) == runs[-1]
    assert runs[0] == runs[1] and len(runs[0]) == 5


class _CountingClient:
    """Tasks run when their result is read; counts those submitted and not yet read."""

    def __init__(self) -> None:
        self.open = 0
        self.most = 0

    def submit(self, fn: Any, *args: Any, pure: bool = True) -> Any:
        self.open += 1
        self.most = max(self.most, self.open)
        client = self

        class _Future:
            def result(self) -> Any:
                client.open -= 1
                return fn(*args)

        return _Future()


def test_in_order_keeps_order_and_bounds_tasks_in_flight() -> None:
    made: list[int] = []

    def args() -> Any:
        for k in range(20):
            made.append(k)
            yield (k, 3)

    client = _CountingClient()
    results = in_order(client, pow, args(), in_flight=4)
    first = next(results)
    assert first == 0 and made == [0, 1, 2, 3]  # arguments made only as tasks are submitted
    assert list(results) == [k**3 for k in range(1, 20)]
    assert client.most == 4 and client.open == 0


def test_stub_table_gives_the_driver_stubs() -> None:
    arts = _articles()
    row_of = {a.id: k for k, a in enumerate(reversed(arts))}
    id_of = [a.id for a in reversed(arts)]
    table = StubTable(row_of, id_of)
    for art in arts[::2]:
        table.add(_driver_stub(art))
    kept = {a.id: _driver_stub(a) for a in arts[::2]}
    assert len(table) == len(kept)
    assert set(table) == set(kept)
    for aid, stub in kept.items():
        assert aid in table
        assert table[aid] == stub
        assert table.get(aid) == stub
    missing = arts[1].id
    assert missing not in table and table.get(missing) is None
    with pytest.raises(KeyError):
        table[missing]
    assert "not-an-article" not in table and 3 not in table
    # a second add of an id replaces it and is not counted twice
    table.add(dataclasses.replace(_driver_stub(arts[0]), title="Changed"))
    assert table[arts[0].id].title == "Changed" and len(table) == len(kept)


def test_stub_table_gives_the_same_groups_and_stories() -> None:
    arts = _articles()
    stubs = {a.id: _driver_stub(a) for a in arts}
    id_of = sorted(stubs)
    table = StubTable({aid: k for k, aid in enumerate(id_of)}, id_of)
    for stub in stubs.values():
        table.add(stub)
    links = [
        _link(arts[0].id, arts[1].id, "same_copy", 0.9),
        _link(arts[2].id, arts[3].id, "same_copy", 0.8),
        _link(arts[1].id, arts[4].id, "partial_reuse", 0.3),
    ]
    assert build_copy_groups([table[a] for a in id_of], links) == build_copy_groups(
        list(stubs.values()), links
    )
    cfg = ClusterConfig()
    feats = sorted(
        (extract_features(a, cfg.features) for a in arts), key=lambda f: order_key(f.day, f.article_id)
    )
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for f in feats:
        tdf.n_docs += 1
        edf.n_docs += 1
        tdf.df.update(f.terms.keys())
        edf.df.update(f.entities.keys())
    with_dict = assign_stream(lambda: [feats], stubs, tdf, edf, [], cfg)
    with_table = assign_stream(lambda: [feats], table, tdf, edf, [], cfg)
    assert with_table.stories == with_dict.stories


def _articles() -> list[Article]:
    """A generated stream with wire credits, date mentions and one undated article."""
    stream = generate_stream(SyntheticConfig(n_articles=60, seed=5, start=date(2025, 3, 1)))
    arts = []
    for k, a in enumerate(stream.articles):
        day = a.published[:10] if a.published else "2025-03-01"
        mentions = [DateMention(f"on day {j}", day, j, j + 5) for j in range(k % 3)]
        arts.append(
            dataclasses.replace(
                a,
                wire_agency="Northwire" if k % 4 == 0 else None,
                outlet=a.outlet or ("Coast Post" if k % 2 else "Daily Fjord"),
                date_mentions=mentions,
                published=None if k == 7 else a.published,
            )
        )
    return arts
