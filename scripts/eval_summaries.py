#!/usr/bin/env python
"""Evaluate newsprism's cited summaries and fact grouping; print figures.

1. Runs the real pipeline (ingest + build into a temporary store) on the demo corpus
   and prints ROUGE-1/2/L F1 of each story's cited summary against the hand-written
   references in newsprism/demo/reference_summaries.json, side by side with a LexRank
   baseline (sumy, same number of sentences, tokenized with newsprism.text so no NLTK
   data is needed) and a lead baseline (first sentences of the earliest article).
2. Re-runs the support check on every stored summary: share of summary sentences whose
   cited articles support them, and sentences citing nothing.
3. Fact-grouping pairwise precision/recall on the labelled invented stories in
   tests/compare/fixtures/fact_labels.json, also with copied passages counted once
   per copy group (only each copy group's origin article scored).

Usage::

    .venv/bin/python scripts/eval_summaries.py            # table
    .venv/bin/python scripts/eval_summaries.py --json     # machine-readable
    .venv/bin/python scripts/eval_summaries.py --no-baseline   # without sumy
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsprism.compare.evaluate import fact_grouping_scores, load_labelled  # noqa: E402
from newsprism.summarize.benchmark import as_dict, evaluate_corpus  # noqa: E402

DEMO = ROOT / "newsprism" / "demo"
LABELLED = ROOT / "tests" / "compare" / "fixtures" / "fact_labels.json"
METRICS = ("rouge1", "rouge2", "rougeL")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--corpus", default=str(DEMO / "corpus"), help="corpus folder (default: the demo corpus)")
    ap.add_argument("--gold", default=str(DEMO / "gold.json"), help="gold labels of the corpus")
    ap.add_argument(
        "--references", default=str(DEMO / "reference_summaries.json"), help="reference summaries"
    )
    ap.add_argument("--labelled", default=str(LABELLED), help="labelled stories for fact grouping")
    ap.add_argument("--no-baseline", action="store_true", help="skip the LexRank and lead baselines")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)

    result = evaluate_corpus(args.corpus, args.gold, args.references, baseline=not args.no_baseline)
    labelled = load_labelled(args.labelled)
    facts = fact_grouping_scores(labelled)
    once = fact_grouping_scores(labelled, copies_once=True)
    report = as_dict(result)
    report["fact_grouping"] = asdict(facts)
    report["fact_grouping_copies_once"] = asdict(once)
    report["machine"] = f"{platform.system()} {platform.machine()} Python {platform.python_version()}"

    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    systems = list(report["mean"])
    systems.sort(key=lambda s: (s != "newsprism", s))
    header = f"{'story':6} {'arts':>5} {'n':>2}  " + "  ".join(f"{s:^20}" for s in systems)
    print(header)
    print(f"{'':6} {'':>5} {'':>2}  " + "  ".join(f"{'R1':>6}{'R2':>7}{'RL':>7}" for _ in systems))
    for st in report["stories"]:
        cells = []
        for s in systems:
            sc = st["scores"].get(s)
            cells.append("".join(f"{sc[m]:>6.3f} " for m in METRICS) if sc else f"{'-':^20}")
        print(
            f"{st['gold_story']:6} {st['matched_articles']:>5} {st['summary_sentences']:>2}  "
            + "  ".join(cells)
        )
    print(
        f"{'mean':6} {'':>5} {'':>2}  "
        + "  ".join("".join(f"{report['mean'][s][m]:>6.3f} " for m in METRICS) for s in systems)
    )
    print()
    print(
        f"support: {result.supported_sentences}/{result.summary_sentences} summary sentences supported by their "
        f"citations ({report['support_rate']:.1%}) over {result.summaries} stories; "
        f"{result.uncited_sentences} cite nothing"
    )
    print(
        f"fact grouping (labelled stories, pairwise over sentences of different articles): precision "
        f"{facts.precision:.3f} recall {facts.recall:.3f} F1 {facts.f1:.3f} "
        f"({facts.correct_pairs} correct / {facts.predicted_pairs} predicted / {facts.gold_pairs} gold pairs)"
    )
    print(
        f"fact grouping, copies counted once per copy group: precision {once.precision:.3f} recall "
        f"{once.recall:.3f} F1 {once.f1:.3f} ({once.correct_pairs} / {once.predicted_pairs} / {once.gold_pairs})"
    )
    print(f"machine: {report['machine']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
