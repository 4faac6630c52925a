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
from scipy import sparse

from newsprism.clean import find_dateline
from newsprism.compare import compare_story
from newsprism.compare.facts import copy_group_index, negates, source_key
from newsprism.compare.similarity import TermSpace, article_sentences, fuzzy_text, terms, word_count
from newsprism.models import Article, CopyGroup, Fact, Story, StoryComparison, Storyline, SummarySentence
from newsprism.text import words


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
            aid for aid, _ in members if aid == index.article[k] or index.supported(aid, text, cfg.support)
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
    n = word_count(text)
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
        # support verdicts by (article id, text, thresholds), and prepared queries:
        # `_candidate` asks the same questions again for facts MMR looks at more than once
        self._supported: dict[tuple[str, str, float, float], bool] = {}
        self._queries: dict[str, _Query] = {}
        # (article id, sentence text) -> its first index: facts name their sentences by text
        self._first: dict[tuple[str, str], int] = {}
        for art in articles:
            for pos, (s, e) in enumerate(article_sentences(art.text or "")):
                self._first.setdefault((art.id, art.text[s:e]), len(self.texts))
                self.by_article.setdefault(art.id, []).append(len(self.texts))
                self.texts.append(art.text[s:e])
                self.spans.append((s, e))
                self.article.append(art.id)
                self.position.append(pos)
        self.space = TermSpace.fit(self.texts)
        self.idf = self.space.idf()
        self.weights = _Weights(self.idf)
        self.sents = [_Sent(t, k) for k, t in enumerate(self.texts)]
        self.fuzzy = [s.fuzzy for s in self.sents]
        self.terms = [s.terms for s in self.sents]

    def centroid(self) -> np.ndarray:
        """Mean of the per-article mean vectors (each article weighs the same)."""
        m = self.space.matrix
        rows = [_mean_row(m, idx) for idx in self.by_article.values() if idx]
        c = np.mean(rows, axis=0)
        norm = float(np.linalg.norm(c)) or 1.0
        return c / norm

    def find(self, article_id: str, text: str) -> int | None:
        """Index of the sentence of `article_id` that best matches `text` (None if nothing does)."""
        exact = self._first.get((article_id, text))
        if exact is not None:
            return exact
        idx = self.by_article.get(article_id, [])
        best, best_score = None, 0.0
        query = self._query(text)
        for k in idx:
            recall = query.recall(self.terms[k])
            # the score is (token set + recall) / 2 with token set <= 1: a sentence that
            # cannot beat the best so far, nor the 0.3 floor, needs no token set ratio
            if (1.0 + recall) / 2 <= max(best_score, 0.3):
                continue
            score = (fuzz.token_set_ratio(query.fuzzy, self.fuzzy[k]) / 100.0 + recall) / 2
            if score > best_score:
                best, best_score = k, score
        return best if best_score > 0.3 else None

    def supports(self, article_id: str, text: str, cfg: SupportConfig) -> tuple[bool, float, int | None, str]:
        """(supported, best score, best sentence index, reason) of `text` in article `article_id`."""
        sents = [self.sents[k] for k in self.by_article.get(article_id, [])]
        return _support_in(self._query(text), sents, cfg)

    def supported(self, article_id: str, text: str, cfg: SupportConfig) -> bool:
        """`supports(article_id, text, cfg)[0]`, stopping at the first supporting sentence."""
        key = (article_id, text, cfg.min_token_set, cfg.min_term_recall)
        found = self._supported.get(key)
        if found is None:
            sents = [self.sents[k] for k in self.by_article.get(article_id, [])]
            found = self._supported[key] = _supported_in(self._query(text), sents, cfg)
        return found

    def _query(self, text: str) -> _Query:
        query = self._queries.get(text)
        if query is None:
            query = self._queries[text] = _Query(text, self.weights)
        return query


def _mean_row(m: sparse.csr_matrix, idx: list[int]) -> np.ndarray:
    """`np.asarray(m[idx].mean(axis=0)).ravel()`, the same floats without a sparse copy.

    SciPy scales each entry by 1/len(idx), then adds each column's entries one row
    after the other (in `idx` order); the cumulative sum over zero-padded columns
    below does those additions in that order (NumPy's `sum` adds pairwise, which can
    differ in the last bit).
    """
    ptr = m.indptr
    if idx == list(range(idx[0], idx[-1] + 1)):
        cols = m.indices[ptr[idx[0]] : ptr[idx[-1] + 1]]
        vals = m.data[ptr[idx[0]] : ptr[idx[-1] + 1]]
    else:
        cols = np.concatenate([m.indices[ptr[r] : ptr[r + 1]] for r in idx])
        vals = np.concatenate([m.data[ptr[r] : ptr[r + 1]] for r in idx])
    out = np.zeros(m.shape[1], dtype=np.float64)
    if not len(cols):
        return out
    vals = vals * (1.0 / len(idx))
    order = np.argsort(cols, kind="stable")  # stable: each column's entries stay in row order
    cols, vals = cols[order], vals[order]
    uniq, first, counts = np.unique(cols, return_index=True, return_counts=True)
    padded = np.zeros((len(uniq), int(counts.max())), dtype=np.float64)
    padded[np.repeat(np.arange(len(uniq)), counts), np.arange(len(cols)) - np.repeat(first, counts)] = vals
    out[uniq] = np.cumsum(padded, axis=1)[:, -1]
    return out


