"""Evaluate the quote extractor on PolNeAR (attribution spans and sources).

Usage::

    .venv/bin/python scripts/eval_quotes.py --split dev            # figures
    .venv/bin/python scripts/eval_quotes.py --split train --errors 40  # error analysis
    .venv/bin/python scripts/eval_quotes.py --split dev --json

Reads ../shared/eval-data/polnear-train-dev/polnear-train-dev.tar.xz (extracted once to
~/.cache/newsprism-eval/polnear). Tune on train; report dev. Definitions of the metrics:
newsprism/extract/evaluate.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from newsprism.extract.evaluate import evaluate_extractor, iter_errors, load_polnear, polnear_root
from newsprism.extract.quotes import QuoteConfig, QuoteExtractor


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="first N articles (sorted by name)")
    ap.add_argument("--threshold", type=float, default=0.5, help="overlap (IoU) for a match")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args()
    root = polnear_root()
    if root is None:
        print("PolNeAR archive not found under ../shared/eval-data/polnear-train-dev", file=sys.stderr)
        return 2
    articles = load_polnear(root, args.split, args.limit)
    extractor = QuoteExtractor(QuoteConfig())
    t0 = time.perf_counter()
    report = evaluate_extractor(extractor.extract, articles, args.threshold)
    elapsed = time.perf_counter() - t0
    summary = report.summary()
    summary["seconds"] = round(elapsed, 2)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for k, v in summary.items():
            print(f"{k:>18}: {v}")
    if args.errors:
        shown: dict[str, int] = {}
        for aid, kind, detail in iter_errors(report):
            if shown.get(kind, 0) >= args.errors:
                continue
            shown[kind] = shown.get(kind, 0) + 1
            print(f"[{kind}] {aid}: {detail[:300]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
