"""Page models: turn read-model dicts into what the templates draw.

Everything that needs arithmetic (chart coordinates, heat-map cells, text segments
from character offsets, citation numbers) happens here, in plain Python that tests can
check; the templates only loop and print, and Jinja2 escapes every value they print.
Nothing here builds HTML strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsprism.models import Article, Passage

# -- text segments ------------------------------------------------------------------


@dataclass(slots=True)
class Segment:
    """A run of text drawn with one style. `parts` (op, text) refine it word by word."""

    text: str
    cls: str = ""
    key: str = ""  # pairs a passage with its counterpart on the other side of a diff
    title: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    cls: str
    key: str = ""
    title: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `text` into styled segments; text outside every span is a plain segment.

    Spans are clamped to the text; where spans overlap the earlier one wins.

    >>> [(s.text, s.cls) for s in segments("abcdef", [Span(1, 3, "x"), Span(2, 5, "y")])]
    [('a', ''), ('bc', 'x'), ('de', 'y'), ('f', '')]
    """
    out: list[Segment] = []
    cursor = 0
    n = len(text)
    for sp in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(sp.start, cursor, 0), min(sp.end, n)
        if start >= end:
            continue
        if start > cursor:
            out.append(Segment(text[cursor:start]))
        # word-level parts only describe the whole passage: drop them when it was clipped
        parts = sp.parts if (start, end) == (sp.start, sp.end) else []
        out.append(Segment(text[start:end], sp.cls, sp.key, sp.title, parts))
        cursor = end
    if cursor < n:
        out.append(Segment(text[cursor:]))
    return out


# -- diff ---------------------------------------------------------------------------

PASSAGE_CLASS = {"identical": "copied", "edited": "edited", "only_a": "own", "only_b": "own"}


def flip(passages: Sequence[Passage]) -> list[Passage]:
    """The passages of (b, a) from those of (a, b)."""
    swap = {"only_a": "only_b", "only_b": "only_a"}
    return [
        Passage(swap.get(p.kind, p.kind), p.b_start, p.b_end, p.a_start, p.a_end, p.similarity)  # type: ignore[arg-type]
        for p in passages
    ]


def _word_parts(mine: str, other: str, changed: str) -> list[tuple[str, str]]:
    """Word diff of `mine` against `other`: ("equal"|changed, text), in `mine`'s words."""
    try:
        from newsprism.dedup import word_diff
    except ImportError:
        return []
    return [
        ("equal" if op == "equal" else changed, words)
        for op, words in word_diff(mine, other)
        if op != "insert"
    ]


def diff_model(a: Article, b: Article, passages: Sequence[Passage] | None) -> dict[str, Any]:
    """Both texts cut into copied / edited / own segments, with shares per kind."""
    left: list[Span] = []
    right: list[Span] = []
    for i, p in enumerate(passages or []):
        cls = PASSAGE_CLASS.get(p.kind, "")
        key = f"p{i}" if p.kind in ("identical", "edited") else ""
        has_a = p.a_start is not None and p.a_end is not None
        has_b = p.b_start is not None and p.b_end is not None
        a_txt = a.text[p.a_start : p.a_end] if has_a else ""  # type: ignore[misc]
        b_txt = b.text[p.b_start : p.b_end] if has_b else ""  # type: ignore[misc]
        title = (
            f"{p.kind} (similarity {p.similarity:.2f})" if p.kind == "edited" else p.kind.replace("_", " ")
        )
        if has_a and p.kind != "only_b":
            parts = _word_parts(a_txt, b_txt, "del") if p.kind == "edited" and b_txt else []
            left.append(Span(p.a_start, p.a_end, cls, key, title, parts))  # type: ignore[arg-type]
        if has_b and p.kind != "only_a":
            parts = _word_parts(b_txt, a_txt, "ins") if p.kind == "edited" and a_txt else []
            right.append(Span(p.b_start, p.b_end, cls, key, title, parts))  # type: ignore[arg-type]
    return {
        "left": segments(a.text, left),
        "right": segments(b.text, right),
        "left_share": _shares(a.text, left),
        "right_share": _shares(b.text, right),
    }


def _shares(text: str, spans: Sequence[Span]) -> dict[str, int]:
    """Percent of the text's characters in each kind of passage."""
    total = max(len(text), 1)
    chars: Counter[str] = Counter()
    for seg in segments(text, spans):
        if seg.cls:
            chars[seg.cls] += len(seg.text)
    return {k: round(100 * chars[k] / total) for k in ("copied", "edited", "own")}


