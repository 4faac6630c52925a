"""The compare stage: facts across articles, coverage by outlet, attribution and framing.

Public API::

    FactGrouper(FactConfig()).group(articles, copy_groups) -> FactSet
    compare_story(story, articles, quotes, claims, copy_groups) -> StoryComparison
    coverage_matrix(comparison, articles) -> (fact_ids, outlets, matrix)
    framing(articles, quotes) -> {outlet: FramingSignals}
"""

from newsprism.compare.coverage import (
    CompareConfig,
    FramingSignals,
    attribution_counts,
    compare_story,
    compare_story_facts,
    coverage_matrix,
    framing,
    lead_speaker,
    shared_facts,
    source_counts,
)
from newsprism.compare.facts import DroppedSentence, FactConfig, FactGrouper, FactMember, FactSet, outlet_of

__all__ = [
    "CompareConfig",
    "DroppedSentence",
    "FactConfig",
    "FactGrouper",
    "FactMember",
    "FactSet",
    "FramingSignals",
    "attribution_counts",
    "compare_story",
    "compare_story_facts",
    "coverage_matrix",
    "framing",
    "lead_speaker",
    "outlet_of",
    "shared_facts",
    "source_counts",
]
