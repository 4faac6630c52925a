"""Claims: propositions with who asserts, denies or disputes them, and how outlets carry them.

`ClaimExtractor` turns an article's quotes (reported speech and quoted sentences) and its
accuse/deny/confirm sentences into `Claim` records whose span is the proposition.
Polarity comes from the cue verb (deny, reject, dismiss -> "denies"; dispute, question ->
"disputes") and from the asserter's own words ("has never", "did not", "no plans to" ->
"denies"; "groundless", "fabricated", "rumour" -> "disputes").

`cluster_claims` groups claims about one proposition across articles (content-term
overlap with country metonyms and a few synonyms folded, plus rapidfuzz), and
`outlet_stance` says per outlet whether it reports a claim as fact, attributes it,
disputes it in its own voice, or omits it.

>>> from newsprism.models import Article
>>> from newsprism.extract.quotes import QuoteExtractor
>>> t = "The ministry denied that it had sold rifles to Ruritania."
>>> a = Article(id="a", source="s", title="", text=t)
>>> [(c.asserter, c.polarity, c.text) for c in ClaimExtractor().extract(a, QuoteExtractor().extract(a))]
[('ministry', 'denies', 'it had sold rifles to Ruritania')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsprism.extract.lexicon import (
    CLAIM_VERB_LEMMA,
    CLAIM_VERB_POLARITY,
    CLAUSE_LEMMAS,
    DISPUTE_WORDS,
    METONYMS,
    PARTIAL_ONLY_LEMMAS,
    SPELLING,
    VERB_LEMMA,
)
from newsprism.extract.quotes import (
    _line_split,
    count_words,
    sentence_subject,
    subject_before,
    tokenize,
)
from newsprism.ids import group_id
from newsprism.models import Article, Claim, Quote
from newsprism.text import STOPWORDS, sentence_spans, words

__all__ = ["ClaimCluster", "ClaimConfig", "ClaimExtractor", "claim_terms", "cluster_claims", "outlet_stance"]

Polarity = str  # "asserts" | "denies" | "disputes"


@dataclass(slots=True)
class ClaimConfig:
    """Settings of the claim extractor.

    `min_words`: shorter propositions ("the allegations") carry too little to compare.
    """

    min_words: int = 4
    from_direct_quotes: bool = True


def _trie(forms: Iterable[str]) -> str:
    """A regular expression matching exactly `forms`, as a prefix tree.

    `a|ab|b` tries every form at every position; the tree ``(?:ab?|b)`` tests one
    letter per branch, so a search over a sentence is several times faster. A search
    finds a match wherever the plain alternation does (the regex engine backtracks
    into the tree), though not always the same form: use it where only whether there
    is a match counts.

    >>> _trie(["deny", "denied", "accuse"])
    '(?:accuse|den(?:ied|y))'
    """
    root: dict[str, dict] = {}
    for form in forms:
        node = root
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}  # a form ends here

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    tree = build(root)
    return tree if tree.startswith("(?:") else f"(?:{tree})"


# "has never", "did not", "won't", "no plans to": negation in the asserter's own words
_NEGATION = re.compile(
    r"\b(?:(?:has|have|had|did|does|do|is|are|was|were|will|would|could|can)(?:\s+not|n['’]t|\s+never)"
    r"|never|no\s+(?:plans?|intention|intent)\s+to|not\s+(?:supplying|sending|selling|exporting)"
    r"|hasn['’]t|haven['’]t|didn['’]t|doesn['’]t|won['’]t|isn['’]t|aren['’]t|wasn['’]t)\b",
    re.IGNORECASE,
)
# negations that are about knowledge, not about the proposition ("it is not sure")
_HEDGE_NEGATION = re.compile(r"\b(?:is|was|are)\s+not\s+(?:sure|clear|known|certain)\b", re.IGNORECASE)
_MAIN_CLAUSE_END = re.compile(r",\s+(?:but|although|though|while|whereas)\b|;")
# every match of `_NEGATION` holds one of these (a cheap test that skips most texts)
_NEGATION_HINT = re.compile(r"no|n['’]t|never", re.IGNORECASE)
# a prefix tree of the words (only whether there is a match counts, see `_trie`)
_DISPUTE = re.compile(r"\b" + _trie(DISPUTE_WORDS) + r"\b", re.IGNORECASE)


def polarity_of(text: str, cue: str | None) -> Polarity:
    """Polarity of a proposition said with `cue` ("denied" -> "denies").

    >>> polarity_of("We have never exported weapons", "said")
    'denies'
    >>> polarity_of("the report is a groundless rumour", "said")
    'disputes'
    """
    lemma = CLAIM_VERB_LEMMA.get((cue or "").lower()) or VERB_LEMMA.get((cue or "").lower())
    pol = CLAIM_VERB_POLARITY.get(lemma or "")
    if pol in ("denies", "disputes"):
        return pol
    # only the main clause: in "X was buying shells, but did not go into detail" the
    # negation is the reporter's, not the asserter's
    main = _MAIN_CLAUSE_END.split(text, 1)[0]
    if _NEGATION_HINT.search(main) and _NEGATION.search(main) and not _HEDGE_NEGATION.search(main):
        return "denies"
    if _DISPUTE.search(text):
        return "disputes"
    return "asserts"


# the forms `_verb_claims` acts on ("say" and "insist" are left to the quotes) as a
# prefix tree; no word boundaries, so a match is necessary (not sufficient) for a token
# match
_CLAIM_VERB_FORMS = re.compile(
    _trie(w for w, lemma in CLAIM_VERB_LEMMA.items() if lemma not in ("say", "insist"))
)


class ClaimExtractor:
    """Claims of one article, from its quotes and its accuse/deny/confirm sentences."""

    name = "extract.claims"

    def __init__(self, config: ClaimConfig | None = None) -> None:
        self.config = config or ClaimConfig()

    def extract(self, article: Article, quotes: list[Quote]) -> list[Claim]:
        """Claims in text order; spans are propositions, `text == article.text[start:end]`."""
        text = article.text
        claims: list[Claim] = []
        for q in quotes:
            asserter = q.speaker_canonical or q.speaker
            if q.kind == "indirect":
                self._add(claims, text, q.start, q.end, asserter, q.cue, article.id)
            elif q.kind in ("direct", "block") and self.config.from_direct_quotes:
                for s, e in _line_split(
                    text, [(q.start + a, q.start + b) for a, b in sentence_spans(q.text)]
                ):
                    if text[e - 1 : e] == "?":
                        continue  # questions assert nothing
                    self._add(claims, text, s, e, asserter, q.cue, article.id)
            elif q.kind == "partial" and asserter and _DISPUTE.search(q.text) and _is_label_cue(q.cue):
                # "described the US intelligence finding as “fake”": the object is disputed
                span = _object_before_partial(text, q)
                if span is not None:
                    claims.append(
                        Claim(
                            text[span[0] : span[1]], asserter, "disputes", span[0], span[1], q.cue, article.id
                        )
                    )
        claims.extend(self._verb_claims(text, article.id, claims))
        claims.sort(key=lambda c: (c.start, c.end))
        return claims

    def _add(
        self, claims: list[Claim], text: str, s: int, e: int, asserter: str | None, cue: str | None, aid: str
    ) -> None:
        while e > s and text[e - 1] in " ,;:.":
            e -= 1
        if count_words(text[s:e]) < self.config.min_words:
            return
        claims.append(Claim(text[s:e], asserter, polarity_of(text[s:e], cue), s, e, cue, aid))  # type: ignore[arg-type]

    def _verb_claims(self, text: str, aid: str, existing: list[Claim]) -> list[Claim]:
        """ "X accused Y of Z", "X denies supplying Z", "X confirmed a report that Z"."""
        out: list[Claim] = []
        # The verb forms are plain lower-case ASCII substrings (no boundaries), and
        # lower-casing is per character but for the Greek final sigma (non-ASCII either
        # way): a sentence's lower-cased text holds a form only where the whole lower-
        # cased text does. An article without any (~30% of the benchmark corpus) needs
        # no sentence split: the loop below would skip all of its sentences.
        if _CLAIM_VERB_FORMS.search(text.lower()) is None:
            return out
        spans = sorted((c.start, c.end) for c in existing)
        for s, e in _line_split(text, sentence_spans(text)):
            # most sentences hold no claim verb: a search for the verb forms in the lower-
            # cased sentence (a superset of the token test below) skips tokenizing them
            if _CLAIM_VERB_FORMS.search(text[s:e].lower()) is None:
                continue
            toks = tokenize(text, s, e)
            for v, tok in enumerate(toks):
                lemma = CLAIM_VERB_LEMMA.get(tok.low)
                if lemma is None or lemma in ("say", "insist"):
                    continue
                if tok.low.endswith("ing"):
                    sub = sentence_subject(toks, 0, v)
                    if sub is None or v == 0 or toks[v - 1].text != ",":
                        continue
                else:
                    sub = subject_before(toks, v, 0)  # type: ignore[assignment]
                if sub is None or v + 1 >= len(toks):
                    continue
                k = v + 1
                if toks[k].low == "that" and lemma in CLAUSE_LEMMAS:
                    k += 1  # "denied that ..." (but "dismissed that report")
                if k >= len(toks) or not toks[k].is_word:
                    continue  # "..., the director claimed, as quoted by": no proposition here
                cs = toks[k].start
                ce = e
                while ce > cs and text[ce - 1] in ' .!?;:,"”’':
                    ce -= 1
                if any(a < ce and cs < b for a, b in spans):
                    break  # this proposition is already a claim from a quote
                if count_words(text[cs:ce]) < self.config.min_words:
                    continue
                asserter = text[toks[sub[0]].start : toks[sub[1]].end]
                pol = CLAIM_VERB_POLARITY.get(lemma, "asserts")
                if pol == "asserts":
                    pol = polarity_of(text[cs:ce], tok.text)
                out.append(Claim(text[cs:ce], asserter, pol, cs, ce, tok.text, aid))  # type: ignore[arg-type]
                spans.append((cs, ce))
                break
        return out


def _is_label_cue(cue: str | None) -> bool:
    lemma = VERB_LEMMA.get((cue or "").lower()) or CLAIM_VERB_LEMMA.get((cue or "").lower())
    return lemma in PARTIAL_ONLY_LEMMAS or lemma == "dismiss"


def _object_before_partial(text: str, q: Quote) -> tuple[int, int] | None:
    """The phrase between the cue verb and "as"/"a" before a partial quote."""
    if not q.cue:
        return None
    window_start = max(0, q.start - 300)
    i = text.rfind(q.cue, window_start, q.start)
    if i < 0:
        return None
    s = i + len(q.cue)
    e = q.start - 1
    seg = text[s:e]
    m = re.search(r"\s+as(?:\s+an?|\s+being)?\s*$", seg)
    if m:
        e = s + m.start()
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " ,“\"'‘":
        e -= 1
    if count_words(text[s:e]) < 2 or text[s:e].lower() in {"it", "them", "this", "that"}:
        return None
    return s, e


# --------------------------------------------------------------------------- clustering

# A few synonyms folded so that differently worded propositions meet
# ("supplying arms" / "exporting weapons"); a data table, extend with care.
_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        [
            "arms",
            "weapon",
            "weapons",
            "weaponry",
            "munition",
            "munitions",
            "ammunition",
            "shells",
            "rockets",
            "rocket",
            "missiles",
        ],
        "weapon",
    ),
    **dict.fromkeys(
        [
            "supply",
            "supplies",
            "supplied",
            "supplying",
            "send",
            "sends",
            "sent",
            "sending",
            "export",
            "exports",
            "exported",
            "exporting",
            "ship",
            "ships",
            "shipped",
            "shipping",
            "shipment",
            "shipments",
            "sell",
            "sells",
            "sold",
            "selling",
            "transfer",
            "transfers",
            "transferred",
            "provide",
            "provides",
            "provided",
            "providing",
            "deliver",
            "delivered",
            "delivering",
            "deliveries",
            "purchase",
            "purchasing",
            "purchased",
            "buy",
            "buying",
            "bought",
            "procure",
            "procuring",
            "procured",
            "dealings",
            "deal",
            "deals",
        ],
        "supply",
    ),
}
_NEGATION_WORDS = frozenset(
    {"not", "never", "no", "nor", "none", "hasn't", "didn't", "doesn't", "won't", "isn't"}
)
_METONYM_WORDS = {k: v.lower().replace(" ", "_") for k, v in METONYMS.items() if " " not in k}
_MULTI_METONYMS = sorted(((k, v) for k, v in METONYMS.items() if " " in k), key=lambda kv: -len(kv[0]))


def claim_terms(text: str) -> frozenset[str]:
    """Comparable content terms of a proposition: metonyms to countries, synonyms folded.

    >>> sorted(claim_terms("Pyongyang is not supplying Moscow with arms"))
    ['north_korea', 'russia', 'supply', 'weapon']
    """
    low = text.lower().replace("’", "'")
    for key, country in _MULTI_METONYMS:
        if key in low:
            low = low.replace(key, " " + country.lower().replace(" ", "_") + " ")
    out = set()
    for w in re.findall(r"[a-z_][a-z_'-]*", low):
        w = w.removesuffix("'s")
        if w in _METONYM_WORDS:
            out.add(_METONYM_WORDS[w])
            continue
        if "_" in w:
            out.add(w)
            continue
        if len(w) < 3 or w in STOPWORDS or w in _NEGATION_WORDS:
            continue
        w = SPELLING.get(w, w)
        out.add(_SYNONYMS.get(w, _stem(w)))
    return frozenset(out)


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


@dataclass(slots=True)
class ClaimCluster:
    """One proposition across articles, with who asserts, denies or disputes it."""

    id: str
    text: str  # representative proposition (an asserted one when there is one)
    members: list[tuple[str, int]]  # (article id, index in that article's claim list)
    terms: list[str]
    asserters: dict[str, list[str]] = field(default_factory=dict)  # polarity -> asserters
    polarity_counts: dict[str, int] = field(default_factory=dict)
    article_ids: list[str] = field(default_factory=list)
    member_texts: list[str] = field(default_factory=list)  # first few propositions, for matching


# Two propositions are one claim when they share >= 3 terms covering >= 50% of the smaller
# term set (overlap coefficient), or rapidfuzz token_set_ratio >= 75 with >= 2 shared
# terms, and their countries agree (one set contains the other: "Iran supplies drones to
# Russia" is another claim than "North Korea supplies arms to Russia"). Chosen on invented
# paraphrase pairs (tests/extract/test_claims.py): "North Korea is supplying arms to Russia"
# / "Pyongyang has never exported weapons to Moscow" share 4/4 terms after folding;
# claims on other aspects of one story share 1-2.
_MIN_SHARED = 3
_OVERLAP = 0.5
_FUZZ = 75.0
_COUNTRY_TERMS = frozenset(v.lower().replace(" ", "_") for v in METONYMS.values())


def _claim_similarity(a: frozenset[str], b: frozenset[str], ta: str, tb: str, fuzzy: bool = True) -> float:
    shared = len(a & b)
    if not a or not b or shared < 2:
        return 0.0
    ca, cb = a & _COUNTRY_TERMS, b & _COUNTRY_TERMS
    if ca and cb and not (ca <= cb or cb <= ca):
        return 0.0
    if shared - len(ca & cb) < 2:
        return 0.0  # countries alone do not make two statements one claim
    overlap = shared / min(len(a), len(b))
    if shared >= _MIN_SHARED and overlap >= _OVERLAP:
        return overlap
    # token_set_ratio is 100 for any word subset: only between propositions of like length
    if fuzzy and 0.5 <= len(ta) / max(1, len(tb)) <= 2.0 and fuzz.token_set_ratio(ta, tb) >= _FUZZ:
        return _OVERLAP
    return 0.0


def cluster_claims(
    claims_by_article: Mapping[str, list[Claim]], texts: Mapping[str, str]
) -> list[ClaimCluster]:
    """Group claims on one proposition across articles; sets each `Claim.cluster_id`.

    Single pass in article order: each claim joins the existing cluster most similar to
    it (its founding claim, or one of its first members), found through an inverted index
    of terms, or founds a new one. `texts` (article id -> text) widens propositions of
    fewer than three terms with their sentence ("denied the allegations").
    """
    members: list[list[tuple[str, int]]] = []
    reps: list[list[tuple[frozenset[str], str]]] = []  # founder + first members, for matching
    pools: list[Counter[str]] = []
    index: dict[str, set[int]] = defaultdict(set)
    for aid in sorted(claims_by_article):
        for i, claim in enumerate(claims_by_article[aid]):
            terms = claim_terms(claim.text)
            if len(terms) < 3 and aid in texts:
                terms = terms | claim_terms(_sentence_at(texts[aid], claim.start, claim.end))
            cands: Counter[int] = Counter()
            # sorted: ties in most_common() below are broken by insertion order, which
            # must not depend on the per-process hash seed (a re-run must give the same clusters)
            for t in sorted(terms):
                for ci in index.get(t, ()):
                    cands[ci] += 1
            best, best_score = -1, 0.0
            for ci, shared in cands.most_common(20):
                if shared < 2:
                    break
                score = max(_claim_similarity(terms, rt, claim.text, rx) for rt, rx in reps[ci])
                # the founder decides the cluster's topic: members only widen it a little
                if score > 0 and _claim_similarity(terms, reps[ci][0][0], claim.text, reps[ci][0][1]) == 0:
                    score *= 0.9
                if score > best_score:
                    best, best_score = ci, score
            if best < 0:
                best = len(members)
                members.append([])
                reps.append([])
                pools.append(Counter())
            if len(reps[best]) < 5:
                reps[best].append((terms, claim.text))
            pools[best].update(sorted(terms))  # sorted: most_common(12) ties, as above
            members[best].append((aid, i))
            for t in terms:
                index[t].add(best)
    clusters: list[ClaimCluster] = []
    for ci, ms in enumerate(members):
        keys = [f"{aid}:{claims_by_article[aid][i].start}" for aid, i in ms]
        cid = group_id("k", keys)
        asserters: dict[str, list[str]] = defaultdict(list)
        pol_counts: Counter[str] = Counter()
        for aid, i in ms:
            c = claims_by_article[aid][i]
            c.cluster_id = cid
            pol_counts[c.polarity] += 1
            if c.asserter and c.asserter not in asserters[c.polarity]:
                asserters[c.polarity].append(c.asserter)
        cl = [claims_by_article[a][i] for a, i in ms]
        asserted = [c for c in cl if c.polarity == "asserts"]
        rep = min(asserted or cl, key=lambda c: (len(c.text) > 200, len(c.text) < 25, len(c.text)))
        clusters.append(
            ClaimCluster(
                id=cid,
                text=rep.text,
                members=ms,
                terms=[t for t, _ in pools[ci].most_common(12)],
                asserters=dict(asserters),
                polarity_counts=dict(pol_counts),
                article_ids=sorted({a for a, _ in ms}),
                member_texts=[c.text for c in cl[:5]],
            )
        )
    clusters.sort(key=lambda c: (-len(c.members), c.id))
    return clusters


def _sentence_at(text: str, start: int, end: int) -> str:
    for s, e in sentence_spans(text):
        if s <= start < e:
            return text[s:e]
    return text[start:end]


# --------------------------------------------------------------------------- outlet stance

_ATTRIBUTION = re.compile(
    r"\b(?:according to|claims?|claimed|alleg\w*|accus\w*|said|says|say|told|reported(?:ly)?|"
    r"insist\w*|assert\w*|den(?:y|ies|ied)|confirm\w*|stat(?:ed|es)|warned|suggest\w*)\b",
    re.IGNORECASE,
)
_OWN_DOUBT = re.compile(
    r"\b(?:unproven|unsubstantiated|unverified|without (?:providing )?evidence|no evidence|baseless|"
    r"false|debunked|disputed|dubious|groundless|fake|fabricated)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:would|could|may|might|allegedly|reportedly|purportedly|possibl[ey]|potential(?:ly)?|if)\b",
    re.IGNORECASE,
)
_VOICE = frozenset({"we", "i", "our", "us", "my"})


def _attributed(sentence: str) -> bool:
    """Whether a sentence carries its content as somebody's words, or hedged."""
    if _ATTRIBUTION.search(sentence) or _HEDGE.search(sentence) or any(q in sentence for q in '“”"«»'):
        return True
    ws = words(sentence)
    # a speech verb anywhere, or first-person words (a block quote's sentences)
    return any(w in VERB_LEMMA or w in CLAIM_VERB_LEMMA for w in ws) or any(w in _VOICE for w in ws)


