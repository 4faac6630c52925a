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

from newsprism.compare.lexicon import phrase_trie
from newsprism.text import STOPWORDS, sentence_spans, words

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
    found: list[str] = []
    memo = _TERM_OF
    for w in _words(text):
        if w in memo:
            t = memo[w]
        else:
            if len(memo) > _TERM_MEMO_MAX:
                memo.clear()
            t = memo[w] = _word_term(w)
        if t is not None:
            found.append(t)
    return tuple(found) + _numbers(text)


def _word_term(word: str) -> str | None:
    """The term a word of `newsprism.text.words` counts as, None when it is not a content term."""
    if len(word) < 3 or word in STOPWORDS or word in _DROP_TERMS or word.endswith(("n't", "n’t")):
        return None
    return _fold(stem(word))


# word -> its term (or None): one look-up per word instead of the filters, the stemmer
# and the synonym fold; bounded, cleared when full (news vocabulary keeps growing)
_TERM_OF: dict[str, str | None] = {}
_TERM_MEMO_MAX = 200_000


@lru_cache(maxsize=32768)
def _words(text: str) -> tuple[str, ...]:
    # `newsprism.text.words`, cached: length filters, content terms and fuzzy text all
    # read the same sentences' words
    return tuple(words(text))


def cached_content_terms(text: str) -> tuple[str, ...]:
    """`newsprism.text.content_terms(text)` from cached words (words of >= 3 letters, no stopwords).

    >>> cached_content_terms("The rebels seized it on Monday.")
    ('rebels', 'seized')
    """
    return tuple(w for w in _words(text) if len(w) >= 3 and w not in STOPWORDS)


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
    return _fuzzy_text(text)


# Cached because one sentence is read by fact grouping, the summary's sentence index,
# its support checks and check_support (a story's sentences, each four times or more).
@lru_cache(maxsize=32768)
def _fuzzy_text(text: str) -> str:
    text = _PER_CENT.sub("percent", text)
    return " ".join([*_words(text), *_numbers(text)])


@lru_cache(maxsize=4096)
def article_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """`newsprism.text.sentence_spans(text)`, cached: comparison, summaries and support
    checks each split the same article texts.

    >>> article_sentences("Rain fell. The port shut.")
    ((0, 10), (11, 25))
    """
    return tuple(sentence_spans(text))


@lru_cache(maxsize=32768)
def word_count(text: str) -> int:
    """`len(newsprism.text.words(text))`, cached (sentence length filters ask it many times).

    >>> word_count("Rebels seized the port of Kavala.")
    6
    """
    return len(_words(text))


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


# The number words as one prefix-factored alternative (the lexicon's builder): Python's
# `re` tries a flat alternation word by word at every word start, the factored form
# rejects a non-number word after one or two characters (numbers() was the largest
# self-time in story comparison: 5 of 13.6 CPU seconds on the 1k benchmark corpus,
# ~5x faster factored). The builder never declines lower-case ASCII words; the flat
# alternation after `or` (the same matches) only guards a future edit of the list.
_NUMBER_WORDS_PATTERN = phrase_trie(list(_NUMBER_WORDS)) or "|".join(
    sorted(_NUMBER_WORDS, key=len, reverse=True)
)

_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])"
    r"|\b(?:" + _NUMBER_WORDS_PATTERN + r")\b",
    re.IGNORECASE,
)


def numbers(text: str) -> list[str]:
    """The numbers of `text` as digit strings: "3,400" → "3400", "forty-one" → "41".

    >>> numbers("Forty-one of 3,400 people; 7.1 percent in 2023, twelve dead.")
    ['41', '3400', '7.1', '2023', '12']
    """
    return list(_numbers(text))


@lru_cache(maxsize=32768)
def _numbers(text: str) -> tuple[str, ...]:
    if not _may_have_numbers(text):
        return ()
    out: list[str] = []
    for m in _NUMBER.finditer(text):
        tok = m.group(0).lower()
        out.append(str(_NUMBER_WORDS[tok]) if tok in _NUMBER_WORDS else tok.replace(",", ""))
    return tuple(out)


