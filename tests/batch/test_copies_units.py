"""Verification reads the sentence units the shard stage stored, and falls back to the text.

Shards keep each article's prepared units (``units`` column), so verification tasks do
not prepare them again; shards written before that column existed are verified from
the article texts. Both must give the local detector's links, in its order.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from newsprism.batch import copies  # noqa: E402
from newsprism.batch.copies import verify_indexed  # noqa: E402
from newsprism.batch.shard import load_shard_articles, load_shard_column, shard_dir  # noqa: E402
from newsprism.dedup import CopyDetector  # noqa: E402
from newsprism.dedup.align import prepare_units, units_from_bytes  # noqa: E402
from newsprism.pipeline import PipelineConfig  # noqa: E402
from tests.batch.shardkit import kept_rows, write_stream_shards  # noqa: E402


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, int], dict]:
    """A stream with wire copies in two shards: (out, id_of, shard_of, rows_by_shard)."""
    folder = tmp_path_factory.mktemp("copies-units")
    out, planned = write_stream_shards(
        folder, n_articles=60, seed=11, wire_share=0.4, start=date(2025, 3, 3), files=2
    )
    return (out, *kept_rows(out, planned))


def test_shards_store_the_units_of_each_article(shards: tuple[Path, list[str], dict[str, int], dict]) -> None:
    out, _, _, rows_by_shard = shards
    for shard in rows_by_shard:
        cols = load_shard_column(out, shard, ["id", "units"])
        arts = load_shard_articles(out, shard)
        assert cols["id"]
        for aid, data in zip(cols["id"], cols["units"], strict=True):
            text = arts[aid][0].text
            assert units_from_bytes(data, text) == prepare_units(text)


def _without_units(out: Path, copy: Path, shard_ids: list[int]) -> None:
    # the same shards as written before the ``units`` column existed
    shutil.copytree(out, copy)
    for shard in shard_ids:
        path = shard_dir(copy, shard) / "articles.parquet"
        table = pq.read_table(path)
        pq.write_table(table.drop_columns(["units"]), path)


def test_stored_and_recomputed_units_give_the_detector_links(
    shards: tuple[Path, list[str], dict[str, int], dict], tmp_path: Path
) -> None:
    out, id_of, shard_of, rows_by_shard = shards
    config = PipelineConfig().copy
    ids = id_of[:36]
    jobs = [
        (k, ids[i], shard_of[ids[i]], ids[j], shard_of[ids[j]])
        for k, (i, j) in enumerate((i, j) for i in range(len(ids)) for j in range(i + 1, len(ids)))
    ]
    arts = {}
    for s in rows_by_shard:
        kept = [aid for aid in id_of if shard_of[aid] == s]
        arts.update({aid: rec[0] for aid, rec in load_shard_articles(out, s, kept).items()})
    detector = CopyDetector(config)
    want = [
        (k, v.link)
        for k, a, _, b, _ in jobs
        if (v := detector.compare(arts[a], arts[b], check=True)).link is not None
    ]
    assert len(want) >= 5, "the stream's wire copies give links"
    old = tmp_path / "old"
    _without_units(out, old, list(rows_by_shard))
    copies._UNITS.clear()  # each run prepares or reads its units itself
    stored = verify_indexed(str(out), jobs, config)
    copies._UNITS.clear()
    recomputed = verify_indexed(str(old), jobs, config)
    copies._UNITS.clear()
    assert stored == want
    assert recomputed == want
