"""Story and storyline clustering quality on every labelled set we have.

Run: ``.venv/bin/python scripts/eval_stories.py [--n 2000] [--seeds 1 2 3]``.

Sets:
- ``demo``: the bundled demo corpus through the real pipeline (ingest + build into a
  temporary store), stored story/storyline ids against ``newsprism/demo/gold.json``;
- ``synthetic seed S``: a generated labelled stream (`newsprism.cluster.synthetic`),
  clustered in one batch by `cluster_articles` and linked by `StorylineLinker`;
- ``dense seed S``: the harder set: the same generator at 20 new events a day (three
  times the density: many concurrent events of one kind in one country, sharing
  organisations and officials), `--dense-n` articles;
- ``../shared/eval-data``: each set is checked for story labels and listed.

Prints one table: B-cubed P/R/F1, pairwise P/R/F1 and ARI for stories and storylines.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from newsprism.cluster.evaluate import evaluate_demo, evaluate_stream, story_labelled_sets
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream

ROOT = Path(__file__).resolve().parents[1]
COLS = (
    "items",
    "gold_clusters",
    "pred_clusters",
    "bcubed_p",
    "bcubed_r",
    "bcubed_f1",
    "pairwise_p",
    "pairwise_r",
    "pairwise_f1",
    "ari",
)
HEAD = ("n", "gold", "pred", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "ARI")


def _row(name: str, level: str, m: dict[str, float], secs: float) -> str:
    cells = [
        f"{m[c]:>6}" if c in ("items", "gold_clusters", "pred_clusters") else f"{m[c]:6.4f}" for c in COLS
    ]
    return f"{name:<22} {level:<10} " + " ".join(cells) + f" {secs:6.1f}s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles per synthetic set")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3], help="generator seeds")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo pipeline run")
    parser.add_argument("--dense-n", type=int, default=3000, help="articles per dense set (0: skip)")
    parser.add_argument("--dense-seeds", type=int, nargs="+", default=[4, 5], help="dense set seeds")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} python {platform.python_version()}")
    print(f"{'set':<22} {'level':<10} " + " ".join(f"{h:>6}" for h in HEAD) + "   time")
    if not args.no_demo:
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            res = evaluate_demo(ROOT / "newsprism" / "demo", Path(tmp) / "demo.db")
        secs = time.perf_counter() - t0
        for level, m in res.items():
            print(_row("demo (pipeline)", level, m, secs))
    for seed in args.seeds:
        stream = generate_stream(SyntheticConfig(n_articles=args.n, seed=seed))
        t0 = time.perf_counter()
        res = evaluate_stream(stream.articles, stream.story, stream.storyline)
        secs = time.perf_counter() - t0
        for level, m in res.items():
            print(_row(f"synthetic seed {seed}", level, m, secs))
    for seed in args.dense_seeds if args.dense_n else []:
        stream = generate_stream(SyntheticConfig(n_articles=args.dense_n, seed=seed, events_per_day=20.0))
        t0 = time.perf_counter()
        res = evaluate_stream(stream.articles, stream.story, stream.storyline)
        secs = time.perf_counter() - t0
        for level, m in res.items():
            print(_row(f"dense seed {seed}", level, m, secs))
    sets = story_labelled_sets(ROOT.parent / "shared" / "eval-data")
    if not sets:
        print("../shared/eval-data: not present")
    for name, note in sets.items():
        print(f"../shared/eval-data/{name}: {note}")
    if sets and all(note != "story labels" for note in sets.values()):
        print(
            "no story-labelled set in ../shared/eval-data (PolNeAR metadata.tsv has publisher/date/title only)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
