"""Driver memory of the batch runner: storylines from per-story profiles, per-shard output parts."""

import copy
import pickle
import random
from pathlib import Path

import pytest

from newsprism.cluster import StorylineConfig, StorylineLinker, cluster_articles
from newsprism.cluster.features import DocumentFrequencies, extract_features
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from newsprism.batch import outputs  # noqa: E402 - needs pyarrow


def test_link_profiles_equals_link_from_articles() -> None:
    stream = generate_stream(SyntheticConfig(n_articles=400, seed=3, storyline_share=0.5))
    arts = {a.id: a for a in stream.articles}
    stories = cluster_articles(stream.articles).stories
    cfg = StorylineConfig()
    expected_stories = copy.deepcopy(stories)
    expected = StorylineLinker(cfg).link(expected_stories, arts)
    assert len(expected) >= 2  # something to compare
    assert any(a.published is None for a in stream.articles)  # the text-dating path runs too

    # the batch's way: term statistics over every story member, profiles computed per
    # share of stories from only that share's articles, in another process (pickled)
    term_df = DocumentFrequencies()
    for aid in dict.fromkeys(aid for s in stories for aid in s.article_ids):
        term_df.add(extract_features(arts[aid], cfg.features).terms)
    shares = [stories[k::3] for k in range(3)]
    profiles = []
    for share in shares:
        sub = {aid: arts[aid] for s in share for aid in s.article_ids}
        made = StorylineLinker(cfg).profiles(copy.deepcopy(share), sub, term_df)
        profiles.extend(pickle.loads(pickle.dumps(made)))
    random.Random(1).shuffle(profiles)
    got = StorylineLinker(cfg).link_profiles(stories, profiles)

    assert got == expected
    assert [s.storyline_id for s in stories] == [s.storyline_id for s in expected_stories]
    assert any(s.storyline_id for s in stories)


def _part(folder: Path, shard: int, rows: list[tuple[str, int]]) -> None:
    sch = outputs.schema("quotes").append(pa.field(outputs.ROW, pa.int64()))
    recs = [
        {
            "article_id": aid,
            "text": f"{aid} quote {k}",
            "start": k,
            "end": k + 1,
            "kind": "direct",
            outputs.ROW: row,
        }
        for k, (aid, row) in enumerate(rows)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(recs, schema=sch), folder / f"{shard:06d}.parquet", row_group_size=2)


def test_concat_parts_merges_shards_into_store_order(tmp_path: Path) -> None:
    folder = outputs.parts_dir(tmp_path, "quotes")
    # articles a..f in store rows 0..5, spread over two shards; b has two quotes, e none
    _part(folder, 0, [("a", 0), ("b", 1), ("b", 1), ("f", 5)])
    _part(folder, 1, [("c", 2), ("d", 3)])
    path = outputs.concat_parts(tmp_path, "quotes", [0, 1], n_rows=6, step=2)
    table = pq.read_table(path)
    assert table.schema.names == outputs.schema("quotes").names  # the hidden row column is gone
    assert table.column("text").to_pylist() == [
        "a quote 0",
        "b quote 1",
        "b quote 2",
        "c quote 0",
        "d quote 1",
        "f quote 3",
    ]
    assert [aid for aid, _ in outputs.iter_article_rows(path)] == ["a", "b", "c", "d", "f"]


