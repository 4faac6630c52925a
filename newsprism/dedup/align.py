"""Passage alignment: which sentences two articles share, and how each outlet edited them.

Units are sentences (`newsprism.text.sentence_spans`), normalised to their lower-case
words and numbers (so punctuation, quote styles and spacing do not count as edits). Matching, in
order of confidence:

1. identical: equal normalised sentences, matched by hash in text order;
2. edited: remaining sentences paired greedily, best first, by ``fuzz.ratio`` at or
   above ``config.edited_threshold``;
   Two adjacent unmatched sentences of one text, joined, compete as well against one
   sentence of the other (an outlet split a long wire sentence, or merged two);
3. moved, added or cut clauses: ``token_sort_ratio`` / ``token_set_ratio``, penalised
   and between sentences of similar length only.

Because matching is by content and not by position, reordered paragraphs still align,
and an inserted intro or a trimmed ending shows up as ``only_b`` / ``only_a`` passages.

>>> a = "Rain closed the Harlow pass on Monday. Crews from Venmoor cleared the road by noon."
>>> b = "Rain closed the Harlow pass on Monday. Crews from Venmoor cleared the road by evening."
>>> al = align(a, b)
>>> [p.kind for p in al.passages]
['identical', 'edited']
>>> round(al.coverage_a, 2)
1.0
"""

from __future__ import annotations

import difflib
import re
import struct
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from newsprism.dedup.minhash import CopyConfig
from newsprism.models import Passage
from newsprism.text import sentence_spans

__all__ = [
    "Alignment",
    "SentenceUnits",
    "align",
    "align_units",
    "prepare_units",
    "units_from_bytes",
    "units_to_bytes",
    "word_diff",
]

# Quoted spans never cross a line: a quote left open by a sentence split is closed by
# the pairing over the whole paragraph, so a sentence that starts or ends inside a
# multi-sentence quote still gets its quoted characters counted. Negated classes only:
# no backtracking blow-up.
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]|‘[^’\n]*’')
# Tokens of normalised sentences: `newsprism.text.words` plus numbers, because a changed
# figure ("12,000" -> "15,000") is exactly the kind of edit an outlet makes to wire copy.
_TOKEN = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
_MIN_MATCH_WORDS = 3  # shorter sentences ("Photo: AP") never count as shared copy
_MIN_FUZZY_WORDS = 4  # fuzzy ratios of very short sentences are meaningless
# Prose sentences end in terminal punctuation (optionally inside closing quotes).
# Headline lists, captions, link lists and subheads do not: they are left out of the
# coverage denominators, so page clutter a cleaner missed does not hide a copy.
_PROSE_END = re.compile(r"[.!?…。！？।][\"'”’»)\]]*$")
# Lenient scorers (token_sort_ratio, token_set_ratio) give 100 to reordered or contained
# sentences: they count only between sentences of similar length and pay this penalty, so
# they need 90 to reach an 80 threshold. 90 keeps the paraphrases of independent reports
# (80-86 on our invented examples) out and real clause edits of wire copy (93-100) in.
_LENIENT_PENALTY = 10.0
_LENIENT_MIN_LENGTH_RATIO = 0.6
# Bags that bound the lenient scores cheaply (`_lenient_units`): letters of a sentence
# counted per bucket (ASCII letters, digits and in-token separators one bucket each, other
# characters share buckets by code point), and its distinct tokens' lengths + 1 summed
# per hash bucket. Shared buckets only loosen the bounds, never break them. With these
# sizes, of the ~1.0M sentence pairs of the 1k benchmark corpus (benchmarks/corpus.py)
# 2.2% went on to token_sort_ratio and 0.2% to token_set_ratio (see `_lenient_units`).
_BAG_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz'.,-"
_BAG_WIDTH = 64  # buckets per bag; bag columns: letters of the distinct tokens, then tokens


def _letter_table() -> np.ndarray:
    table = len(_BAG_ALPHABET) + np.arange(128) % (_BAG_WIDTH - len(_BAG_ALPHABET))
    for k, ch in enumerate(_BAG_ALPHABET):
        table[ord(ch)] = k
    return table


_LETTER_TABLE = _letter_table()
# str hashes are salted per process: token buckets are only valid where they were made
_HASH_SALT = hash("newsprism.dedup.align")


