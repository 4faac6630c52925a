"""Sentence similarity for grouping statements across articles, tolerant of paraphrase.

Two signals, both cheap:

- **term cosine**: cosine between TF-IDF vectors of lightly stemmed content terms
  (`newsprism.text.content_terms`, negations dropped so "has never supplied arms" and
  "supplied arms" share their proposition). IDF is computed over the sentences being
  compared, so words every sentence of a story shares ("North", "Korea") count little
  and the words that tell facts apart count most.
- **token set ratio**: rapidfuzz `token_set_ratio` over the lower-cased words, which is
  high when one sentence's words are (nearly) contained in the other's, as with wire copy
  that an outlet trimmed or extended.

>>> stem("recognised"), stem("recognizes"), stem("supplied"), stem("shipping"), stem("rumours")
('recogniz', 'recogniz', 'supply', 'ship', 'rumor')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.text import content_terms, words

# Negation words carry polarity, not topic: they are handled by the treatment heuristic.
_DROP_TERMS = frozenset({"never", "none", "nothing", "nobody", "neither", "nor", "not"})
# British -> American spellings that matter in news copy, applied before suffix stripping.
_SPELLING = (("isation", "ization"), ("yse", "yze"), ("ence", "ense"), ("ise", "ize"), ("our", "or"))
_SPELLING_EXCEPT = frozenset(
    {"four", "hour", "your", "pour", "tour", "sour", "flour", "ours", "otherwise", "rise"}
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: plural, -ing, -ed and British spellings.

    Deliberately conservative (no Porter-style rewriting) so stems stay readable and
    distinct words rarely collide.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    # strip inflection first, then unify spellings on the bare stem
    bare = w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif w.endswith("ing") and len(w) > 5:
        w = _undouble(w[:-3])
    elif w.endswith("ed") and len(w) > 4:
        w = _undouble(w[:-2])
    if w not in _SPELLING_EXCEPT:
        for brit, amer in _SPELLING:
            if w.endswith(brit) and len(w) > len(brit) + 2:
                w = w[: -len(brit)] + amer
                break
            if w != bare and w.endswith(brit[:-1]) and brit.endswith("e") and len(w) > len(brit) + 1:
                # the -e was stripped with -ed/-ing ("recognis(ed)")
                w = w[: -len(brit) + 1] + amer[:-1]
                break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    # "shipp(ing)" -> "ship", but keep "sell", "miss", "buzz"
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    return w


def terms(text: str) -> list[str]:
    """Stemmed content terms of `text`, negation words left out.

    >>> terms("North Korea has never exported weapons to Russia.")
    ['north', 'korea', 'export', 'weapon', 'russia']
    """
    return list(_terms(text))


@lru_cache(maxsize=32768)
def _terms(text: str) -> tuple[str, ...]:
    # the same sentence is looked at by grouping, treatment and support checks
    text = _PER_CENT.sub("percent", text)
    found = [
        _fold(stem(t)) for t in content_terms(text) if t not in _DROP_TERMS and not t.endswith(("n't", "n’t"))
    ]
    return tuple(found + numbers(text))


# Common news paraphrases folded to one term, so "no one was hurt" and "nobody was
# injured", or "25 ships" and "25 vessels", share their content words. Kept short and
# general (words reporters swap for the same thing in any story), never story-specific.
# Words with a frequent other sense are left out ("main", "key", "attack"); "strike"
# folds with "walkout", harmless in a story about an air strike, which has no walkout.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("injured", "injury", "injuries", "hurt", "wounded", "wounds"),
    ("killed", "died", "dead", "death", "deaths"),
    ("earthquake", "quake", "tremor"),
    ("ship", "ships", "vessel", "vessels"),
    ("fire", "blaze", "flames"),
    ("walkout", "strike"),
    ("wage", "wages", "pay", "salary", "salaries"),
    ("talks", "negotiations"),
    ("illegal", "unlawful"),
    ("raised", "increased", "lifted", "hiked"),
    ("increase", "rise", "hike"),
    ("resigned", "quit"),
    ("arrested", "detained"),
    ("seized", "captured"),
    ("started", "began"),
    ("residents", "inhabitants"),
)
_FOLD: dict[str, str] = {}
for _group in SYNONYM_GROUPS:
    for _w in _group:
        _FOLD.setdefault(stem(_w), stem(_group[0]))


def _fold(term: str) -> str:
    return _FOLD.get(term, term)


def fuzzy_text(text: str) -> str:
    """The lower-cased words of `text` and its numbers, joined by spaces (input of the token set ratio).

    >>> fuzzy_text("Forty-one of 3,400 people, 7.1 per cent.")
    'forty-one of people percent 41 3400 7.1'
    """
    text = _PER_CENT.sub("percent", text)
    return " ".join([*words(text), *numbers(text)])


# Numbers state facts ("41 survivors", "4.25 per cent") but `content_terms` drops them,
# so they are added as terms of their own, with number words read as digits so that
# "forty-one passengers" and "41 passengers" match. "one" is left out: it is more often
# a pronoun ("no one", "one of them") than a count.
_PER_CENT = re.compile(r"\bper\s+cent\b", re.IGNORECASE)
_UNITS = "two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS: dict[str, int] = {w: n for n, w in enumerate(_UNITS, 2)}
_NUMBER_WORDS.update({w: n for n, w in enumerate(_TEENS, 10)})
_NUMBER_WORDS.update({w: 10 * n for n, w in enumerate(_TENS, 2)})
_NUMBER_WORDS.update(
    {f"{t}-{u}": 10 * n + k for n, t in enumerate(_TENS, 2) for k, u in enumerate(["one", *_UNITS], 1)}
)


def _trie_pattern(words: Sequence[str]) -> str:
    """One regex alternative for `words`, factored by common prefixes (longest first).

    The same matches as ``"|".join(sorted(words, key=len, reverse=True))``: the words
    that can match at one position are prefixes of each other, and the greedy optional
    groups try the longer ones first. Python's `re` tries a flat alternation word by
    word at every word start; the factored form rejects a non-number word after one or
    two characters (numbers() was the largest self-time in story comparison: 5 of 13.6
    CPU seconds on the 1k benchmark corpus, ~5x faster factored).

    >>> _trie_pattern(["ten", "two", "twelve"])
    't(?:en|w(?:elve|o))'
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(tree)


