"""Crash safety: SIGKILL `ingest` and `build` at random points, re-run, compare.

The final store after kills and re-runs must equal the store of an uninterrupted
run: the same articles (no doubles, none lost), the same stories with the same ids,
the same copy groups, quotes and claims, and every input accounted for. Kill points
are drawn from a seeded generator as fractions of the uninterrupted run's duration
(measured here, so the kills land mid-run on a fast or a slow machine); which phase a
kill hits (imports, reading, a batch commit, the build transaction) varies with
the seed, and the assertions hold for every one.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from newsprism.store.doctor import check_store
from tests.reliability.corpus import generate_corpus
from tests.reliability.storecheck import REPO, cli, cli_env, latest_status, run_cli, runs, snapshot

SEED = 20251123
INGEST_KILLS = 3
BUILD_KILLS = 2


def _kill_after(args: list[str], delay: float) -> int:
    """Start the CLI, SIGKILL it after `delay` seconds; its exit code (-9 when killed)."""
    proc = subprocess.Popen(
        cli(*args), env=cli_env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=30)


def _kill_after_first_commit(args: list[str], db: Path, timeout: float = 60) -> int:
    """Start the CLI, SIGKILL it as soon as it has committed its first batch of articles."""
    proc = subprocess.Popen(
        cli(*args), env=cli_env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if db.exists() and _count(db, "SELECT COUNT(*) FROM articles") > 0:
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=30)


def _count(db: Path, sql: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute(sql).fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _timed(*args: str) -> float:
    started = time.monotonic()
    run_cli(*args)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    # 55 stories x 4 versions: more than one ingest batch (200), so kills can land
    # between batch commits as well as inside one
    return generate_corpus(tmp_path_factory.mktemp("crash") / "corpus", stories=55, versions=4, seed=SEED)


def test_killed_ingest_and_build_end_like_an_uninterrupted_run(corpus, tmp_path: Path) -> None:  # noqa: ANN001
    ref_db, db = tmp_path / "ref.db", tmp_path / "crash.db"
    src = str(corpus.root)
    t_ingest = _timed("ingest", src, "--db", str(ref_db), "--json")
    t_build = _timed("build", "--db", str(ref_db), "--json")
    ref = snapshot(ref_db)
    assert len(ref["articles"]) > 200 and len(ref["stories"]) > 10 and ref["copy_groups"]

    rng = random.Random(SEED)
    # first kill: right after the first batch commit (a partial ingest, for sure);
    # then kills after random delays, which land anywhere from start-up to the end
    killed = int(_kill_after_first_commit(["ingest", src, "--db", str(db), "--json"], db) == -signal.SIGKILL)
    assert 0 < _count(db, "SELECT COUNT(*) FROM articles") < len(ref["articles"])
    for _ in range(INGEST_KILLS - 1):
        rc = _kill_after(["ingest", src, "--db", str(db), "--json"], rng.uniform(0.15, 0.7) * t_ingest)
        killed += rc == -signal.SIGKILL
    run_cli("ingest", src, "--db", str(db), "--json")
    for _ in range(BUILD_KILLS):
        rc = _kill_after(["build", "--db", str(db), "--json"], rng.uniform(0.2, 0.9) * t_build)
        killed += rc == -signal.SIGKILL
    run_cli("build", "--db", str(db), "--json")
    assert killed >= 1, "no kill landed before its process finished: the test exercised nothing"

    # same articles, stories (partition and ids), copy groups, quotes, claims, summaries
    got = snapshot(db)
    for key in ref:
        assert got[key] == ref[key], f"{key} differ after kills and re-runs"

    # every input accounted for: each source ends stored (ingested or duplicate) or
    # rejected with the same reason as in the uninterrupted run
    want, have = latest_status(ref_db), latest_status(db)
    assert set(have) == set(want)
    assert len(want) == corpus.inputs
    for source, (status, reason) in want.items():
        got_status, got_reason = have[source]
        if status == "rejected":
            assert (got_status, got_reason) == (status, reason), source
        else:
            assert got_status in ("ingested", "duplicate"), source

    # no doubles: across all runs each article was ingested exactly once
    # finished runs: inputs = ingested + duplicates + rejected
    for r in (r for r in runs(db) if r["status"] == "done"):
        assert r["inputs"] == r["ingested"] + r["duplicates"] + r["rejected"]
    con = sqlite3.connect(db)
    once = con.execute(
        "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM inputs WHERE status='ingested'"
    ).fetchone()
    con.close()
    assert once == (len(ref["articles"]), len(ref["articles"]))

    # the doctor finds no error; runs killed mid-way are reported as interrupted
    report = check_store(db)
    assert report.ok, report.errors
    running = [r for r in runs(db) if r["status"] == "running"]
    interrupted = [p for p in report.warnings if p.code == "interrupted-runs"]
    assert (interrupted[0].count if interrupted else 0) == len(running) <= INGEST_KILLS
    assert not [p for p in report.warnings if p.code == "unbuilt-articles"]
