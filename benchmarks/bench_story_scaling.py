"""Growth of the driver's story stages with corpus size: assignment (+ merge pass) and storylines.

Run: ``.venv/bin/python benchmarks/bench_story_scaling.py [--base 10000] [--scales 1,3,10]``.

Driver only, no pipeline: one generated stream (`newsprism.cluster.synthetic`, seed 1,
`--base` articles, its 3% undated articles included) has its features extracted once;
each size is that stream tiled `scale` times along the time axis (tile k shifted by k
times the stream's span, ids suffixed), so the density per day, the vocabulary and the
undated share stay those of the base stream while the corpus and its time span grow
-- the shape of a long crawl. For each size it times, in this process:

- ``assign``: `newsprism.cluster.streaming.assign_stream` over the tiled features
  (chunks of 2,000, no copy groups), of which ``merge``: the merge pass;
- ``storylines``: `StorylineLinker.link_profiles` over the base stream's story
  profiles tiled the same way;

each with the default candidates and with the time-bounded ones
(`ClusterConfig.merge_within_window`, `StorylineConfig.candidates_within_gap`), and
prints wall and CPU seconds (`time.process_time`) and the growth exponent between
consecutive sizes (log of the CPU ratio over log of the size ratio; 1.0 = linear).
CPU time is the figure to read on a shared machine. The tiles repeat one stream, so
far tiles share every name with near ones: the default candidates' crowding by far
stories (see the config fields) is stronger here than in a real crawl.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from newsprism.cluster.features import (
    ArticleFeatures,
    DocumentFrequencies,
    day_to_iso,
    extract_features,
    to_day,
)
from newsprism.cluster.stories import ClusterConfig, StoryClusterer
from newsprism.cluster.storylines import StorylineConfig, StorylineLinker
from newsprism.cluster.streaming import assign_stream, order_key
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.models import Article, Story


def _shift_iso(value: str | None, days: int) -> str | None:
    d = to_day(value)
    return value if d is None else day_to_iso(d + days)


def tile_features(
    feats: Sequence[ArticleFeatures], stubs: dict[str, Article], scale: int, span: int
) -> tuple[list[ArticleFeatures], dict[str, Article], DocumentFrequencies, DocumentFrequencies]:
    """The stream repeated `scale` times, tile k shifted by k * span days."""
    out: list[ArticleFeatures] = []
    out_stubs: dict[str, Article] = {}
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for k in range(scale):
        shift = k * span
        for f in feats:
            aid = f"{f.article_id}~{k}"
            out.append(
                dataclasses.replace(
                    f,
                    article_id=aid,
                    day=None if f.day is None else f.day + shift,
                    min_day=None if f.min_day is None else f.min_day + shift,
                )
            )
            s = stubs[f.article_id]
            out_stubs[aid] = dataclasses.replace(
                s,
                id=aid,
                published=_shift_iso(s.published, shift),
                date_mentions=[
                    dataclasses.replace(m, date=_shift_iso(m.date, shift)) for m in s.date_mentions
                ],
            )
            tdf.add(f.terms)
            edf.add(f.entities)
    out.sort(key=lambda f: order_key(f.day, f.article_id))
    return out, out_stubs, tdf, edf


def tile_profiles(profiles: Sequence[Any], scale: int, span: int) -> tuple[list[Story], list[Any]]:
    """Story profiles repeated `scale` times, shifted like the features."""
    stories: list[Story] = []
    out: list[Any] = []
    for k in range(scale):
        shift = k * span
        for p in profiles:
            st = dataclasses.replace(
                p.story,
                id=f"{p.story.id}~{k}",
                article_ids=[f"{a}~{k}" for a in p.story.article_ids],
                first_seen=_shift_iso(p.story.first_seen, shift),
                last_seen=_shift_iso(p.story.last_seen, shift),
            )
            stories.append(st)
            out.append(
                dataclasses.replace(
                    p,
                    story=st,
                    first=None if p.first is None else p.first + shift,
                    last=None if p.last is None else p.last + shift,
                    date=_shift_iso(p.date, shift),
                )
            )
    stories.sort(key=lambda s: (s.first_seen or "9999", s.id))
    return stories, out


def _chunks(feats: list[ArticleFeatures], size: int = 2000) -> Iterator[list[ArticleFeatures]]:
    for k in range(0, len(feats), size):
        yield feats[k : k + size]


def time_assign(
    feats: list[ArticleFeatures],
    stubs: dict[str, Article],
    tdf: DocumentFrequencies,
    edf: DocumentFrequencies,
    config: ClusterConfig,
) -> dict[str, float]:
    merge = {"cpu": 0.0}
    original = StoryClusterer._merge

    def timed(self: StoryClusterer, *args: Any) -> Any:
        c = time.process_time()
        try:
            return original(self, *args)
        finally:
            merge["cpu"] += time.process_time() - c

    StoryClusterer._merge = timed  # type: ignore[method-assign]
    try:
        w, c = time.perf_counter(), time.process_time()
        res = assign_stream(lambda: _chunks(feats), stubs, tdf, edf, (), config, spill=lambda ev: None)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
    finally:
        StoryClusterer._merge = original  # type: ignore[method-assign]
    return {"wall": wall, "cpu": cpu, "merge_cpu": merge["cpu"], "stories": len(res.stories)}


def time_lines(stories: list[Story], profiles: list[Any], config: StorylineConfig) -> dict[str, float]:
    w, c = time.perf_counter(), time.process_time()
    lines = StorylineLinker(config).link_profiles(stories, profiles)
    return {"wall": time.perf_counter() - w, "cpu": time.process_time() - c, "storylines": len(lines)}


def _exponent(rows: list[tuple[int, float]]) -> list[str]:
    out = ["-"]
    for (n0, c0), (n1, c1) in zip(rows, rows[1:], strict=False):
        out.append(f"{math.log(c1 / c0) / math.log(n1 / n0):.2f}" if c0 > 0 and c1 > 0 else "?")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=10_000, help="articles in the generated stream")
    ap.add_argument("--scales", default="1,3,10", help="tilings of the stream to time")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-assign", action="store_true", help="time storylines only")
    args = ap.parse_args(argv)
    scales = [int(x) for x in args.scales.split(",")]

    t = time.perf_counter()
    stream = generate_stream(SyntheticConfig(n_articles=args.base, seed=args.seed))
    ccfg, lcfg = ClusterConfig(), StorylineConfig()
    feats = [extract_features(a, ccfg.features) for a in stream.articles]
    stubs = {a.id: dataclasses.replace(a, text="") for a in stream.articles}
    days = [f.day for f in feats if f.day is not None]
    span = max(days) - min(days) + 1
    # the base stream's stories and their storyline profiles (tiled per size below)
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for f in feats:
        tdf.add(f.terms)
        edf.add(f.entities)
    base_feats = sorted(feats, key=lambda f: order_key(f.day, f.article_id))
    base = assign_stream(lambda: _chunks(base_feats), stubs, tdf, edf, (), ccfg, spill=lambda ev: None)
    profiles = StorylineLinker(lcfg).profiles(base.stories, {a.id: a for a in stream.articles}, tdf)
    print(
        f"base stream: {len(feats)} articles over {span} days, {sum(f.day is None for f in feats)} undated,"
        f" {len(base.stories)} stories; prepared in {time.perf_counter() - t:.1f}s;"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    results: dict[str, list[tuple[int, dict[str, float]]]] = {}
    for scale in scales:
        n = len(feats) * scale
        if not args.skip_assign:
            tf, ts, ttdf, tedf = tile_features(feats, stubs, scale, span)
            for name, cfg in (
                ("assign", ccfg),
                ("assign/window", dataclasses.replace(ccfg, merge_within_window=True)),
            ):
                r = time_assign(tf, ts, ttdf, tedf, cfg)
                results.setdefault(name, []).append((n, r))
                print(
                    f"{name:<18} n={n:>7}: wall {r['wall']:7.2f}s cpu {r['cpu']:7.2f}s"
                    f" (merge pass cpu {r['merge_cpu']:6.2f}s) stories {r['stories']}",
                    flush=True,
                )
            del tf, ts
        tst, tpr = tile_profiles(profiles, scale, span)
        for name, lc in (
            ("storylines", lcfg),
            ("storylines/window", dataclasses.replace(lcfg, candidates_within_gap=True)),
        ):
            r = time_lines(tst, tpr, lc)
            results.setdefault(name, []).append((n, r))
            print(
                f"{name:<18} n={n:>7}: wall {r['wall']:7.2f}s cpu {r['cpu']:7.2f}s storylines {r['storylines']}",
                flush=True,
            )
    print("growth exponents of CPU time between consecutive sizes (1.0 = linear):")
    for name, rows in results.items():
        ex = _exponent([(n, r["cpu"]) for n, r in rows])
        line = f"  {name:<18} " + " ".join(ex)
        if rows and "merge_cpu" in rows[0][1]:
            line += "   merge pass: " + " ".join(_exponent([(n, r["merge_cpu"]) for n, r in rows]))
        print(line)
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
