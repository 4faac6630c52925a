"""Learned body score of plain-text lines: a small tree ensemble over context features.

The rules in `clutter` decide each line from the line itself and the densest run of
prose; their misses on full-page text renders are lines whose fate depends on what is
around them (a headline or standfirst just above the body, a paragraph broken by
``<br>`` into short lines, another story's prose outweighing the real one). This
module scores every line from features of the line, of its neighbours (±1..3), of its
block, of its position relative to the rule body, and of the rule verdict itself, with
a gradient-boosted ensemble of shallow trees.

The ensemble is stored as plain arrays in a JSON file (no pickle), written by
``scripts/train_line_classifier.py`` from the cleaneval-dev and readability-testpages
renders in ``../shared/eval-data``; inference needs only numpy. trafilatura-eval is
held out (never used to fit or to choose the cutoffs).

**Status: not shipped, opt-in only.** Out of fold on its training renders it beat the
rules (token F1 0.9349 vs 0.9274), but on held-out trafilatura-eval it did not
(text-path snippet F 0.8514 with the model against 0.8594 without it, precision
0.817 vs 0.874; own gold-line removal F1 0.9316 against 0.9879; 2026-11-24). Restricting
it to lines within 3 of the rule body or training on readability alone did worse
(0.8505 and 0.8378). The training sets' gold keeps more of a page than a news article
(cleaneval keeps link lists and other stories), so what the model learns there is the
wrong notion of "body" for news. Trained instead on trafilatura-eval's dev half (labels:
the lines the HTML path keeps, overridden by the must-contain / must-not-contain
snippets) it matched the rules and no more: out of fold on its training pages snippet F
0.9288 -> 0.9293, and on the dev2 pages the cutoffs chosen out of fold left every rule
verdict as it was (0.9050 either way; session 11). No model file is
bundled and `classify_lines` uses one only when it is passed in (``model=``).

>>> names = feature_names()
>>> len(names) == len(set(names))
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsprism.text import STOPWORDS

if TYPE_CHECKING:
    from newsprism.clean.clutter import LineVerdict

_KINDS = ("sentence", "long", "intro", "bullet", "short", "teaser", "pattern")
_PROSE = frozenset({"sentence", "long", "bullet"})
_TERMINAL = frozenset(".!?…。！？")
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_BASE = (
    "log_words",
    *(f"kind_{k}" for k in _KINDS),
    "rule_keep",
    "stop_ratio",
    "terminal",
    "chars_per_word",
    "upper_start",
    "digit_ratio",
    "dup_or_list",
)
_NEIGHBOUR = ("log_words", "prose", "rule_keep", "short")


def feature_names() -> list[str]:
    """Names of the feature columns, in order."""
    names = list(_BASE)
    for off in _OFFSETS:
        names += [f"n{off:+d}_{f}" for f in _NEIGHBOUR]
    names += [
        "zone_head",
        "zone_tail",
        "log_dist_before_body",
        "log_dist_after_body",
        "rel_position",
        "block_lines",
        "block_prose_share",
        "block_has_kept",
        "first_in_block",
        "last_in_block",
        "window_prose_words",
    ]
    return names


def _line_base(v: LineVerdict) -> list[float]:
    text = v.text
    lower = text.lower().split()
    n_tok = len(lower) or 1
    stop = sum(map(STOPWORDS.__contains__, lower))
    digits = sum(c.isdigit() for c in text)
    end = text.rstrip("\"'”’»)]*")
    kind = v.kind
    return [
        math.log1p(v.words),
        *(1.0 if kind == k else 0.0 for k in _KINDS),
        1.0 if v.keep else 0.0,
        stop / n_tok,
        1.0 if end and end[-1] in _TERMINAL else 0.0,
        min(len(text) / (v.words + 1), 30.0) / 10.0,
        1.0 if text[:1].isupper() else 0.0,
        digits / max(len(text), 1),
        1.0 if v.reason in ("duplicate line", "headline list") else 0.0,
    ]


def page_features(verdicts: Sequence[LineVerdict], start: int | None, end: int | None) -> np.ndarray:
    """The feature matrix (one row per verdict) of a page the rules have decided.

    `start`/`end` are the rule body (indexes into `verdicts`, inclusive; None when the
    rules found none).
    """
    n = len(verdicts)
    base = [_line_base(v) for v in verdicts]
    nb = len(_NEIGHBOUR)
    neigh = [
        [
            math.log1p(v.words),
            1.0 if v.kind in _PROSE else 0.0,
            1.0 if v.keep else 0.0,
            1.0 if v.kind == "short" else 0.0,
        ]
        for v in verdicts
    ]
    prose_words = [v.words if v.kind in _PROSE else 0 for v in verdicts]
    # blocks: line count, prose share, any rule-kept line
    block_stats: dict[int, list[float]] = {}
    for v, pw in zip(verdicts, prose_words, strict=True):
        st = block_stats.setdefault(v.block, [0.0, 0.0, 0.0, 0.0])
        st[0] += 1
        st[1] += pw
        st[2] += v.words
        st[3] = max(st[3], 1.0 if v.keep else 0.0)
    # prefix sums for the ±3 window of prose words
    cum = [0]
    for pw in prose_words:
        cum.append(cum[-1] + pw)
    rows = np.empty((n, len(_BASE) + nb * len(_OFFSETS) + 11), dtype=np.float64)
    zero = [0.0] * nb
    for i, v in enumerate(verdicts):
        row = list(base[i])
        for off in _OFFSETS:
            j = i + off
            row += neigh[j] if 0 <= j < n else zero
        st = block_stats[v.block]
        if start is None or end is None:
            head, tail, db, da = 1.0, 0.0, math.log1p(n), 0.0
        else:
            head = 1.0 if i < start else 0.0
            tail = 1.0 if i > end else 0.0
            db = math.log1p(start - i) if i < start else 0.0
            da = math.log1p(i - end) if i > end else 0.0
        row += [
            head,
            tail,
            db,
            da,
            i / n,
            math.log1p(st[0]),
            st[1] / st[2] if st[2] else 0.0,
            st[3],
            1.0 if i == 0 or verdicts[i - 1].block != v.block else 0.0,
            1.0 if i == n - 1 or verdicts[i + 1].block != v.block else 0.0,
            math.log1p(cum[min(n, i + 4)] - cum[max(0, i - 3)]),
        ]
        rows[i] = row
    return rows


@dataclass(frozen=True, slots=True)
class LineModel:
    """A boosted ensemble of depth-limited regression trees on the log-odds scale.

    Trees are stored as flat arrays of shape (trees, nodes): `feature` (-1 at a leaf),
    `threshold` (go left when ``x <= threshold``), `left`, `right` (child node ids)
    and `value` (leaf contribution, already multiplied by the learning rate).
    """

    names: tuple[str, ...]
    init: float
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    add_cutoff: float  # keep a line the rules removed when its probability is at least this
    drop_cutoff: float  # remove a line the rules kept when its probability is below this
    reach: int  # only lines inside the rule body or at most this many lines from it are re-decided
    importance: np.ndarray  # per feature: total impurity decrease share (for reasons)

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row (line) belongs to the article body."""
        # scikit-learn compares float32 features with float64 thresholds: do the same
        x = x.astype(np.float32)
        n = x.shape[0]
        t = self.feature.shape[0]
        trees = np.arange(t)[:, None]
        node = np.zeros((t, n), dtype=np.int64)
        rows = np.arange(n)[None, :]
        for _ in range(self.depth):
            feat = self.feature[trees, node]
            leaf = feat < 0
            vals = x[rows, np.where(leaf, 0, feat)]
            go_left = vals <= self.threshold[trees, node]
            nxt = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(leaf, node, nxt)
        logit = self.init + self.value[trees, node].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-logit))

    def strongest(self, row: np.ndarray) -> str:
        """The feature that most pushed a line out: the most important feature whose
        value lies on the clutter side of the line's path through the first trees
        (a short, readable hint for ``show --removed``)."""
        best, best_gain = "", -1.0
        for t in range(min(self.feature.shape[0], 30)):
            node = 0
            while self.feature[t, node] >= 0:
                f = int(self.feature[t, node])
                left = row[f] <= self.threshold[t, node]
                child = int(self.left[t, node] if left else self.right[t, node])
                other = int(self.right[t, node] if left else self.left[t, node])
                gain = _subtree_mean(self, t, other) - _subtree_mean(self, t, child)
                if gain > best_gain:
                    best, best_gain = self.names[f], gain
                node = child
        return best


