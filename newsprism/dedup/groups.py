"""Copy groups: articles that carry the same source copy, and the likely origin of each.

>>> from newsprism.models import Article, CopyLink
>>> arts = [Article("a1", "s", "t", "x", published="2024-03-02", wire_agency="AP"),
...         Article("a2", "s", "t", "x", published="2024-03-01"),
...         Article("a3", "s", "t", "x", published="2024-03-03")]
>>> links = [CopyLink("a2", "a1", 0.6, 0.9, 0.95, "same_copy")]
>>> [g] = build_copy_groups(arts, links)
>>> g.article_ids, g.origin_agency
(['a2', 'a1'], 'AP')
>>> independent_origins(["a1", "a2", "a3"], [g])
2
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from newsprism.ids import group_id
from newsprism.models import Article, CopyGroup, CopyLink

__all__ = ["build_copy_groups", "independent_origins"]

# Members whose completeness is within this of the best count as "most complete":
# alignment coverage varies by a few points with cleaning noise, so a strict maximum
# would let one stray caption decide the origin over a wire credit or an earlier date.
_COMPLETENESS_TOLERANCE = 0.1


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _time_key(article_id: str, articles: dict[str, Article]) -> tuple[int, str, str]:
    art = articles.get(article_id)
    published = art.published if art is not None else None
    return (0 if published else 1, published or "", article_id)


def _is_wire_outlet(art: Article) -> bool:
    """The agency's own copy: outlet "AP" or "Associated Press" crediting "AP"."""
    if not art.wire_agency or not art.outlet:
        return False
    credit = art.wire_agency.strip().lower()
    outlet = art.outlet.strip().lower()
    initials = "".join(w[0] for w in outlet.replace("-", " ").split() if w[0].isalnum())
    return credit in (outlet, initials)


def build_copy_groups(articles: Sequence[Article], links: Sequence[CopyLink]) -> list[CopyGroup]:
    """Connected components over ``same_copy`` links (groups of two or more).

    Each group gets an origin (most complete text, then a wire agency's own copy or a
    wire credit, then the earliest published, then the id), the most common wire
    credit of its members, and per member the share of its text that is shared copy.
    `partial_reuse` links never make anyone a member. Groups come sorted by id.
    """
    by_id = {a.id: a for a in articles}
    uf = _UnionFind()
    same = [link for link in links if link.kind == "same_copy" and link.a_id != link.b_id]
    for link in same:
        uf.union(link.a_id, link.b_id)

    members: dict[str, list[str]] = defaultdict(list)
    for x in list(uf.parent):
        members[uf.find(x)].append(x)

    # per article: share of its own text found in a linked copy (max over links), and how
    # much of its neighbours' texts it contains (mean over links)
    own_share: dict[str, float] = defaultdict(float)
    contains: dict[str, list[float]] = defaultdict(list)
    for link in same:
        own_share[link.a_id] = max(own_share[link.a_id], link.coverage_a)
        own_share[link.b_id] = max(own_share[link.b_id], link.coverage_b)
        contains[link.a_id].append(link.coverage_b)  # share of B found in A
        contains[link.b_id].append(link.coverage_a)

    groups: list[CopyGroup] = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: _time_key(i, by_id))
        completeness = {i: sum(contains[i]) / len(contains[i]) for i in ids}
        best = max(completeness.values())
        complete = [i for i in ids if completeness[i] >= best - _COMPLETENESS_TOLERANCE]

        def origin_rank(i: str) -> tuple[int, tuple[int, str, str]]:
            art = by_id.get(i)
            wire = (
                0
                if art is not None and _is_wire_outlet(art)
                else 1
                if art is not None and art.wire_agency
                else 2
            )
            return (wire, _time_key(i, by_id))

        origin = min(complete, key=origin_rank)
        origin_art = by_id.get(origin)
        reasons = [f"most complete text (contains {completeness[origin]:.0%} of linked copies on average)"]
        if len(complete) > 1:
            if origin_art is not None and _is_wire_outlet(origin_art):
                reasons.append(f"the agency's own copy ({origin_art.outlet})")
            elif origin_art is not None and origin_art.wire_agency:
                reasons.append(f"credits {origin_art.wire_agency}")
            if origin_art is not None and origin_art.published:
                reasons.append(f"earliest of the complete copies ({origin_art.published})")
            else:
                reasons.append("first by id among equally complete copies")

        credits = [(by_id[i].wire_agency or "").strip() for i in ids if i in by_id]
        agencies = Counter(c for c in credits if c)
        # most common credit; ties go to the alphabetically first, for stable output
        origin_agency = min(agencies, key=lambda a: (-agencies[a], a)) if agencies else None

        groups.append(
            CopyGroup(
                id=group_id("c", ids[0]),
                article_ids=ids,
                origin_id=origin,
                origin_agency=origin_agency,
                origin_reason="; ".join(reasons),
                copied_share={i: round(own_share[i], 4) for i in ids},
            )
        )
    groups.sort(key=lambda g: g.id)
    return groups


def independent_origins(article_ids: Iterable[str], groups: Sequence[CopyGroup]) -> int:
    """How many independent sources a set of articles represents (a copy group counts once).

    >>> g = CopyGroup("c1", ["a", "b"], "a", None)
    >>> independent_origins(["a", "b", "c"], [g]), independent_origins([], [g])
    (2, 0)
    """
    group_of = {aid: g.id for g in groups for aid in g.article_ids}
    return len({group_of.get(aid, "article:" + aid) for aid in article_ids})
