"""Summary evaluation on a gold-labelled corpus: the real pipeline, ROUGE, support, a LexRank baseline.

`evaluate_corpus` ingests and builds the corpus into a temporary store with the local
runner (`newsprism.pipeline.ingest` + `build`), matches each gold story to the built
story holding most of its articles, and scores the stored cited summary against a
reference summary (ROUGE-1/2/L F1, `newsprism.summarize.evaluate.rouge`). The support
check is re-run on every stored summary against the stored articles.

Baselines: the lead (`lead_summary`, first sentences of the earliest article), and
LexRank (`lexrank_summary`), which runs sumy's `LexRankSummarizer` on the same
story's articles with the same number of sentences as newsprism's summary. sumy's
default tokenizer needs NLTK "punkt" data, which cannot be downloaded here, so the
document is parsed with sumy's `PlaintextParser` and a tokenizer built on
`newsprism.text` (same sentence splitter as newsprism, so the comparison is about
sentence selection, not splitting). sumy is a development dependency, imported lazily.

Example::

    result = evaluate_corpus("newsprism/demo/corpus", "newsprism/demo/gold.json",
                             "newsprism/demo/reference_summaries.json", baseline=True)
    result.mean("newsprism", "rouge1"), result.support_rate
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.errors import MissingDependencyError
from newsprism.models import Article, SummarySentence
from newsprism.summarize.evaluate import rouge
from newsprism.summarize.extractive import check_support
from newsprism.text import sentence_spans, words


@dataclass(slots=True)
class StoryEvaluation:
    """One gold story: the built story matched to it and the scores of each system."""

    gold_story: str
    story_id: str | None
    gold_articles: int
    matched_articles: int  # gold articles of this story inside the matched built story
    summary: list[SummarySentence] = field(default_factory=list)
    baseline: list[str] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # system -> rouge -> F1


@dataclass(slots=True)
class CorpusEvaluation:
    """Per-story results plus corpus-wide support figures."""

    stories: list[StoryEvaluation]
    summary_sentences: int
    supported_sentences: int
    uncited_sentences: int
    summaries: int  # stored story summaries checked (all built stories)

    @property
    def support_rate(self) -> float:
        return self.supported_sentences / self.summary_sentences if self.summary_sentences else 1.0

    def mean(self, system: str, metric: str) -> float:
        """Mean F1 of `metric` ("rouge1", "rouge2", "rougeL") for `system` over scored stories."""
        vals = [s.scores[system][metric] for s in self.stories if system in s.scores]
        return sum(vals) / len(vals) if vals else 0.0


def gold_key(source: str) -> str:
    """The gold.json key of an article source: the file name, plus "#record" for feed records."""
    path, _, record = source.partition("#")
    name = Path(path).name
    return f"{name}#{record}" if record else name


def evaluate_corpus(
    corpus: str | Path,
    gold_path: str | Path,
    references_path: str | Path,
    *,
    baseline: bool = False,
    db_path: str | Path | None = None,
) -> CorpusEvaluation:
    """Run the pipeline on `corpus` and score its summaries (see the module docstring)."""
    # imported here: the pipeline imports this stage, so a module-level import would cycle
    from newsprism.pipeline import build, ingest
    from newsprism.store import Store

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    references: dict[str, str] = json.loads(Path(references_path).read_text(encoding="utf-8"))["summaries"]
    story_of_key = {a["key"]: a["story"] for a in gold["articles"]}
    gold_sizes = Counter(story_of_key.values())

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db_path) if db_path else Path(tmp) / "eval.db"
        with Store(path) as store:
            ingest(store, [str(corpus)])
            build(store)
            articles = store.articles()
            by_id = {a.id: a for a in articles}
            stories = store.stories()
            summaries = {
                s.id: [SummarySentence(**d) for d in store.story_report(s.id)["summary"]] for s in stories
            }

    n_sent = n_ok = n_uncited = 0
    for story in stories:
        summary = summaries[story.id]
        check_support(summary, [by_id[a] for a in story.article_ids if a in by_id])
        n_sent += len(summary)
        n_ok += sum(s.supported for s in summary)
        n_uncited += sum(not s.article_ids for s in summary)

    results: list[StoryEvaluation] = []
    for gid in sorted(references):
        best, best_n = None, 0
        for story in stories:
            n = sum(
                story_of_key.get(gold_key(by_id[a].source)) == gid for a in story.article_ids if a in by_id
            )
            if n > best_n:
                best, best_n = story, n
        ev = StoryEvaluation(gid, best.id if best else None, gold_sizes[gid], best_n)
        if best is not None:
            ev.summary = summaries[best.id]
            ev.scores["newsprism"] = rouge(ev.summary, references[gid])
            if baseline:
                arts = [by_id[a] for a in best.article_ids if a in by_id]
                n = max(1, len(ev.summary))
                language = Counter(a.language or "en" for a in arts).most_common(1)[0][0]
                ev.baseline = lexrank_summary(arts, n, SUMY_LANGUAGES.get(language, "english"))
                ev.scores["lexrank"] = rouge(ev.baseline, references[gid])
                ev.scores["lead"] = rouge(lead_summary(arts, n), references[gid])
        results.append(ev)
    return CorpusEvaluation(results, n_sent, n_ok, n_uncited, len(stories))


# ISO 639-1 -> sumy language name (stemmer and stop list)
SUMY_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
}


def lead_summary(articles: Sequence[Article], n_sentences: int) -> list[str]:
    """The first `n_sentences` of the earliest article (undated articles last): the lead baseline."""
    first = min(articles, key=lambda a: (a.published or "9999", a.id))
    return [first.text[s:e] for s, e in sentence_spans(first.text)[:n_sentences]]


def lexrank_summary(articles: Sequence[Article], n_sentences: int, language: str = "english") -> list[str]:
    """`n_sentences` chosen by sumy's LexRank from the articles' text, in document order.

    Raises `MissingDependencyError` when sumy is not installed (`pip install sumy`, the
    "eval" extra).
    """
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("sumy", "eval") from exc

    text = "\n\n".join(a.text for a in articles if a.text)
    parser = PlaintextParser.from_string(text, _Tokenizer(language))
    summarizer = LexRankSummarizer(Stemmer(language))
    # no stop list for this language in sumy: rank with all words
    with contextlib.suppress(LookupError):
        summarizer.stop_words = get_stop_words(language)
    return [str(s) for s in summarizer(parser.document, n_sentences)]


class _Tokenizer:
    """A sumy tokenizer on newsprism.text, so no NLTK data is needed."""

    def __init__(self, language: str) -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[s:e] for s, e in sentence_spans(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def as_dict(result: CorpusEvaluation) -> dict[str, Any]:
    """JSON-ready summary of `result` (per-story scores and means)."""
    systems = sorted({k for s in result.stories for k in s.scores})
    return {
        "stories": [
            {
                "gold_story": s.gold_story,
                "story_id": s.story_id,
                "matched_articles": f"{s.matched_articles}/{s.gold_articles}",
                "summary_sentences": len(s.summary),
                "scores": s.scores,
            }
            for s in result.stories
        ],
        "mean": {
            sys: {m: round(result.mean(sys, m), 4) for m in ("rouge1", "rouge2", "rougeL")} for sys in systems
        },
        "support_rate": round(result.support_rate, 4),
        "summary_sentences": result.summary_sentences,
        "uncited_sentences": result.uncited_sentences,
        "summaries": result.summaries,
    }