# -- article text -----------------------------------------------------------------


def article_segments(text: str, quotes: Sequence[dict[str, Any]]) -> list[Segment]:
    """The clean text with its quotes marked (speaker and cue in the tooltip)."""
    spans = []
    for q in quotes:
        try:
            start, end = int(q["start"]), int(q["end"])
        except (KeyError, TypeError, ValueError):
            continue
        who = q.get("speaker_canonical") or q.get("speaker") or "unattributed"
        cue = f" ({q['cue']})" if q.get("cue") else ""
        spans.append(Span(start, end, f"quote quote-{q.get('kind') or 'direct'}", "", f"{who}{cue}"))
    return segments(text, spans)


# -- search snippets --------------------------------------------------------------

_SNIPPET_MARK = re.compile(r"\[([^\[\]\n]{1,120})\]")
_QUERY_WORD = re.compile(r"\w+")


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def snippet_segments(snippet: str | None, query: str) -> list[Segment]:
    """An FTS snippet (matches in [brackets]) as segments with the matches marked.

    Only bracketed text containing a query word counts as a match, so brackets that
    were in the article ("[sic]") stay as they were.

    >>> [(s.text, s.cls) for s in snippet_segments("the [bridge] [sic] closed", "Bridge")]
    [('the ', ''), ('bridge', 'hit'), (' [sic] closed', '')]
    """
    if not snippet:
        return []
    words = {_fold(w) for w in _QUERY_WORD.findall(query)}
    out: list[Segment] = []
    cursor = 0
    plain = ""
    for m in _SNIPPET_MARK.finditer(snippet):
        inner = m.group(1)
        if not words.intersection(_fold(w) for w in _QUERY_WORD.findall(inner)):
            continue
        plain += snippet[cursor : m.start()]
        if plain:
            out.append(Segment(plain))
            plain = ""
        out.append(Segment(inner, "hit"))
        cursor = m.end()
    plain += snippet[cursor:]
    if plain:
        out.append(Segment(plain))
    return out


# -- timeline charts ----------------------------------------------------------------


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class ChartPoint:
    x: float
    y: float
    href: str
    title: str
    label: str = ""
    cls: str = ""


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    lanes: list[tuple[float, str]]  # (y, label)
    ticks: list[tuple[float, str]]  # (x, label)
    points: list[ChartPoint]
    axis_y: float
    x0: float
    x1: float
    undated: int = 0


_CHART_W = 760
_LANE_H = 28
_TOP = 18
_MARKER_GAP = 19.0  # numbered markers have radius 8: centres closer than this overlap
_LEVEL_H = 20


