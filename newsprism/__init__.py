"""newsprism: turn a pile or a stream of raw news into stories — one story, every source.

Python API::

    import newsprism

    with newsprism.Store("news.db") as store:
        newsprism.ingest(store, ["pages/", "dump.jsonl"])
        newsprism.build(store)
        for story in store.stories(limit=5):
            print(story.title, len(story.article_ids))

The pipeline and the stages are imported lazily, so `import newsprism` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from newsprism.errors import (
    ConfigError,
    FatalError,
    InputRejected,
    MissingDependencyError,
    NewsprismError,
    RetryableError,
    StoreError,
)
from newsprism.models import (
    Article,
    Claim,
    CopyGroup,
    CopyLink,
    Evidence,
    Fact,
    Outlet,
    Quote,
    RawDocument,
    Rejection,
    Story,
    StoryComparison,
    Storyline,
    SummarySentence,
    TimelineEntry,
)

__version__ = "0.1.0"

_LAZY = {
    "Store": "newsprism.store",
    "ingest": "newsprism.pipeline",
    "build": "newsprism.pipeline",
    "PipelineConfig": "newsprism.pipeline",
    "IngestReport": "newsprism.pipeline",
    "BuildReport": "newsprism.pipeline",
    "export": "newsprism.export",
    "story_view": "newsprism.views",
    "article_view": "newsprism.views",
}

__all__ = [
    "Article",
    "BuildReport",
    "Claim",
    "ConfigError",
    "CopyGroup",
    "CopyLink",
    "Evidence",
    "Fact",
    "FatalError",
    "IngestReport",
    "InputRejected",
    "MissingDependencyError",
    "NewsprismError",
    "Outlet",
    "PipelineConfig",
    "Quote",
    "RawDocument",
    "Rejection",
    "RetryableError",
    "Store",
    "StoreError",
    "Story",
    "StoryComparison",
    "Storyline",
    "SummarySentence",
    "TimelineEntry",
    "__version__",
    "article_view",
    "build",
    "export",
    "ingest",
    "story_view",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsprism' has no attribute {name!r}")