class _Weights:
    """IDF weights of terms for `_recall`, with the weight of unseen terms (the largest)."""

    __slots__ = ("idf", "top")

    def __init__(self, idf: Mapping[str, float]) -> None:
        self.idf = idf
        self.top = max(idf.values(), default=1.0)


class _Sent:
    """A sentence as support checks read it: text, whitespace-normalised text, fuzzy text, terms."""

    __slots__ = ("text", "norm", "fuzzy", "terms", "k")

    def __init__(self, text: str, k: int) -> None:
        self.text = text
        self.norm = " ".join(text.split())
        self.fuzzy = fuzzy_text(text)
        self.terms = set(terms(text))
        self.k = k


class _Query(_Sent):
    """A text looked for among sentences, with its terms' weights worked out once."""

    __slots__ = ("weight", "total")

    def __init__(self, text: str, weights: _Weights) -> None:
        super().__init__(text, -1)
        idf, top = weights.idf, weights.top
        self.weight = {t: idf.get(t, top) for t in self.terms}
        self.total = sum(idf.get(t, top) for t in self.terms)

    def recall(self, s_terms: set[str]) -> float:
        """IDF-weighted share of the query's terms found in `s_terms`.

        Weighting by rarity keeps names that run through a whole story ("Major Holt")
        from making two different statements look alike; unseen terms weigh the most.
        """
        if not self.terms:
            return 0.0
        w = self.weight
        return sum(w[t] for t in self.terms & s_terms) / self.total


def _support_in(
    query: _Query, sentences: Sequence[_Sent], cfg: SupportConfig
) -> tuple[bool, float, int | None, str]:
    """(supported, best score, index of the best sentence, reason) of `query` among `sentences`.

    The best is the first passing match with the highest score (mean of token set
    ratio and weighted term recall), else the highest-scoring sentence. Work that
    cannot change that result is skipped: with token set <= 1 a sentence's score is at
    most (1 + recall) / 2, so the token set ratio is computed only for sentences that
    could still win, and the polarity check only for a pass that would win.
    """
    best_k, best_score, ok, reason = None, 0.0, False, "no-match"
    min_ts, min_recall = cfg.min_token_set, cfg.min_term_recall
    for s in sentences:
        if s.norm == query.norm:
            return True, 1.0, s.k, "exact"
        recall = query.recall(s.terms)
        if recall < min_recall and (ok or (1.0 + recall) / 2 <= best_score):
            continue  # cannot pass, and cannot outscore the best non-passing match
        ts = fuzz.token_set_ratio(query.fuzzy, s.fuzzy) / 100.0
        score = (ts + recall) / 2
        passes = ts >= min_ts and recall >= min_recall
        if ok and (not passes or score <= best_score):
            continue
        why = "match" if passes else "no-match"
        # same words, opposite polarity ("arrested two men" / "did not arrest anyone")
        if passes and negates(query.text, s.terms) != negates(s.text, query.terms):
            passes, why = False, "contradicted"
        if (passes, score) > (ok, best_score):
            best_k, best_score, ok, reason = s.k, score, passes, why
    return ok, best_score, best_k, reason


def _supported_in(query: _Query, sentences: Sequence[_Sent], cfg: SupportConfig) -> bool:
    """`_support_in(query, sentences, cfg)[0]`: whether some sentence is the query's
    text or a passing, not contradicted match. Any such sentence decides it, so the
    scan stops there, and a sentence below the recall floor needs no token set ratio.
    """
    for s in sentences:
        if s.norm == query.norm:
            return True
        recall = query.recall(s.terms)
        if recall < cfg.min_term_recall:
            continue
        if fuzz.token_set_ratio(query.fuzzy, s.fuzzy) / 100.0 < cfg.min_token_set:
            continue
        if negates(query.text, s.terms) == negates(s.text, query.terms):
            return True
    return False


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
    weights = _Weights(
        TermSpace.fit([a.text[s:e] for a in pool for s, e in article_sentences(a.text or "")]).idf()
    )
    cache: dict[str, tuple[list[_Sent], tuple[tuple[int, int], ...]]] = {}
    results: list[SupportResult] = []
    for ss in summary:
        all_ok = bool(ss.article_ids)
        query = _Query(ss.sentence, weights)
        for aid in ss.article_ids:
            art = by_id.get(aid)
            if art is None:
                results.append(SupportResult(ss.sentence, aid, False, 0.0, reason="missing-article"))
                all_ok = False
                continue
            if aid not in cache:
                spans = article_sentences(art.text or "")
                cache[aid] = ([_Sent(art.text[s:e], n) for n, (s, e) in enumerate(spans)], spans)
            sents, spans = cache[aid]
            ok, score, k, reason = _support_in(query, sents, cfg)
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
