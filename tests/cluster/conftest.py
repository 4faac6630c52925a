"""Shared loaders for the cluster stage's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.cluster.fit import Labelled, load_labelled

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def labelled() -> list[Labelled]:
    """The main invented fixture set (8 stories, one 3-episode storyline)."""
    return load_labelled(FIXTURES / "labelled_articles.json")


@pytest.fixture(scope="session")
def labelled_hard() -> list[Labelled]:
    """Hard cases: same-topic events at once, same actors in different events."""
    return load_labelled(FIXTURES / "labelled_articles_hard.json")
