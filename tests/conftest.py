"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from newsprism.ids import article_id, content_hash
from newsprism.models import Article

# No per-example wall-clock deadline: CI machines are shared and a loaded core made a
# 200 ms deadline fail on correct code. Tests bound work, not time (benchmarks time).
settings.register_profile("newsprism", deadline=None)
settings.load_profile("newsprism")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


def make_article(text: str, *, title: str = "A headline", url: str | None = None, **kw: object) -> Article:
    """An Article built directly (bypassing the cleaner), for store and stage tests."""
    h = content_hash(title + "\n" + text)
    return Article(
        id=article_id(url, h),
        source=kw.pop("source", "mem"),
        title=title,
        text=text,
        url=url,
        content_hash=h,
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present (the real seed pages live beside the checkout)")
    return SEEDS
