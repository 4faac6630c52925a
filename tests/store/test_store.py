"""The SQLite store: migrations, idempotent ingest, accounting, search, round trips."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.models import RemovedLine
from newsprism.store import BuildOutput, Store
from newsprism.store.migrations import MIGRATIONS
from tests.conftest import make_article


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # reopening applies nothing twice
    with Store(tmp_path / "a.db") as store:
        assert store.schema_version == len(MIGRATIONS)


def test_same_article_twice_is_a_duplicate(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        run = store.start_run("ingest")
        a = make_article(
            "Body text of the first article, long enough.", url="https://x.example/a?utm_source=z"
        )
        first = store.add_articles(run, [a])
        again = store.add_articles(run, [a])
        assert [r.status for r in first] == ["ingested"]
        assert again[0].status == "duplicate" and again[0].article_id == a.id
        counts = store.finish_run(run)
        assert counts == {"inputs": 2, "ingested": 1, "duplicate": 1, "rejected": 0}
        assert store.counts()["articles"] == 1


def test_same_canonical_url_with_new_content_is_a_duplicate(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        run = store.start_run("ingest")
        a = make_article("Version one of the page.", url="https://x.example/story/")
        b = make_article("Version two of the page.", url="https://X.example/story#comments")
        store.add_articles(run, [a])
        rec = store.add_articles(run, [b])[0]
        assert rec.status == "duplicate" and rec.reason in ("same-url", "same-id")


def test_failed_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        run = store.start_run("ingest")
        good = make_article("A fine article body.")
        bad = make_article("Another body.")
        bad.title = None  # type: ignore[assignment]  # violates NOT NULL: the whole batch must roll back
        with contextlib.suppress(sqlite3.IntegrityError):
            store.add_articles(run, [good, bad])
        assert store.counts()["articles"] == 0
        assert store.run_counts(run)["inputs"] == 0
        # a re-run of the batch (fixed) stores each article once
        bad.title = "Fixed"
        store.add_articles(run, [good, bad])
        assert store.counts()["articles"] == 2


def test_full_text_search_is_safe_against_fts_syntax(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        run = store.start_run("ingest")
        store.add_articles(
            run,
            [
                make_article("The harbour strike entered its third day.", title="Dockers strike"),
                make_article("Floods closed the valley road.", title="Valley floods"),
            ],
        )
        hits = store.search("strike")
        assert [h["title"] for h in hits] == ["Dockers strike"]
        assert store.search('"third day"')[0]["title"] == "Dockers strike"
        # operators and stray quotes are taken as words, never as syntax errors
        assert store.search('NEAR( AND OR "') == []
        assert store.search("") == []


def test_article_round_trip_keeps_removed_lines(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        a = make_article("Body.", removed=[RemovedLine("Share this article", "share prompt", 7)])
        store.add_articles(store.start_run("ingest"), [a])
        back = store.get_article(a.id)
        assert back is not None and back.removed == a.removed and back.text == a.text
        assert store.get_article(a.id[:8]) is not None  # unique prefix


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(title=st.text(min_size=1, max_size=80), text=st.text(min_size=1, max_size=400))
def test_any_text_round_trips(tmp_path: Path, title: str, text: str) -> None:
    with Store(tmp_path / f"p-{uuid.uuid4().hex}.db") as store:  # a fresh store per example
        a = make_article(text, title=title)
        rec = store.add_articles(store.start_run("ingest"), [a])[0]
        back = store.get_article(rec.article_id or "")
        assert back is not None and back.title == title and back.text == text


def test_save_build_marks_articles_built_and_readonly_open(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Store(path) as store:
        a = make_article("Body one.")
        store.add_articles(store.start_run("ingest"), [a])
        assert store.counts()["unbuilt"] == 1
        store.save_build(
            BuildOutput(
                built_ids=[a.id],
                fingerprints={},
                copy_links=[],
                copy_groups=[],
                stories=[],
                evidence=[],
                redirects={},
                storylines=[],
                quotes={},
                claims={},
                reports={},
                storyline_summaries={},
                stage_params={"dedup": {"num_perm": 128}},
            )
        )
        assert store.counts()["unbuilt"] == 0
    with Store(path, readonly=True) as ro:
        assert ro.counts()["articles"] == 1
