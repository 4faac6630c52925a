"""`newsprism doctor`: verify a store and report what is wrong with it.

Checks, each with a stable code, a severity and a count:

- SQLite's own `PRAGMA integrity_check` and `PRAGMA foreign_key_check`;
- newsprism's invariants, which the schema does not enforce by itself: every
  story membership points at a stored article and story, an article is in at most
  one story, copy-group members point at stored groups and articles, quotes and
  claims lie inside their article's text (``text[start:end] == quote``), the
  full-text index holds exactly the stored articles (row sets, and FTS5's own
  ``integrity-check``), every input marked ingested names a stored article, and a
  finished run's counts add up (inputs = ingested + duplicates + rejected);
- leftovers of interrupted work, as warnings: runs still marked ``running`` (killed,
  or still going) and articles not built yet.

Errors mean the store is inconsistent; warnings mean work is unfinished (re-run
``ingest`` / ``build``). The store is only read: the FTS5 check is an INSERT-shaped
command, so it runs inside a transaction that is always rolled back.

Example::

    report = check_store("news.db")
    if not report.ok:
        for p in report.problems:
            print(p.severity, p.code, p.count, p.detail)
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import StoreError

ERROR = "error"
WARNING = "warning"

# how many example ids/rows a problem lists; the count is always exact
_EXAMPLES = 5


@dataclass(slots=True)
class Problem:
    """One kind of problem found, with how many rows have it and a few examples."""

    code: str
    severity: str  # "error" | "warning"
    count: int
    detail: str
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DoctorReport:
    """The result of `check_store`: the problems, and what was checked."""

    path: str
    problems: list[Problem]
    checks: list[str]
    counts: dict[str, int]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """True when no check found an error (warnings do not count)."""
        return not self.errors


def check_store(path: str | Path) -> DoctorReport:
    """Run every check on the store at `path` (never writes to it).

    Raises `StoreError` when the file is missing or is not an SQLite database.
    """
    p = Path(path)
    if not p.is_file():
        raise StoreError(f"no store at {p}")
    try:
        db = sqlite3.connect(str(p), isolation_level=None, timeout=30)
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA query_only=1")  # the doctor never changes the store
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read store {p}: {exc}") from exc
    try:
        return _Checker(db, str(p), tables).run()
    finally:
        db.close()


class _Checker:
    def __init__(self, db: sqlite3.Connection, path: str, tables: set[str]) -> None:
        self.db = db
        self.path = path
        self.tables = tables
        self.problems: list[Problem] = []
        self.checks: list[str] = []

    def run(self) -> DoctorReport:
        self._sqlite_integrity()
        needed = {"articles", "runs", "inputs", "stories", "story_articles", "copy_groups", "copy_members"}
        missing = sorted(needed - self.tables)
        if missing:
            self._add("missing-tables", ERROR, missing, "tables of the newsprism schema are missing")
            return self._report()
        for name, check in (
            ("memberships", self._memberships),
            ("copy-groups", self._copy_groups),
            ("fts", self._fts),
            ("quotes", lambda: self._offsets("quotes")),
            ("claims", lambda: self._offsets("claims")),
            ("accounting", self._accounting),
            ("unfinished", self._unfinished),
        ):
            # a damaged page can make any query fail: report it and go on with the other checks
            try:
                check()
            except sqlite3.DatabaseError as exc:
                self._add(
                    f"{name}-unreadable", ERROR, [str(exc)], f"the {name} checks could not read the store"
                )
        return self._report()

    def _report(self) -> DoctorReport:
        counts: dict[str, int] = {}
        for table in ("articles", "stories", "copy_groups", "quotes", "claims", "runs", "inputs"):
            if table in self.tables:
                try:
                    counts[table] = self._scalar(f"SELECT COUNT(*) FROM {table}")
                except sqlite3.DatabaseError:
                    counts[table] = -1  # unreadable; the checks above report why
        return DoctorReport(self.path, self.problems, self.checks, counts)

    # -- helpers ------------------------------------------------------------

    def _scalar(self, sql: str) -> int:
        return int(self.db.execute(sql).fetchone()[0] or 0)

    def _add(self, code: str, severity: str, rows: list[str], detail: str) -> None:
        if rows:
            self.problems.append(
                Problem(code, severity, len(rows), detail, [str(r) for r in rows[:_EXAMPLES]])
            )

    def _query(self, code: str, severity: str, sql: str, detail: str) -> None:
        self.checks.append(code)
        self._add(code, severity, [str(r[0]) for r in self.db.execute(sql)], detail)

    # -- checks -------------------------------------------------------------

    def _sqlite_integrity(self) -> None:
        self.checks.append("sqlite-integrity")
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        self._add("sqlite-integrity", ERROR, [r for r in rows if r != "ok"], "PRAGMA integrity_check failed")
        self.checks.append("foreign-keys")
        try:
            fk = [f"{r[0]} rowid {r[1]} -> {r[2]}" for r in self.db.execute("PRAGMA foreign_key_check")]
        except sqlite3.DatabaseError as exc:
            fk = [str(exc)]
        self._add("foreign-keys", ERROR, fk, "rows reference missing parents (PRAGMA foreign_key_check)")

    def _memberships(self) -> None:
        self._query(
            "story-member-without-article",
            ERROR,
            "SELECT sa.article_id FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id"
            " WHERE a.id IS NULL",
            "story memberships name an article that is not stored",
        )
        self._query(
            "story-member-without-story",
            ERROR,
            "SELECT sa.article_id || ' -> ' || sa.story_id FROM story_articles sa"
            " LEFT JOIN stories s ON s.id = sa.story_id WHERE s.id IS NULL",
            "story memberships name a story that is not stored",
        )
        self._query(
            "article-in-several-stories",
            ERROR,
            "SELECT article_id FROM story_articles GROUP BY article_id HAVING COUNT(DISTINCT story_id) > 1",
            "articles belong to more than one story",
        )
        self._query(
            "empty-story",
            ERROR,
            "SELECT s.id FROM stories s LEFT JOIN story_articles sa ON sa.story_id = s.id"
            " WHERE sa.story_id IS NULL",
            "stories without any article",
        )
        self._query(
            "built-article-without-story",
            ERROR,
            "SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " WHERE a.built > 0 AND sa.article_id IS NULL",
            "built articles that are in no story",
        )

    def _copy_groups(self) -> None:
        self._query(
            "copy-member-without-group",
            ERROR,
            "SELECT cm.article_id || ' -> ' || cm.group_id FROM copy_members cm"
            " LEFT JOIN copy_groups g ON g.id = cm.group_id WHERE g.id IS NULL",
            "copy-group members name a group that is not stored",
        )
        self._query(
            "copy-member-without-article",
            ERROR,
            "SELECT cm.article_id FROM copy_members cm LEFT JOIN articles a ON a.id = cm.article_id"
            " WHERE a.id IS NULL",
            "copy-group members name an article that is not stored",
        )
        self._query(
            "copy-group-too-small",
            ERROR,
            "SELECT g.id FROM copy_groups g LEFT JOIN copy_members cm ON cm.group_id = g.id"
            " GROUP BY g.id HAVING COUNT(cm.article_id) < 2",
            "copy groups with fewer than two members",
        )

    def _fts(self) -> None:
        if "articles_fts" not in self.tables:
            self._add("fts-missing", ERROR, ["articles_fts"], "the full-text index table is missing")
            return
        if "articles_fts_docsize" in self.tables:
            # the docsize shadow table holds one row per indexed document: compare row sets
            self._query(
                "fts-missing-rows",
                ERROR,
                "SELECT a.id FROM articles a LEFT JOIN articles_fts_docsize d ON d.id = a.rowid WHERE d.id IS NULL",
                "articles missing from the full-text index (search cannot find them)",
            )
            self._query(
                "fts-stale-rows",
                ERROR,
                "SELECT d.id FROM articles_fts_docsize d LEFT JOIN articles a ON a.rowid = d.id WHERE a.rowid IS NULL",
                "full-text index rows with no stored article",
            )
        # FTS5's own check compares the index with the content of `articles`; it is an
        # INSERT-shaped command, so run it in a transaction that is always rolled back
        self.checks.append("fts-integrity")
        try:
            self.db.execute("PRAGMA query_only=0")
            self.db.execute("BEGIN")
            try:
                # rank 1: also compare the index with the content of the `articles` table
                self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
            finally:
                self.db.execute("ROLLBACK")
                self.db.execute("PRAGMA query_only=1")
        except sqlite3.DatabaseError as exc:
            self._add("fts-integrity", ERROR, [str(exc)], "FTS5 integrity-check failed")

    def _offsets(self, table: str) -> None:
        if table not in self.tables:
            return
        code = f"{table[:-1]}-offsets"
        self.checks.append(code)
        bad: list[str] = []
        orphans: list[str] = []
        rows = self.db.execute(
            f'SELECT q.id, q.article_id, q.start, q."end", q.text, a.text FROM {table} q'
            " LEFT JOIN articles a ON a.id = q.article_id"
        )
        for qid, aid, start, end, span_text, article_text in rows:
            if article_text is None:
                orphans.append(f"{table} #{qid} -> {aid}")
            elif not (0 <= start <= end <= len(article_text)) or article_text[start:end] != span_text:
                bad.append(f"{table} #{qid} in {aid} [{start}:{end}]")
        self._add(
            code,
            ERROR,
            bad,
            f"{table} whose offsets do not point at their text in the article (text[start:end])",
        )
        self.checks.append(f"{table[:-1]}-without-article")
        self._add(f"{table[:-1]}-without-article", ERROR, orphans, f"{table} of articles that are not stored")

    def _accounting(self) -> None:
        self._query(
            "ingested-input-without-article",
            ERROR,
            "SELECT i.source FROM inputs i LEFT JOIN articles a ON a.id = i.article_id"
            " WHERE i.status = 'ingested' AND a.id IS NULL",
            "inputs recorded as ingested whose article is not stored (lost)",
        )
        self._query(
            "run-counts-mismatch",
            ERROR,
            "SELECT r.id FROM runs r LEFT JOIN ("
            "  SELECT run_id, COUNT(*) n, SUM(status='ingested') ing, SUM(status='duplicate') dup,"
            "  SUM(status='rejected') rej FROM inputs GROUP BY run_id) c ON c.run_id = r.id"
            " WHERE r.status != 'running' AND (r.inputs != r.ingested + r.duplicates + r.rejected"
            "  OR r.inputs != COALESCE(c.n, 0) OR r.ingested != COALESCE(c.ing, 0)"
            "  OR r.duplicates != COALESCE(c.dup, 0) OR r.rejected != COALESCE(c.rej, 0))",
            "finished runs whose stored counts do not add up or differ from their input rows",
        )
        self._query(
            "rejected-without-reason",
            ERROR,
            "SELECT source FROM inputs WHERE status = 'rejected' AND (reason IS NULL OR reason = '')",
            "rejected inputs without a reason",
        )

    def _unfinished(self) -> None:
        self._query(
            "interrupted-runs",
            WARNING,
            "SELECT id || ' (' || command || ', started ' || started || ')' FROM runs WHERE status = 'running'",
            "runs still marked running: interrupted (killed) unless one is going on now;"
            " their committed inputs are kept, re-run the command to finish",
        )
        self._query(
            "unbuilt-articles",
            WARNING,
            "SELECT id FROM articles WHERE built = 0",
            "articles not built yet: run `newsprism build`",
        )
