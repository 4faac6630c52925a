"""Train the learned line model of the plain-text path (`newsprism/clean/line_model.json`).

Run: ``.venv/bin/python scripts/train_line_classifier.py [--out PATH] [--sets ...] [--reach N]``

Status: an experiment, not a shipped model. Measured 2026-11-24 (defaults; the same with --reach 100000): out-of-fold
token F1 on the training renders 0.9274 (rules) -> 0.9349 (model, unrestricted reach),
but on held-out trafilatura-eval the text path fell (snippet F 0.8594 -> 0.8514), so no
model file is bundled; see `newsprism.clean.linemodel`. The script ends with that
held-out comparison (rules alone vs rules + model, snippet metric on the kept lines of
`classify_lines`, without the rest of `clean_one`), computed after the model and its
cutoffs are fixed.

Training pages: the full-page text renders (`render_text`) of cleaneval-dev and
readability-testpages from ``../shared/eval-data`` (unpacked into the eval cache, never
copied into the repository). trafilatura-eval is held out: it is the set the result is
reported on, so nothing here reads it.

Labels: a rendered line is body when its token sequence (``\\w+``, case-folded) occurs
in the gold text of its page (cleaneval's cleaned text, Readability's expected.html).
Each line weighs its token count, since the metrics count tokens.

Features: `newsprism.clean.linemodel.page_features` on the rule verdicts
(`classify_lines` without a model). Model: scikit-learn GradientBoostingClassifier
(fixed seed), exported as plain arrays. Its two cutoffs (take in a line the rules
removed; drop a line they kept) are chosen on out-of-fold probabilities (5 folds
grouped by page) to maximise pooled token F1 of the kept lines, so they are not fitted
on the lines they are judged on. Prints the out-of-fold token F1 of
the rules alone and of the model next to it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsprism.clean.clutter import classify_lines  # noqa: E402
from newsprism.clean.evaluate import (  # noqa: E402
    SnippetDoc,
    cleaneval_pages,
    dataset_dir,
    decode_page,
    readability_content_pages,
    render_text,
    trafilatura_docs,
)
from newsprism.clean.linemodel import LineModel, feature_names, load_model, model_from_dict, page_features  # noqa: E402
from newsprism.clean.normalize import normalize_text  # noqa: E402

_TOKEN = re.compile(r"\w+")
SEED = 0


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def page_rows(
    item: tuple[str, str, str],
) -> tuple[str, np.ndarray, np.ndarray, list[list[str]], list[bool], list[str]]:
    """(page id, features, labels, line tokens, rule keep, gold tokens) of one page."""
    pid, html, gold = item
    text = normalize_text(render_text(html))
    result = classify_lines(text.split("\n"))
    if not result.verdicts:
        return pid, np.zeros((0, len(feature_names()))), np.zeros(0), [], [], []
    x = page_features(result.verdicts, result.body_start, result.body_end)
    gold_tokens = _tokens(gold)
    gold_joined = " " + " ".join(gold_tokens) + " "
    toks = [_tokens(v.text) for v in result.verdicts]
    y = np.array([1.0 if t and (" " + " ".join(t) + " ") in gold_joined else 0.0 for t in toks])
    return pid, x, y, toks, [v.keep for v in result.verdicts], gold_tokens


def token_f1(pages: list[tuple], keeps: list[np.ndarray]) -> float:
    """Pooled (micro) token F1 of the kept lines against the gold, as `token_eval` counts it."""
    tp = fp = fn = 0
    for (_, _, _, toks, _, gold), keep in zip(pages, keeps, strict=True):
        out: Counter[str] = Counter()
        for t, k in zip(toks, keep, strict=True):
            if k:
                out.update(t)
        ref = Counter(gold)
        hit = sum((out & ref).values())
        tp, fp, fn = tp + hit, fp + sum(out.values()) - hit, fn + sum(ref.values()) - hit
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def export(clf: object, x: np.ndarray, cutoffs: tuple[float, float], reach: int) -> dict[str, object]:
    """The fitted ensemble as plain arrays (see `linemodel.LineModel`)."""
    trees = [e[0].tree_ for e in clf.estimators_]  # type: ignore[attr-defined]
    lr = clf.learning_rate  # type: ignore[attr-defined]
    width = max(t.node_count for t in trees)
    feat = np.full((len(trees), width), -1, dtype=np.int64)
    thr = np.zeros((len(trees), width))
    left = np.zeros((len(trees), width), dtype=np.int64)
    right = np.zeros((len(trees), width), dtype=np.int64)
    val = np.zeros((len(trees), width))
    for k, t in enumerate(trees):
        m = t.node_count
        is_leaf = t.children_left[:m] < 0
        feat[k, :m] = np.where(is_leaf, -1, t.feature[:m])
        thr[k, :m] = np.where(is_leaf, 0.0, t.threshold[:m])
        left[k, :m] = np.where(is_leaf, np.arange(m), t.children_left[:m])
        right[k, :m] = np.where(is_leaf, np.arange(m), t.children_right[:m])
        val[k, :m] = lr * t.value[:m, 0, 0]
    raw0 = float(clf.decision_function(x[:1])[0])  # type: ignore[attr-defined]
    init = raw0 - float(sum(lr * float(np.ravel(t.predict(x[:1].astype(np.float32)))[0]) for t in trees))
    return {
        "names": feature_names(),
        "init": init,
        "feature": feat.tolist(),
        "threshold": thr.tolist(),
        "left": left.tolist(),
        "right": right.tolist(),
        "value": val.tolist(),
        "depth": int(clf.max_depth),  # type: ignore[attr-defined]
        "add_cutoff": cutoffs[0],
        "drop_cutoff": cutoffs[1],
        "reach": reach,
        "importance": [round(float(v), 6) for v in clf.feature_importances_],  # type: ignore[attr-defined]
        "trained_on": "cleaneval-dev + readability-testpages full-page renders",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "newsprism-line-model.json")
    ap.add_argument("--no-heldout", action="store_true", help="skip the trafilatura-eval comparison")
    ap.add_argument("--trees", type=int, default=120)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sets", default="cleaneval,readability", help="training sets, comma-separated")
    ap.add_argument(
        "--reach", type=int, default=1_000_000, help="lines from the rule body the model may re-decide"
    )
    args = ap.parse_args()
    from sklearn.ensemble import GradientBoostingClassifier

    sets = set(args.sets.split(","))
    items: list[tuple[str, str, str]] = []
    if "cleaneval" in sets:
        items += [
            (pid, decode_page(p.read_bytes()), gold)
            for pid, p, gold in cleaneval_pages(dataset_dir("cleaneval-dev"))
        ]
    if "readability" in sets:
        items += [
            (f"r-{n}", h, g) for n, h, g in readability_content_pages(dataset_dir("readability-testpages"))
        ]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        pages = [p for p in pool.map(page_rows, items, chunksize=4) if len(p[2])]
    print(f"pages {len(pages)}, lines {sum(len(p[2]) for p in pages)}")

    def fit(idx: list[int]) -> GradientBoostingClassifier:
        x = np.vstack([pages[i][1] for i in idx])
        y = np.concatenate([pages[i][2] for i in idx])
        w = np.concatenate([[max(1, len(t)) for t in pages[i][3]] for i in idx]).astype(float)
        clf = GradientBoostingClassifier(
            n_estimators=args.trees, max_depth=args.depth, learning_rate=0.1, subsample=0.8, random_state=SEED
        )
        return clf.fit(x, y, sample_weight=w)

    # out-of-fold probabilities, folds grouped by page
    rng = np.random.default_rng(SEED)
    fold = rng.integers(0, 5, len(pages))
    oof: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for k in range(5):
        clf = fit([i for i in range(len(pages)) if fold[i] != k])
        for i in range(len(pages)):
            if fold[i] == k:
                oof[i] = clf.predict_proba(pages[i][1])[:, 1]
    rules = token_f1(pages, [np.array(p[4]) for p in pages])
    names = feature_names()
    db, da = names.index("log_dist_before_body"), names.index("log_dist_after_body")
    lim = np.log1p(args.reach) + 1e-9
    near = [(p[1][:, db] <= lim) & (p[1][:, da] <= lim) for p in pages]
    # two cutoffs: one to take in a line the rules removed, one to drop a line they kept
    grid = [round(float(c), 2) for c in np.arange(0.1, 0.96, 0.05)]
    scores: dict[tuple[float, float], float] = {}
    for add in grid:
        for drop in grid:
            if drop > add:
                continue
            keeps = [
                np.where(near[i], np.where(np.array(p[4]), o >= drop, o >= add), np.array(p[4]))
                for i, (p, o) in enumerate(zip(pages, oof, strict=True))
            ]
            scores[(add, drop)] = token_f1(pages, keeps)
    cutoff = max(scores, key=lambda c: (scores[c], c[0] - c[1]))
    print(f"rules alone: token F1 {rules:.4f} (pooled over training pages)")
    for c in sorted(scores, key=scores.__getitem__, reverse=True)[:8]:
        print(f"  out-of-fold add>={c[0]} drop<{c[1]}: token F1 {scores[c]:.4f}")
    print(f"chosen cutoffs add {cutoff[0]} drop {cutoff[1]} (out-of-fold F1 {scores[cutoff]:.4f})")

    clf = fit(list(range(len(pages))))
    x_all = np.vstack([p[1] for p in pages])
    data = export(clf, x_all, cutoff, args.reach)
    model = model_from_dict(data)
    diff = np.abs(model.proba(x_all) - clf.predict_proba(x_all)[:, 1]).max()
    print(f"exported ensemble matches scikit-learn within {diff:.2e}")
    assert diff < 1e-6
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    top = sorted(zip(clf.feature_importances_, feature_names(), strict=True), reverse=True)[:10]
    print("top features: " + ", ".join(f"{n} {v:.3f}" for v, n in top))
    if not args.no_heldout:
        heldout(args.out, args.workers)
    return 0


_MODEL: dict[str, LineModel] = {}


def _snippet_counts(job: tuple[SnippetDoc, str]) -> tuple[list[int], list[int]]:
    """[tp, fn, fp, tn] of the rules alone and of rules + model on one trafilatura-eval page."""
    doc, path = job
    if path not in _MODEL:
        _MODEL[path] = load_model(Path(path))
    lines = normalize_text(render_text(decode_page(doc.path.read_bytes()))).split("\n")
    out = []
    for model in (None, _MODEL[path]):
        flat = " ".join(classify_lines(lines, model=model).text.split())
        w = [" ".join(s.split()) in flat for s in doc.with_]
        wo = [" ".join(s.split()) in flat for s in doc.without]
        out.append([sum(w), len(w) - sum(w), sum(wo), len(wo) - sum(wo)])
    return out[0], out[1]


def heldout(path: Path, workers: int) -> None:
    """Snippet F of the text path's kept lines on trafilatura-eval, rules vs rules + model."""
    docs = trafilatura_docs(dataset_dir("trafilatura-eval"))
    totals = np.zeros((2, 4), dtype=np.int64)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for a, b in pool.map(_snippet_counts, [(d, str(path)) for d in docs], chunksize=8):
            totals += np.array([a, b])
    for name, (tp, fn, fp, _) in zip(("rules alone", "rules + model"), totals, strict=True):
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(
            f"held-out trafilatura-eval ({len(docs)} docs), {name}: P {p:.4f} R {r:.4f} F {2 * p * r / (p + r):.4f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