@dataclass(slots=True)
class SentenceUnits:
    """A text cut into sentence units, ready to align (reusable across many pairs)."""

    text: str
    spans: list[tuple[int, int]]
    norms: list[str]  # lower-case words joined by single spaces
    n_words: list[int]
    quote_share: list[float]  # share of the sentence's characters inside quotation marks
    weights: list[int]  # characters counted for coverage (0 for non-prose units)
    total_chars: int  # sum of weights
    # derived from the fields above by `align_units` on first use, then reused for every
    # pair the text is in (an article is aligned with ~15 candidates)
    features: _UnitFeatures | None = field(default=None, repr=False, compare=False)
    # per (min_sentence_words, max_quote_share): substantive flag per unit, narration chars
    substantive: dict[tuple[int, float], tuple[list[bool], int]] = field(
        default_factory=dict, repr=False, compare=False
    )
    positions: dict[str, list[int]] | None = field(default=None, repr=False, compare=False)
    # per (shingle_size, version, anchor_min_words, max_quote_share): the text's distinct
    # shingle hashes and its anchor sentences, made by the detector's exact check before
    # alignment (`newsprism.dedup.detector.pair_overlap`) on first use
    overlap: dict[tuple[int, int, int, float], tuple[np.ndarray, frozenset[str]]] = field(
        default_factory=dict, repr=False, compare=False
    )


@dataclass(slots=True)
class _UnitFeatures:
    """Per-sentence data that `align_units` derives once per text (see `_unit_features`)."""

    salt: int  # `_HASH_SALT` of the process that made the token buckets
    # (n, 5) float32, per sentence: len(norm), len(" ".join(distinct tokens)), distinct
    # tokens, tokens, letters of repeated occurrences of tokens (exact below 2**24)
    sizes: np.ndarray
    # (n, 2, _BAG_WIDTH): the letters of its distinct tokens by bucket, and len + 1 of its
    # distinct tokens summed by hash bucket; bytes unless a count needs more
    bags: np.ndarray


def prepare_units(text: str) -> SentenceUnits:
    """Cut `text` into sentence units (sentences without any word are dropped)."""
    quoted = np.zeros(len(text) + 1, dtype=np.int32)
    for m in _QUOTED.finditer(text):
        quoted[m.start() + 1 : m.end() + 1] += 1
    quoted_prefix = np.cumsum(quoted > 0)
    spans: list[tuple[int, int]] = []
    norms: list[str] = []
    n_words: list[int] = []
    shares: list[float] = []
    prose: list[bool] = []
    for start, end in sentence_spans(text):
        tokens = _tokens(text[start:end])
        if not tokens:
            continue
        spans.append((start, end))
        norms.append(" ".join(tokens))
        n_words.append(len(tokens))
        shares.append(float(quoted_prefix[end] - quoted_prefix[start]) / max(1, end - start))
        prose.append(_PROSE_END.search(text, start, end) is not None)
    lengths = [e - s for s, e in spans]
    weights = [n if p else 0 for n, p in zip(lengths, prose, strict=True)]
    if sum(weights) < 0.5 * sum(lengths):
        weights = lengths  # mostly unpunctuated text: count everything
    return SentenceUnits(text, spans, norms, n_words, shares, weights, sum(weights))


# `units_to_bytes`: magic, format version, number of units, bytes of the joined norms;
# then the unit arrays and the norms
_UNITS_HEAD = struct.Struct("<4sBII")
_UNITS_MAGIC = b"NPSU"
_UNITS_VERSION = 1


def units_to_bytes(units: SentenceUnits) -> bytes:
    """`units` as compact bytes, without the text (`units_from_bytes` reads them back).

    The batch runner keeps these next to each article, so verification reads the units
    instead of preparing them again for every task an article is in.

    >>> u = prepare_units("Rain closed the Harlow pass. Crews cleared it by noon.")
    >>> units_from_bytes(units_to_bytes(u), u.text) == u
    True
    """
    n = len(units.norms)
    arrays = (
        np.array(units.spans, dtype="<i8").reshape(n, 2).tobytes(),
        np.array(units.n_words, dtype="<i8").tobytes(),
        np.array(units.quote_share, dtype="<f8").tobytes(),  # float64: the exact values
        np.array(units.weights, dtype="<i8").tobytes(),
    )
    # norms hold no newline (tokens joined by single spaces); surrogatepass as the
    # fingerprint's anchor hashes, for texts with lone surrogates
    norms = "\n".join(units.norms).encode("utf-8", "surrogatepass")
    return _UNITS_HEAD.pack(_UNITS_MAGIC, _UNITS_VERSION, n, len(norms)) + b"".join(arrays) + norms


