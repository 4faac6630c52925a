"""The Dask batch runner gives the local runner's results (issue 9's equivalence test).

One LocalCluster of two worker processes serves the whole module (starting one
takes a few seconds). Corpora: the bundled demo corpus, and a generated stream with
wire copies, exact duplicates across files and a broken record.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from newsprism.batch import BatchConfig, plan_shards, read_parquet, run_batch  # noqa: E402
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream  # noqa: E402
from newsprism.export import FIELDS  # noqa: E402
from newsprism.pipeline import build, ingest  # noqa: E402
from newsprism.store import Store  # noqa: E402

DEMO = Path(__file__).resolve().parents[2] / "newsprism" / "demo" / "corpus"


@pytest.fixture(scope="module")
def client() -> Any:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Two JSONL files of a generated stream; three records repeated in the second file,
    one re-posted with an edit under its id in the first."""
    folder = tmp_path_factory.mktemp("generated")
    # dated in the past: the cleaner refuses future dates (the generator defaults to 2031),
    # and the clusterer's time windows must be exercised too
    stream = generate_stream(SyntheticConfig(n_articles=160, seed=11, start=date(2025, 1, 5)))
    records = [
        {"id": a.id, "title": a.title, "text": a.text, "published": a.published, "outlet": a.outlet}
        for a in stream.articles
    ]
    # a re-post inside one file: the same id again with an updated text (the store keeps
    # the first version; the shard must too)
    update = "Officials said on Friday that a full account of the figures would be published next week."
    repost = {**records[5], "text": records[5]["text"] + "\n\n" + update}
    first, second = folder / "a.jsonl", folder / "b.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in [*records[:90], repost]), encoding="utf-8")
    lines = [json.dumps(r) for r in records[90:]] + [json.dumps(r) for r in records[:3]] + ["{not json"]
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(first), str(second)]


def _local(inputs: list[str], db: Path) -> dict[str, Any]:
    with Store(db) as store:
        report = ingest(store, inputs)
        build(store)
        links = store.article_links()
        return {
            "counts": {k: v for k, v in report.counts.items() if k in ("ingested", "duplicate", "rejected")},
            "groups": sorted((g.id, tuple(sorted(g.article_ids)), g.origin_id) for g in store.copy_groups()),
            "stories": sorted((s.id, tuple(sorted(s.article_ids))) for s in store.stories()),
            "storylines": sorted(tuple(sorted(line.story_ids)) for line in store.storylines()),
            "article_story": {aid: v.get("story_id") for aid, v in links.items()},
            "quotes": sum(len(store.quotes(a.id)) for a in store.articles()),
            "links": sorted((x.a_id, x.b_id, x.kind, x.jaccard, x.coverage_a) for x in store.copy_links()),
            "texts": {a.id: a.text for a in store.articles()},
        }


def _batch(out: Path) -> dict[str, Any]:
    groups = pq.read_table(out / "copy_groups.parquet").to_pylist()
    stories = pq.read_table(out / "stories.parquet").to_pylist()
    lines = pq.read_table(out / "storylines.parquet").to_pylist()
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    inputs = pq.read_table(out / "inputs.parquet").to_pylist()
    counts: dict[str, int] = {}
    for rec in inputs:
        counts[rec["status"]] = counts.get(rec["status"], 0) + 1
    return {
        "counts": counts,
        "groups": sorted((g["id"], tuple(sorted(g["article_ids"])), g["origin_id"]) for g in groups),
        "stories": sorted((s["id"], tuple(sorted(s["article_ids"]))) for s in stories),
        "storylines": sorted(tuple(sorted(line["story_ids"])) for line in lines),
        "article_story": {a["id"]: a["story_id"] for a in arts},
        "quotes": sum(len(a["quotes"]) for a in arts),
        "texts": {a["id"]: a["text"] for a in arts},
        "links": sorted(
            (x["a_id"], x["b_id"], x["kind"], x["jaccard"], x["coverage_a"])
            for x in pq.read_table(out / "copy_links.parquet").to_pylist()
        ),
    }


def _assert_same(local: dict[str, Any], batch: dict[str, Any]) -> None:
    assert (
        batch["counts"] == {k: v for k, v in local["counts"].items() if v}
        or batch["counts"] == local["counts"]
    )
    assert batch["groups"] == local["groups"]
    assert batch["stories"] == local["stories"]
    assert batch["storylines"] == local["storylines"]
    assert batch["article_story"] == local["article_story"]
    assert batch["quotes"] == local["quotes"]
    assert batch["links"] == local["links"]
    assert batch["texts"] == local["texts"]  # the same version of each article (first wins)


