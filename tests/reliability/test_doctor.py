"""`newsprism doctor`: a sound store passes; each kind of damage is flagged with a count."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import StoreError
from newsprism.pipeline import build, ingest
from newsprism.store import Store
from newsprism.store.doctor import check_store
from tests.reliability.corpus import generate_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def sound_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("doctor")
    corpus = generate_corpus(root / "corpus", stories=6, versions=3, seed=3)
    db = root / "sound.db"
    with Store(db) as store:
        ingest(store, [str(corpus.root)])
        build(store)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file to copy
    con.close()
    return db


@pytest.fixture
def store_copy(sound_store: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.db"
    shutil.copy(sound_store, db)
    return db


def _damage(db: Path, *sql: str) -> None:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=OFF")
    for statement in sql:
        con.execute(statement)
    con.close()


def _codes(db: Path) -> dict[str, int]:
    return {p.code: p.count for p in check_store(db).problems}


def test_sound_store_passes(sound_store: Path) -> None:
    report = check_store(sound_store)
    assert report.ok and report.problems == []
    assert report.counts["articles"] > 10 and report.counts["quotes"] > 0 and report.counts["copy_groups"] > 0
    assert {"sqlite-integrity", "fts-integrity", "quote-offsets", "run-counts-mismatch"} <= set(report.checks)
    result = runner.invoke(app, ["doctor", "--db", str(sound_store), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["ok"] is True


FIRST_STORY_ARTICLE = "(SELECT article_id FROM story_articles ORDER BY article_id LIMIT 1)"

DAMAGES: dict[str, tuple[list[str], dict[str, int]]] = {
    # an article removed behind newsprism's back: its memberships, quotes and input point at nothing
    "article-deleted": (
        [
            "CREATE TEMP TABLE gone AS SELECT " + FIRST_STORY_ARTICLE + " AS id",
            "DELETE FROM quotes WHERE article_id IN (SELECT id FROM gone) AND id NOT IN"
            " (SELECT MIN(id) FROM quotes WHERE article_id IN (SELECT id FROM gone))",
            "DELETE FROM articles WHERE id IN (SELECT id FROM gone)",
        ],
        {"story-member-without-article": 1, "ingested-input-without-article": 1, "quote-without-article": 1},
    ),
    "membership-to-missing-story": (
        [f"UPDATE story_articles SET story_id='s-nowhere' WHERE article_id={FIRST_STORY_ARTICLE}"],
        {"story-member-without-story": 1},
    ),
    "story-without-articles": (
        ["INSERT INTO stories(id, title) VALUES ('s-empty', 'Nothing here')"],
        {"empty-story": 1},
    ),
    "copy-member-to-missing-group": (
        [
            "UPDATE copy_members SET group_id='g-nowhere' WHERE article_id=(SELECT MIN(article_id) FROM copy_members)"
        ],
        {"copy-member-without-group": 1},
    ),
    "copy-member-to-missing-article": (
        [
            "INSERT INTO copy_members(article_id, group_id) VALUES ('a-nowhere', (SELECT MIN(id) FROM copy_groups))"
        ],
        {"copy-member-without-article": 1},
    ),
    # the index loses one document: search can no longer find that article
    "fts-missing-document": (
        [
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) SELECT 'delete', rowid, title, text"
            " FROM articles ORDER BY rowid LIMIT 1"
        ],
        {"fts-missing-rows": 1, "fts-integrity": 1},
    ),
    # text changed with the sync trigger gone: the index still holds the old words
    "fts-stale-text": (
        [
            "DROP TRIGGER articles_au",
            "UPDATE articles SET text = 'Completely different words now.' WHERE rowid = (SELECT MIN(rowid) FROM articles)",
        ],
        {"fts-integrity": 1},
    ),
    "quote-offsets-shifted": (
        ["UPDATE quotes SET start = start + 1 WHERE id IN (SELECT id FROM quotes ORDER BY id LIMIT 3)"],
        {"quote-offsets": 3},
    ),
    "claim-past-the-end": (
        ['UPDATE claims SET "end" = 10000000 WHERE id = (SELECT MIN(id) FROM claims)'],
        {"claim-offsets": 1},
    ),
    "run-counts-do-not-add-up": (
        ["UPDATE runs SET ingested = ingested + 1 WHERE id = 1"],
        {"run-counts-mismatch": 1},
    ),
    "rejection-without-reason": (
        ["UPDATE inputs SET reason = NULL WHERE status = 'rejected'"],
        {"rejected-without-reason": 4},
    ),
    "built-article-outside-every-story": (
        [f"DELETE FROM story_articles WHERE article_id = {FIRST_STORY_ARTICLE}"],
        {"built-article-without-story": 1},
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_each_damage_is_flagged(store_copy: Path, damage: str) -> None:
    statements, expected = DAMAGES[damage]
    _damage(store_copy, *statements)
    codes = _codes(store_copy)
    for code, count in expected.items():
        assert codes.get(code) == count, f"{damage}: {code} expected {count}, doctor found {codes}"
    assert not check_store(store_copy).ok
    assert runner.invoke(app, ["doctor", "--db", str(store_copy)]).exit_code == 1


def test_article_in_two_stories_is_flagged(store_copy: Path) -> None:
    # the schema forbids it (article_id is the key), so rebuild the table without that key first
    _damage(
        store_copy,
        "ALTER TABLE story_articles RENAME TO sa_old",
        "CREATE TABLE story_articles (article_id TEXT, story_id TEXT, similarity REAL, evidence TEXT)",
        "INSERT INTO story_articles SELECT * FROM sa_old",
        "DROP TABLE sa_old",
        "INSERT INTO story_articles SELECT article_id, (SELECT MAX(id) FROM stories), NULL, '{}'"
        f" FROM story_articles WHERE article_id = {FIRST_STORY_ARTICLE}"
        " AND story_id != (SELECT MAX(id) FROM stories)",
    )
    assert _codes(store_copy).get("article-in-several-stories") == 1


def test_interrupted_run_and_unbuilt_articles_are_warnings(store_copy: Path) -> None:
    _damage(
        store_copy,
        "INSERT INTO runs(command, started) VALUES ('ingest', '2025-01-01T00:00:00+00:00')",
        "UPDATE articles SET built = 0 WHERE id IN (SELECT id FROM articles ORDER BY id LIMIT 2)",
        # unbuilt articles are not in stories yet
        "DELETE FROM story_articles WHERE article_id IN (SELECT id FROM articles WHERE built = 0)",
        "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)",
    )
    report = check_store(store_copy)
    assert report.ok  # unfinished work is not damage
    assert {p.code: p.count for p in report.warnings} == {"interrupted-runs": 1, "unbuilt-articles": 2}
    assert runner.invoke(app, ["doctor", "--db", str(store_copy)]).exit_code == 0
    assert runner.invoke(app, ["doctor", "--db", str(store_copy), "--strict"]).exit_code == 1


def _overwrite(db: Path, at: Callable[[int], int], data: bytes) -> None:
    raw = bytearray(db.read_bytes())
    pos = at(len(raw))
    raw[pos : pos + len(data)] = data
    db.write_bytes(bytes(raw))


def test_damaged_pages_are_flagged(store_copy: Path) -> None:
    # scribble over pages in the middle of the file (not the header): SQLite's own check sees it
    page = 4096
    _overwrite(store_copy, lambda n: (n // page // 2) * page + 100, b"\xde\xad\xbe\xef" * 512)
    try:
        report = check_store(store_copy)
    except StoreError:
        return  # unreadable at all: also a clear failure (exit code 2 from the CLI)
    assert not report.ok
    assert runner.invoke(app, ["doctor", "--db", str(store_copy)]).exit_code in (1, 2)


def test_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not an SQLite database at all" * 200)
    with pytest.raises(StoreError):
        check_store(junk)
    assert runner.invoke(app, ["doctor", "--db", str(junk)]).exit_code == 2
    assert runner.invoke(app, ["doctor", "--db", str(tmp_path / "missing.db")]).exit_code == 2
