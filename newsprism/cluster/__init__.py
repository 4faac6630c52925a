"""The cluster stage: articles -> stories -> storylines with timelines.

- `StoryClusterer` / `cluster_articles`: online story clustering with evidence.
- `StorylineLinker`: chains related stories over months, with a dated timeline.
- `story_dating` / `text_dating`: a story's timeline date and how it was found
  (inferred from the text when no article has a publication date).
- `bcubed`, `pairwise_f1`, `adjusted_rand`: clustering quality metrics.
"""

from newsprism.cluster.dating import EventDating, story_dating, text_dating
from newsprism.cluster.evaluate import adjusted_rand, bcubed, pairwise_f1
from newsprism.cluster.stories import ClusterConfig, ClusterResult, StoryClusterer, cluster_articles
from newsprism.cluster.storylines import StorylineConfig, StorylineLinker

__all__ = [
    "ClusterConfig",
    "ClusterResult",
    "EventDating",
    "StoryClusterer",
    "StorylineConfig",
    "StorylineLinker",
    "adjusted_rand",
    "bcubed",
    "cluster_articles",
    "pairwise_f1",
    "story_dating",
    "text_dating",
]