def test_concat_parts_opens_a_part_only_when_the_merge_reaches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = outputs.parts_dir(tmp_path, "quotes")
    # three shards holding runs of the store's order, the middle one interleaved
    _part(folder, 0, [("a", 0), ("b", 1), ("b", 1), ("f", 5)])
    _part(folder, 1, [("c", 2), ("d", 3)])
    _part(folder, 2, [("g", 6), ("h", 7), ("i", 8)])
    expected = pq.read_table(outputs.concat_parts(tmp_path, "quotes", [0, 1, 2], n_rows=9, step=2))

    opened: list[str] = []
    real = pq.ParquetFile

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        opened.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pq, "ParquetFile", spy)
    seen: list[list[str]] = []
    real_write = pq.ParquetWriter.write_table

    def write(self: object, table: pa.Table, *args: object, **kwargs: object) -> None:
        seen.append(list(opened))
        real_write(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", write)
    got = pq.read_table(
        outputs.concat_parts(tmp_path, "quotes", [0, 1, 2], n_rows=9, step=2, starts=[0, 2, 6])
    )
    assert got.equals(expected)
    # rows 0-1 were written before shard 1 or 2 was opened; shard 2 only for rows 6+
    assert seen[0] == ["000000.parquet"]
    assert "000002.parquet" not in seen[2]
    assert sorted(opened) == ["000000.parquet", "000001.parquet", "000002.parquet"]


def test_concat_parts_merges_many_parts_in_rounds(tmp_path: Path) -> None:
    folder = outputs.parts_dir(tmp_path, "quotes")
    # seven parts that each span the whole store order (inputs not in time order)
    for shard in range(7):
        _part(folder, shard, [(f"a{row:02d}", row) for row in range(shard, 30, 7)])
    want = pq.read_table(outputs.concat_parts(tmp_path, "quotes", list(range(7)), n_rows=30, step=4))
    got = pq.read_table(outputs.concat_parts(tmp_path, "quotes", list(range(7)), n_rows=30, step=4, fan_in=2))
    assert got.equals(want)
    assert got.column("article_id").to_pylist() == [f"a{row:02d}" for row in range(30)]
    # the intermediate parts of the three rounds are gone, the shards' parts are kept
    assert sorted(p.name for p in folder.iterdir()) == [f"{shard:06d}.parquet" for shard in range(7)]


def test_concat_parts_refuses_rows_beyond_the_articles(tmp_path: Path) -> None:
    _part(outputs.parts_dir(tmp_path, "quotes"), 0, [("a", 0), ("z", 9)])
    with pytest.raises(ValueError, match="beyond"):
        outputs.concat_parts(tmp_path, "quotes", [0], n_rows=2)


DEMO = Path(__file__).resolve().parents[2] / "newsprism" / "demo" / "corpus"


def test_batch_storylines_fall_back_to_articles_with_other_features(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Storyline features unlike the story features: the batch links from articles read
    back, and still equals the local build (the default path, from the report tasks'
    profiles, is compared with the local build in test_batch.py)."""
    pytest.importorskip("distributed")
    if not DEMO.is_dir():
        pytest.skip("demo corpus not present")
    from distributed import Client, LocalCluster

    from newsprism.batch import BatchConfig, run_batch
    from newsprism.cluster.features import FeatureConfig
    from newsprism.pipeline import PipelineConfig, build, ingest
    from newsprism.store import Store

    pcfg = PipelineConfig(storyline=StorylineConfig(features=FeatureConfig(title_weight=3.0)))
    with Store(tmp_path / "local.db") as store:
        ingest(store, [str(DEMO)], pcfg)
        build(store, pcfg)
        local_lines = sorted((line.id, line.title, tuple(line.story_ids)) for line in store.storylines())
        local_story_line = {s.id: s.storyline_id for s in store.stories()}
    calls = []
    link = StorylineLinker.link

    def counted(self: StorylineLinker, *args: object) -> object:
        calls.append(1)
        return link(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(StorylineLinker, "link", counted)
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0")
    try:
        with Client(cluster) as client:
            run_batch(
                [str(DEMO)], tmp_path / "out", BatchConfig(pipeline=pcfg, files_per_shard=8), client=client
            )
    finally:
        cluster.close()
    lines = pq.read_table(tmp_path / "out" / "storylines.parquet").to_pylist()
    stories = pq.read_table(tmp_path / "out" / "stories.parquet").to_pylist()
    assert sorted((x["id"], x["title"], tuple(x["story_ids"])) for x in lines) == local_lines
    assert {s["id"]: s["storyline_id"] for s in stories} == local_story_line
    assert local_lines  # the demo corpus has storylines to compare
    assert calls == [1]  # the driver linked from articles (the fallback ran)
