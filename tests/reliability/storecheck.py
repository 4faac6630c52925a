"""Helpers shared by the reliability tests: run the CLI as a process, snapshot a store."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str) -> list[str]:
    """The command line that runs newsprism in a fresh interpreter."""
    return [sys.executable, "-m", "newsprism", *args]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("NEWSPRISM_DB", None)
    return env


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run one CLI command to completion and fail loudly if it did not succeed."""
    done = subprocess.run(
        cli(*args), env=cli_env(), cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{args} failed ({done.returncode}): {done.stderr[-2000:]}"
    return done


def snapshot(path: Path) -> dict[str, Any]:
    """What an uninterrupted run and a crashed-and-resumed run must agree on.

    Run bookkeeping (runs, inputs, timestamps) is left out: it differs by design.
    """
    db = sqlite3.connect(path)
    try:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(tuple(r) for r in db.execute(sql))

        return {
            "articles": rows("SELECT id, content_hash, title, text, published, outlet, built FROM articles"),
            "stories": rows(
                "SELECT story_id, group_concat(article_id) FROM"
                " (SELECT * FROM story_articles ORDER BY article_id) GROUP BY story_id"
            ),
            "story_rows": rows("SELECT id, title, first_seen, last_seen, storyline_id FROM stories"),
            "copy_groups": rows(
                "SELECT group_id, group_concat(article_id) FROM"
                " (SELECT * FROM copy_members ORDER BY article_id) GROUP BY group_id"
            ),
            "copy_links": rows("SELECT a_id, b_id, kind, round(jaccard, 9) FROM copy_links"),
            "quotes": rows('SELECT article_id, start, "end", text, speaker FROM quotes'),
            "claims": rows('SELECT article_id, start, "end", text, polarity FROM claims'),
            "storylines": rows("SELECT id, story_ids FROM storylines"),
            "reports": rows(
                "SELECT story_id, summary, comparison, quote_clusters, claim_clusters FROM story_reports"
            ),
            "fts": rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'the'"),
        }
    finally:
        db.close()


def latest_status(path: Path) -> dict[str, tuple[str, str | None]]:
    """Per input source, the status (and reason) of its latest record."""
    db = sqlite3.connect(path)
    try:
        out: dict[str, tuple[str, str | None]] = {}
        for source, status, reason in db.execute("SELECT source, status, reason FROM inputs ORDER BY id"):
            out[source] = (status, reason)
        return out
    finally:
        db.close()


def runs(path: Path) -> list[dict[str, Any]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT * FROM runs ORDER BY id")]
    finally:
        db.close()
