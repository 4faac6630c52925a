"""Verification reads the sentence units the shard stage stored, and falls back to the text.

Shards keep each article's prepared units (``verify.arrow``, memory-mapped), so
verification tasks do not prepare them again; shards of earlier versions (units in a
``units`` column of ``articles.parquet``, or no units at all) are verified from what they
have. All must give the local detector's links, in its order.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")

from newsprism.batch import copies  # noqa: E402
from newsprism.batch.copies import verify_indexed  # noqa: E402
from newsprism.batch.shard import (  # noqa: E402
    VERIFY_FILE,
    load_shard_articles,
    load_shard_column,
    load_verify_rows,
    shard_dir,
)
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
        ids = load_shard_column(out, shard, ["id"])["id"]
        arts = load_shard_articles(out, shard)
        rows = load_verify_rows(out, shard, [*ids, "no-such-id"])
        assert ids and rows is not None and list(rows) == ids
        for aid in ids:
            text = arts[aid][0].text
            assert units_from_bytes(rows[aid]["units"], text) == prepare_units(text)
            assert rows[aid]["published"] == arts[aid][0].published
            assert rows[aid]["content_hash"] == arts[aid][0].content_hash


def test_verify_rows_are_read_only_for_the_asked_ids(
    shards: tuple[Path, list[str], dict[str, int], dict],
) -> None:
    out, id_of, shard_of, _ = shards
    first = id_of[0]
    rows = load_verify_rows(out, shard_of[first], [first])
    assert rows is not None and list(rows) == [first]
    assert set(rows[first]) == {"published", "content_hash", "fingerprint", "units"}
    assert load_verify_rows(out, 999, [first]) is None  # no such shard file: the caller falls back


def _parquet_units(out: Path, copy: Path, shard_ids: list[int]) -> None:
    # the same shards as written by the version that kept the units in ``articles.parquet``
    shutil.copytree(out, copy)
    for shard in shard_ids:
        folder = shard_dir(copy, shard)
        verify = pa.ipc.open_file(str(folder / VERIFY_FILE)).read_all()
        path = folder / "articles.parquet"
        table = pq.read_table(path)
        units = dict(zip(verify["id"].to_pylist(), verify["units"].to_pylist(), strict=True))
        column = pa.array([units[aid] for aid in table["id"].to_pylist()], pa.binary())
        pq.write_table(table.append_column("units", column), path)
        (folder / VERIFY_FILE).unlink()


def _without_units(out: Path, copy: Path, shard_ids: list[int]) -> None:
    # the same shards as written before any units were stored
    shutil.copytree(out, copy)
    for shard in shard_ids:
        (shard_dir(copy, shard) / VERIFY_FILE).unlink()


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
    old, older = tmp_path / "old", tmp_path / "older"
    _parquet_units(out, old, list(rows_by_shard))
    _without_units(out, older, list(rows_by_shard))
    for shard in rows_by_shard:  # each copy takes its own way to the units
        assert load_verify_rows(old, shard, ids) is None and copies._has_units(str(old), shard)
        assert load_verify_rows(older, shard, ids) is None and not copies._has_units(str(older), shard)
    copies._UNITS.clear()  # each run prepares or reads its units itself
    stored = verify_indexed(str(out), jobs, config)
    copies._UNITS.clear()
    from_parquet = verify_indexed(str(old), jobs, config)
    copies._UNITS.clear()
    recomputed = verify_indexed(str(older), jobs, config)
    copies._UNITS.clear()
    assert stored == want
    assert from_parquet == want
    assert recomputed == want