_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])"
    r"|\b(?:" + _trie_pattern(list(_NUMBER_WORDS)) + r")\b",
    re.IGNORECASE,
)


def numbers(text: str) -> list[str]:
    """The numbers of `text` as digit strings: "3,400" → "3400", "forty-one" → "41".

    >>> numbers("Forty-one of 3,400 people; 7.1 percent in 2023, twelve dead.")
    ['41', '3400', '7.1', '2023', '12']
    """
    out: list[str] = []
    for m in _NUMBER.finditer(text):
        tok = m.group(0).lower()
        out.append(str(_NUMBER_WORDS[tok]) if tok in _NUMBER_WORDS else tok.replace(",", ""))
    return out


def token_set(a: str, b: str) -> float:
    """rapidfuzz token_set_ratio of two `fuzzy_text` strings, scaled to 0..1."""
    return fuzz.token_set_ratio(a, b) / 100.0


class TermSpace:
    """TF-IDF vectors of a set of texts over stemmed content terms.

    >>> space = TermSpace.fit(["Rebels seized the port.", "The port was seized by rebels.", "Rain fell."])
    >>> round(float(space.cosine(0, 1)), 2), round(float(space.cosine(0, 2)), 2)
    (1.0, 0.0)
    """

    def __init__(self, vectorizer: TfidfVectorizer | None, matrix: sparse.csr_matrix) -> None:
        self.vectorizer = vectorizer
        self.matrix = matrix

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TermSpace:
        """Fit IDF on `texts` and vectorise them (rows are L2-normalised)."""
        docs = [terms(t) for t in texts]
        if not any(docs):
            return cls(None, sparse.csr_matrix((len(texts), 1), dtype=np.float64))
        # sublinear tf: a word repeated in one sentence should not dominate it
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
        return cls(vec, vec.fit_transform(docs).tocsr())

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Vectors of new texts in this space (terms unseen at fit time are ignored)."""
        if self.vectorizer is None:
            return sparse.csr_matrix((len(texts), 1), dtype=np.float64)
        return self.vectorizer.transform([terms(t) for t in texts]).tocsr()

    def idf(self) -> dict[str, float]:
        """term -> inverse document frequency over the fitted texts (rare terms weigh more)."""
        if self.vectorizer is None:
            return {}
        return dict(zip(self.vectorizer.get_feature_names_out(), self.vectorizer.idf_.tolist(), strict=True))

    def cosine(self, i: int, j: int) -> float:
        """Cosine between rows `i` and `j`."""
        return float(self.matrix[i].multiply(self.matrix[j]).sum())

    def pairs_above(self, threshold: float, block: int = 2000) -> list[tuple[int, int, float]]:
        """All pairs (i < j) with cosine >= `threshold`, computed in row blocks to bound memory."""
        n = self.matrix.shape[0]
        out: list[tuple[int, int, float]] = []
        mt = self.matrix.T.tocsc()
        for lo in range(0, n, block):
            hi = min(n, lo + block)
            sims = (self.matrix[lo:hi] @ mt).tocoo()
            keep = (sims.data >= threshold) & (sims.row + lo < sims.col)
            for r, c, v in zip(sims.row[keep], sims.col[keep], sims.data[keep], strict=True):
                out.append((int(r) + lo, int(c), float(v)))
        return out


def _identity(doc: list[str]) -> list[str]:
    return doc
