"""The embedded SQLite store.

One file (default ``./newsprism.db``), WAL mode so readers never block the writer,
versioned migrations, batched writes in explicit transactions. Ingest is
idempotent: an article whose content hash, canonical URL or id is already stored is
recorded as a duplicate input, not stored twice. A crash loses at most the batch in
flight; since every write of a batch happens in one transaction, a re-run completes
it without doubles.

Example::

    with Store("news.db") as store:
        print(store.counts())
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsprism.errors import StoreError
from newsprism.ids import canonical_url
from newsprism.models import (
    Article,
    Claim,
    CopyGroup,
    CopyLink,
    DateMention,
    Evidence,
    Passage,
    Quote,
    RemovedLine,
    Story,
    Storyline,
    SummarySentence,
    TimelineEntry,
)
from newsprism.store.migrations import apply_migrations

DEFAULT_DB = "newsprism.db"


def default_db_path() -> str:
    """The store path: $NEWSPRISM_DB, else ./newsprism.db."""
    return os.environ.get("NEWSPRISM_DB") or DEFAULT_DB


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class InputRecord:
    """What happened to one input of a run."""

    source: str
    status: str  # "ingested" | "duplicate" | "rejected"
    reason: str | None = None
    detail: str | None = None
    article_id: str | None = None
    content_hash: str | None = None


@dataclass(slots=True)
class BuildOutput:
    """Everything one `build` computed, written in one transaction."""

    built_ids: list[str]
    fingerprints: dict[str, tuple[bytes, str]]
    copy_links: list[CopyLink]
    copy_groups: list[CopyGroup]
    stories: list[Story]
    evidence: list[Evidence]
    redirects: dict[str, str]
    storylines: list[Storyline]
    quotes: dict[str, list[Quote]]
    claims: dict[str, list[Claim]]
    reports: dict[str, dict[str, Any]]  # story id -> {comparison, summary, quote_clusters, claim_clusters}
    storyline_summaries: dict[str, list[SummarySentence]]
    stage_params: dict[str, dict[str, Any]]


class Store:
    """The SQLite store. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> None:
        self.path = str(path or default_db_path())
        self.readonly = readonly
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"no store at {self.path}: run 'newsprism ingest' first")
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self.db.row_factory = sqlite3.Row
            if not readonly:
                apply_migrations(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- plumbing -----------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An explicit write transaction: all or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- runs and inputs ----------------------------------------------------

    def start_run(self, command: str) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO runs(command, started) VALUES (?, ?)", (command, _now()))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str = "done") -> dict[str, int]:
        """Close a run and store its counts (taken from its input rows)."""
        counts = self.run_counts(run_id)
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished=?, status=?, inputs=?, ingested=?, duplicates=?, rejected=? WHERE id=?",
                (
                    _now(),
                    status,
                    counts["inputs"],
                    counts["ingested"],
                    counts["duplicate"],
                    counts["rejected"],
                    run_id,
                ),
            )
        return counts

    def run_counts(self, run_id: int) -> dict[str, int]:
        counts = {"inputs": 0, "ingested": 0, "duplicate": 0, "rejected": 0}
        for row in self.db.execute(
            "SELECT status, COUNT(*) n FROM inputs WHERE run_id=? GROUP BY status", (run_id,)
        ):
            counts[row["status"]] = row["n"]
            counts["inputs"] += row["n"]
        return counts

    def run_rejections(self, run_id: int) -> list[InputRecord]:
        rows = self.db.execute(
            "SELECT source, status, reason, detail FROM inputs WHERE run_id=? AND status='rejected' ORDER BY id",
            (run_id,),
        )
        return [InputRecord(r["source"], r["status"], r["reason"], r["detail"]) for r in rows]

    def still_rejected(self) -> list[InputRecord]:
        """Inputs of any run whose latest record is a rejection (candidates for a retry).

        An input rejected once and ingested (or found duplicate) later is not listed.
        """
        rows = self.db.execute(
            "SELECT i.source, i.status, i.reason, i.detail FROM inputs i"
            " JOIN (SELECT source, MAX(id) last FROM inputs GROUP BY source) l ON l.last = i.id"
            " WHERE i.status = 'rejected' ORDER BY i.id"
        )
        return [InputRecord(r["source"], r["status"], r["reason"], r["detail"]) for r in rows]

    def record_rejections(self, run_id: int, records: Sequence[InputRecord]) -> None:
        with self.transaction() as db:
            self._insert_inputs(db, run_id, records)

    def _insert_inputs(self, db: sqlite3.Connection, run_id: int, records: Iterable[InputRecord]) -> None:
        now = _now()
        db.executemany(
            "INSERT INTO inputs(run_id, source, status, reason, detail, article_id, content_hash, created)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [
                (run_id, r.source, r.status, r.reason, r.detail, r.article_id, r.content_hash, now)
                for r in records
            ],
        )

    # -- articles -----------------------------------------------------------

    def add_articles(self, run_id: int, articles: Sequence[Article]) -> list[InputRecord]:
        """Store a batch of clean articles in one transaction; duplicates are recorded, not stored.

        Returns one `InputRecord` per article, in order.
        """
        records: list[InputRecord] = []
        with self.transaction() as db:
            for art in articles:
                dup = self._find_duplicate(db, art)
                if dup is not None:
                    existing, why = dup
                    records.append(
                        InputRecord(
                            art.source,
                            "duplicate",
                            why,
                            f"same as article {existing}",
                            existing,
                            art.content_hash,
                        )
                    )
                    continue
                db.execute(
                    "INSERT INTO articles(id, source, url, canonical_url, content_hash, title, text, published,"
                    " outlet, domain, byline, wire_agency, dateline, language, input_format, removed, provenance,"
                    " date_mentions, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        art.id,
                        art.source,
                        art.url,
                        canonical_url(art.url),
                        art.content_hash,
                        art.title,
                        art.text,
                        art.published,
                        art.outlet,
                        art.domain,
                        art.byline,
                        art.wire_agency,
                        art.dateline,
                        art.language,
                        art.input_format,
                        _dumps([asdict(r) for r in art.removed]),
                        _dumps(art.provenance),
                        _dumps([asdict(d) for d in art.date_mentions]),
                        _now(),
                    ),
                )
                records.append(InputRecord(art.source, "ingested", None, None, art.id, art.content_hash))
            self._insert_inputs(db, run_id, records)
        return records

    def _find_duplicate(self, db: sqlite3.Connection, art: Article) -> tuple[str, str] | None:
        row = db.execute("SELECT id FROM articles WHERE content_hash=?", (art.content_hash,)).fetchone()
        if row:
            return row["id"], "same-content"
        canon = canonical_url(art.url)
        if canon:
            row = db.execute("SELECT id FROM articles WHERE canonical_url=?", (canon,)).fetchone()
            if row:
                return row["id"], "same-url"
        row = db.execute("SELECT id FROM articles WHERE id=?", (art.id,)).fetchone()
        if row:
            return row["id"], "same-id"
        return None

    def is_known(self, content_hash: str) -> str | None:
        """The id of a stored article with this raw-content hash, if any."""
        row = self.db.execute("SELECT id FROM articles WHERE content_hash=?", (content_hash,)).fetchone()
        return row["id"] if row else None

    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"],
            source=row["source"],
            title=row["title"],
            text=row["text"],
            url=row["url"],
            published=row["published"],
            outlet=row["outlet"],
            domain=row["domain"],
            byline=row["byline"],
            wire_agency=row["wire_agency"],
            dateline=row["dateline"],
            language=row["language"],
            input_format=row["input_format"] or "text",
            content_hash=row["content_hash"],
            removed=[RemovedLine(**r) for r in json.loads(row["removed"])],
            provenance=json.loads(row["provenance"]),
            date_mentions=[DateMention(**d) for d in json.loads(row["date_mentions"])],
        )

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            row = self._by_prefix("articles", article_id)
        return self._article(row) if row else None

    def _by_prefix(self, table: str, prefix: str) -> sqlite3.Row | None:
        if len(prefix) < 4:
            return None
        rows = self.db.execute(
            f"SELECT * FROM {table} WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        return rows[0] if len(rows) == 1 else None

    def articles(self, ids: Iterable[str] | None = None, *, built: bool | None = None) -> list[Article]:
        """Articles by id (in the given order), or all, optionally only (un)built ones."""
        if ids is not None:
            wanted = list(ids)
            found: dict[str, Article] = {}
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                    found[row["id"]] = self._article(row)
            return [found[i] for i in wanted if i in found]
        sql = "SELECT * FROM articles"
        if built is not None:
            sql += " WHERE built " + ("> 0" if built else "= 0")
        sql += " ORDER BY COALESCE(published, ''), id"
        return [self._article(r) for r in self.db.execute(sql)]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "stories", "storylines", "copy_groups", "quotes", "claims", "runs"):
            out[table] = int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        out["unbuilt"] = int(self.db.execute("SELECT COUNT(*) FROM articles WHERE built=0").fetchone()[0])
        return out

    # -- build results ------------------------------------------------------

    def fingerprints(self, params: str) -> dict[str, bytes]:
        """Stored copy-detection signatures made with these parameters."""
        rows = self.db.execute("SELECT article_id, signature FROM fingerprints WHERE params=?", (params,))
        return {r["article_id"]: bytes(r["signature"]) for r in rows}

    def copy_links(self) -> list[CopyLink]:
        out = []
        for r in self.db.execute("SELECT * FROM copy_links ORDER BY a_id, b_id"):
            out.append(
                CopyLink(
                    a_id=r["a_id"],
                    b_id=r["b_id"],
                    jaccard=r["jaccard"],
                    coverage_a=r["coverage_a"],
                    coverage_b=r["coverage_b"],
                    kind=r["kind"],
                    passages=[Passage(**p) for p in json.loads(r["passages"])],
                )
            )
        return out

    def copy_links_for(self, article_id: str) -> list[CopyLink]:
        return [link for link in self.copy_links() if article_id in (link.a_id, link.b_id)]

    def copy_groups(self, article_ids: Iterable[str] | None = None) -> list[CopyGroup]:
        members: dict[str, list[str]] = {}
        for r in self.db.execute("SELECT group_id, article_id FROM copy_members ORDER BY article_id"):
            members.setdefault(r["group_id"], []).append(r["article_id"])
        wanted = set(article_ids) if article_ids is not None else None
        groups = []
        for r in self.db.execute("SELECT * FROM copy_groups ORDER BY id"):
            ids = members.get(r["id"], [])
            if wanted is not None and not wanted.intersection(ids):
                continue
            groups.append(
                CopyGroup(
                    id=r["id"],
                    article_ids=ids,
                    origin_id=r["origin_id"],
                    origin_agency=r["origin_agency"],
                    origin_reason=r["origin_reason"] or "",
                    copied_share=json.loads(r["copied_share"]),
                )
            )
        return groups

    def save_build(self, out: BuildOutput) -> None:
        """Write one build's results atomically and mark its articles built."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO fingerprints(article_id, signature, params) VALUES (?,?,?)",
                [(aid, sig, params) for aid, (sig, params) in out.fingerprints.items()],
            )
            db.executemany(
                "INSERT OR REPLACE INTO copy_links(a_id, b_id, kind, jaccard, coverage_a, coverage_b, passages)"
                " VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        link.a_id,
                        link.b_id,
                        link.kind,
                        link.jaccard,
                        link.coverage_a,
                        link.coverage_b,
                        _dumps([asdict(p) for p in link.passages]),
                    )
                    for link in out.copy_links
                ],
            )
            # copy groups and stories are recomputed as a whole: replace them
            db.execute("DELETE FROM copy_groups")
            db.execute("DELETE FROM copy_members")
            for g in out.copy_groups:
                db.execute(
                    "INSERT INTO copy_groups(id, origin_id, origin_agency, origin_reason, copied_share)"
                    " VALUES (?,?,?,?,?)",
                    (g.id, g.origin_id, g.origin_agency, g.origin_reason, _dumps(g.copied_share)),
                )
                db.executemany(
                    "INSERT OR REPLACE INTO copy_members(article_id, group_id) VALUES (?,?)",
                    [(aid, g.id) for aid in g.article_ids],
                )
            now = _now()
            db.execute("DELETE FROM stories")
            db.executemany(
                "INSERT INTO stories(id, title, first_seen, last_seen, event_date, storyline_id, outlets,"
                " merged_from, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        s.id,
                        s.title,
                        s.first_seen,
                        s.last_seen,
                        s.event_date,
                        s.storyline_id,
                        _dumps(s.outlets),
                        _dumps(s.merged_from),
                        now,
                    )
                    for s in out.stories
                ],
            )
            evidence = {e.article_id: e for e in out.evidence}
            old_evidence = {
                r["article_id"]: r["evidence"]
                for r in db.execute("SELECT article_id, evidence FROM story_articles")
            }
            db.execute("DELETE FROM story_articles")
            rows = []
            for s in out.stories:
                for aid in s.article_ids:
                    ev = evidence.get(aid)
                    ev_json = _dumps(asdict(ev)) if ev else old_evidence.get(aid, "{}")
                    rows.append((aid, s.id, ev.similarity if ev else None, ev_json))
            db.executemany(
                "INSERT INTO story_articles(article_id, story_id, similarity, evidence) VALUES (?,?,?,?)",
                rows,
            )
            db.executemany(
                "INSERT OR REPLACE INTO story_redirects(old_id, new_id, reason, created) VALUES (?,?,?,?)",
                [(old, new, "merged", now) for old, new in out.redirects.items()],
            )
            # keep chains short: anything that pointed at a now-merged story points at its successor
            for old, new in out.redirects.items():
                db.execute("UPDATE story_redirects SET new_id=? WHERE new_id=?", (new, old))
            db.execute("DELETE FROM storylines")
            db.executemany(
                "INSERT INTO storylines(id, title, story_ids, timeline, shared_entities, summary) VALUES (?,?,?,?,?,?)",
                [
                    (
                        line.id,
                        line.title,
                        _dumps(line.story_ids),
                        _dumps([asdict(t) for t in line.timeline]),
                        _dumps(line.shared_entities),
                        _dumps([asdict(s) for s in out.storyline_summaries.get(line.id, [])]),
                    )
                    for line in out.storylines
                ],
            )
            for aid, quotes in out.quotes.items():
                db.execute("DELETE FROM quotes WHERE article_id=?", (aid,))
                db.executemany(
                    'INSERT INTO quotes(article_id, text, speaker, speaker_canonical, start, "end", kind, cue)'
                    " VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (aid, q.text, q.speaker, q.speaker_canonical, q.start, q.end, q.kind, q.cue)
                        for q in quotes
                    ],
                )
            for aid, claims in out.claims.items():
                db.execute("DELETE FROM claims WHERE article_id=?", (aid,))
                db.executemany(
                    'INSERT INTO claims(article_id, text, asserter, polarity, start, "end", cue, cluster_id)'
                    " VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (aid, c.text, c.asserter, c.polarity, c.start, c.end, c.cue, c.cluster_id)
                        for c in claims
                    ],
                )
            live = {s.id for s in out.stories}
            for sid in [r["story_id"] for r in db.execute("SELECT story_id FROM story_reports")]:
                if sid not in live:
                    db.execute("DELETE FROM story_reports WHERE story_id=?", (sid,))
            for sid, report in out.reports.items():
                db.execute(
                    "INSERT OR REPLACE INTO story_reports(story_id, comparison, summary, quote_clusters, claim_clusters)"
                    " VALUES (?,?,?,?,?)",
                    (
                        sid,
                        _dumps(report.get("comparison", {})),
                        _dumps(report.get("summary", [])),
                        _dumps(report.get("quote_clusters", [])),
                        _dumps(report.get("claim_clusters", [])),
                    ),
                )
            for stage, params in out.stage_params.items():
                db.execute(
                    "INSERT OR REPLACE INTO stage_params(stage, params, updated) VALUES (?,?,?)",
                    (stage, _dumps(params), now),
                )
            for chunk in _chunks(out.built_ids, 500):
                marks = ",".join("?" * len(chunk))
                db.execute(f"UPDATE articles SET built = built + 1 WHERE id IN ({marks})", chunk)

    # -- stories --------------------------------------------------------------

    def _story(self, row: sqlite3.Row) -> Story:
        ids = [
            r["article_id"]
            for r in self.db.execute(
                "SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
                " WHERE sa.story_id=? ORDER BY COALESCE(a.published, ''), a.id",
                (row["id"],),
            )
        ]
        return Story(
            id=row["id"],
            title=row["title"],
            article_ids=ids,
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            event_date=row["event_date"],
            outlets=json.loads(row["outlets"]),
            storyline_id=row["storyline_id"],
            merged_from=json.loads(row["merged_from"]),
        )

    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Stories, newest first (by last article date), then largest."""
        sql = (
            "SELECT s.*, (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id) n FROM stories s"
            " ORDER BY COALESCE(s.last_seen, '') DESC, n DESC, s.id"
        )
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        return [self._story(r) for r in self.db.execute(sql, params)]

    def get_story(self, story_id: str) -> Story | None:
        """A story by id, unique id prefix, or an old id that was merged away."""
        row = self.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            red = self.db.execute("SELECT new_id FROM story_redirects WHERE old_id=?", (story_id,)).fetchone()
            if red:
                row = self.db.execute("SELECT * FROM stories WHERE id=?", (red["new_id"],)).fetchone()
        if row is None:
            row = self._by_prefix("stories", story_id)
        return self._story(row) if row else None

    def largest_story(self) -> Story | None:
        row = self.db.execute(
            "SELECT s.* FROM stories s JOIN story_articles sa ON sa.story_id = s.id"
            " GROUP BY s.id ORDER BY COUNT(*) DESC, s.first_seen, s.id LIMIT 1"
        ).fetchone()
        return self._story(row) if row else None

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)
        ).fetchone()
        return row["story_id"] if row else None

    def evidence(self, story_id: str) -> list[Evidence]:
        out = []
        for r in self.db.execute("SELECT evidence FROM story_articles WHERE story_id=?", (story_id,)):
            data = json.loads(r["evidence"])
            if data:
                out.append(Evidence(**data))
        return out

    def storylines(self) -> list[Storyline]:
        return [self._storyline(r) for r in self.db.execute("SELECT * FROM storylines ORDER BY id")]

    def get_storyline(self, storyline_id: str) -> Storyline | None:
        row = self.db.execute("SELECT * FROM storylines WHERE id=?", (storyline_id,)).fetchone()
        return self._storyline(row) if row else None

    def storyline_summary(self, storyline_id: str) -> list[SummarySentence]:
        row = self.db.execute("SELECT summary FROM storylines WHERE id=?", (storyline_id,)).fetchone()
        return [SummarySentence(**s) for s in json.loads(row["summary"])] if row else []

    @staticmethod
    def _storyline(row: sqlite3.Row) -> Storyline:
        return Storyline(
            id=row["id"],
            title=row["title"],
            story_ids=json.loads(row["story_ids"]),
            timeline=[TimelineEntry(**t) for t in json.loads(row["timeline"])],
            shared_entities=json.loads(row["shared_entities"]),
        )

    def story_report(self, story_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT * FROM story_reports WHERE story_id=?", (story_id,)).fetchone()
        if row is None:
            return {"comparison": {}, "summary": [], "quote_clusters": [], "claim_clusters": []}
        return {k: json.loads(row[k]) for k in ("comparison", "summary", "quote_clusters", "claim_clusters")}

    def quotes(self, article_id: str) -> list[Quote]:
        rows = self.db.execute('SELECT * FROM quotes WHERE article_id=? ORDER BY start, "end"', (article_id,))
        return [
            Quote(
                text=r["text"],
                speaker=r["speaker"],
                start=r["start"],
                end=r["end"],
                kind=r["kind"],
                cue=r["cue"],
                speaker_canonical=r["speaker_canonical"],
                article_id=article_id,
            )
            for r in rows
        ]

    def claims(self, article_id: str) -> list[Claim]:
        rows = self.db.execute('SELECT * FROM claims WHERE article_id=? ORDER BY start, "end"', (article_id,))
        return [
            Claim(
                text=r["text"],
                asserter=r["asserter"],
                polarity=r["polarity"],
                start=r["start"],
                end=r["end"],
                cue=r["cue"],
                article_id=article_id,
                cluster_id=r["cluster_id"],
            )
            for r in rows
        ]

    def article_links(self) -> dict[str, dict[str, str | None]]:
        """Per article: its story, storyline and copy group ids."""
        out: dict[str, dict[str, str | None]] = {}
        for r in self.db.execute(
            "SELECT a.id, sa.story_id, s.storyline_id, cm.group_id FROM articles a"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " LEFT JOIN stories s ON s.id = sa.story_id"
            " LEFT JOIN copy_members cm ON cm.article_id = a.id"
        ):
            out[r["id"]] = {
                "story_id": r["story_id"],
                "storyline_id": r["storyline_id"],
                "copy_group": r["group_id"],
            }
        return out

    # -- search ---------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts (FTS5, BM25 ranking, title weighted up).

        The query is taken as plain words (each quoted), so user input can never be
        parsed as FTS syntax; a phrase in double quotes stays a phrase.
        """
        fts = _fts_query(query)
        if not fts:
            return []
        rows = self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, sa.story_id,"
            " snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts, 5.0, 1.0) AS score"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE articles_fts MATCH ? ORDER BY score LIMIT ?",
            (fts, limit),
        )
        return [dict(r) for r in rows]


def _fts_query(query: str) -> str:
    """Turn user text into a safe FTS5 query: quoted phrases and quoted words, ANDed."""
    parts: list[str] = []
    chunks = query.split('"')
    for i, chunk in enumerate(chunks):
        if i % 2 == 1 and chunk.strip():  # inside double quotes: a phrase
            parts.append('"' + " ".join(chunk.split()) + '"')
        else:
            for word in chunk.split():
                word = "".join(ch for ch in word if ch.isalnum() or ch in "'-")
                if word:
                    parts.append('"' + word + '"')
    return " ".join(parts)


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
