"""Clustering quality metrics over item -> label mappings.

All metrics are computed on the items present in both mappings, from the
contingency table of (gold label, predicted label) counts, so they run in linear
time (no pair enumeration).

>>> gold = {"a": 1, "b": 1, "c": 2, "d": 2}
>>> pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
>>> [round(v, 3) for v in bcubed(gold, pred)]
[0.667, 0.75, 0.706]
>>> [round(v, 3) for v in pairwise_f1(gold, pred)]
[0.333, 0.5, 0.4]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import TypeVar

Item = TypeVar("Item", bound=Hashable)
Label = Hashable


def _common(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> list[Item]:
    return [item for item in gold if item in pred]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def pairwise_f1(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> tuple[float, float, float]:
    """(precision, recall, F1) over item pairs placed together.

    With no pairs on one side the score on that side is 1.0 (nothing to get wrong).
    """
    items = _common(gold, pred)
    cells = Counter((gold[i], pred[i]) for i in items)
    gsizes = Counter(gold[i] for i in items)
    psizes = Counter(pred[i] for i in items)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    tp = sum(pairs(n) for n in cells.values())
    pred_pairs = sum(pairs(n) for n in psizes.values())
    gold_pairs = sum(pairs(n) for n in gsizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return p, r, _f1(p, r)


def bcubed(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) (Bagga & Baldwin 1998), averaged over items."""
    items = _common(gold, pred)
    if not items:
        return 0.0, 0.0, 0.0
    cells = Counter((gold[i], pred[i]) for i in items)
    gsizes = Counter(gold[i] for i in items)
    psizes = Counter(pred[i] for i in items)
    # every item in cell (g, p) has precision n/|p| and recall n/|g|
    p = sum(n * n / psizes[pl] for (_, pl), n in cells.items()) / len(items)
    r = sum(n * n / gsizes[gl] for (gl, _), n in cells.items()) / len(items)
    return p, r, _f1(p, r)


def adjusted_rand(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> float:
    """Adjusted Rand index (chance-corrected pair agreement; 1.0 = identical partitions)."""
    from sklearn.metrics import adjusted_rand_score

    items = _common(gold, pred)
    if not items:
        return 0.0
    codes_g: dict[Label, int] = {}
    codes_p: dict[Label, int] = {}
    g = [codes_g.setdefault(gold[i], len(codes_g)) for i in items]
    p = [codes_p.setdefault(pred[i], len(codes_p)) for i in items]
    return float(adjusted_rand_score(g, p))
