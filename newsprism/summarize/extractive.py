"""Extractive, cited story summaries, and a check that each sentence is supported.

`summarize_story` ranks the story's facts (from `newsprism.compare`) by

- **sources** (weight 0.5): independent sources carrying the fact, a copy group counting
  once, relative to the most widely carried fact;
- **centrality** (0.3): cosine of the fact to the story centroid (the mean of the
  per-article term vectors, so a long article does not set the topic alone);
- **lead** (0.2): 1/(1+i) for a fact in sentence i < 3 of some article; news puts the
  main development first.

It then picks sentences greedily by maximal marginal relevance (MMR: 0.7 × score −
0.3 × similarity to what is already picked) and skips near-repeats outright. Every
sentence is copied verbatim from one article (a wire dateline opening it is cut); it cites every article of the fact whose
text supports it (`check_support`), so a sentence cites several outlets where it can.

`check_support` verifies a summary against the articles it cites: a cited article
supports a sentence when it contains that sentence, or a sentence matching it
(rapidfuzz token set ratio and content-term recall, see `SupportConfig`).

Example::

    summary = summarize_story(story, articles, comparison, copy_groups)
    results = check_support(summary, articles)   # also sets SummarySentence.supported
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rapidfuzz import fuzz

from newsprism.clean import find_dateline
from newsprism.compare import compare_story
from newsprism.compare.facts import copy_group_index, negates, source_key
from newsprism.compare.similarity import TermSpace, fuzzy_text, terms
from newsprism.models import Article, CopyGroup, Fact, Story, StoryComparison, Storyline, SummarySentence
from newsprism.text import sentence_spans, words


@dataclass(slots=True)
class SupportConfig:
    """When a sentence of an article supports a summary sentence.

    Exact containment always supports. Otherwise both must hold: token set ratio >=
    `min_token_set` and >= `min_term_recall` of the summary sentence's content terms
    (stemmed, weighted by rarity in the story) found in the article sentence.
    Measured on the seed stories: the members of a fact in other outlets (edited
    wire copy, paraphrases) scored token set 0.7-1.0 with weighted recall 0.48-0.75;
    other sentences of the same story with token set >= 0.7 mostly stayed under
    recall 0.4 (those above were headline restatements of the same denial).
    A match whose negation differs on the shared words ("arrested two men" / "did
    not arrest anyone") does not support ("contradicted").
    """

    min_token_set: float = 0.70
    min_term_recall: float = 0.45


@dataclass(slots=True)
class SummaryConfig:
    """Settings of `summarize_story`."""

    max_sentences: int = 5
    order: Literal["importance", "chronological"] = "importance"
    weight_sources: float = 0.5
    weight_centrality: float = 0.3
    weight_lead: float = 0.2
    lead_sentences: int = 3  # sentences of an article that count as its lead
    mmr_lambda: float = 0.7
    # a candidate this similar (term cosine) to a picked sentence repeats it
    max_redundancy: float = 0.5
    min_words: int = 8  # summary sentences must say something ...
    max_words: int = 60  # ... and stay readable
    support: SupportConfig = field(default_factory=SupportConfig)


@dataclass(slots=True)
class SupportResult:
    """Whether one cited article supports one summary sentence, and how well."""

    sentence: str
    article_id: str
    supported: bool
    best_score: float  # mean of token set ratio and term recall of the best match, 0..1
    match_start: int | None = None  # span of the best matching sentence in the article
    match_end: int | None = None
    reason: str = ""  # "exact", "match", "no-match", "contradicted", "missing-article"


@dataclass(slots=True)
class _Candidate:
    fact: Fact
    text: str
    article_id: str
    cited: list[str]
    published: str
    position: int
    score: float = 0.0


_PRONOUN_START = re.compile(r"^(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their)\b")


def summarize_story(
    story: Story,
    articles: Sequence[Article],
    comparison: StoryComparison | None = None,
    copy_groups: Iterable[CopyGroup] = (),
    config: SummaryConfig | None = None,
) -> list[SummarySentence]:
    """A cited extractive summary of `story` (see the module docstring).

    Runs `compare_story` when no `comparison` is given. Returns [] when the articles
    have no usable sentences.
    """
    cfg = config or SummaryConfig()
    copy_groups = list(copy_groups)
    wanted = set(story.article_ids)
    arts = [a for a in articles if a.id in wanted] if wanted & {a.id for a in articles} else list(articles)
    if comparison is None:
        comparison = compare_story(story, arts, copy_groups=copy_groups)
    by_id = {a.id: a for a in arts}
    group_of = copy_group_index(copy_groups)
    index = _SentenceIndex(arts)
    if not index.texts:
        return []

    # 1. score every fact cheaply: sources, centrality of its text, lead position
    facts: list[Fact] = []
    members: list[list[tuple[str, int]]] = []
    sources: list[int] = []
    leads: list[float] = []
    for fact in comparison.facts:
        found = _members(fact, by_id, index)
        if not any(_usable(index.texts[k], cfg) for _, k in found):
            continue
        facts.append(fact)
        members.append(found)
        sources.append(len({source_key(aid, group_of) for aid, _ in found}))
        leads.append(
            max(
                (1.0 / (1 + index.position[k]) for _, k in found if index.position[k] < cfg.lead_sentences),
                default=0.0,
            )
        )
    if not facts:
        return []
    vectors = index.space.transform([f.text for f in facts])
    central = np.asarray(vectors @ index.centroid()).ravel()
    max_src = max(sources) or 1
    max_central = float(central.max()) or 1.0
    scores = [
        cfg.weight_sources * sources[k] / max_src
        + cfg.weight_centrality * float(central[k]) / max_central
        + cfg.weight_lead * leads[k]
        for k in range(len(facts))
    ]

    # 2. MMR: best score first, penalising similarity to what is already picked; the
    # verbatim sentence and its citations are worked out only for picked facts
    sims = (vectors @ vectors.T).toarray()
    chosen: list[int] = []
    picked: list[_Candidate] = []
    remaining = sorted(range(len(facts)), key=lambda k: (-scores[k], facts[k].id))
    while remaining and len(picked) < cfg.max_sentences:
        best, best_value = None, float("-inf")
        for k in remaining:
            redundancy = max((sims[k, j] for j in chosen), default=0.0)
            if redundancy >= cfg.max_redundancy:
                continue
            value = cfg.mmr_lambda * scores[k] - (1 - cfg.mmr_lambda) * redundancy
            if value > best_value:
                best, best_value = k, value
        if best is None:
            break
        remaining.remove(best)
        cand = _candidate(facts[best], members[best], by_id, index, cfg)
        if cand is None or any(c.text == cand.text for c in picked):
            continue
        cand.score = scores[best]
        chosen.append(best)
        picked.append(cand)

    if cfg.order == "chronological":
        # the text breaks ties so that the order never depends on how near-equal scores came out
        picked.sort(key=lambda c: (c.published, c.position, c.text))
    return [
        SummarySentence(sentence=without_dateline(c.text), article_ids=c.cited, supported=True)
        for c in picked
    ]


def without_dateline(sentence: str) -> str:
    """`sentence` without a wire dateline opening it; what is left is still verbatim article text.

    >>> without_dateline("PORT ALDER, Castrelle, Aug 4 (MPA) — Rebels seized the port of Kavala.")
    'Rebels seized the port of Kavala.'
    >>> without_dateline("Rebels seized the port of Kavala.")
    'Rebels seized the port of Kavala.'
    """
    dateline = find_dateline(sentence)
    if dateline is None:
        return sentence
    rest = sentence[dateline.end :].lstrip()
    # keep the sentence whole when the "dateline" leaves no sentence behind
    return rest if rest[:1].isupper() and len(words(rest)) >= 3 else sentence


def _members(fact: Fact, by_id: Mapping[str, Article], index: _SentenceIndex) -> list[tuple[str, int]]:
    """(article id, sentence index) of the fact in each of its articles: exact text or best match."""
    out: list[tuple[str, int]] = []
    for aid in fact.article_ids:
        if aid in by_id:
            k = index.find(aid, fact.text)
            if k is not None:
                out.append((aid, k))
    return out


def _candidate(
    fact: Fact,
    members: list[tuple[str, int]],
    by_id: Mapping[str, Article],
    index: _SentenceIndex,
    cfg: SummaryConfig,
    max_options: int = 6,
) -> _Candidate | None:
    """The verbatim sentence that best states `fact`, with the articles that support it.

    Among the members, prefer a sentence that reads well alone, then one in an
    outlet's own voice (not hedged or contradicting the majority), then the one most
    cited articles support (so it can cite several outlets), then the fact's own
    representative (its most central member), then the earliest in its article.
    Only the `max_options` best-reading members are tried, to bound the work on facts
    that dozens of articles carry.
    """
    options = sorted(
        (k for _, k in members if _usable(index.texts[k], cfg)),
        key=lambda k: (-_quality(index.texts[k]), index.texts[k] != fact.text, index.position[k], k),
    )[:max_options]
    best_key: tuple[float, int, int, int, int] | None = None
    best_k, cited = -1, []
    for k in options:
        text = index.texts[k]
        support = [
            aid for aid, _ in members if aid == index.article[k] or index.supports(aid, text, cfg.support)[0]
        ]
        own_voice = fact.treatment.get(index.article[k]) not in ("hedges", "contradicts")
        key = (_quality(text), int(own_voice), len(support), int(text == fact.text), -index.position[k])
        if best_key is None or key > best_key:
            best_key, best_k, cited = key, k, support
    if best_k < 0:
        return None
    published = min((by_id[a].published or "9999") for a in cited)
    return _Candidate(
        fact, index.texts[best_k], index.article[best_k], cited, published, index.position[best_k]
    )


def _usable(text: str, cfg: SummaryConfig) -> bool:
    n = len(words(text))
    return cfg.min_words <= n <= cfg.max_words and not text.rstrip().endswith("?")


def _quality(text: str) -> float:
    """Higher for sentences that read well out of context."""
    score = 0.0
    stripped = text.strip()
    if stripped[-1:] in ".!\"'”’":
        score += 1.0
    if _balanced_quotes(stripped):
        score += 1.0
    if stripped[:1].isupper():
        score += 0.5
    if _PRONOUN_START.match(stripped):
        score -= 0.5
    return score


# a single quote mark right after punctuation closes a quotation (",’ said she"); an
# apostrophe follows a letter ("Norvane’s", "drones’"), so it is not counted
_CLOSING_SINGLE = re.compile(r"[,.!?;:…][’']")
_OPENING_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))[‘']")


def _balanced_quotes(text: str) -> bool:
    """Whether every quotation the sentence closes it also opens (and vice versa).

    >>> _balanced_quotes("‘We never did,’ said the official.")
    True
    >>> _balanced_quotes("We have never done it,’ said the official.")
    False
    >>> _balanced_quotes('He called it "fake." Then he left.')
    True
    >>> _balanced_quotes("Norvane’s army said the drones’ engines were old.")
    True
    """
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False
    return len(_CLOSING_SINGLE.findall(text)) <= len(_OPENING_SINGLE.findall(text))


class _SentenceIndex:
    """Sentences of a story's articles with their vectors, for matching and support."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.texts: list[str] = []
        self.spans: list[tuple[int, int]] = []
        self.article: list[str] = []
        self.position: list[int] = []
        self.by_article: dict[str, list[int]] = {}
        for art in articles:
            for pos, (s, e) in enumerate(sentence_spans(art.text or "")):
                self.by_article.setdefault(art.id, []).append(len(self.texts))
                self.texts.append(art.text[s:e])
                self.spans.append((s, e))
                self.article.append(art.id)
                self.position.append(pos)
        self.fuzzy = [fuzzy_text(t) for t in self.texts]
        self.terms = [set(terms(t)) for t in self.texts]
        self.space = TermSpace.fit(self.texts)
        self.idf = self.space.idf()

    def centroid(self) -> np.ndarray:
        """Mean of the per-article mean vectors (each article weighs the same)."""
        m = self.space.matrix
        rows = [np.asarray(m[idx].mean(axis=0)).ravel() for idx in self.by_article.values() if idx]
        c = np.mean(rows, axis=0)
        norm = float(np.linalg.norm(c)) or 1.0
        return c / norm

    def find(self, article_id: str, text: str) -> int | None:
        """Index of the sentence of `article_id` that best matches `text` (None if nothing does)."""
        idx = self.by_article.get(article_id, [])
        for k in idx:
            if self.texts[k] == text:
                return k
        best, best_score = None, 0.0
        q_fuzzy, q_terms = fuzzy_text(text), set(terms(text))
        for k in idx:
            score = _match_score(q_fuzzy, q_terms, self.fuzzy[k], self.terms[k], self.idf)
            if score > best_score:
                best, best_score = k, score
        return best if best_score > 0.3 else None

    def supports(self, article_id: str, text: str, cfg: SupportConfig) -> tuple[bool, float, int | None, str]:
        """(supported, best score, best sentence index, reason) of `text` in article `article_id`."""
        return _support_in(
            text,
            [(self.texts[k], self.fuzzy[k], self.terms[k], k) for k in self.by_article.get(article_id, [])],
            cfg,
            self.idf,
        )


def _match_score(
    q_fuzzy: str, q_terms: set[str], s_fuzzy: str, s_terms: set[str], idf: Mapping[str, float]
) -> float:
    return (fuzz.token_set_ratio(q_fuzzy, s_fuzzy) / 100.0 + _recall(q_terms, s_terms, idf)) / 2


def _recall(q_terms: set[str], s_terms: set[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted share of `q_terms` found in `s_terms`.

    Weighting by rarity keeps names that run through a whole story ("Major Holt")
    from making two different statements look alike; unseen terms weigh the most.
    """
    if not q_terms:
        return 0.0
    top = max(idf.values(), default=1.0)
    total = sum(idf.get(t, top) for t in q_terms)
    return sum(idf.get(t, top) for t in q_terms & s_terms) / total


def _support_in(
    text: str,
    sentences: Sequence[tuple[str, str, set[str], int]],
    cfg: SupportConfig,
    idf: Mapping[str, float],
) -> tuple[bool, float, int | None, str]:
    """(supported, best score, index of the best sentence, reason) of `text` among `sentences`."""
    norm = " ".join(text.split())
    q_fuzzy, q_terms = fuzzy_text(text), set(terms(text))
    best_k, best_score, ok, reason = None, 0.0, False, "no-match"
    for s_text, s_fuzzy, s_terms, k in sentences:
        if " ".join(s_text.split()) == norm:
            return True, 1.0, k, "exact"
        ts = fuzz.token_set_ratio(q_fuzzy, s_fuzzy) / 100.0
        recall = _recall(q_terms, s_terms, idf)
        score = (ts + recall) / 2
        passes = ts >= cfg.min_token_set and recall >= cfg.min_term_recall
        why = "match" if passes else "no-match"
        # same words, opposite polarity ("arrested two men" / "did not arrest anyone")
        if passes and negates(text, s_terms) != negates(s_text, q_terms):
            passes, why = False, "contradicted"
        if (passes, score) > (ok, best_score):
            best_k, best_score, ok, reason = k, score, passes, why
    return ok, best_score, best_k, reason


def check_support(
    summary: Sequence[SummarySentence], articles: Sequence[Article], config: SupportConfig | None = None
) -> list[SupportResult]:
    """Check each summary sentence against each article it cites; set `.supported`.

    A sentence is supported when it cites at least one article and every cited
    article supports it. One `SupportResult` per (sentence, cited article).

    >>> from newsprism.models import Article, SummarySentence
    >>> art = Article(id="a1", source="s", title="t", text="Rebels seized the port of Kavala on Monday.")
    >>> s = [SummarySentence("Rebels seized the port of Kavala on Monday.", ["a1"]),
    ...      SummarySentence("The harbour master resigned after the storm.", ["a1"])]
    >>> [(r.supported, r.reason) for r in check_support(s, [art])], [x.supported for x in s]
    ([(True, 'exact'), (False, 'no-match')], [True, False])
    """
    cfg = config or SupportConfig()
    by_id = {a.id: a for a in articles}
    # term rarity over the story's articles, so names every article repeats weigh
    # little; when handed a whole corpus, over the cited articles only (bounded work)
    cited = {aid for ss in summary for aid in ss.article_ids}
    pool = articles if len(articles) <= 200 else [a for a in articles if a.id in cited]
    idf = TermSpace.fit([a.text[s:e] for a in pool for s, e in sentence_spans(a.text or "")]).idf()
    cache: dict[str, tuple[list[tuple[str, str, set[str], int]], list[tuple[int, int]]]] = {}
    results: list[SupportResult] = []
    for ss in summary:
        all_ok = bool(ss.article_ids)
        for aid in ss.article_ids:
            art = by_id.get(aid)
            if art is None:
                results.append(SupportResult(ss.sentence, aid, False, 0.0, reason="missing-article"))
                all_ok = False
                continue
            if aid not in cache:
                spans = sentence_spans(art.text or "")
                sents = [
                    (art.text[s:e], fuzzy_text(art.text[s:e]), set(terms(art.text[s:e])), n)
                    for n, (s, e) in enumerate(spans)
                ]
                cache[aid] = (sents, spans)
            sents, spans = cache[aid]
            ok, score, k, reason = _support_in(ss.sentence, sents, cfg, idf)
            span: tuple[int, int] | None
            if reason != "exact" and ss.sentence.strip() and ss.sentence in (art.text or ""):
                # verbatim, but across a sentence boundary the splitter drew differently
                start = art.text.index(ss.sentence)
                ok, score, reason, span = True, 1.0, "exact", (start, start + len(ss.sentence))
            else:
                span = spans[k] if k is not None else None
            results.append(
                SupportResult(
                    ss.sentence,
                    aid,
                    ok,
                    round(score, 4),
                    span[0] if span else None,
                    span[1] if span else None,
                    reason,
                )
            )
            all_ok = all_ok and ok
        ss.supported = all_ok
    return results


def summarize_storyline(
    storyline: Storyline,
    stories_by_id: Mapping[str, Story],
    summaries_by_story: Mapping[str, Sequence[SummarySentence]],
) -> list[SummarySentence]:
    """One sentence per timeline entry: the lead sentence of that story's summary, verbatim.

    Entries follow the timeline's order (stories in `storyline.story_ids` ordered by
    first_seen when the timeline is empty); a story without a summary is skipped, and
    a story listed twice contributes once.
    """
    story_ids = [e.story_id for e in storyline.timeline]
    if not story_ids:
        story_ids = sorted(
            storyline.story_ids,
            key=lambda sid: (
                (stories_by_id[sid].first_seen or "9999") if sid in stories_by_id else "9999",
                sid,
            ),
        )
    out: list[SummarySentence] = []
    seen: set[str] = set()
    for sid in story_ids:
        if sid in seen:
            continue
        seen.add(sid)
        summary = summaries_by_story.get(sid) or []
        if not summary:
            continue
        lead = summary[0]
        out.append(SummarySentence(lead.sentence, list(lead.article_ids), lead.supported))
    return out
