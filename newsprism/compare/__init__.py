"""The compare stage: facts across articles, coverage by outlet, attribution and framing.

Public API::

    FactGrouper(FactConfig()).group(articles, copy_groups) -> FactSet
    compare_story(story, articles, quotes, claims, copy_groups) -> StoryComparison
    coverage_matrix(comparison, articles) -> (fact_ids, outlets, matrix)
    framing(articles, quotes) -> {outlet: FramingSignals}
    compare_by(comparison, articles, registry, facet="ownership") -> GroupedComparison
    fact_blindspots(grouped) / story_blindspots(stories, articles, registry, facet) -> [Blindspot]
    grouped_report(comparison, articles, registry, facet) / blindspot_report(...) -> dict (surfaces)

Fact-grouping precision/recall on labelled stories: `newsprism.compare.evaluate`.
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
from newsprism.compare.groups import (
    UNKNOWN,
    Blindspot,
    GroupedComparison,
    compare_by,
    facet_value,
    fact_blindspots,
    group_articles,
    story_blindspots,
)
from newsprism.compare.report import (
    FACET_CHOICES,
    blindspot_report,
    comparison_from_dict,
    grouped_report,
    resolve_facet,
)

__all__ = [
    "FACET_CHOICES",
    "blindspot_report",
    "comparison_from_dict",
    "grouped_report",
    "resolve_facet",
    "UNKNOWN",
    "Blindspot",
    "GroupedComparison",
    "compare_by",
    "fact_blindspots",
    "facet_value",
    "group_articles",
    "story_blindspots",
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
