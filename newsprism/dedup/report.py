"""Plain-data views of copy detection for surfaces (CLI, web, export): diffs and copy reports.

`diff_rows` lays two articles side by side from a `CopyLink`'s passages (or a fresh
alignment); `copies_report` describes a set of articles' copy groups, origins, shares,
own additions and partial reuse. Both return JSON-ready dicts and lists.

>>> from newsprism.models import Article
>>> a = Article("a", "s", "t", "Rain closed the Harlow pass on Monday. Crews cleared the road by noon.")
>>> b = Article("b", "s", "t", "Rain closed the Harlow pass on Monday. Crews cleared the road by evening.")
>>> [r["kind"] for r in diff_rows(a, b)["rows"]]
['identical', 'edited']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.dedup.align import align, word_diff
from newsprism.dedup.groups import build_copy_groups, independent_origins
from newsprism.dedup.minhash import CopyConfig
from newsprism.models import Article, CopyGroup, CopyLink, Passage
from newsprism.text import words

__all__ = ["copies_report", "diff_rows"]


def _slice(text: str, start: int | None, end: int | None) -> str:
    return text[start:end] if start is not None and end is not None else ""


def diff_rows(
    a: Article, b: Article, link: CopyLink | None = None, config: CopyConfig | None = None
) -> dict[str, Any]:
    """Side-by-side rows of two articles: identical / edited (with a word diff) / only_a / only_b.

    Uses `link`'s stored passages when given (oriented to A and B whichever way the
    link was stored), else aligns the texts now. ``source`` says which.
    """
    passages: list[Passage]
    if link is not None and link.passages:
        passages = link.passages
        swapped = link.a_id == b.id and link.b_id == a.id
        if swapped:
            flip = {"only_a": "only_b", "only_b": "only_a"}
            passages = [
                Passage(flip.get(p.kind, p.kind), p.b_start, p.b_end, p.a_start, p.a_end, p.similarity)  # type: ignore[arg-type]
                for p in passages
            ]
        source = "stored copy link"
        coverage = (link.coverage_b, link.coverage_a) if swapped else (link.coverage_a, link.coverage_b)
        kind: str | None = link.kind
    else:
        al = align(a.text, b.text, config)
        passages = al.passages
        source = "alignment"
        coverage = (al.coverage_a, al.coverage_b)
        kind = link.kind if link is not None else None
    rows = []
    for p in passages:
        ta, tb = _slice(a.text, p.a_start, p.a_end), _slice(b.text, p.b_start, p.b_end)
        row: dict[str, Any] = {"kind": p.kind, "a": ta, "b": tb, "similarity": p.similarity}
        if p.kind == "edited":
            row["diff"] = [{"op": op, "text": text} for op, text in word_diff(ta, tb)]
        rows.append(row)
    return {
        "a": {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published},
        "b": {"id": b.id, "title": b.title, "outlet": b.outlet, "published": b.published},
        "source": source,
        "kind": kind,
        "coverage_a": round(coverage[0], 4),
        "coverage_b": round(coverage[1], 4),
        "rows": rows,
    }


def _own_additions(article: Article, links: Sequence[CopyLink]) -> tuple[int, str]:
    """Words of `article` outside every shared passage of `links`, and a short sample."""
    covered = [False] * len(article.text)
    for link in links:
        for p in link.passages:
            if p.kind not in ("identical", "edited"):
                continue
            lo, hi = (p.a_start, p.a_end) if link.a_id == article.id else (p.b_start, p.b_end)
            if lo is None or hi is None:
                continue
            for k in range(lo, min(hi, len(covered))):
                covered[k] = True
    own = "".join(ch if not c else "\n" for ch, c in zip(article.text, covered, strict=True))
    parts = [" ".join(part.split()) for part in own.split("\n")]
    parts = [p for p in parts if words(p)]
    n = sum(len(words(p)) for p in parts)
    sample = max(parts, key=len, default="")
    return n, sample[:200]


def copies_report(
    articles: Sequence[Article],
    links: Sequence[CopyLink],
    groups: Sequence[CopyGroup] | None = None,
) -> dict[str, Any]:
    """Copy groups of `articles` (built from `links` if not given) with origins and shares.

    Per group member: copied share, own additions (words outside the passages it shares
    with other members) and a sample of them; plus the partial-reuse links touching the
    articles and the number of independent origins (a copy group counts once).
    """
    ids = {a.id for a in articles}
    by_id = {a.id: a for a in articles}
    links = [lk for lk in links if lk.a_id in ids or lk.b_id in ids]
    if groups is None:
        groups = build_copy_groups(articles, links)
    groups = [g for g in groups if ids.intersection(g.article_ids)]
    out_groups = []
    for g in groups:
        members = []
        for aid in g.article_ids:
            art = by_id.get(aid)
            mine = [
                lk
                for lk in links
                if lk.kind == "same_copy"
                and aid in (lk.a_id, lk.b_id)
                and {lk.a_id, lk.b_id} <= set(g.article_ids)
            ]
            n_own, sample = _own_additions(art, mine) if art is not None else (0, "")
            members.append(
                {
                    "id": aid,
                    "outlet": art.outlet if art else None,
                    "published": art.published if art else None,
                    "title": art.title if art else None,
                    "origin": aid == g.origin_id,
                    "copied_share": g.copied_share.get(aid),
                    "own_words": n_own,
                    "own_sample": sample,
                }
            )
        out_groups.append(
            {
                "id": g.id,
                "origin_id": g.origin_id,
                "origin_agency": g.origin_agency,
                "origin_reason": g.origin_reason,
                "members": members,
            }
        )
    partial = [
        {
            "a_id": lk.a_id,
            "b_id": lk.b_id,
            "coverage_a": lk.coverage_a,
            "coverage_b": lk.coverage_b,
            "shared_passages": sum(1 for p in lk.passages if p.kind in ("identical", "edited")),
        }
        for lk in links
        if lk.kind == "partial_reuse"
    ]
    return {
        "articles": len(ids),
        "independent_origins": independent_origins(sorted(ids), groups),
        "groups": out_groups,
        "partial_reuse": partial,
    }