def test_demo_corpus_matches_local_runner(client: Any, tmp_path: Path) -> None:
    if not DEMO.is_dir():
        pytest.skip("demo corpus not present")
    local = _local([str(DEMO)], tmp_path / "local.db")
    out = tmp_path / "out"
    report = run_batch([str(DEMO)], out, BatchConfig(files_per_shard=8), client=client)
    batch = _batch(out)
    _assert_same(local, batch)
    assert report.shards >= 2  # the corpus really was split
    assert len(local["groups"]) >= 1 and len(local["stories"]) >= 2  # something to compare


# story_chunk=25: the exact story stream reads its features in seven parts
GENERATED_CONFIG = BatchConfig(files_per_shard=1, verify_chunk=20, report_chunk=15, story_chunk=25)


@pytest.fixture(scope="module")
def generated_run(
    client: Any, generated: list[str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The generated corpus through the local runner and through the batch runner."""
    folder = tmp_path_factory.mktemp("generated-run")
    local = _local(generated, folder / "local.db")
    out, db = folder / "out", folder / "batch.db"
    report = run_batch(generated, out, GENERATED_CONFIG, client=client, load_into=db)
    return {"local": local, "out": out, "db": db, "report": report}


def test_generated_corpus_matches_local_runner(generated_run: dict[str, Any]) -> None:
    local, report = generated_run["local"], generated_run["report"]
    _assert_same(local, _batch(generated_run["out"]))
    assert report.counts == local["counts"]
    assert sum(report.counts.values()) == 165  # every input accounted for once
    assert report.counts["duplicate"] >= 3 and report.counts["rejected"] >= 1
    assert len(local["groups"]) >= 3


def test_batch_loads_into_store_like_local_build(generated_run: dict[str, Any]) -> None:
    local, report = generated_run["local"], generated_run["report"]
    with Store(generated_run["db"]) as store:
        assert sorted((s.id, tuple(sorted(s.article_ids))) for s in store.stories()) == local["stories"]
        groups = sorted((g.id, tuple(sorted(g.article_ids)), g.origin_id) for g in store.copy_groups())
        assert groups == local["groups"]
        assert store.counts()["articles"] == report.counts["ingested"]
        assert store.articles(built=False) == []
        assert any(store.story_report(s.id)["summary"] for s in store.stories())


def test_outputs_have_export_contract_columns(generated_run: dict[str, Any]) -> None:
    out = generated_run["out"]
    for what in ("articles", "stories", "storylines"):
        assert pq.read_schema(out / f"{what}.parquet").names == FIELDS[what]
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    for art in arts:
        for q in art["quotes"]:
            assert art["text"][q["start"] : q["end"]] == q["text"]
    stories = pq.read_table(out / "stories.parquet").to_pylist()
    assert any(s["summary"] for s in stories)
    cited = {aid for s in stories for sent in s["summary"] for aid in sent["article_ids"]}
    assert cited <= {a["id"] for a in arts}


def test_interrupted_batch_resumes_without_double_counting(
    client: Any, generated: list[str], generated_run: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated_run["out"], out)
    expected = {t: pq.read_table(out / f"{t}.parquet").to_pylist() for t in ("inputs", "articles", "stories")}
    # simulate a run killed while shard 1 was being written, before the global stages
    shard1 = out / "shards" / "000001"
    (shard1 / "_SUCCESS.json").unlink()
    (shard1 / "articles.parquet").write_bytes(b"PAR1 truncated")
    shutil.rmtree(out / "stages")
    for t in ("inputs", "articles", "stories"):
        (out / f"{t}.parquet").unlink()
    again = run_batch(generated, out, GENERATED_CONFIG, client=client)
    assert again.resumed_shards == again.shards - 1 == 1
    for t, rows in expected.items():
        assert pq.read_table(out / f"{t}.parquet").to_pylist() == rows
    sources = [r["source"] for r in expected["inputs"]]
    # every input once; the re-post names the same record id, so it shares its source
    assert len(sources) == 165 and len(set(sources)) == 164


def test_batch_killed_in_verification_or_writing_resumes(
    client: Any, generated: list[str], generated_run: dict[str, Any], tmp_path: Path
) -> None:
    # verification and reports submit a few tasks at a time (`spill.in_order`) and the
    # part merges run on the workers: a run killed in the middle of either redoes them
    out = tmp_path / "out"
    shutil.copytree(generated_run["out"], out)
    tables = ("inputs", "articles", "stories", "storylines", "copy_groups", "copy_links", "quotes", "claims")
    expected = {t: pq.read_table(out / f"{t}.parquet").to_pylist() for t in tables}
    links = out / "stages" / "copy_links"
    passages = sorted(links.glob("passages-*.pkl"))
    assert len(passages) > 2  # several verification tasks (20 pairs each)
    # killed during verification: some chunks' passages written, no arrays, no marker
    (links / "_SUCCESS").unlink()
    (links / "links.npz").unlink()
    for path in passages[1:]:
        path.unlink()
    # and one killed while merging the parts: a truncated part, a stale report file
    (out / "parts" / "articles").mkdir(parents=True)
    (out / "parts" / "articles" / "000000.parquet").write_bytes(b"PAR1 truncated")
    (out / "stages" / "reports").mkdir(parents=True)
    (out / "stages" / "reports" / "000999.pkl").write_bytes(b"not a pickle")
    for t in tables:
        (out / f"{t}.parquet").unlink()
    again = run_batch(generated, out, GENERATED_CONFIG, client=client)
    assert again.resumed_shards == again.shards
    assert again.candidate_pairs > 0  # verification was redone (-1 when loaded)
    for t, rows in expected.items():
        assert pq.read_table(out / f"{t}.parquet").to_pylist() == rows, t
    assert not (out / "parts").exists() and not (out / "stages" / "reports").exists()


def test_other_inputs_in_same_folder_are_refused(
    client: Any, generated: list[str], generated_run: dict[str, Any], tmp_path: Path
) -> None:
    from newsprism.errors import ConfigError

    out = tmp_path / "out"
    shutil.copytree(generated_run["out"], out)
    with pytest.raises(ConfigError, match="other inputs"):
        run_batch(generated[:1], out, GENERATED_CONFIG, client=client)


def test_windowed_stories_rerun_on_finished_shards(
    client: Any, generated: list[str], generated_run: dict[str, Any], tmp_path: Path
) -> None:
    from newsprism.cluster.evaluate import score_partition

    out = tmp_path / "out"
    shutil.copytree(generated_run["out"], out)
    cfg = dataclasses.replace(GENERATED_CONFIG, stories="windowed", window_days=5)
    again = run_batch(generated, out, cfg, client=client)  # story settings may change on a re-run
    assert again.resumed_shards == again.shards
    batch = _batch(out)
    local = generated_run["local"]
    assert set(batch["article_story"]) == set(local["article_story"])
    assert all(batch["article_story"].values())
    assert batch["groups"] == local["groups"]  # copies do not depend on the story mode
    # measured 1.0 (B-cubed F1 and ARI against the exact stories) on this stream of ~3
    # weeks, cut into 5-day windows
    agreement = score_partition(local["article_story"], batch["article_story"])
    assert agreement["bcubed_f1"] >= 0.97
    stories = pq.read_table(out / "stories.parquet").to_pylist()
    assert sorted(a for s in stories for a in s["article_ids"]) == sorted(local["article_story"])


def test_unknown_story_mode_is_refused(client: Any, generated: list[str], tmp_path: Path) -> None:
    from newsprism.errors import ConfigError

    with pytest.raises(ConfigError, match="story mode"):
        run_batch(generated, tmp_path / "out", BatchConfig(stories="nearest"), client=client)


def test_parquet_input_is_read_like_jsonl(tmp_path: Path) -> None:
    import pyarrow as pa

    path = tmp_path / "dump.parquet"
    rows = [
        {
            "id": "r1",
            "title": "Harbour reopens",
            "text": "The harbour at Velm reopened on Monday.",
            "url": None,
        },
        {"id": None, "title": "Empty", "text": "", "url": None},
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)
    docs = list(read_parquet(path))
    assert docs[0].source == f"{path}#r1" and docs[0].title == "Harbour reopens"
    assert docs[1].source == f"{path}#row-2" and docs[1].reason == "missing-text"  # type: ignore[union-attr]
    assert [len(s.sources) for s in plan_shards([str(tmp_path)])] == [1]
