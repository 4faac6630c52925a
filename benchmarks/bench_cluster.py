"""Story clustering at scale: a generated stream of 100,000 articles, clustered online.

Run: ``.venv/bin/python benchmarks/bench_cluster.py [--n 100000] [--events-per-day 20]``.

The stream comes from `newsprism.cluster.synthetic` (invented, labelled; dense
concurrency: `--events-per-day` new events a day, 1-12 articles each, a quarter in
storylines, wire copies, 3% undated). It is fed to one long-lived `StoryClusterer`
the way a streaming runner would: one batch per publication day; each call gets only
the *active* stories (last article within the window) and their members; stories
that leave the window are emitted, no longer passed, and their articles' cached
features dropped (`StoryClusterer.forget`). Candidate retrieval inside a call goes
through the inverted index over the active stories only, so the work per article
and the memory are bounded by the window, not the stream.

Prints articles/s for clustering (generation timed apart) against wall and CPU time
(`time.process_time`: other work on a shared machine inflates wall time, not CPU
time), peak resident memory (`resource.getrusage` ru_maxrss, whole process including
the generated stream and the predicted labels held for scoring, see
`rss_after_generation_mib`), the active-set size, and B-cubed / pairwise F1 and ARI.

What bounds the clusterer's memory on an endless stream: features and vectors are
cached only for members of active stories (`forget` drops them on eviction); the
story-state cache keeps only the stories of the last call; the inverted index is
built per call over the active stories. What still grows: the document-frequency
tables (one count per distinct term and name: vocabulary-sized, growing sublinearly
with the stream) and the stem memo (capped at 131,072 words).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from collections import defaultdict

from newsprism.cluster.evaluate import score_partition
from newsprism.cluster.features import to_day
from newsprism.cluster.stories import ClusterConfig, StoryClusterer
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.models import Article, Story


def _rss_mib() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(n: int, events_per_day: float, seed: int) -> dict[str, float | int | str]:
    t0 = time.perf_counter()
    stream = generate_stream(SyntheticConfig(n_articles=n, seed=seed, events_per_day=events_per_day))
    gen_s = time.perf_counter() - t0
    rss_after_gen = _rss_mib()

    cfg = ClusterConfig()
    clusterer = StoryClusterer(cfg)
    by_day: dict[int | None, list[Article]] = defaultdict(list)
    for art in stream.articles:
        by_day[to_day(art.published)].append(art)
    days = sorted(d for d in by_day if d is not None)
    order: list[int | None] = [*days, None]  # undated articles arrive last, as one batch
    by_id = {a.id: a for a in stream.articles}
    active: list[Story] = []
    pred: dict[str, str] = {}
    max_active = max_active_articles = 0
    t1 = time.perf_counter()
    c1 = time.process_time()
    for day in order:
        batch = by_day.get(day, [])
        if not batch:
            continue
        members = [by_id[aid] for s in active for aid in s.article_ids]
        result = clusterer.update(batch + members, active, [a.id for a in batch])
        still: list[Story] = []
        for story in result.stories:
            for aid in story.article_ids:
                pred[aid] = story.id
            last = to_day(story.last_seen)
            if day is not None and last is not None and last < day - cfg.window_days:
                clusterer.forget(story.article_ids)  # left the window: emitted, not passed again
            else:
                still.append(story)
        active = still
        max_active = max(max_active, len(active))
        max_active_articles = max(max_active_articles, sum(len(s.article_ids) for s in active))
    cluster_s = time.perf_counter() - t1
    cluster_cpu_s = time.process_time() - c1
    scores = score_partition(stream.story, pred)
    return {
        "articles": len(stream.articles),
        "days": len(days),
        "generate_s": round(gen_s, 1),
        "cluster_s": round(cluster_s, 1),
        "cluster_cpu_s": round(cluster_cpu_s, 1),
        "articles_per_s": round(len(stream.articles) / cluster_s, 1),
        "articles_per_cpu_s": round(len(stream.articles) / cluster_cpu_s, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "peak_rss_mib": round(_rss_mib(), 1),
        "rss_after_generation_mib": round(rss_after_gen, 1),
        "max_active_stories": max_active,
        "max_active_articles": max_active_articles,
        "cached_features_at_end": len(clusterer._state.features) if clusterer._state else 0,
        **{
            k: scores[k]
            for k in (
                "gold_clusters",
                "pred_clusters",
                "bcubed_p",
                "bcubed_r",
                "bcubed_f1",
                "pairwise_f1",
                "ari",
            )
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the stream")
    parser.add_argument("--events-per-day", type=float, default=20.0, help="new events a day")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    for key, value in run(args.n, args.events_per_day, args.seed).items():
        print(f"{key:>26}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
