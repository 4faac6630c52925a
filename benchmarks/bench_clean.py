"""Throughput of the clean stage (not a test).

Run: ``.venv/bin/python benchmarks/bench_clean.py [--pages N] [--repeat R]``.

Prints the machine, then, all in one process (figures are per core):

- plain-text path: the clutter classifier (`remove_clutter`) and the full
  `clean_one(format="text")` (title, byline, dates, language, date mentions) in
  articles/s, on the bundled demo corpus's plain-text articles plus the invented
  gold-line pages (article-sized scraped text), and, when ``../shared/eval-data`` is
  present, on full-page text renders of trafilatura-eval pages (whole pages with all
  their menus: a harder, larger input);
- HTML path: `trafilatura.extract` alone, `extract_html` (trafilatura plus the tail
  filter and metadata) and the full `clean_one(format="html")` on the same pages,
  with their ratio to trafilatura alone.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsprism.clean import CleanConfig, clean_one, detect_language, extract_html, remove_clutter  # noqa: E402
from newsprism.clean.evaluate import (  # noqa: E402
    EVAL_DATA,
    dataset_dir,
    decode_page,
    load_gold_lines,
    render_text,
    trafilatura_docs,
)
from newsprism.clean.normalize import normalize_text  # noqa: E402
from newsprism.errors import InputRejected  # noqa: E402
from newsprism.models import RawDocument  # noqa: E402


def _rate(fn: Callable[[str], object], items: Sequence[str], repeat: int) -> tuple[float, float]:
    """(items per CPU second, CPU seconds) of `fn` over `items`, `repeat` times, after an
    untimed warm-up on the first items (model loading and imports are not measured).

    CPU time (`time.process_time`) is the figure: on a shared machine wall time also
    counts other processes' turns. The wall time is printed beside it (`_LAST_WALL`)."""
    global _LAST_WALL
    for item in items[:5]:
        with contextlib.suppress(InputRejected):
            fn(item)
    # the language model loads on first use; English articles never reach it (fast path),
    # so a warm-up on English items alone would leave its load inside the timed loop
    detect_language("Der Hafen von Port Alder wurde am Dienstag nach dem Sturm wieder geöffnet.")
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for item in items:
            # a rejected page still cost its time; it is counted
            with contextlib.suppress(InputRejected):
                fn(item)
    dt = time.process_time() - c0
    _LAST_WALL = time.perf_counter() - t0
    return len(items) * repeat / dt, dt


_LAST_WALL = 0.0


def _secs(dt: float) -> str:
    return f"(cpu {dt:.2f} s, wall {_LAST_WALL:.2f} s)"


def _text_clean(config: CleanConfig) -> Callable[[str], object]:
    return lambda text: clean_one(RawDocument(source="b", format="text", content=text), config)


def _html_clean(config: CleanConfig) -> Callable[[str], object]:
    return lambda html: clean_one(RawDocument(source="b", format="html", content=html), config)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=150, help="trafilatura-eval pages for the HTML path")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the small plain-text corpus")
    args = ap.parse_args(argv)

    print(f"machine: {platform.platform()} | python {platform.python_version()} | cpus {os.cpu_count()}")
    print(f"processor: {platform.processor() or platform.machine()} | one process (figures per core)\n")
    config = CleanConfig()

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "newsprism/demo/corpus").glob("*.txt"))]
    texts += ["\n".join(lines) for _, lines, _ in load_gold_lines()]
    chars = sum(map(len, texts)) / max(1, len(texts))
    print(f"plain-text articles: {len(texts)} (demo corpus .txt + gold-line pages), mean {chars:,.0f} chars")
    normalized = [normalize_text(t) for t in texts]
    rate, dt = _rate(remove_clutter, normalized, args.repeat)
    print(f"  clutter classifier (remove_clutter)      {rate:9,.0f} articles/s  {_secs(dt)}")
    rate, dt = _rate(_text_clean(config), texts, args.repeat)
    print(f"  full clean_one(format='text')            {rate:9,.0f} articles/s  {_secs(dt)}")

    if not (EVAL_DATA / "trafilatura-eval").is_dir():
        print("\n../shared/eval-data absent: HTML path and full-page renders skipped")
        return 0
    import trafilatura

    docs = trafilatura_docs(dataset_dir("trafilatura-eval"), args.pages)
    pages = [decode_page(d.path.read_bytes()) for d in docs]
    renders = [render_text(h) for h in pages]
    chars = sum(map(len, renders)) / max(1, len(renders))
    print(f"\nfull-page text renders of {len(renders)} trafilatura-eval pages, mean {chars:,.0f} chars")
    rate, dt = _rate(remove_clutter, [normalize_text(r) for r in renders], 1)
    print(f"  clutter classifier (remove_clutter)      {rate:9,.0f} pages/s  {_secs(dt)}")
    rate, dt = _rate(_text_clean(config), renders, 1)
    print(f"  full clean_one(format='text')            {rate:9,.0f} pages/s  {_secs(dt)}")

    print(
        f"\nHTML path on the same {len(pages)} pages (mean {sum(map(len, pages)) / len(pages):,.0f} chars of HTML)"
    )
    base, base_dt = _rate(lambda h: trafilatura.extract(h), pages, 1)
    print(f"  trafilatura.extract (default)            {base:9,.1f} pages/s  {_secs(base_dt)}  1.00x")
    rate, dt = _rate(extract_html, pages, 1)
    print(
        f"  newsprism extract_html                   {rate:9,.1f} pages/s  {_secs(dt)}  {dt / base_dt:.2f}x"
    )
    rate, dt = _rate(_html_clean(config), pages, 1)
    print(
        f"  newsprism clean_one(format='html')       {rate:9,.1f} pages/s  {_secs(dt)}  {dt / base_dt:.2f}x"
    )
    lean = CleanConfig(detect_language=False, date_mentions=False)
    rate, dt = _rate(_html_clean(lean), pages, 1)
    print(
        f"    (without language and date mentions)   {rate:9,.1f} pages/s  {_secs(dt)}  {dt / base_dt:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
