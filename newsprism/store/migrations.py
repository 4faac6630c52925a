"""Versioned schema migrations for the SQLite store.

Migrations are registered in order; each runs inside one transaction together with
the bump of `PRAGMA user_version`, so a store is always at a whole version.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    """Register a migration; the order of registration is the order of application."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((name, fn))
        return fn

    return register


@migration("initial schema")
def _v1(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            inputs INTEGER NOT NULL DEFAULT 0,
            ingested INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        );

        -- one row per input seen: every input is accounted for
        CREATE TABLE inputs (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('ingested', 'duplicate', 'rejected')),
            reason TEXT,
            detail TEXT,
            article_id TEXT,
            content_hash TEXT,
            created TEXT NOT NULL
        );
        CREATE INDEX inputs_run ON inputs(run_id);
        CREATE INDEX inputs_source ON inputs(source);

        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT,
            canonical_url TEXT UNIQUE,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            outlet TEXT,
            domain TEXT,
            byline TEXT,
            wire_agency TEXT,
            dateline TEXT,
            language TEXT,
            input_format TEXT,
            removed TEXT NOT NULL DEFAULT '[]',
            provenance TEXT NOT NULL DEFAULT '{}',
            date_mentions TEXT NOT NULL DEFAULT '[]',
            ingested_at TEXT NOT NULL,
            built INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_built ON articles(built);

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;

        CREATE TABLE fingerprints (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            signature BLOB NOT NULL,
            params TEXT NOT NULL
        );

        CREATE TABLE copy_links (
            a_id TEXT NOT NULL,
            b_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            jaccard REAL,
            coverage_a REAL,
            coverage_b REAL,
            passages TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (a_id, b_id)
        );
        CREATE INDEX copy_links_b ON copy_links(b_id);

        CREATE TABLE copy_groups (
            id TEXT PRIMARY KEY,
            origin_id TEXT,
            origin_agency TEXT,
            origin_reason TEXT,
            copied_share TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE copy_members (
            article_id TEXT PRIMARY KEY,
            group_id TEXT NOT NULL
        );
        CREATE INDEX copy_members_group ON copy_members(group_id);

        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            first_seen TEXT,
            last_seen TEXT,
            event_date TEXT,
            storyline_id TEXT,
            outlets TEXT NOT NULL DEFAULT '[]',
            merged_from TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT
        );
        CREATE INDEX stories_last_seen ON stories(last_seen);

        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            similarity REAL,
            evidence TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);

        CREATE TABLE story_redirects (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL,
            reason TEXT,
            created TEXT NOT NULL
        );

        CREATE TABLE storylines (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            story_ids TEXT NOT NULL DEFAULT '[]',
            timeline TEXT NOT NULL DEFAULT '[]',
            shared_entities TEXT NOT NULL DEFAULT '[]',
            summary TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_canonical TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            kind TEXT,
            cue TEXT
        );
        CREATE INDEX quotes_article ON quotes(article_id);

        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            text TEXT NOT NULL,
            asserter TEXT,
            polarity TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            cue TEXT,
            cluster_id TEXT
        );
        CREATE INDEX claims_article ON claims(article_id);

        CREATE TABLE story_reports (
            story_id TEXT PRIMARY KEY,
            comparison TEXT NOT NULL DEFAULT '{}',
            summary TEXT NOT NULL DEFAULT '[]',
            quote_clusters TEXT NOT NULL DEFAULT '[]',
            claim_clusters TEXT NOT NULL DEFAULT '[]'
        );

        -- parameters of the stages that produced stored results
        CREATE TABLE stage_params (
            stage TEXT PRIMARY KEY,
            params TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        """,
    )


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Execute SQL statements one by one (unlike `executescript`, this never commits
    the surrounding transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:80]}")


def apply_migrations(db: sqlite3.Connection) -> int:
    """Bring the store to the newest schema; return the resulting version."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for version, (_name, fn) in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            fn(db)
            db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