def _subtree_mean(model: LineModel, t: int, node: int) -> float:
    if model.feature[t, node] < 0:
        return float(model.value[t, node])
    return 0.5 * (
        _subtree_mean(model, t, int(model.left[t, node])) + _subtree_mean(model, t, int(model.right[t, node]))
    )


def model_from_dict(data: dict[str, object]) -> LineModel:
    """Build a `LineModel` from the JSON layout written by the training script."""
    names: tuple[str, ...] = tuple(data["names"])  # type: ignore[arg-type]
    if list(names) != feature_names():
        raise ValueError("line model features do not match this version of newsprism.clean.linemodel")
    return LineModel(
        names=names,
        init=float(data["init"]),  # type: ignore[arg-type]
        feature=np.asarray(data["feature"], dtype=np.int64),
        threshold=np.asarray(data["threshold"], dtype=np.float64),
        left=np.asarray(data["left"], dtype=np.int64),
        right=np.asarray(data["right"], dtype=np.int64),
        value=np.asarray(data["value"], dtype=np.float64),
        depth=int(data["depth"]),  # type: ignore[call-overload]
        add_cutoff=float(data["add_cutoff"]),  # type: ignore[arg-type]
        drop_cutoff=float(data["drop_cutoff"]),  # type: ignore[arg-type]
        reach=int(data["reach"]),  # type: ignore[call-overload]
        importance=np.asarray(data["importance"], dtype=np.float64),
    )


def load_model(path: Path) -> LineModel:
    """A model written by ``scripts/train_line_classifier.py``."""
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))
