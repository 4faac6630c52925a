"""Real pages from ../shared/seeds: two outlets running the same AP copy, and others."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.dedup import CopyDetector
from newsprism.models import Article
from newsprism.text import normalize_space

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def load(prefix: str) -> Article:
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    # Deliberately crude cleaning (the clean stage is separate): keep lines of 60+
    # characters, one paragraph each. Menus and headline lists partly survive it.
    lines = [normalize_space(line) for line in path.read_text(encoding="utf-8").splitlines()]
    kept = [line for line in lines if len(line) >= 60]
    return Article(id=prefix, source=str(path), title=kept[0], text="\n\n".join(kept))


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return {p: load(p) for p in ("000", "001", "002", "003", "004")}


def test_same_ap_copy_linked_other_reporting_not(seeds: dict[str, Article]) -> None:
    links = CopyDetector().detect(list(seeds.values()), [])
    by_pair = {frozenset((link.a_id, link.b_id)): link for link in links}
    same = by_pair.get(frozenset(("002", "004")))
    assert same is not None and same.kind == "same_copy"
    shared = [p for p in same.passages if p.kind in ("identical", "edited")]
    assert len(shared) >= 5
    assert any(p.kind == "identical" for p in shared) and any(p.kind == "edited" for p in shared)
    # 000 is another outlet's own reporting on the same statement
    other = by_pair.get(frozenset(("000", "002")))
    assert other is None or other.kind != "same_copy"
    # 001 and 003 are other episodes of the story
    assert not any(pair & {"001", "003"} for pair in by_pair)


def test_real_cleaner_then_copy_group_with_ap_credit_and_passages() -> None:
    """Through `newsprism.clean.clean_one`: Business Standard (002) and Euronews (004) ran AP copy."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    from newsprism.clean import clean_one
    from newsprism.dedup import build_copy_groups
    from newsprism.models import RawDocument

    arts = []
    for path in sorted(SEEDS.glob("*.txt")):
        art = clean_one(RawDocument(str(path), "text", path.read_text(encoding="utf-8")))
        art.id = path.name[:3]
        arts.append(art)
    links = CopyDetector().detect(arts)
    groups = build_copy_groups(arts, links)
    [group] = [g for g in groups if "002" in g.article_ids]
    assert set(group.article_ids) == {"002", "004"}
    assert group.origin_agency == "AP" and group.origin_id in ("002", "004")
    [link] = [lk for lk in links if {lk.a_id, lk.b_id} == {"002", "004"}]
    shared = [p for p in link.passages if p.kind in ("identical", "edited")]
    assert len(shared) >= 5
    by_id = {a.id: a for a in arts}
    first = by_id[link.a_id].text[shared[0].a_start : shared[0].a_end]
    second = by_id[link.b_id].text[shared[0].b_start : shared[0].b_end]
    assert len(first.split()) >= 5 and len(second.split()) >= 5
    # nothing else joins the group: 000 is other reporting, 001/003 other episodes
    assert all(not {"001", "003"} & set(g.article_ids) for g in groups)