def units_from_bytes(data: bytes, text: str = "") -> SentenceUnits:
    """The `SentenceUnits` written by `units_to_bytes`, with `text` as their text.

    Alignment never reads the text (spans index into it), so a verifier that only needs
    the verdict may leave it empty. Raises ValueError on bytes of another format.
    """
    if len(data) < _UNITS_HEAD.size:
        raise ValueError("sentence units: truncated header")
    magic, version, n, n_bytes = _UNITS_HEAD.unpack_from(data)
    if magic != _UNITS_MAGIC or version != _UNITS_VERSION:
        raise ValueError(f"sentence units {magic!r} v{version}, expected {_UNITS_MAGIC!r} v{_UNITS_VERSION}")
    at = _UNITS_HEAD.size
    fixed = 8 * 5 * n
    if len(data) != at + fixed + n_bytes:
        raise ValueError(f"sentence units: {len(data)} bytes, expected {at + fixed + n_bytes}")
    spans_flat = np.frombuffer(data, dtype="<i8", count=2 * n, offset=at).tolist()
    n_words = np.frombuffer(data, dtype="<i8", count=n, offset=at + 16 * n).tolist()
    shares = np.frombuffer(data, dtype="<f8", count=n, offset=at + 24 * n).tolist()
    weights = np.frombuffer(data, dtype="<i8", count=n, offset=at + 32 * n).tolist()
    norms = data[at + fixed :].decode("utf-8", "surrogatepass").split("\n") if n else []
    if len(norms) != n:
        raise ValueError(f"sentence units: {len(norms)} sentences, expected {n}")
    spans = list(zip(spans_flat[0::2], spans_flat[1::2], strict=True))
    return SentenceUnits(text, spans, norms, n_words, shares, weights, sum(weights))


@dataclass(slots=True)
class Alignment:
    """The aligned passages of two texts and how much of each text they share.

    `passages` come in reading order of text A, with B-only passages placed after the
    shared passage that precedes them in B. Coverage is the share of each text's prose
    characters (sentences ending in terminal punctuation; all sentences if most have
    none) that lies in identical or edited passages.
    """

    passages: list[Passage] = field(default_factory=list)
    coverage_a: float = 0.0
    coverage_b: float = 0.0
    shared_sentences: int = 0  # matched sentence pairs (identical + edited)
    # matched pairs of real length (>= min_sentence_words) that are not mostly quotation:
    # the evidence that separates copied text from independent reports sharing quotes
    substantive_shared: int = 0
    substantive_identical: int = 0  # of those, pairs that are verbatim (after normalising)
    nonquote_coverage_a: float = 0.0  # coverage counting only those substantive pairs
    nonquote_coverage_b: float = 0.0
    # share of each text's own narration (its substantive non-quote sentences) that is
    # in those pairs: high for a copy even when the article is mostly quotation
    narration_coverage_a: float = 0.0
    narration_coverage_b: float = 0.0

    @property
    def shared(self) -> list[Passage]:
        """The identical and edited passages."""
        return [p for p in self.passages if p.kind in ("identical", "edited")]


@dataclass(slots=True)
class _Match:
    a_lo: int
    a_hi: int  # inclusive unit indices
    b_lo: int
    b_hi: int
    score: float  # 0..100
    identical: bool


def align(a_text: str, b_text: str, config: CopyConfig | None = None) -> Alignment:
    """Align two texts sentence by sentence (see the module docstring)."""
    return align_units(prepare_units(a_text), prepare_units(b_text), config)


def _tokens(text: str) -> list[str]:
    if text.isascii():
        # the same tokens, lowered at once: ASCII lowering maps letters to letters
        # one for one (no ’ to replace), so the matches are the same
        return _TOKEN.findall(text.lower())
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _strict_scores(left: list[str], right: list[str], cutoff: float) -> np.ndarray:
    """Pairwise ``fuzz.ratio`` (0..100; 0 below `cutoff`) of normalised sentences."""
    return cdist(left, right, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32)


