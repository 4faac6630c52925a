"""Precision, recall and F1 from counts: one definition for every evaluation script."""

from __future__ import annotations


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(precision, recall, F1); 0.0 where a denominator is empty.

    >>> prf(3, 1, 2)
    (0.75, 0.6, 0.6666666666666665)
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class PRFCounts:
    """Mixin for score records with `tp`, `fp` and `fn` counts (slotted dataclasses too)."""

    __slots__ = ()
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]