_DIGIT = re.compile(r"\d")
# every number word contains one of these (a compound, "forty-one", its tens word)
_NUMBER_ROOTS = (*_UNITS, *_TEENS, *_TENS)
# the non-ASCII letters that re.IGNORECASE matches with ASCII ones (Python's re docs)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_have_numbers(text: str) -> bool:
    """False only when `_NUMBER` cannot match: no digit and no number word's letters.

    Most sentences have neither, and a few substring tests are much cheaper than
    running the pattern over every word start.

    >>> _may_have_numbers("Rain fell on the port."), _may_have_numbers("Forty-one rescued.")
    (False, True)
    """
    if _DIGIT.search(text) or any(c in text for c in _FOLDS_TO_ASCII):
        return True
    low = text.lower()
    return any(root in low for root in _NUMBER_ROOTS)


def token_set(a: str, b: str) -> float:
    """rapidfuzz token_set_ratio of two `fuzzy_text` strings, scaled to 0..1."""
    return fuzz.token_set_ratio(a, b) / 100.0


class TermSpace:
    """TF-IDF vectors of a set of texts over stemmed content terms.

    The numbers are scikit-learn's `TfidfVectorizer(sublinear_tf=True, norm="l2")`
    (smooth idf), computed here directly: the vectorizer's input validation cost
    ~2.5 ms per fit, and comparison and summaries fit three spaces per story
    (a third of their CPU on the 1k benchmark corpus). The matrix is built exactly
    as scikit-learn builds it, down to the order of the entries inside each row
    (first appearance of the term in the fitted texts), so every later product,
    cosine and threshold gives the same floats; tests/compare/test_term_space.py
    checks it entry for entry against scikit-learn.

    >>> space = TermSpace.fit(["Rebels seized the port.", "The port was seized by rebels.", "Rain fell."])
    >>> round(float(space.cosine(0, 1)), 2), round(float(space.cosine(0, 2)), 2)
    (1.0, 0.0)
    """

    def __init__(self, vocabulary: dict[str, int], idf_: np.ndarray, matrix: sparse.csr_matrix) -> None:
        self.vocabulary = vocabulary  # term -> column (columns in alphabetical order of terms)
        self.idf_ = idf_
        self.matrix = matrix

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TermSpace:
        """Fit IDF on `texts` and vectorise them (rows are L2-normalised).

        The last few fits are kept: a story's summary and its support check fit the
        same sentences. A space is read, never changed, by its users.
        """
        return _fit(tuple(texts))

    @classmethod
    def _fit(cls, texts: tuple[str, ...]) -> TermSpace:
        docs = [_terms(t) for t in texts]
        if not any(docs):
            return cls({}, np.zeros(0), sparse.csr_matrix((len(texts), 1), dtype=np.float64))
        first: dict[str, int] = {}  # term -> order of first appearance
        ids = np.fromiter((first.setdefault(t, len(first)) for doc in docs for t in doc), dtype=np.int64)
        n_terms = len(first)
        # one entry per (row, term) with its count, rows in order and each row's terms in
        # order of first appearance: scikit-learn sorts each row so before it renumbers
        # the columns alphabetically, and keeps that order afterwards
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), [len(doc) for doc in docs])
        keys, counts = np.unique(rows * n_terms + ids, return_counts=True)
        names = sorted(first)
        remap = np.empty(n_terms, dtype=np.int32)
        for new, name in enumerate(names):
            remap[first[name]] = new
        cols = remap.take(keys % n_terms)
        ptr = np.zeros(len(docs) + 1, dtype=np.int32)
        np.cumsum(np.bincount(keys // n_terms, minlength=len(docs)), out=ptr[1:])
        df = np.bincount(cols, minlength=n_terms).astype(np.float64)
        # smooth idf, as scikit-learn: ln((1 + n) / (1 + df)) + 1
        df += 1.0
        idf_ = np.full_like(df, fill_value=len(docs) + 1, dtype=np.float64)
        idf_ /= df
        np.log(idf_, out=idf_)
        idf_ += 1.0
        vocabulary = {name: k for k, name in enumerate(names)}
        data = _tfidf_rows(counts.astype(np.float64), cols, ptr, idf_)
        return cls(vocabulary, idf_, sparse.csr_matrix((data, cols, ptr), shape=(len(docs), len(names))))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Vectors of new texts in this space (terms unseen at fit time are ignored)."""
        if not self.vocabulary:
            return sparse.csr_matrix((len(texts), 1), dtype=np.float64)
        vocab = self.vocabulary
        indices: list[int] = []
        counts: list[int] = []
        indptr = [0]
        for t in texts:
            row: dict[int, int] = {}
            for term in _terms(t):
                k = vocab.get(term)
                if k is not None:
                    row[k] = row.get(k, 0) + 1
            for k in sorted(row):
                indices.append(k)
                counts.append(row[k])
            indptr.append(len(indices))
        cols = np.asarray(indices, dtype=np.int32)
        ptr = np.asarray(indptr, dtype=np.int32)
        data = _tfidf_rows(np.asarray(counts, dtype=np.float64), cols, ptr, self.idf_)
        return sparse.csr_matrix((data, cols, ptr), shape=(len(texts), len(vocab)))

    def idf(self) -> dict[str, float]:
        """term -> inverse document frequency over the fitted texts (rare terms weigh more)."""
        return dict(zip(self.vocabulary, self.idf_.tolist(), strict=True))

    def cosine(self, i: int, j: int) -> float:
        """Cosine between rows `i` and `j`."""
        return float(self.matrix[i].multiply(self.matrix[j]).sum())

    def pairs_above(self, threshold: float, block: int = 2000) -> list[tuple[int, int, float]]:
        """All pairs (i < j) with cosine >= `threshold`, computed in row blocks to bound memory."""
        rows, cols, vals = self.pair_arrays_above(threshold, block)
        return pair_list(rows, cols, vals)

    def pair_arrays_above(
        self, threshold: float, block: int = 2000
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`pairs_above` as three arrays (rows i, columns j, cosines), the same pairs in the same order."""
        n = self.matrix.shape[0]
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        mt = self.matrix.T.tocsc()
        for lo in range(0, n, block):
            hi = min(n, lo + block)
            parts.append(pair_arrays(self.matrix[lo:hi] @ mt, lo, threshold))
        if not parts:
            return _no_pairs()
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )

    def similarities(self) -> sparse.csr_matrix:
        """Cosines of all pairs of rows (rows × rows), the products `pairs_above` computes.

        Entry (i, j) is the same float as in `pairs_above` and in the product of any
        subset of rows holding i and j (each is summed in row i's own term order), so
        one product can serve every later look-up. Memory grows with rows²: callers
        fall back to `pairs_above` for large sets.
        """
        return self.matrix @ self.matrix.T.tocsc()


def pairs_in(sims: sparse.csr_matrix, lo: int, threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i < j, cosine >= threshold) of a block of rows starting at row `lo`."""
    return pair_list(*pair_arrays(sims, lo, threshold))


def pair_arrays(
    sims: sparse.csr_matrix, lo: int, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`pairs_in` as three arrays (rows i, columns j as int64, cosines), same pairs, same order.

    For callers that filter pairs with array operations before looking at any one
    pair in Python (a large story has ~10^5 candidate pairs).
    """
    coo = sims.tocoo()
    keep = (coo.data >= threshold) & (coo.row + lo < coo.col)
    return coo.row[keep].astype(np.int64) + lo, coo.col[keep].astype(np.int64), coo.data[keep]


def _no_pairs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


def pair_list(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> list[tuple[int, int, float]]:
    """Pairs from the arrays of `pair_arrays`, as `pairs_in` gives them: (i, j, cosine) tuples."""
    return list(zip(rows.tolist(), cols.tolist(), vals.tolist(), strict=True))


@lru_cache(maxsize=4)
def _fit(texts: tuple[str, ...]) -> TermSpace:
    return TermSpace._fit(texts)


def _tfidf_rows(counts: np.ndarray, cols: np.ndarray, indptr: np.ndarray, idf_: np.ndarray) -> np.ndarray:
    """Sublinear tf × idf, rows L2-normalised: scikit-learn's arithmetic, operation for operation.

    The row norm is a sequential sum of squares in stored order (as scikit-learn's
    `inplace_csr_row_normalize_l2`), done as a cumulative sum over zero-padded rows:
    NumPy's plain `sum` adds pairwise and can differ in the last bit.
    """
    data = counts
    np.log(data, data)
    data += 1.0
    data *= idf_[cols]
    lengths = np.diff(indptr)
    if not len(data):
        return data
    rows = np.repeat(np.arange(len(lengths)), lengths)
    within = np.arange(len(data)) - np.repeat(indptr[:-1], lengths)
    padded = np.zeros((len(lengths), int(lengths.max())), dtype=np.float64)
    padded[rows, within] = data * data
    norms = np.sqrt(np.cumsum(padded, axis=1)[:, -1])
    norms[norms == 0.0] = 1.0  # empty rows stay empty (scikit-learn skips them)
    data /= np.repeat(norms, lengths)
    return data