_STANCE_ORDER = {"disputes": 3, "reports as fact": 2, "attributes": 1, "omits": 0}


def outlet_stance(cluster: ClaimCluster, articles: Iterable[Article]) -> dict[str, str]:
    """Per outlet: "reports as fact", "attributes", "disputes" or "omits" the claim.

    An outlet *attributes* when it carries the proposition only as somebody's claim
    (or hedged: "would", "allegedly"), *reports as fact* when one of its own sentences
    states it without attribution, and *disputes* when its own voice doubts it
    ("without evidence", "unproven"). The strongest finding over its articles wins.
    """
    reps = [(claim_terms(t), t) for t in (cluster.member_texts or [cluster.text])]
    members = set(cluster.article_ids)
    stance: dict[str, str] = {}
    for art in articles:
        outlet = art.outlet or art.domain or art.id
        best = "attributes" if art.id in members else "omits"
        for s, e in _line_split(art.text, sentence_spans(art.text)):
            sent = art.text[s:e]
            st = claim_terms(sent)
            if all(_claim_similarity(rt, st, rx, sent, fuzzy=False) <= 0 for rt, rx in reps):
                continue
            if _attributed(sent):
                found = "attributes"
            elif _OWN_DOUBT.search(sent):
                found = "disputes"
            else:
                found = "reports as fact"
            if _STANCE_ORDER[found] > _STANCE_ORDER[best]:
                best = found
        if _STANCE_ORDER[best] >= _STANCE_ORDER.get(stance.get(outlet, "omits"), 0):
            stance[outlet] = best
    return stance
