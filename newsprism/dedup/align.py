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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from newsprism.dedup.minhash import CopyConfig
from newsprism.models import Passage
from newsprism.text import sentence_spans

__all__ = ["Alignment", "SentenceUnits", "align", "align_units", "prepare_units", "word_diff"]

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


def align_units(ua: SentenceUnits, ub: SentenceUnits, config: CopyConfig | None = None) -> Alignment:
    """Align two prepared texts (`prepare_units`); the work behind `align`."""
    cfg = config or CopyConfig()
    thr = cfg.edited_threshold
    na, nb = len(ua.norms), len(ub.norms)
    used_a = [False] * na
    used_b = [False] * nb
    matches: list[_Match] = []

    # 1. identical sentences, by normalised text
    positions: dict[str, list[int]] = defaultdict(list)
    for j in range(nb - 1, -1, -1):  # reversed so pop() yields the first occurrence
        if ub.n_words[j] >= _MIN_MATCH_WORDS:
            positions[ub.norms[j]].append(j)
    for i in range(na):
        if ua.n_words[i] < _MIN_MATCH_WORDS:
            continue
        js = positions.get(ua.norms[i])
        if js:
            j = js.pop()
            used_a[i] = used_b[j] = True
            matches.append(_Match(i, i, j, j, 100.0, True))

    # 2. edited sentences, and sentences split in two or two merged into one: all
    # candidates compete best score first, so a long sentence pairs with both halves of
    # its split (score ~100) rather than with one half (ratio still ~85)
    _match_fuzzy(ua, ub, used_a, used_b, matches, thr)
    # 3. a sentence with a clause added or trimmed (containment-tolerant, penalised)
    _match_singles(ua, ub, used_a, used_b, matches, thr, _lenient_scores)

    return _build(ua, ub, matches, used_a, used_b, cfg)


def _match_singles(
    ua: SentenceUnits,
    ub: SentenceUnits,
    used_a: list[bool],
    used_b: list[bool],
    matches: list[_Match],
    thr: float,
    scorer: Callable[[list[str], list[str], float], np.ndarray],
) -> None:
    """Pair unmatched sentences one to one, best score first."""
    rest_a = [i for i in range(len(ua.norms)) if not used_a[i] and ua.n_words[i] >= _MIN_FUZZY_WORDS]
    rest_b = [j for j in range(len(ub.norms)) if not used_b[j] and ub.n_words[j] >= _MIN_FUZZY_WORDS]
    if not rest_a or not rest_b:
        return
    scores = scorer([ua.norms[i] for i in rest_a], [ub.norms[j] for j in rest_b], thr)
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
    # (score, preference, a_lo, a_hi, b_lo, b_hi); singles preferred on equal scores
    found: list[tuple[float, int, int, int, int, int]] = []

    def collect(scores: np.ndarray, a_idx: list[int], b_idx: list[int], da: int, db: int, pref: int) -> None:
        rows, cols = np.nonzero(scores >= thr)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = a_idx[r], b_idx[c]
            found.append((float(scores[r, c]), pref, i, i + da, j, j + db))

    norms_a = [ua.norms[i] for i in rest_a]
    norms_b = [ub.norms[j] for j in rest_b]
    collect(_strict_scores(norms_a, norms_b, thr), rest_a, rest_b, 0, 0, 0)
    pairs_a = _adjacent_free(ua, used_a)
    if pairs_a:
        joined = [ua.norms[i] + " " + ua.norms[i + 1] for i in pairs_a]
        collect(_strict_scores(joined, norms_b, thr), pairs_a, rest_b, 1, 0, 1)
    pairs_b = _adjacent_free(ub, used_b)
    if pairs_b:
        joined = [ub.norms[j] + " " + ub.norms[j + 1] for j in pairs_b]
        collect(_strict_scores(norms_a, joined, thr), rest_a, pairs_b, 0, 1, 1)
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
    shared_a = shared_b = nq_a = nq_b = 0
    substantive = identical = 0
    for m in matches:
        ca, cb = _chars(ua, m.a_lo, m.a_hi), _chars(ub, m.b_lo, m.b_hi)
        shared_a += ca
        shared_b += cb
        if _is_substantive(ua, m.a_lo, m.a_hi, cfg) and _is_substantive(ub, m.b_lo, m.b_hi, cfg):
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
        narration_coverage_a=_share(nq_a, _narration_chars(ua, cfg)),
        narration_coverage_b=_share(nq_b, _narration_chars(ub, cfg)),
    )


def _share(part: int, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def _narration_chars(units: SentenceUnits, cfg: CopyConfig) -> int:
    return sum(units.weights[k] for k in range(len(units.weights)) if _is_substantive(units, k, k, cfg))


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
