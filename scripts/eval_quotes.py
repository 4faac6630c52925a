"""Evaluate the quote extractor on PolNeAR (attribution spans and sources).

Usage::

    .venv/bin/python scripts/eval_quotes.py --split dev            # figures
    .venv/bin/python scripts/eval_quotes.py --split train --errors 40  # error analysis
    .venv/bin/python scripts/eval_quotes.py --split dev --json
    .venv/bin/python scripts/eval_quotes.py --split dev --parser off   # rules only

`--parser auto` (default) uses the spaCy fallback when spaCy and its model are installed.

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
    ap.add_argument(
        "--parser", default="auto", choices=["auto", "on", "off"], help="the spaCy attribution fallback"
    )
    args = ap.parse_args()
    root = polnear_root()
    if root is None:
        print("PolNeAR archive not found under ../shared/eval-data/polnear-train-dev", file=sys.stderr)
        return 2
    articles = load_polnear(root, args.split, args.limit)
    cfg = QuoteConfig(parser={"auto": None, "on": True, "off": False}[args.parser])
    extractor = QuoteExtractor(cfg)
    resolver = extractor.speaker_resolver()
    extractor = QuoteExtractor(QuoteConfig(parser=cfg.parser, resolver=resolver))
    t0, c0 = time.perf_counter(), time.process_time()
    report = evaluate_extractor(extractor.extract, articles, args.threshold)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    summary = report.summary()
    summary["resolver"] = type(resolver).__name__
    summary["quotes_parsed"] = getattr(resolver, "parsed", 0)
    summary["seconds"] = round(elapsed, 2)
    summary["cpu_seconds"] = round(cpu, 2)
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
