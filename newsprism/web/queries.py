"""Read-only queries the web surfaces need beyond `Store`'s methods.

`Store` lists all stories or all articles; the web pages and the API need filtered,
counted and paginated lists, so these helpers select ids (and totals) with SQL over the
store's connection and hand the ids back to `Store` to build the records. Nothing here
writes.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsprism.models import Article, Story
from newsprism.store import Store

# Story order: the same as `Store.stories` (newest last article first, then larger stories).
_STORY_ORDER = " ORDER BY COALESCE(s.last_seen, '') DESC, n DESC, s.id"


@dataclass(slots=True)
class StoryFilter:
    """Filters of the stories list; None means "any"."""

    date_from: str | None = None  # "YYYY-MM-DD", inclusive
    date_to: str | None = None  # "YYYY-MM-DD", inclusive
    outlet: str | None = None
    storyline_id: str | None = None

    @property
    def active(self) -> bool:
        return any((self.date_from, self.date_to, self.outlet, self.storyline_id))


def _where(flt: StoryFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    # a story matches a date range when its span [first_seen, last_seen] overlaps it
    if flt.date_from:
        clauses.append("substr(COALESCE(s.last_seen, s.first_seen, ''), 1, 10) >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append("s.first_seen IS NOT NULL AND substr(s.first_seen, 1, 10) <= ?")
        params.append(flt.date_to)
    if flt.outlet:
        clauses.append("EXISTS (SELECT 1 FROM json_each(s.outlets) WHERE json_each.value = ?)")
        params.append(flt.outlet)
    if flt.storyline_id:
        clauses.append("s.storyline_id = ?")
        params.append(flt.storyline_id)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def count_stories(store: Store, flt: StoryFilter | None = None) -> int:
    """How many stories match the filter."""
    where, params = _where(flt or StoryFilter())
    return int(store.db.execute(f"SELECT COUNT(*) FROM stories s{where}", params).fetchone()[0])


def list_stories(
    store: Store, flt: StoryFilter | None = None, *, limit: int = 20, offset: int = 0
) -> list[Story]:
    """Stories matching the filter, newest first, one page of them."""
    where, params = _where(flt or StoryFilter())
    rows = store.db.execute(
        "SELECT s.id, (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id) n"
        f" FROM stories s{where}{_STORY_ORDER} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    stories = []
    for row in rows:
        story = store.get_story(row["id"])
        if story is not None:
            stories.append(story)
    return stories


def count_articles(store: Store, outlet: str | None = None) -> int:
    sql, params = "SELECT COUNT(*) FROM articles", []
    if outlet is not None:
        sql, params = sql + " WHERE outlet = ?", [outlet]
    return int(store.db.execute(sql, params).fetchone()[0])


def list_articles(
    store: Store, *, limit: int = 20, offset: int = 0, outlet: str | None = None
) -> list[Article]:
    """Articles in publication order (the order of the export), one page of them."""
    sql, params = "SELECT id FROM articles", []
    if outlet is not None:
        sql, params = sql + " WHERE outlet = ?", [outlet]
    sql += " ORDER BY COALESCE(published, ''), id LIMIT ? OFFSET ?"
    ids = [r["id"] for r in store.db.execute(sql, [*params, limit, offset])]
    return store.articles(ids)


def links_for(store: Store, article_ids: list[str]) -> dict[str, dict[str, str | None]]:
    """Per article id: its story, storyline and copy group (like `Store.article_links`, for a few ids)."""
    out: dict[str, dict[str, str | None]] = {}
    for i in range(0, len(article_ids), 500):
        chunk = article_ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.db.execute(
            "SELECT a.id, sa.story_id, s.storyline_id, cm.group_id FROM articles a"
            " LEFT JOIN story_articles sa ON sa.article_id = a.id"
            " LEFT JOIN stories s ON s.id = sa.story_id"
            f" LEFT JOIN copy_members cm ON cm.article_id = a.id WHERE a.id IN ({marks})",
            chunk,
        ):
            out[r["id"]] = {
                "story_id": r["story_id"],
                "storyline_id": r["storyline_id"],
                "copy_group": r["group_id"],
            }
    return out


def outlets(store: Store) -> list[tuple[str, int]]:
    """Every named outlet with its number of articles, most articles first."""
    rows = store.db.execute(
        "SELECT outlet, COUNT(*) n FROM articles WHERE outlet IS NOT NULL AND outlet != ''"
        " GROUP BY outlet ORDER BY n DESC, outlet"
    )
    return [(r["outlet"], int(r["n"])) for r in rows]


def stories_of_outlet(store: Store, outlet: str) -> list[Story]:
    """Stories with at least one article by this outlet, newest first."""
    rows = store.db.execute(
        "SELECT s.id, (SELECT COUNT(*) FROM story_articles sa WHERE sa.story_id = s.id) n FROM stories s"
        " WHERE s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
        f" WHERE a.outlet = ?){_STORY_ORDER}",
        (outlet,),
    ).fetchall()
    return [s for r in rows if (s := store.get_story(r["id"])) is not None]


def attribution_of_outlet(store: Store, outlet: str, story_ids: list[str]) -> Counter[str]:
    """Attribution verbs the outlet used, summed over the comparisons of these stories."""
    verbs: Counter[str] = Counter()
    for sid in story_ids:
        comparison = store.story_report(sid).get("comparison") or {}
        for verb, n in ((comparison.get("attribution") or {}).get(outlet) or {}).items():
            if isinstance(n, int | float):
                verbs[str(verb)] += int(n)
    return verbs


def storyline_titles(store: Store) -> list[tuple[str, str]]:
    """(id, title) of every storyline, for the filter menu."""
    return [
        (r["id"], r["title"]) for r in store.db.execute("SELECT id, title FROM storylines ORDER BY title, id")
    ]


def count_storylines(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM storylines").fetchone()[0])


def first_summary_sentence(store: Store, story_id: str) -> str | None:
    """The lead sentence of a story's cited summary (for list cards)."""
    row = store.db.execute("SELECT summary FROM story_reports WHERE story_id=?", (story_id,)).fetchone()
    if row is None:
        return None
    try:
        summary = json.loads(row["summary"])
    except ValueError:
        return None
    if summary and isinstance(summary[0], dict):
        return str(summary[0].get("sentence") or "") or None
    return None
