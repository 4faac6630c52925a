"""The cluster stage: articles -> stories -> storylines with timelines.

- `StoryClusterer` / `cluster_articles`: online story clustering with evidence.
- `StorylineLinker`: chains related stories over months, with a dated timeline.
- `bcubed`, `pairwise_f1`, `adjusted_rand`: clustering quality metrics.
"""

from newsprism.cluster.evaluate import adjusted_rand, bcubed, pairwise_f1
from newsprism.cluster.stories import ClusterConfig, ClusterResult, StoryClusterer, cluster_articles
from newsprism.cluster.storylines import StorylineConfig, StorylineLinker

__all__ = [
    "ClusterConfig",
    "ClusterResult",
    "StoryClusterer",
    "StorylineConfig",
    "StorylineLinker",
    "adjusted_rand",
    "bcubed",
    "cluster_articles",
    "pairwise_f1",
]