def _lenient_scores(left: list[str], right: list[str], cutoff: float) -> np.ndarray:
    """Order- and containment-tolerant scores (penalised), for sentences of similar length.

    token_sort_ratio forgives moved clauses, token_set_ratio an added or cut clause; both
    also score paraphrases of one fact highly (independent reports: "the ministry said
    X" / "X, the ministry said in a statement" reach 80-86), hence the penalty: they
    need ``cutoff + _LENIENT_PENALTY``.
    """
    lenient_cut = min(100.0, cutoff + _LENIENT_PENALTY)
    # (partial_ratio would add little over token_set_ratio here and costs 4x as much)
    lenient = np.maximum(
        cdist(left, right, scorer=fuzz.token_sort_ratio, score_cutoff=lenient_cut, dtype=np.float32),
        cdist(left, right, scorer=fuzz.token_set_ratio, score_cutoff=lenient_cut, dtype=np.float32),
    )
    la = np.array([len(x) for x in left], dtype=np.float32)[:, None]
    lb = np.array([len(x) for x in right], dtype=np.float32)[None, :]
    similar_length = np.minimum(la, lb) >= _LENIENT_MIN_LENGTH_RATIO * np.maximum(la, lb)
    lenient = np.where(similar_length & (lenient > 0), lenient - _LENIENT_PENALTY, 0.0)
    return lenient


