"""Incremental copy detection: stored fingerprints in a `CopyIndex` give the same links as a rescan."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.cli import demo_corpus_path
from newsprism.dedup import CopyConfig, CopyDetector
from newsprism.models import Article, CopyLink
from newsprism.pipeline import PipelineConfig, build, ingest
from newsprism.store.sqlite import Store


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    """The demo corpus as cleaned by ingest (not built), in id order."""
    store = Store(tmp_path_factory.mktemp("demo-dedup") / "demo.db")
    ingest(store, [str(demo_corpus_path())])
    return sorted(store.articles(built=False), key=lambda a: a.id)


def test_stored_index_gives_the_rescanning_links_on_the_demo(demo_articles: list[Article]) -> None:
    det = CopyDetector()
    by_id = {a.id: a for a in demo_articles}
    third = len(demo_articles) // 3
    batches = [demo_articles[:third], demo_articles[third : 2 * third], demo_articles[2 * third :]]
    stored: dict[str, bytes] = {}
    done: list[Article] = []
    union: list[CopyLink] = []
    for batch in batches:
        fps = det.fingerprints(batch)
        assert fps == {a.id: det.fingerprint(a) for a in batch}  # batch bytes = one by one
        # the former way: every stored article passed in, its text at hand
        rescan = det.detect(batch, done, {**stored, **fps})
        # the incremental way: an index of stored bytes, texts fetched only for candidates
        index, stale = det.build_index(stored)
        read: list[str] = []

        def lookup(article_id: str, read: list[str] = read) -> Article | None:
            read.append(article_id)
            return by_id.get(article_id)

        incremental = det.detect(batch, index=index, lookup=lookup)
        assert incremental == rescan  # same links, passages and scores, same order
        assert stale == []
        assert set(read) <= {a.id for a in done}
        if done:
            assert len(set(read)) < len(done)  # not a rescan of every stored text
        union += incremental
        stored.update(fps)
        done += batch
    key = lambda link: (link.a_id, link.b_id)  # noqa: E731
    assert sorted(union, key=key) == sorted(det.detect(demo_articles), key=key)
    assert sum(link.kind == "same_copy" for link in union) >= 5  # the demo has wire copies


WIRE = (
    "Flooding closed the Orrin valley railway on Tuesday, the operator Dalemark Rail said in a statement. "
    "Engineers expect the line between Pellis and Crowe to reopen by Friday at the earliest, it added.\n\n"
    "About 4,000 passengers a day use the route, most of them commuters travelling into Pellis. "
    "Replacement buses will run every twenty minutes from the station forecourt in Crowe.\n\n"
    "The river Orrin rose by more than two metres overnight after three days of heavy rain in the hills. "
    "Forecasters at the Varn weather office said more rain was likely over the weekend."
)
OTHER = (
    "The Varn county council approved a new budget for its public libraries on Wednesday evening. "
    "Councillors voted seven to two for the plan after a debate that lasted more than three hours.\n\n"
    "The budget adds weekend opening hours at four branches across the northern districts of the county. "
    "Library staff had asked for the longer hours in a petition signed by nearly two thousand residents."
)


def _write(folder: Path, name: str, title: str, body: str) -> str:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return str(path)


def _links(store: Store) -> list[tuple[str, str, str, float, float, float]]:
    src = {a.id: Path(a.source).name for a in store.articles()}
    return sorted(
        (src[lk.a_id], src[lk.b_id], lk.kind, lk.jaccard, lk.coverage_a, lk.coverage_b)
        for lk in store.copy_links()
    )


def test_pipeline_builds_in_steps_like_at_once_and_refreshes_stale_fingerprints(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = [
        _write(folder, "a.txt", "Floods close the Orrin valley railway", WIRE),
        _write(folder, "b.txt", "Libraries to open at weekends", OTHER),
    ]
    intro = "Commuters in Crowe faced long queues for buses on Wednesday morning. "
    second = [
        _write(folder, "c.txt", "Orrin line shut after floods", intro + WIRE),
        _write(folder, "d.txt", "Rail line closed", WIRE.rsplit("\n\n", 1)[0].replace("Tuesday", "Monday")),
    ]
    once = Store(tmp_path / "once.db")
    ingest(once, first + second)
    build(once)
    steps = Store(tmp_path / "steps.db")
    ingest(steps, first)
    build(steps)
    ingest(steps, second)
    build(steps)
    assert _links(steps) == _links(once)
    # undated articles: a link's a/b order follows the ids, so compare unordered pairs
    assert {(frozenset((a, b)), kind) for a, b, kind, *_ in _links(once)} == {
        (frozenset(("a.txt", "c.txt")), "same_copy"),
        (frozenset(("a.txt", "d.txt")), "same_copy"),
        (frozenset(("c.txt", "d.txt")), "same_copy"),
    }

    # first build with other fingerprint settings: the second build cannot use those
    # fingerprints, recomputes them once, stores them, and links as before
    other = Store(tmp_path / "other.db")
    ingest(other, first)
    build(other, PipelineConfig(copy=CopyConfig(seed=7)))
    ingest(other, second)
    build(other)
    assert [row[:3] for row in _links(other)] == [row[:3] for row in _links(once)]
    cfg = CopyConfig()
    params = f"minhash-v{cfg.version}-p{cfg.num_perm}-k{cfg.shingle_size}-s{cfg.seed}"
    assert set(other.fingerprints(params)) == {a.id for a in other.articles()}
