"""Summary evaluation: ROUGE-1/2/L against reference summaries, and the support rate.

A small implementation over `newsprism.text.words` (lower-cased word tokens, no
stemming, stopwords kept), so scores are reproducible without extra packages. They
track the usual ROUGE package closely but are not identical to it (tokenisation and
stemming differ); compare systems with one implementation.

ROUGE-L is computed on the whole token sequence (summary-level texts are joined),
not the union-LCS variant.

>>> r = rouge("the cat sat on the mat", "the cat lay on the mat")
>>> round(r["rouge1"], 3), round(r["rouge2"], 3), round(r["rougeL"], 3)
(0.833, 0.6, 0.833)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsprism.models import SummarySentence
from newsprism.text import words


@dataclass(slots=True, frozen=True)
class RougeScore:
    """Precision, recall and F1 of one ROUGE variant."""

    precision: float
    recall: float
    f: float


def _tokens(text: str | Sequence[str] | Sequence[SummarySentence]) -> list[str]:
    if isinstance(text, str):
        return words(text)
    out: list[str] = []
    for part in text:
        out.extend(words(part.sentence if isinstance(part, SummarySentence) else part))
    return out


def _score(overlap: int, n_candidate: int, n_reference: int) -> RougeScore:
    p = overlap / n_candidate if n_candidate else 0.0
    r = overlap / n_reference if n_reference else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return RougeScore(p, r, f)


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(
    candidate: str | Sequence[str] | Sequence[SummarySentence],
    reference: str | Sequence[str] | Sequence[SummarySentence],
    n: int = 1,
) -> RougeScore:
    """ROUGE-N: clipped n-gram overlap between candidate and reference."""
    c, r = _ngrams(_tokens(candidate), n), _ngrams(_tokens(reference), n)
    overlap = sum((c & r).values())
    return _score(overlap, sum(c.values()), sum(r.values()))


def _lcs(a: list[str], b: list[str]) -> int:
    # two-row dynamic programme: O(len(a) * len(b)) time, O(len(b)) memory
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            cur[j] = prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1]


def rouge_l(
    candidate: str | Sequence[str] | Sequence[SummarySentence],
    reference: str | Sequence[str] | Sequence[SummarySentence],
) -> RougeScore:
    """ROUGE-L: longest common subsequence of the token sequences."""
    c, r = _tokens(candidate), _tokens(reference)
    return _score(_lcs(c, r), len(c), len(r))


def rouge_scores(
    candidate: str | Sequence[str] | Sequence[SummarySentence],
    reference: str | Sequence[str] | Sequence[SummarySentence],
) -> dict[str, RougeScore]:
    """ROUGE-1, ROUGE-2 and ROUGE-L with precision, recall and F1."""
    return {
        "rouge1": rouge_n(candidate, reference, 1),
        "rouge2": rouge_n(candidate, reference, 2),
        "rougeL": rouge_l(candidate, reference),
    }


def rouge(
    candidate: str | Sequence[str] | Sequence[SummarySentence],
    reference: str | Sequence[str] | Sequence[SummarySentence],
) -> dict[str, float]:
    """F1 of ROUGE-1, ROUGE-2 and ROUGE-L. Texts, lists of sentences or summaries."""
    return {k: v.f for k, v in rouge_scores(candidate, reference).items()}


def support_rate(summaries: Iterable[SummarySentence] | Iterable[Sequence[SummarySentence]]) -> float:
    """Share of summary sentences marked supported (run `check_support` first).

    Accepts one summary or several; returns 1.0 for no sentences at all (nothing unsupported).

    >>> support_rate([SummarySentence("a", ["x"], True), SummarySentence("b", ["x"], False)])
    0.5
    """
    flat: list[SummarySentence] = []
    for item in summaries:
        if isinstance(item, SummarySentence):
            flat.append(item)
        else:
            flat.extend(item)
    return sum(s.supported for s in flat) / len(flat) if flat else 1.0