def _unit_features(units: SentenceUnits) -> _UnitFeatures:
    """The per-sentence data of `units` for `_lenient_units`, made on first use."""
    feats = units.features
    if feats is not None and feats.salt == _HASH_SALT:
        return feats
    n = len(units.norms)
    rows: list[tuple[int, int, int, int, int]] = []
    letters: list[str] = []  # per sentence: the letters of its distinct tokens
    flat: list[str] = []  # the distinct tokens of every sentence, sentence after sentence
    counts: list[int] = []  # distinct tokens per sentence
    for norm in units.norms:
        tokens = norm.split(" ")
        distinct = set(tokens)
        joined = "".join(distinct)
        letters.append(joined)
        flat.extend(distinct)
        counts.append(len(distinct))
        n_letters = len(norm) - len(tokens) + 1
        rows.append(
            (
                len(norm),
                len(joined) + len(distinct) - 1,
                len(distinct),
                len(tokens),
                n_letters - len(joined),
            )
        )
    sizes = np.array(rows, dtype=np.float64).reshape(n, 5)
    # per token: its hash bucket and length + 1 (built-in maps: the per-token loop in C)
    hashes = np.fromiter(map(hash, flat), dtype=np.int64, count=len(flat)) % _BAG_WIDTH
    weights = np.fromiter(map(len, flat), dtype=np.float64, count=len(flat)) + 1.0
    owners = np.repeat(np.arange(n, dtype=np.int64), counts)
    codes = np.frombuffer("".join(letters).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    other = len(_BAG_ALPHABET) + codes % (_BAG_WIDTH - len(_BAG_ALPHABET))
    letter_col = np.where(codes < 128, _LETTER_TABLE[np.minimum(codes, 127)], other)
    owner = np.repeat(np.arange(n, dtype=np.int64), [len(t) for t in letters])
    cells = np.concatenate(
        [
            owner * 2 * _BAG_WIDTH + letter_col,
            owners * 2 * _BAG_WIDTH + _BAG_WIDTH + hashes,
        ]
    )
    bag_weights = np.concatenate([np.ones(codes.size), weights])
    bags = np.bincount(cells, weights=bag_weights, minlength=n * 2 * _BAG_WIDTH).reshape(n, 2, _BAG_WIDTH)
    top = max(bags.max(initial=0), sizes.max(initial=0))
    feats = _UnitFeatures(
        salt=_HASH_SALT,
        # exact integers: float32 below 2**24, bytes below 256 (the common case, and the
        # smallest cache: an article is kept with its features while it has pairs left)
        sizes=sizes.astype(np.float32 if top < 2**24 else np.float64),
        bags=bags.astype(np.uint8 if bags.max(initial=0) < 256 else np.int64),
    )
    units.features = feats
    return feats


def _lenient_units(
    ua: SentenceUnits, ub: SentenceUnits, rest_a: list[int], rest_b: list[int], cutoff: float
) -> np.ndarray:
    """`_lenient_scores` of the sentences `rest_a` of `ua` and `rest_b` of `ub`: the same
    values, but rapidfuzz scores only the pairs that upper bounds let reach the cutoff.

    With ``O`` the overlap of two bags and ``m`` the smaller token count of the pair:

    - token_sort_ratio is ratio of the token-sorted sentences (lengths ``la``, ``lb``),
      and their longest common subsequence is at most the letters they have in common
      plus their shared spaces: at most ``200 min(la, lb, O_letters + m) / (la + lb)``;
    - token_set_ratio is the best of ratio(S+A, S+B), ratio(S, S+A) and ratio(S, S+B)
      for the shared distinct tokens S and the rests A, B, each a sorted joined token
      set (``s``, ``La``, ``Lb``: lengths of S, S+A, S+B). ratio(S, S+A) is exactly
      ``200 s / (s + La)``, and ``s + 1`` (lengths + 1 of the shared tokens) is at most
      the overlap of the bags of token lengths + 1 by hash bucket. ratio(S+A, S+B) is
      ``200 (s + 1 + LCS(A, B)) / (La + Lb)`` with LCS(A, B) at most ``min(|A|, |B|)``
      and at most the letters the rests have in common (the distinct-token letter
      overlap less the letters of S) plus their shared spaces: at most
      ``200 min(La, Lb, O_distinct_letters + m) / (La + Lb)``.

    Text with many letters outside the alphabet (other scripts) falls back to scoring
    every pair, like `_lenient_scores`.
    """
    fa, fb = _unit_features(ua), _unit_features(ub)
    lenient_cut = min(100.0, cutoff + _LENIENT_PENALTY)
    za = fa.sizes[rest_a]
    zb = fb.sizes[rest_b]
    small = np.minimum(za[:, None, :], zb[None, :, :])  # the smaller sizes of each pair
    total = za[:, None, :] + zb[None, :, :]
    # [..., 0] letters the distinct tokens have in common, [..., 1] token-length overlap
    common = np.minimum(fa.bags[rest_a][:, None], fb.bags[rest_b][None, :]).sum(axis=3, dtype=np.int32)
    # scaled cutoff, less a margin that covers float32 rounding (well below rapidfuzz's
    # score steps, and a looser test only sends more pairs to rapidfuzz)
    c = lenient_cut / 200.0 - 1e-6
    # token_sort_ratio; all letters in common <= distinct ones in common + repeated ones
    maybe_sort = (
        np.minimum(small[..., 0], common[..., 0] + total[..., 4] + small[..., 3]) >= c * total[..., 0]
    )
    # token_set_ratio: ratio(S+A, S+B), or ratio(S, S+A) / ratio(S, S+B), which is
    # 200 s / (s + min(La, Lb))
    maybe_set = (np.minimum(small[..., 1], common[..., 0] + small[..., 2]) >= c * total[..., 1]) | (
        (common[..., 1] - 1) * (1.0 - c) >= c * small[..., 1]
    )
    rows, cols = np.nonzero(maybe_sort | maybe_set)
    scores = np.zeros((len(rest_a), len(rest_b)), dtype=np.float32)
    if rows.size > 16 and rows.size > scores.size // 4:
        # bounds too loose to help (e.g. letters outside the alphabet): score all pairs
        return _lenient_scores([ua.norms[i] for i in rest_a], [ub.norms[j] for j in rest_b], cutoff)
    for r, c_ in zip(rows.tolist(), cols.tolist(), strict=True):
        la, lb = np.float32(za[r, 0]), np.float32(zb[c_, 0])  # float32, as in `_lenient_scores`
        if not min(la, lb) >= _LENIENT_MIN_LENGTH_RATIO * max(la, lb):
            continue
        x, y = ua.norms[rest_a[r]], ub.norms[rest_b[c_]]
        best = fuzz.token_sort_ratio(x, y, score_cutoff=lenient_cut) if maybe_sort[r, c_] else 0.0
        if maybe_set[r, c_]:
            best = max(best, fuzz.token_set_ratio(x, y, score_cutoff=lenient_cut))
        if best > 0:
            scores[r, c_] = best - np.float32(_LENIENT_PENALTY)
    return scores


def align_units(ua: SentenceUnits, ub: SentenceUnits, config: CopyConfig | None = None) -> Alignment:
    """Align two prepared texts (`prepare_units`); the work behind `align`."""
    cfg = config or CopyConfig()
    thr = cfg.edited_threshold
    na, nb = len(ua.norms), len(ub.norms)
    used_a = [False] * na
    used_b = [False] * nb
    matches: list[_Match] = []

    # 1. identical sentences, by normalised text
    positions = _positions(ub)
    taken: dict[str, int] = {}  # occurrences of each sentence of B already matched
    for i in range(na):
        if ua.n_words[i] < _MIN_MATCH_WORDS:
            continue
        norm = ua.norms[i]
        js = positions.get(norm)
        if js is not None:
            k = taken.get(norm, 0)
            if k < len(js):
                j = js[k]  # its first occurrence not matched yet
                taken[norm] = k + 1
                used_a[i] = used_b[j] = True
                matches.append(_Match(i, i, j, j, 100.0, True))

    # 2. edited sentences, and sentences split in two or two merged into one: all
    # candidates compete best score first, so a long sentence pairs with both halves of
    # its split (score ~100) rather than with one half (ratio still ~85)
    _match_fuzzy(ua, ub, used_a, used_b, matches, thr)
    # 3. a sentence with a clause added or trimmed (containment-tolerant, penalised)
    _match_singles(ua, ub, used_a, used_b, matches, thr, _lenient_units)

    return _build(ua, ub, matches, used_a, used_b, cfg)


def _positions(units: SentenceUnits) -> dict[str, list[int]]:
    """Where each sentence of matchable length occurs, in text order (kept on `units`)."""
    if units.positions is None:
        positions: dict[str, list[int]] = defaultdict(list)
        for j, (norm, n) in enumerate(zip(units.norms, units.n_words, strict=True)):
            if n >= _MIN_MATCH_WORDS:
                positions[norm].append(j)
        units.positions = dict(positions)
    return units.positions


def _match_singles(
    ua: SentenceUnits,
    ub: SentenceUnits,
    used_a: list[bool],
    used_b: list[bool],
    matches: list[_Match],
    thr: float,
    scorer: Callable[[SentenceUnits, SentenceUnits, list[int], list[int], float], np.ndarray],
) -> None:
    """Pair unmatched sentences one to one, best score first."""
    rest_a = [i for i in range(len(ua.norms)) if not used_a[i] and ua.n_words[i] >= _MIN_FUZZY_WORDS]
    rest_b = [j for j in range(len(ub.norms)) if not used_b[j] and ub.n_words[j] >= _MIN_FUZZY_WORDS]
    if not rest_a or not rest_b:
        return
    scores = scorer(ua, ub, rest_a, rest_b, thr)
    if not scores.any():
        return
    rows, cols = np.nonzero(scores >= thr)
    for k in np.argsort(-scores[rows, cols], kind="stable"):
        i, j = rest_a[rows[k]], rest_b[cols[k]]
        if not used_a[i] and not used_b[j]:
            used_a[i] = used_b[j] = True
            matches.append(_Match(i, i, j, j, float(scores[rows[k], cols[k]]), False))


def _adjacent_free(units: SentenceUnits, used: list[bool]) -> list[int]:
    return [
        i
        for i in range(len(units.norms) - 1)
        if not used[i] and not used[i + 1] and units.n_words[i] + units.n_words[i + 1] >= _MIN_FUZZY_WORDS
    ]


def _match_fuzzy(
    ua: SentenceUnits,
    ub: SentenceUnits,
    used_a: list[bool],
    used_b: list[bool],
    matches: list[_Match],
    thr: float,
) -> None:
    """Strict fuzzy matching of one-to-one, two-to-one and one-to-two sentence pairs."""
    rest_a = [i for i in range(len(ua.norms)) if not used_a[i] and ua.n_words[i] >= _MIN_FUZZY_WORDS]
    rest_b = [j for j in range(len(ub.norms)) if not used_b[j] and ub.n_words[j] >= _MIN_FUZZY_WORDS]
    if not rest_a or not rest_b:
        return
    pairs_a = _adjacent_free(ua, used_a)
    pairs_b = _adjacent_free(ub, used_b)
    norms_a = [ua.norms[i] for i in rest_a]
    norms_b = [ub.norms[j] for j in rest_b]
    na = len(rest_a)
    # single A and joined A against single B in one call (A's joined pairs below its
    # singles), single A against joined B in another: the scores of separate calls,
    # with less call overhead
    left = norms_a + [ua.norms[i] + " " + ua.norms[i + 1] for i in pairs_a]
    # (score, preference, a_lo, a_hi, b_lo, b_hi); singles preferred on equal scores.
    # Blocks in this order, each in row-major order: single-single, joined A-single B,
    # single A-joined B (the order that ties keep in the sort below).
    singles: list[tuple[float, int, int, int, int, int]] = []
    joined_a: list[tuple[float, int, int, int, int, int]] = []
    joined_b: list[tuple[float, int, int, int, int, int]] = []
    scores = _strict_scores(left, norms_b, thr)
    rows, cols = np.nonzero(scores >= thr)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        j = rest_b[c]
        if r < na:
            singles.append((float(scores[r, c]), 0, rest_a[r], rest_a[r], j, j))
        else:
            i = pairs_a[r - na]
            joined_a.append((float(scores[r, c]), 1, i, i + 1, j, j))
    if pairs_b:
        scores = _strict_scores(norms_a, [ub.norms[j] + " " + ub.norms[j + 1] for j in pairs_b], thr)
        rows, cols = np.nonzero(scores >= thr)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            j = pairs_b[c]
            joined_b.append((float(scores[r, c]), 1, rest_a[r], rest_a[r], j, j + 1))
    found = singles + joined_a + joined_b
    found.sort(key=lambda f: (-f[0], f[1], f[2], f[4]))
    for score, _, a_lo, a_hi, b_lo, b_hi in found:
        if any(used_a[a_lo : a_hi + 1]) or any(used_b[b_lo : b_hi + 1]):
            continue
        for k in range(a_lo, a_hi + 1):
            used_a[k] = True
        for k in range(b_lo, b_hi + 1):
            used_b[k] = True
        matches.append(_Match(a_lo, a_hi, b_lo, b_hi, score, False))


def _chars(units: SentenceUnits, lo: int, hi: int) -> int:
    return sum(units.weights[lo : hi + 1])


def _is_substantive(units: SentenceUnits, lo: int, hi: int, cfg: CopyConfig) -> bool:
    n_words = sum(units.n_words[lo : hi + 1])
    chars = sum(units.spans[k][1] - units.spans[k][0] for k in range(lo, hi + 1))
    quoted = sum(units.quote_share[k] * (units.spans[k][1] - units.spans[k][0]) for k in range(lo, hi + 1))
    return n_words >= cfg.min_sentence_words and quoted <= cfg.max_quote_share * chars


def _runs(used: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of unused indices, as inclusive (lo, hi)."""
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(used):
        if used[k]:
            k += 1
            continue
        lo = k
        while k < len(used) and not used[k]:
            k += 1
        runs.append((lo, k - 1))
    return runs


def _build(
    ua: SentenceUnits,
    ub: SentenceUnits,
    matches: list[_Match],
    used_a: list[bool],
    used_b: list[bool],
    cfg: CopyConfig,
) -> Alignment:
    matches.sort(key=lambda m: m.a_lo)
    flags_a, narration_a = _substantive_units(ua, cfg)
    flags_b, narration_b = _substantive_units(ub, cfg)
    shared_a = shared_b = nq_a = nq_b = 0
    substantive = identical = 0
    for m in matches:
        ca, cb = _chars(ua, m.a_lo, m.a_hi), _chars(ub, m.b_lo, m.b_hi)
        shared_a += ca
        shared_b += cb
        sub_a = flags_a[m.a_lo] if m.a_lo == m.a_hi else _is_substantive(ua, m.a_lo, m.a_hi, cfg)
        if sub_a and (flags_b[m.b_lo] if m.b_lo == m.b_hi else _is_substantive(ub, m.b_lo, m.b_hi, cfg)):
            substantive += 1
            identical += m.identical
            nq_a += ca
            nq_b += cb

    # Merge runs of identical sentences that are consecutive in both texts into one
    # passage: "paragraphs 2-5 were copied verbatim" reads better than four passages.
    merged: list[_Match] = []
    for m in matches:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.identical
            and m.identical
            and m.a_lo == last.a_hi + 1
            and m.b_lo == last.b_hi + 1
        ):
            last.a_hi, last.b_hi = m.a_hi, m.b_hi
        else:
            merged.append(_Match(m.a_lo, m.a_hi, m.b_lo, m.b_hi, m.score, m.identical))

    keyed: list[tuple[tuple[int, int, int], Passage]] = []
    for m in merged:
        keyed.append(
            (
                (m.a_lo, 0, 0),
                Passage(
                    kind="identical" if m.identical else "edited",
                    a_start=ua.spans[m.a_lo][0],
                    a_end=ua.spans[m.a_hi][1],
                    b_start=ub.spans[m.b_lo][0],
                    b_end=ub.spans[m.b_hi][1],
                    similarity=round(m.score / 100.0, 4),
                ),
            )
        )
    for lo, hi in _runs(used_a):
        keyed.append(((lo, 0, 0), Passage("only_a", ua.spans[lo][0], ua.spans[hi][1], None, None, 0.0)))
    # a B-only run goes right after the shared passage that precedes it in B
    by_b = sorted(merged, key=lambda m: m.b_hi)
    for lo, hi in _runs(used_b):
        before = [m for m in by_b if m.b_hi < lo]
        anchor = before[-1].a_lo if before else -1
        keyed.append(((anchor, 1, lo), Passage("only_b", None, None, ub.spans[lo][0], ub.spans[hi][1], 0.0)))
    keyed.sort(key=lambda kp: kp[0])

    return Alignment(
        passages=[p for _, p in keyed],
        coverage_a=shared_a / ua.total_chars if ua.total_chars else 0.0,
        coverage_b=shared_b / ub.total_chars if ub.total_chars else 0.0,
        shared_sentences=len(matches),
        substantive_shared=substantive,
        substantive_identical=identical,
        nonquote_coverage_a=nq_a / ua.total_chars if ua.total_chars else 0.0,
        nonquote_coverage_b=nq_b / ub.total_chars if ub.total_chars else 0.0,
        narration_coverage_a=_share(nq_a, narration_a),
        narration_coverage_b=_share(nq_b, narration_b),
    )


def _share(part: int, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def _substantive_units(units: SentenceUnits, cfg: CopyConfig) -> tuple[list[bool], int]:
    """Whether each unit is substantive (`_is_substantive`), and the narration characters
    (weights of the substantive units); kept on `units` per setting."""
    key = (cfg.min_sentence_words, cfg.max_quote_share)
    known = units.substantive.get(key)
    if known is None:
        flags = [_is_substantive(units, k, k, cfg) for k in range(len(units.norms))]
        known = units.substantive[key] = (
            flags,
            sum(w for w, f in zip(units.weights, flags, strict=True) if f),
        )
    return known


def _token_key(token: str) -> str:
    return " ".join(_tokens(token)) or token


def word_diff(a_sentence: str, b_sentence: str) -> list[tuple[str, str]]:
    """A word-level diff of two sentences: ``(op, text)`` with op equal/delete/insert.

    Words are compared case- and punctuation-insensitively (an edit is a change of
    words, not of commas); the text shown is the original (A's for "equal").

    >>> word_diff("Police in Tarnby said on Monday that the road was closed.",
    ...           "Police said on Tuesday that the road was closed.")
    [('equal', 'Police'), ('delete', 'in Tarnby'), ('equal', 'said on'), ('delete', 'Monday'), \
('insert', 'Tuesday'), ('equal', 'that the road was closed.')]
    """
    ta, tb = a_sentence.split(), b_sentence.split()
    matcher = difflib.SequenceMatcher(
        None, [_token_key(t) for t in ta], [_token_key(t) for t in tb], autojunk=False
    )
    out: list[tuple[str, str]] = []

    def emit(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + " " + " ".join(tokens))
        else:
            out.append((op, " ".join(tokens)))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("equal", ta[i1:i2])
        else:  # replace = delete then insert
            emit("delete", ta[i1:i2])
            emit("insert", tb[j1:j2])
    return out
