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
