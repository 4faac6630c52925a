"""The summarize stage: cited extractive summaries of stories and storylines, and their evaluation.

Public API::

    summarize_story(story, articles, comparison, copy_groups, SummaryConfig()) -> [SummarySentence]
    check_support(summary, articles) -> [SupportResult]      # sets SummarySentence.supported
    summarize_storyline(storyline, stories_by_id, summaries_by_story) -> [SummarySentence]
    rouge(candidate, reference) -> {"rouge1": F, "rouge2": F, "rougeL": F}

Evaluation on a gold-labelled corpus (the real pipeline, LexRank and lead baselines):
`newsprism.summarize.benchmark.evaluate_corpus` (used by scripts/eval_summaries.py).
"""

from newsprism.summarize.evaluate import RougeScore, rouge, rouge_l, rouge_n, rouge_scores, support_rate
from newsprism.summarize.extractive import (
    SummaryConfig,
    SupportConfig,
    SupportResult,
    check_support,
    summarize_story,
    summarize_storyline,
)

__all__ = [
    "RougeScore",
    "SummaryConfig",
    "SupportConfig",
    "SupportResult",
    "check_support",
    "rouge",
    "rouge_l",
    "rouge_n",
    "rouge_scores",
    "summarize_story",
    "summarize_storyline",
    "support_rate",
]