def _ticks(d0: date, d1: date, x_of: Any) -> list[tuple[float, str]]:
    span = (d1 - d0).days
    if span == 0:
        return [(x_of(d0), d0.isoformat())]
    # at most ~7 labels so they never overlap at the chart's width
    step = max(1, -(-span // 6))
    out = []
    day = d0.toordinal()
    while day <= d1.toordinal():
        d = date.fromordinal(day)
        out.append((x_of(d), d.strftime("%d %b") if span < 300 else d.strftime("%b %Y")))
        day += step
    return out


def timeline_chart(
    items: Sequence[tuple[str | None, str, str, str, str]], *, lanes: bool = True, numbered: bool = False
) -> Chart | None:
    """A dot chart over time. `items` are (date, lane, href, title, css class).

    With `lanes`, each distinct lane (an outlet) gets a row; otherwise all dots share
    one row and, with `numbered`, carry their 1-based position as a label.
    """
    dated = [(parse_day(d), lane, href, title, cls) for d, lane, href, title, cls in items]
    undated = sum(1 for d in dated if d[0] is None)
    dated_ok = [d for d in dated if d[0] is not None]
    if not dated_ok:
        return None
    days = [d[0] for d in dated_ok]
    d0, d1 = min(days), max(days)  # type: ignore[type-var]
    lane_names = (
        sorted({d[1] for d in dated_ok}, key=lambda n: (n.startswith("("), n.lower())) if lanes else [""]
    )
    left = 170 if lanes else 30
    right = 30
    x0, x1 = float(left), float(_CHART_W - right)
    span = max((d1 - d0).days, 0)  # type: ignore[operator]

    def x_of(d: date) -> float:
        if span == 0:
            return (x0 + x1) / 2
        return x0 + (d - d0).days / span * (x1 - x0)  # type: ignore[operator]

    # Numbered markers close in time would cover each other: lift each onto the lowest
    # level where it keeps a marker's width from the previous one (levels stack upwards).
    level: dict[int, int] = {}
    if not lanes:
        last_x: list[float] = []
        for n, (d, *_rest) in sorted(enumerate(dated), key=lambda nd: (nd[1][0] or date.min, nd[0])):
            if d is None:
                continue
            x = x_of(d)
            k = next((i for i, lx in enumerate(last_x) if x - lx >= _MARKER_GAP), len(last_x))
            if k == len(last_x):
                last_x.append(x)
            last_x[k] = x
            level[n] = k
    lift = _LEVEL_H * max(level.values(), default=0)
    lane_y = {
        name: _TOP + lift + _LANE_H * (i + 0.5) + (12 if numbered else 0) for i, name in enumerate(lane_names)
    }
    axis_y = _TOP + lift + _LANE_H * len(lane_names) + (12 if numbered else 0) + 6
    stack: Counter[tuple[str, date]] = Counter()
    points = []
    for n, (d, lane, href, title, cls) in enumerate(dated):
        if d is None:
            continue
        x = x_of(d)
        if lanes:
            # several dots on one day in one lane: step them right so each stays clickable
            k = stack[(lane, d)]
            stack[(lane, d)] += 1
            x = min(x + 9 * k, x1 + 12)
        y = lane_y[lane if lanes else ""] - _LEVEL_H * level.get(n, 0)
        points.append(ChartPoint(round(x, 1), y, href, title, str(n + 1) if numbered else "", cls))
    return Chart(
        width=_CHART_W,
        height=int(axis_y + 26),
        lanes=[(lane_y[n], _short(n, 24)) for n in lane_names] if lanes else [],
        ticks=[(round(x, 1), label) for x, label in _ticks(d0, d1, x_of)],  # type: ignore[arg-type]
        points=points,
        axis_y=axis_y,
        x0=x0,
        x1=x1,
        undated=undated,
    )


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# -- coverage heat map --------------------------------------------------------------

TREATMENTS = ("reports", "attributes", "hedges", "contradicts")
UNKNOWN_OUTLET = "(unknown outlet)"


def outlet_name(value: str | None) -> str:
    return value or UNKNOWN_OUTLET


def heatmap(view: dict[str, Any], *, max_rows: int = 25) -> dict[str, Any]:
    """Facts × outlets: how each outlet carries each fact (or that it does not)."""
    comparison = view.get("comparison") or {}
    facts = [f for f in comparison.get("facts") or [] if isinstance(f, dict)]
    outlet_of = {a["id"]: outlet_name(a.get("outlet")) for a in view.get("articles", [])}
    per_fact: list[tuple[dict[str, Any], dict[str, str]]] = []
    covered: Counter[str] = Counter()
    for fact in facts:
        treatment = fact.get("treatment") or {}
        cells: dict[str, str] = {}
        for aid in fact.get("article_ids") or []:
            outlet = outlet_of.get(aid)
            if outlet is None:
                continue
            how = str(treatment.get(aid) or "reports")
            if how not in TREATMENTS:
                how = "reports"
            # an outlet with several articles: show its most committal treatment
            if outlet not in cells or TREATMENTS.index(how) < TREATMENTS.index(cells[outlet]):
                cells[outlet] = how
        per_fact.append((fact, cells))
        covered.update(cells.keys())
    outlets = sorted(set(outlet_of.values()), key=lambda o: (-covered[o], o.lower()))
    # widely carried facts first: the matrix reads as "common ground, then who adds what"
    per_fact.sort(key=lambda fc: -len(fc[1]))
    rows = []
    exclusive = {str(fid) for ids in (comparison.get("exclusive") or {}).values() for fid in ids or []}
    for fact, cells in per_fact[:max_rows]:
        rows.append(
            {
                "id": fact.get("id"),
                "text": fact.get("text") or "",
                "n": len(cells),
                "exclusive": str(fact.get("id")) in exclusive or len(cells) == 1,
                "cells": [
                    {"outlet": o, "cls": cells.get(o, "absent"), "label": cells.get(o, "does not carry it")}
                    for o in outlets
                ],
            }
        )
    return {
        "outlets": outlets,
        "rows": rows,
        "hidden": max(0, len(per_fact) - max_rows),
        "total": len(per_fact),
    }


# -- coverage grouped by an outlet facet ---------------------------------------------

# (query value, label) of the facet switcher on the story page
FACET_LINKS: tuple[tuple[str, str], ...] = (
    ("ownership", "Ownership"),
    ("country", "Country"),
    ("language", "Language"),
    ("wire", "Wire copy"),
    ("wire_agency", "Wire agency"),
)


def grouped_model(report: dict[str, Any], *, max_rows: int = 25, max_spots: int = 12) -> dict[str, Any]:
    """The story page's "by outlet group" section from `compare.grouped_report`'s dict.

    Rows are facts carried by two or more groups or flagged as a blindspot; the cell
    classes reuse the heat map's (`t-reports` ... `t-absent`).
    """
    groups = [g for g in report.get("groups") or [] if isinstance(g, dict)]
    names = [str(g.get("name")) for g in groups]
    rows = []
    for f in report.get("facts") or []:
        coverage = f.get("coverage") or {}
        carried = [n for n in names if coverage.get(n, "omits") != "omits"]
        rows.append(
            {
                "text": f.get("text") or "",
                "n": len(carried),
                "cells": [
                    {
                        "group": n,
                        "cls": coverage.get(n) if coverage.get(n) in TREATMENTS else "absent",
                        "label": coverage.get(n) if coverage.get(n) in TREATMENTS else "does not carry it",
                    }
                    for n in names
                ],
            }
        )
    spots = [b for b in report.get("blindspots") or [] if isinstance(b, dict)]
    return {
        "facet": report.get("facet") or "",
        "groups": [
            {
                "name": str(g.get("name")),
                "known": bool(g.get("known")),
                "outlets": list(g.get("outlets") or []),
                "facts": g.get("facts") or 0,
                "exclusive": len(g.get("exclusive") or []),
                "omitted": [str(o.get("text") or "") for o in g.get("omitted") or []][:5],
            }
            for g in groups
        ],
        "columns": names,
        "rows": rows[:max_rows],
        "hidden": max(0, len(rows) - max_rows),
        "blindspots": [
            {
                "group": str(b.get("group")),
                "text": str(b.get("text") or ""),
                "outlets": list(b.get("outlets") or []),
            }
            for b in spots[:max_spots]
        ],
        "more_blindspots": max(0, len(spots) - max_spots),
        "unregistered": sorted(str(o) for o, e in (report.get("registry") or {}).items() if e is None),
    }


# -- story parts --------------------------------------------------------------------


def citations(view: dict[str, Any]) -> dict[str, int]:
    """Article id -> its citation number (its 1-based place in the story's article list)."""
    return {a["id"]: i for i, a in enumerate(view.get("articles", []), start=1)}


def summary_model(sentences: Sequence[dict[str, Any]], numbers: dict[str, int]) -> list[dict[str, Any]]:
    """Summary sentences with their citations as (number, article id)."""
    out = []
    for s in sentences:
        if not isinstance(s, dict) or not s.get("sentence"):
            continue
        cites = sorted((numbers.get(aid, 0), aid) for aid in s.get("article_ids") or [])
        out.append({"sentence": s["sentence"], "cites": cites, "supported": s.get("supported", True)})
    return out


def _norm_quote(text: str) -> str:
    return " ".join(_QUERY_WORD.findall(text.lower()))


def quote_groups(view: dict[str, Any], *, limit: int = 40) -> list[dict[str, Any]]:
    """Quotes of the story, the same quote across outlets merged, most carried first."""
    by_article = {a["id"]: a for a in view.get("articles", [])}
    quotes = view.get("quotes", [])
    groups: list[dict[str, Any]] = []
    clusters = [c for c in view.get("quote_clusters") or [] if isinstance(c, dict) and c.get("text")]
    if clusters:
        for c in clusters:
            carriers: list[dict[str, str]] = []
            for member in c.get("members") or []:
                aid = str(member[0]) if isinstance(member, list | tuple) and member else ""
                if aid in by_article and aid not in [x["id"] for x in carriers]:
                    carriers.append({"id": aid, "outlet": outlet_name(by_article[aid].get("outlet"))})
            groups.append(
                {
                    "text": c["text"],
                    "speaker": c.get("speaker"),
                    "carriers": carriers,
                    "variants": max(0, len(c.get("variants") or []) - 1),
                    "kind": "",
                }
            )
    else:
        merged: dict[str, dict[str, Any]] = {}
        for q in quotes:
            key = _norm_quote(q.get("text") or "")
            if not key:
                continue
            g = merged.setdefault(
                key,
                {
                    "text": q["text"],
                    "speaker": q.get("speaker"),
                    "carriers": [],
                    "variants": 0,
                    "kind": q.get("kind"),
                },
            )
            g["speaker"] = g["speaker"] or q.get("speaker")
            if q["article_id"] not in [x["id"] for x in g["carriers"]]:
                g["carriers"].append({"id": q["article_id"], "outlet": outlet_name(q.get("outlet"))})
        groups = list(merged.values())
    groups.sort(key=lambda g: (-len({c["outlet"] for c in g["carriers"]}), -len(g["text"])))
    return groups[:limit]


def copy_group_models(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Copy groups with the origin first and a diff link for every other member."""
    by_article = {a["id"]: a for a in view.get("articles", [])}
    out = []
    for g in view.get("copy_groups", []):
        members = g.get("members") or []
        origin = g.get("origin_id") or (members[0]["article_id"] if members else None)
        rows = []
        for m in sorted(members, key=lambda m: (m["article_id"] != origin, -(m.get("copied_share") or 0))):
            share = m.get("copied_share")
            rows.append(
                {
                    "id": m["article_id"],
                    "outlet": outlet_name(m.get("outlet")),
                    "title": (by_article.get(m["article_id"]) or {}).get("title") or m["article_id"],
                    "share": round(100 * share) if isinstance(share, int | float) else None,
                    "origin": m["article_id"] == origin,
                    "diff": f"/diff/{origin}/{m['article_id']}"
                    if origin and m["article_id"] != origin
                    else None,
                }
            )
        out.append(
            {
                "id": g.get("id"),
                "agency": g.get("origin_agency"),
                "reason": g.get("origin_reason"),
                "origin": origin,
                "members": rows,
            }
        )
    return out


def evidence_models(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Why each article is in the story, in the order of the article list."""
    ev = {e.get("article_id"): e for e in view.get("evidence", []) if isinstance(e, dict)}
    out = []
    for a in view.get("articles", []):
        e = ev.get(a["id"])
        if e is None:
            continue
        sim = e.get("similarity")
        gap = e.get("time_gap_days")
        out.append(
            {
                "id": a["id"],
                "outlet": outlet_name(a.get("outlet")),
                "title": a.get("title"),
                "similarity": round(100 * sim) if isinstance(sim, int | float) else None,
                "terms": list(e.get("shared_terms") or [])[:12],
                "entities": list(e.get("shared_entities") or [])[:10],
                "gap": round(gap, 1) if isinstance(gap, int | float) else None,
                "reason": e.get("reason") or "",
            }
        )
    return out


def claim_models(view: dict[str, Any], *, limit: int = 20) -> list[dict[str, Any]]:
    """Claim clusters: the proposition, who asserts or denies it, and the outlets carrying it.

    Disputed claims (asserted by some, denied by others) come first, then the most carried.
    """
    outlet_of = {a["id"]: outlet_name(a.get("outlet")) for a in view.get("articles", [])}
    out = []
    for c in view.get("claim_clusters") or []:
        if not isinstance(c, dict) or not c.get("text"):
            continue
        polarity: Counter[str] = Counter()
        if isinstance(c.get("polarity_counts"), dict):
            polarity.update(
                {str(k): int(v) for k, v in c["polarity_counts"].items() if isinstance(v, int | float)}
            )
        elif isinstance(c.get("polarity"), str):
            polarity[c["polarity"]] += 1
        by_polarity: list[tuple[str, list[str]]] = []
        asserters = c.get("asserters")
        if isinstance(asserters, dict):
            by_polarity = [
                (str(k), [str(x) for x in v if x][:6]) for k, v in asserters.items() if isinstance(v, list)
            ]
        elif c.get("asserter"):
            by_polarity = [(str(c.get("polarity") or "asserts"), [str(c["asserter"])])]
        outlets = sorted({outlet_of[a] for a in c.get("article_ids") or [] if a in outlet_of})
        out.append(
            {
                "text": c["text"],
                "polarity": sorted(polarity.items()),
                "asserters": [(p, names) for p, names in sorted(by_polarity) if names],
                "outlets": outlets,
                "disputed": len([p for p, n in polarity.items() if n]) > 1,
            }
        )
    out.sort(key=lambda c: (not c["disputed"], -len(c["outlets"])))
    return out[:limit]
