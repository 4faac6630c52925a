"""Group equivalent statements across the articles of a story into facts.

Each article is split into sentences (`newsprism.text.sentence_spans`); sentences too
short to state anything are dropped (and recorded with the reason). Two sentences
from different articles are *linked* when they state the same thing, judged on
paraphrase-tolerant signals (see `newsprism.compare.similarity`):

- term cosine >= `link_cosine` (0.55): most of the weighted content words are shared; or
- term cosine >= `fuzzy_cosine` (0.30) and token set ratio >= `link_token_set` (0.70):
  one sentence's wording is largely contained in the other's (trimmed or extended wire
  copy, a quote re-used with a different attribution); or
- an *anchored paraphrase*: at least a share of the shorter sentence's IDF-weighted
  content terms (common news synonyms folded: hurt/injured, ships/vessels) is in the
  other, and their token set ratio is high enough, with thresholds that depend on the
  anchor they share: a distinctive number ("41" / "forty-one", "6.2"; lowest
  thresholds), a name or a small number, or nothing. Numbers and names are what
  paraphrases keep while their wording changes ("Forty-one passengers were rescued"
  / "crews pulled 41 survivors"). Below the near-identical band, two sentences whose
  numbers all differ are never linked ("killed 31 people in 1998" / "killed 14").

Facts are the connected components of these links (single link), built strongest
link first, and a merge is refused when the two groups share an article: a fact holds
at most one sentence per article, so an article's own sentences never merge.

How each article carries a fact (`Fact.treatment`), a documented heuristic checked in
this order:

1. "contradicts": the sentence's polarity (negation/denial cues: not, never, denied...
   or an extracted Claim that denies/disputes) is opposite to the fact's majority
   polarity counted over independent sources (ties: the earliest published article
   sets the reference);
2. "hedges": hedging words (reportedly, allegedly, may, could, unconfirmed, so-called...);
3. "attributes": an attribution verb (said, claimed, according to...) or an extracted quote;
4. "reports": stated in the outlet's own voice.

Example::

    facts = FactGrouper(FactConfig()).group(articles, copy_groups)
    for fact, members in facts.pairs():
        print(fact.text, [m.article_id for m in members])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import sparse

from newsprism.compare.attribution import strip_attribution
from newsprism.compare.lexicon import attribution_verbs, calls_false, has_hedge, negation_scopes
from newsprism.compare.similarity import (
    TermSpace,
    article_sentences,
    cached_content_terms,
    fuzzy_text,
    numbers,
    pair_arrays,
    pair_list,
    terms,
    token_set,
    word_count,
)
from newsprism.ids import group_id
from newsprism.models import Article, Claim, CopyGroup, Fact, Quote
from newsprism.text import proper_phrases

# Up to this many sentences a story's cosines are kept as one dense matrix (8 MB at
# 1,000); beyond it they are computed in row blocks and per fact, with the same floats.
_DENSE_GRAM_MAX = 1000

# Pair filters (`_Anchors.numbers_conflict_of`, `may_overlap`) read dense rows while
# pairs × columns stays under this (16 MB of floats), sparse rows beyond. No matrix
# product: NumPy would hand it to a multi-threaded BLAS, whose spinning threads cost
# more CPU than the product on a busy machine.
_DENSE_PAIRS_MAX = 2_000_000

Treatment = Literal["reports", "attributes", "hedges", "contradicts"]
TREATMENTS: tuple[str, ...] = ("reports", "attributes", "hedges", "contradicts")


@dataclass(slots=True)
class FactConfig:
    """Settings of the fact grouper.

    Thresholds were set by inspecting every cross-article candidate pair of the five
    seed pages (real reporting of one event by five outlets, ~150 sentences): same-
    proposition paraphrases ("says it has never supplied weapons ... no plans to do so"
    / "hasn't exported any weapons ... no plans to do so") sat at term cosine 0.30-0.55
    with token set 0.70-0.90; no pair above cosine 0.55 was a different statement;
    different statements in the 0.30-0.55 band mostly had token set < 0.70 (one false
    link: a photo caption and a letter naming the same two leaders). Short sentences
    nearly contained in long ones reach token set 0.8 at cosine ~0.25, hence the
    cosine floor. Edited wire copy scores token set > 0.85.
    """

    min_words: int = 6  # shorter sentences are captions, credits or fragments
    min_content_terms: int = 3
    max_words: int = 150  # longer "sentences" are unsplit lists or boilerplate
    link_cosine: float = 0.55
    fuzzy_cosine: float = 0.30
    link_token_set: float = 0.70
    # anchored paraphrases (see the module docstring). Chosen on the five labelled stories
    # of tests/compare/fixtures/fact_labels.json by a coarse grid (containment 0.20-0.30,
    # token set 0.45-0.65): results are flat over name/plain values 0.40-0.55 / 0.55-0.65;
    # the number rule decides. Names recur across a story's different facts ("Pellas",
    # "Arlen City Museum": containment up to 0.34 between different facts), so name
    # anchors need more overlap than a shared "41". Known false link at these values:
    # "pulled 41 survivors" / "the rescue services, which saved 41 lives" (0.33 / 0.51).
    paraphrase_cosine: float = 0.10  # candidate pairs: at least some shared weighted content
    number_containment: float = 0.25  # sharing a distinctive number ("41", "6.2", "3,400")
    number_token_set: float = 0.45
    name_containment: float = 0.45  # sharing a name or a small number only
    name_token_set: float = 0.60
    plain_containment: float = 0.50  # no shared anchor at all
    plain_token_set: float = 0.60
    # share of the heavier sentence's weighted terms that are shared: 0.20 loses no
    # labelled pair (0.25 starts to) and stops a short sentence from joining a long one
    # that merely mentions its words (checked by reading the demo corpus's new links)
    anchor_coverage: float = 0.20
    # two sentences of one article this similar are a repeat (standfirst + lead)
    duplicate_cosine: float = 0.90
    duplicate_token_set: float = 0.90


@dataclass(slots=True)
class FactMember:
    """One sentence of a fact, for citations: `text == article.text[start:end]`."""

    article_id: str
    start: int
    end: int
    text: str
    outlet: str
    position: int  # index of the sentence among the article's sentences (0 = lead)
    treatment: str = "reports"
    negative: bool = False  # negates the fact's proposition (see `_set_contradictions`)
    denied_by_claim: bool = False  # an extracted Claim over this sentence denies or disputes


@dataclass(slots=True)
class DroppedSentence:
    """A sentence left out of fact grouping, and why ("short", "duplicate", "long")."""

    article_id: str
    start: int
    end: int
    reason: str


@dataclass(slots=True)
class FactSet:
    """Facts of a story with their member sentences and the scores behind them."""

    facts: list[Fact] = field(default_factory=list)
    members: dict[str, list[FactMember]] = field(default_factory=dict)  # fact id -> members
    # fact id -> number of independent sources (a copy group counts once)
    independent_sources: dict[str, int] = field(default_factory=dict)
    # fact id -> weakest link score that joined the fact (1.0 for a single sentence)
    link_scores: dict[str, float] = field(default_factory=dict)
    # fact id -> the rule behind that weakest link: "same terms" (cosine >= link_cosine),
    # "contained wording" (token set), "anchored paraphrase", or "single" (one sentence)
    link_rules: dict[str, str] = field(default_factory=dict)
    dropped: list[DroppedSentence] = field(default_factory=list)

    def pairs(self) -> list[tuple[Fact, list[FactMember]]]:
        """Each fact with its member sentences, in fact order."""
        return [(f, self.members[f.id]) for f in self.facts]


def outlet_of(article: Article) -> str:
    """The outlet label used in comparisons: outlet name, else domain, else "unknown:<id>".

    Articles of unknown outlets are kept apart (one label each) rather than pooled.
    """
    return article.outlet or article.domain or f"unknown:{article.id}"


def source_key(article_id: str, group_of: dict[str, str]) -> str:
    """The independent source an article counts as: its copy group, else itself."""
    return group_of.get(article_id, article_id)


def copy_group_index(copy_groups: Iterable[CopyGroup]) -> dict[str, str]:
    """article id -> copy group id (first group wins when an article is in several)."""
    index: dict[str, str] = {}
    for g in copy_groups:
        for aid in g.article_ids:
            index.setdefault(aid, g.id)
    return index


@dataclass(slots=True)
class _Sentence:
    article: int  # index into the article list
    start: int
    end: int
    text: str
    position: int
    n_terms: int


class FactGrouper:
    """Groups equivalent sentences of a story's articles into `Fact`s.

    >>> from newsprism.models import Article
    >>> a = Article(id="a1", source="s", title="t", outlet="Daily",
    ...     text="Rebels seized the northern port of Kavala on Monday, officials said.")
    >>> b = Article(id="a2", source="s", title="t", outlet="Herald",
    ...     text="The northern port of Kavala was seized by rebels on Monday.")
    >>> fs = FactGrouper(FactConfig()).group([a, b], [])
    >>> [(f.article_ids, f.treatment) for f in fs.facts]
    [(['a1', 'a2'], {'a1': 'attributes', 'a2': 'reports'})]
    """

    def __init__(self, config: FactConfig | None = None) -> None:
        self.config = config or FactConfig()

    def group(
        self,
        articles: Sequence[Article],
        copy_groups: Iterable[CopyGroup] = (),
        *,
        quotes: Iterable[Quote] = (),
        claims: Iterable[Claim] = (),
    ) -> FactSet:
        """Group the sentences of `articles` into facts (see the module docstring)."""
        cfg = self.config
        copy_groups = list(copy_groups)
        group_of = copy_group_index(copy_groups)
        result = FactSet()
        sents = self._sentences(articles, result.dropped)
        if not sents:
            return result
        # compare what is said, not who says it: a shared attribution frame ("..., military
        # spokesperson Major Holt told reporters") must not make two statements alike
        said = [strip_attribution(s.text) for s in sents]
        space = TermSpace.fit(said)
        fuzzy = [fuzzy_text(t) for t in said]
        threshold = min(cfg.fuzzy_cosine, cfg.link_cosine, cfg.paraphrase_cosine)
        gram: np.ndarray | None = None
        if len(sents) <= _DENSE_GRAM_MAX:
            # one product for the candidate pairs and every fact's representative
            sims = space.similarities()
            rows, cols, cosines = pair_arrays(sims, 0, threshold)
            gram = sims.toarray()
        else:
            rows, cols, cosines = space.pair_arrays_above(threshold)
        anchors = _Anchors(space, said)
        # candidate pairs are filtered as arrays first: a story of n sentences has ~n²/10
        # of them, and most are within one article or fail the cheap tests below
        of_article = np.fromiter((s.article for s in sents), dtype=np.int64, count=len(sents))
        same = of_article[rows] == of_article[cols]

        # repeats inside one article (standfirst repeated as lead): keep the first
        removed: set[int] = set()
        for k in np.flatnonzero(same & (cosines >= cfg.duplicate_cosine)).tolist():
            i, j = int(rows[k]), int(cols[k])
            if token_set(fuzzy[i], fuzzy[j]) >= cfg.duplicate_token_set:
                removed.add(max(i, j))
        for k in sorted(removed):
            s = sents[k]
            result.dropped.append(DroppedSentence(articles[s.article].id, s.start, s.end, "duplicate"))

        keep = ~same
        if removed:
            gone = np.zeros(len(sents), dtype=bool)
            gone[list(removed)] = True
            keep &= ~(gone[rows] | gone[cols])
        # below the near-identical band both rules refuse numbers that conflict, and an
        # anchored paraphrase (the only rule below `fuzzy_cosine`) needs weighted-term
        # overlap before wording: pairs failing those cheap tests are dropped here, so
        # the token set ratio (and the sentences' names) are worked out only for pairs
        # that could still link (the same edges as testing the token set first)
        below = keep & (cosines < cfg.link_cosine)
        keep &= ~(below & anchors.numbers_conflict_of(rows, cols))
        low = keep & (cosines < cfg.fuzzy_cosine)
        keep &= ~(low & ~anchors.may_overlap(rows, cols, cfg))

        # a link depends on the two compared texts only (their rows, so their cosine, are
        # equal too): copies of a wire story repeat their sentences across a story's
        # articles, and each pair of texts is judged once
        text_id: dict[str, int] = {}
        tid = [text_id.setdefault(t, len(text_id)) for t in said]
        judged: dict[tuple[int, int], tuple[float, str] | None] = {}
        edges: list[tuple[float, int, int, str]] = []
        for i, j, cos in pair_list(rows[keep], cols[keep], cosines[keep]):
            key = (tid[i], tid[j])
            if key in judged:
                link = judged[key]
            else:
                link = judged[key] = self._link(i, j, cos, fuzzy, anchors)
            if link is not None:
                edges.append((link[0], i, j, link[1]))
        # strongest first; ties broken by index so the result is deterministic
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))

        parent = list(range(len(sents)))
        arts: dict[int, set[int]] = {k: {s.article} for k, s in enumerate(sents)}
        weakest: dict[int, tuple[float, str]] = {k: (1.0, "single") for k in range(len(sents))}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for w, i, j, rule in edges:
            ri, rj = find(i), find(j)
            if ri == rj or arts[ri] & arts[rj]:
                continue
            parent[rj] = ri
            arts[ri] |= arts.pop(rj)
            weakest[ri] = min(weakest[ri], weakest.pop(rj), (w, rule))

        clusters: dict[int, list[int]] = {}
        for k in range(len(sents)):
            if k not in removed:
                clusters.setdefault(find(k), []).append(k)

        quotes_by_article = _by_article(quotes)
        negative_claims = _by_article(c for c in claims if c.polarity in ("denies", "disputes"))
        published = [a.published or "9999" for a in articles]
        order: list[tuple[tuple[int, int, int, str], Fact]] = []
        for root, idx in clusters.items():
            idx.sort(key=lambda k: (sents[k].article, sents[k].position))
            members = [
                self._member(articles[sents[k].article], sents[k], quotes_by_article, negative_claims)
                for k in idx
            ]
            _set_contradictions(members, [sents[k].article for k in idx], published, group_of)
            rep = idx[_representative(space, sents, idx, gram)]
            article_ids = [m.article_id for m in members]
            fact = Fact(
                id=group_id("f", [f"{m.article_id}:{m.start}" for m in members]),
                text=sents[rep].text,
                article_ids=article_ids,
                # in the order of article_ids, so a one-article-per-outlet fact aligns 1:1
                outlets=list(dict.fromkeys(m.outlet for m in members)),
                treatment={m.article_id: m.treatment for m in members},
                copy_groups=sorted({group_of[a] for a in article_ids if a in group_of}),
            )
            independent = len({source_key(a, group_of) for a in article_ids})
            result.members[fact.id] = members
            result.independent_sources[fact.id] = independent
            result.link_scores[fact.id] = round(weakest[root][0], 4)
            result.link_rules[fact.id] = weakest[root][1]
            lead = min(m.position for m in members)
            order.append(((-independent, -len(fact.outlets), lead, fact.id), fact))
        order.sort(key=lambda o: o[0])
        result.facts = [f for _, f in order]
        return result

    def _link(
        self, i: int, j: int, cos: float, fuzzy: Sequence[str], anchors: _Anchors
    ) -> tuple[float, str] | None:
        """(link score, rule) of sentences `i` and `j` of different articles, None when unlinked.

        Below the near-identical band both rules refuse numbers that conflict, and an
        anchored paraphrase needs weighted-term overlap before wording, so the token set
        ratio (and the names) are worked out last.
        """
        cfg = self.config
        if cos >= cfg.link_cosine:
            return (cos + token_set(fuzzy[i], fuzzy[j])) / 2, "same terms"
        if anchors.numbers_conflict(i, j):
            return None
        if cos >= cfg.fuzzy_cosine:
            ts = token_set(fuzzy[i], fuzzy[j])
            if ts >= cfg.link_token_set:
                return (cos + ts) / 2, "contained wording"
        elif anchors.overlap_fails(i, j, cfg):
            return None
        else:
            ts = token_set(fuzzy[i], fuzzy[j])
        if anchors.linked(i, j, ts, cfg):
            # weaker evidence than shared wording: ranked below it when facts compete
            return (cos + ts) / 2 - 0.1, "anchored paraphrase"
        return None

    def _sentences(self, articles: Sequence[Article], dropped: list[DroppedSentence]) -> list[_Sentence]:
        cfg = self.config
        out: list[_Sentence] = []
        for ai, art in enumerate(articles):
            seen: set[str] = set()
            for pos, (start, end) in enumerate(article_sentences(art.text or "")):
                text = art.text[start:end]
                n_words = word_count(text)
                n_terms = len(cached_content_terms(text))
                reason = ""
                if n_words < cfg.min_words or n_terms < cfg.min_content_terms:
                    reason = "short"
                elif n_words > cfg.max_words:
                    reason = "long"
                else:
                    key = " ".join(terms(text))
                    if key in seen:
                        reason = "duplicate"
                    seen.add(key)
                if reason:
                    dropped.append(DroppedSentence(art.id, start, end, reason))
                    continue
                out.append(_Sentence(ai, start, end, text, pos, n_terms))
        return out

    def _member(
        self,
        art: Article,
        s: _Sentence,
        quotes: dict[str, list[Quote]],
        negative_claims: dict[str, list[Claim]],
    ) -> FactMember:
        denied = any(c.start < s.end and c.end > s.start for c in negative_claims.get(art.id, ()))
        if has_hedge(s.text):
            treatment = "hedges"
        elif attribution_verbs(s.text) or any(
            q.start < s.end and q.end > s.start for q in quotes.get(art.id, ())
        ):
            treatment = "attributes"
        else:
            treatment = "reports"
        return FactMember(
            art.id, s.start, s.end, s.text, outlet_of(art), s.position, treatment, False, denied
        )


class _Anchors:
    """Numbers, names and IDF-weighted terms of the compared sentences, for anchored paraphrases.

    Read per sentence when first asked: only sentences in candidate pairs below the
    near-identical band are ever looked at, and names (the costliest read) only for
    pairs whose numbers and weighted-term overlap leave the decision to them.
    """

    def __init__(self, space: TermSpace, texts: Sequence[str]) -> None:
        self._space = space
        self._texts = texts
        self._idf: dict[str, float] | None = None
        # per sentence: (terms, term -> weight, total weight, numbers)
        self._read: list[tuple[set[str], dict[str, float], float, set[str]] | None] = [None] * len(texts)
        self._names: list[set[str] | None] = [None] * len(texts)
        # shared weight of the last pair asked: containment and coverage of one pair share it
        self._pair: tuple[int, int] = (-1, -1)
        self._shared = 0.0

    def _of(self, i: int) -> tuple[set[str], dict[str, float], float, set[str]]:
        read = self._read[i]
        if read is None:
            if self._idf is None:
                self._idf = self._space.idf()
            idf, text = self._idf, self._texts[i]
            ts = set(terms(text))
            weights = {t: idf.get(t, 0.0) for t in ts}
            read = self._read[i] = (ts, weights, sum(weights.values()), set(numbers(text)))
        return read

    def _names_of(self, i: int) -> set[str]:
        names = self._names[i]
        if names is None:
            names = self._names[i] = {w.lower() for p in proper_phrases(self._texts[i]) for w in p.split()}
        return names

    def _shared_weight(self, i: int, j: int) -> float:
        # sum(w_i[t] for t in terms_i & terms_j), the float containment and coverage divide
        if self._pair != (i, j):
            (ti, wi, _, _), (tj, _, _, _) = self._of(i), self._of(j)
            self._pair, self._shared = (i, j), sum(wi[t] for t in ti & tj)
        return self._shared

    def containment(self, i: int, j: int) -> float:
        """Weighted share of the lighter sentence's terms that the other one has."""
        small = min(self._of(i)[2], self._of(j)[2])
        if small <= 0:
            return 0.0
        return self._shared_weight(i, j) / small

    def coverage(self, i: int, j: int) -> float:
        """Weighted share of the heavier sentence's terms that the other one has.

        Low when a short sentence's few words all recur inside a long sentence that
        says much more ("Tarsova has denied supplying Norvane" inside a sentence about
        what Bellmora says the engine letters prove).
        """
        big = max(self._of(i)[2], self._of(j)[2])
        if big <= 0:
            return 0.0
        return self._shared_weight(i, j) / big

    def numbers_conflict(self, i: int, j: int) -> bool:
        """Both sentences give numbers and share none: "killed 31 people" (in 1998) vs "killed 14".

        Only checked below the near-identical band (`link_cosine`): edited wire copy that
        updates a figure ("six weeks" -> "eight weeks") is still the same passage.
        """
        ni, nj = self._of(i)[3], self._of(j)[3]
        return bool(ni and nj and not ni & nj)

    def numbers_conflict_of(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """`numbers_conflict(i, j)` of every pair (rows[k], cols[k]), as a boolean array."""
        index: dict[str, int] = {}
        ind_rows: list[int] = []
        ind_cols: list[int] = []
        for k, text in enumerate(self._texts):
            for num in set(numbers(text)):
                ind_rows.append(k)
                ind_cols.append(index.setdefault(num, len(index)))
        if not index:
            return np.zeros(len(rows), dtype=bool)
        n = len(self._texts)
        given = np.zeros(n, dtype=bool)
        given[ind_rows] = True
        if len(rows) * len(index) <= _DENSE_PAIRS_MAX:
            # few pairs and numbers: dense rows cost less than sparse set-up
            has = np.zeros((n, len(index)), dtype=bool)
            has[ind_rows, ind_cols] = True
            shared = (has[rows] & has[cols]).sum(axis=1)
        else:
            sp = sparse.csr_matrix((np.ones(len(ind_rows)), (ind_rows, ind_cols)), shape=(n, len(index)))
            shared = np.asarray(sp[rows].multiply(sp[cols]).sum(axis=1)).ravel()
        return given[rows] & given[cols] & (shared == 0)

    def may_overlap(self, rows: np.ndarray, cols: np.ndarray, cfg: FactConfig) -> np.ndarray:
        """Whether `overlap_fails(i, j, cfg)` may be False for each pair (rows[k], cols[k]).

        The weights are read off the fitted space (a sentence's terms are the nonzero
        columns of its row, each weighing its IDF) and summed in another order than
        `containment` and `coverage` sum them, so a pair counts as failing only when
        it falls short by more than any rounding; pairs kept are tested exactly.
        """
        m = self._space.matrix
        if not len(rows) or not m.nnz:
            return np.zeros(len(rows), dtype=bool)
        n, n_terms = m.shape
        if len(rows) * n_terms <= _DENSE_PAIRS_MAX:
            # few pairs and terms: dense rows cost less than sparse set-up
            weighted = np.zeros(m.shape, dtype=np.float64)
            weighted[np.repeat(np.arange(n), np.diff(m.indptr)), m.indices] = self._space.idf_[m.indices]
            total = weighted.sum(axis=1)
            shared = np.where(weighted[cols] > 0, weighted[rows], 0.0).sum(axis=1)
        else:
            ws = sparse.csr_matrix((self._space.idf_[m.indices], m.indices, m.indptr), shape=m.shape)
            present = sparse.csr_matrix((np.ones(m.nnz), m.indices, m.indptr), shape=m.shape)
            total = np.asarray(ws.sum(axis=1)).ravel()
            shared = np.asarray(ws[rows].multiply(present[cols]).sum(axis=1)).ravel()
        small = np.minimum(total[rows], total[cols])
        big = np.maximum(total[rows], total[cols])
        least = min(cfg.number_containment, cfg.name_containment, cfg.plain_containment)
        eps = 1e-9
        # an empty sentence has containment and coverage 0.0
        contained = np.where(small > 0, shared >= (least - eps) * small, least <= 0)
        covered = np.where(big > 0, shared >= (cfg.anchor_coverage - eps) * big, cfg.anchor_coverage <= 0)
        return contained & covered

    def overlap_fails(self, i: int, j: int, cfg: FactConfig) -> bool:
        """True when `linked` is False whatever the token set ratio and the anchors:
        the pair's term overlap is under the lowest containment any anchor allows, or
        under the coverage floor."""
        least = min(cfg.number_containment, cfg.name_containment, cfg.plain_containment)
        return self.containment(i, j) < least or self.coverage(i, j) < cfg.anchor_coverage

    def linked(self, i: int, j: int, ts: float, cfg: FactConfig) -> bool:
        """Whether sentences `i` and `j` state the same thing in other words (see `FactConfig`)."""
        if self.numbers_conflict(i, j):
            return False
        shared = self._of(i)[3] & self._of(j)[3]
        if any(_distinctive(n) for n in shared):
            need_ts, need_c = cfg.number_token_set, cfg.number_containment
        elif shared or self._names_of(i) & self._names_of(j):
            need_ts, need_c = cfg.name_token_set, cfg.name_containment
        else:
            need_ts, need_c = cfg.plain_token_set, cfg.plain_containment
        return (
            ts >= need_ts and self.containment(i, j) >= need_c and self.coverage(i, j) >= cfg.anchor_coverage
        )


def _distinctive(number: str) -> bool:
    """A number unlikely to recur by chance in a story's other facts: "41", "6.2", not "3" or "2025".

    >>> [_distinctive(n) for n in ("41", "6.2", "3", "2025", "3400")]
    [True, True, False, False, True]
    """
    if "." in number:
        return True
    if len(number) < 2:
        return False
    return not (len(number) == 4 and 1900 <= int(number) <= 2100)  # years are dates, not counts


def _by_article(items: Iterable[Quote] | Iterable[Claim]) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for it in items:
        out.setdefault(it.article_id, []).append(it)
    return out


def _set_contradictions(
    members: list[FactMember], art_index: list[int], published: list[str], group_of: dict[str, str]
) -> None:
    """Mark members whose polarity is opposite to the fact's majority as "contradicts".

    A member is negative when `negates` finds it negating a term the fact's other
    members share ("has *never supplied weapons*" against "supplied weapons"), or when
    an extracted claim over it denies or disputes. A negation about something else in
    the sentence ("did not go into detail") does not count. Ties between the two
    polarities are settled by the earliest published article; with no dates to
    tell, nobody is marked.
    """
    if len(members) < 2:
        return
    # how many members carry each term: a term is in the *other* members' union when
    # more members than this one carry it (one count instead of a union per member,
    # which made a fact of m members cost m² set unions: wire facts in large stories)
    carried: Counter[str] | None = None
    unsure: set[int] = set()
    for k, m in enumerate(members):
        # the other members' terms matter only to a negation cue in this sentence
        # (`negates` answers without them otherwise): gathered only then
        asks = not m.denied_by_claim and not calls_false(m.text) and bool(negation_scopes(m.text))
        others: Container[str] = frozenset()
        if asks:
            if carried is None:
                carried = Counter(t for o in members for t in set(terms(o.text)))
            others = _Others(carried, set(terms(m.text)))
        m.negative = m.denied_by_claim or negates(m.text, others)
        # a negation over words the others do not share may be a paraphrase of their own
        # negation ("no one was injured" / "nobody was hurt"): polarity unknown, so the
        # member neither votes nor gets marked (precision first: a false "contradicts"
        # misstates what an outlet said)
        if not m.negative and _negates_content(m.text):
            unsure.add(k)
    if len({m.negative for k, m in enumerate(members) if k not in unsure}) < 2:
        return
    # majority over independent sources, so five copies of one wire story count once
    votes: dict[bool, set[str]] = {True: set(), False: set()}
    for k, m in enumerate(members):
        if k not in unsure:
            votes[m.negative].add(source_key(m.article_id, group_of))
    if len(votes[True]) != len(votes[False]):
        reference = len(votes[True]) > len(votes[False])
    else:
        sure = [(m, i) for k, (m, i) in enumerate(zip(members, art_index, strict=True)) if k not in unsure]
        first = min(published[i] for _, i in sure)
        first_polarity = {m.negative for m, i in sure if published[i] == first}
        if first == "9999" or len(first_polarity) > 1:
            return  # no earliest article to set the reference
        reference = first_polarity.pop()
    for k, m in enumerate(members):
        if k not in unsure and m.negative != reference:
            m.treatment = "contradicts"


class _Others:
    """The terms of a fact's other members, as `in` reads them: `carried` counts each
    term over every member, `own` is this member's terms."""

    __slots__ = ("carried", "own")

    def __init__(self, carried: Counter[str], own: set[str]) -> None:
        self.carried = carried
        self.own = own

    def __contains__(self, term: object) -> bool:
        return self.carried.get(term, 0) > (term in self.own)  # type: ignore[call-overload]


def _negates_content(text: str) -> bool:
    """Whether a negation cue in `text` governs content words (not just "no one", "not yet")."""
    return any(terms(text[s:e]) for s, e in negation_scopes(text) if s != e)


def negates(text: str, about: Container[str]) -> bool:
    """Whether `text` negates what it says about the stemmed terms `about`.

    True when a negation cue governs one of those terms, when a cue closes its clause
    ("..., which Tarsova denied."), or when the sentence calls something false
    ("fake", "a forgery", "baseless": `lexicon.FALSITY`).

    >>> negates("Police did not arrest anyone near the port.", {"arrest", "port"})
    True
    >>> negates("Police arrested two men but did not give details.", {"arrest", "port"})
    False
    """
    if calls_false(text):
        return True
    return any(s == e or any(t in about for t in terms(text[s:e])) for s, e in negation_scopes(text))


def _representative(
    space: TermSpace, sents: list[_Sentence], idx: list[int], gram: np.ndarray | None = None
) -> int:
    """Index (into `idx`) of the most central and complete member sentence.

    `gram` (all cosines of the story's sentences, `TermSpace.similarities`) holds the
    same floats as the members' own product, read without a sparse product per fact.
    """
    if len(idx) == 1:
        return 0
    if gram is not None:
        sims = gram[np.ix_(idx, idx)]
    else:
        sub = space.matrix[idx]
        sims = (sub @ sub.T).toarray()
    max_terms = max(sents[k].n_terms for k in idx) or 1
    best, best_score = 0, float("-inf")
    for pos, k in enumerate(idx):
        centrality = (sims[pos].sum() - sims[pos, pos]) / (len(idx) - 1)
        # complete: ends like a sentence (a standfirst or headline often does not)
        complete = 1.0 if sents[k].text.rstrip()[-1:] in ".!?\"'”’" else 0.0
        score = centrality + 0.15 * complete + 0.10 * sents[k].n_terms / max_terms
        if score > best_score + 1e-9:
            best, best_score = pos, score
    return best
