"""The incremental CopyIndex: same links as a full rebuild, without rescanning."""

from __future__ import annotations

import numpy as np

from newsprism.dedup import CopyDetector, CopyIndex
from newsprism.dedup.index import Features, _KeyTable
from newsprism.models import Article

WIRE = (
    "Flooding closed the Orrin valley railway on Tuesday, the operator Dalemark Rail said. "
    "Engineers expect the line between Pellis and Crowe to reopen by Friday at the earliest. "
    "About 4,000 passengers a day use the route, most of them commuters into Pellis. "
    "Replacement buses will run every twenty minutes from the station forecourt in Crowe."
)
OTHER = (
    "The Varn county council approved a new budget for its libraries on Wednesday evening. "
    "Councillors voted seven to two for the plan after a debate that lasted three hours. "
    "The budget adds weekend opening hours at four branches across the northern districts."
)


def arts() -> list[Article]:
    return [
        Article("a", "s", "t", WIRE, published="2024-03-01"),
        Article(
            "b", "s", "t", "Local officials met on Wednesday to discuss it. " + WIRE, published="2024-03-02"
        ),
        Article("c", "s", "t", OTHER, published="2024-03-02"),
        Article("d", "s", "t", WIRE.replace("Tuesday", "Monday"), published="2024-03-03"),
    ]


def pairs(links: list) -> set[tuple[str, str, str]]:
    return {(lk.a_id, lk.b_id, lk.kind) for lk in links}


def test_incremental_index_gives_the_batch_links() -> None:
    det = CopyDetector()
    articles = arts()
    batch = pairs(det.detect(articles))
    index = CopyIndex(det.config)
    by_id = {a.id: a for a in articles}
    incremental: set[tuple[str, str, str]] = set()
    for art in articles:  # one article per run, earlier ones only reachable through the index
        incremental |= pairs(det.detect([art], index=index, lookup=by_id.get))
    assert batch == incremental
    assert batch == {("a", "b", "same_copy"), ("a", "d", "same_copy"), ("b", "d", "same_copy")}
    assert len(index) == 4 and index.nbytes > 0


def test_build_index_from_stored_fingerprints_and_stale_ones() -> None:
    det = CopyDetector()
    articles = arts()
    fps = {a.id: det.fingerprint(a) for a in articles[:3]}
    fps["c"] = b"not a fingerprint"
    index, stale = det.build_index(fps)
    assert stale == ["c"] and "a" in index and "c" not in index
    # the stale article passed as existing is recomputed and indexed
    links = det.detect([articles[3]], [articles[2]], index=index, lookup={a.id: a for a in articles}.get)
    assert {(lk.a_id, lk.b_id) for lk in links} == {("a", "d"), ("b", "d")}
    assert "c" in index and "d" in index


def test_candidates_without_lookup_are_skipped_and_remove_forgets() -> None:
    det = CopyDetector()
    articles = arts()
    index, _ = det.build_index({a.id: det.fingerprint(a) for a in articles[:2]})
    assert det.detect([articles[3]], index=index) == []  # no texts for a and b
    index.remove("a")
    index.remove("b")
    assert "a" not in index
    assert det.detect([articles[3].__class__("e", "s", "t", WIRE)], index=index) == []


def test_key_table_frequencies_span_sorted_part_and_buffer() -> None:
    table = _KeyTable()
    table.add(np.array([5, 7, 7], dtype=np.uint64), np.array([0, 1, 2], dtype=np.int32))
    table.merge()
    table.add(np.array([7, 9], dtype=np.uint64), np.array([3, 4], dtype=np.int32))
    q, rows, df = table.lookup(np.array([7, 5, 8], dtype=np.uint64))
    got = sorted(zip(q.tolist(), rows.tolist(), df.tolist(), strict=True))
    assert got == [(0, 1, 3), (0, 2, 3), (0, 3, 3), (1, 0, 1)]


def test_index_candidates_exclude_self() -> None:
    det = CopyDetector()
    index = CopyIndex(det.config)
    f = det._unpack(det.fingerprint(arts()[0]))
    assert isinstance(f, Features)
    index.add("a", f)
    assert index.candidates([f], exclude=["a"]) == [[]]
    assert index.candidates([f]) == [["a"]]


def _sigs_sharing_first_band(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, 1 << 32, size=(n, 128), dtype=np.uint64).astype(np.uint32)
    sigs[:, :2] = sigs[0, :2]  # one equal band (2 rows), every other value random
    return sigs


def test_one_chance_band_is_not_a_candidate_below_min_jaccard() -> None:
    from newsprism.dedup import CopyConfig

    none = np.zeros(0, dtype=np.uint64)
    sigs = _sigs_sharing_first_band(2, seed=1)
    # 2-row bands (the high-recall settings); one equal band is 2 of 128 values, J~0.016
    for cfg, expected in ((CopyConfig.high_recall(), []), (CopyConfig.high_recall(min_jaccard=0.0), ["a"])):
        index = CopyIndex(cfg)
        index.add("a", Features(sigs[0], 500, none))
        assert index.candidates([Features(sigs[1], 500, none)]) == [expected]


def test_crowded_band_buckets_are_ignored() -> None:
    from newsprism.dedup import CopyConfig

    none = np.zeros(0, dtype=np.uint64)
    sigs = _sigs_sharing_first_band(4, seed=2)
    for max_df, expected in ((2, []), (3, ["a", "b", "c"])):
        index = CopyIndex(CopyConfig.high_recall(min_jaccard=0.0, band_max_df=max_df))
        index.add_many([(i, Features(s, 500, none)) for i, s in zip("abc", sigs[:3], strict=True)])
        assert index.candidates([Features(sigs[3], 500, none)]) == [expected]
