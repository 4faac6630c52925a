"""How realistic a generated benchmark corpus is: similarity statistics of its cleaned articles.

Run: ``.venv/bin/python benchmarks/corpus_stats.py DIR [--pairs 200000] [--no-candidates]``
(``DIR`` written by ``benchmarks/corpus.py``; also ``corpus.py N DIR --stats``).

Every record is read and cleaned the way ``newsprism ingest`` does (`read_path` +
`ArticleCleaner`, same-id re-posts kept once), then printed:

- **cross-event share**: of random pairs of cleaned articles of *different* gold
  events, the share with word-bigram Jaccard >= 0.1 (and >= 0.2), and the median. On
  real news (924 PolNeAR articles, one political beat) 0.017% of pairs reach 0.1; a
  corpus far above that makes copy detection's candidate pairs grow quadratically;
- **within-event median Jaccard** (pairs of one event, edited copies and reprints
  included), so the events still read as one story;
- **copy-detection candidates per article**: unique pairs that `CopyIndex.candidates`
  (default `CopyConfig`, the local runner's rule) proposes, divided by the articles,
  i.e. the pairs the detector would align. On a realistic corpus this stays roughly
  flat as N grows.

Word bigrams are over lower-cased ``\\w+`` tokens of the cleaned text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+")


def clean_corpus(folder: Path) -> tuple[list[Any], dict[str, str]]:
    """Cleaned articles of every JSONL file in `folder`, and gold story by record id.

    The articles keep only id, source, outlet and text (a light copy: at 100k the full
    cleaned records with their removed-line lists take gigabytes).
    """
    from newsprism.clean import ArticleCleaner
    from newsprism.ingest.readers import read_path
    from newsprism.models import Article

    gold: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                gold[str(rec["id"])] = str(rec["gold_story"])
    cleaner = ArticleCleaner()
    articles: list[Article] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for raw in read_path(path):
            if not hasattr(raw, "content"):
                continue  # a skipped or rejected record
            try:
                art = cleaner.clean_one(raw)
            except Exception:  # noqa: BLE001 - a rejected page is simply not counted
                continue
            rid = record_id(art)
            if rid in seen:
                continue  # an exact re-post: ingest keeps the first
            seen.add(rid)
            articles.append(Article(art.id, art.source, "", art.text, outlet=art.outlet))
    return articles, gold


def record_id(article: Any) -> str:
    """The input record id of a cleaned article (its source is ``path#id``)."""
    return str(article.source).rsplit("#", 1)[-1]


def bigrams(text: str) -> frozenset[tuple[str, str]]:
    """Word bigrams of a text (lower-cased ``\\w+`` tokens)."""
    words = _WORD.findall(text.lower())
    return frozenset(zip(words, words[1:], strict=False))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity of two sets (0 for two empty sets)."""
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _gram_array(text: str) -> np.ndarray:
    words = _WORD.findall(text.lower())
    return np.unique(np.fromiter((hash(g) for g in zip(words, words[1:], strict=False)), np.int64))


def _jaccard_arrays(a: np.ndarray, b: np.ndarray) -> float:
    if not a.size and not b.size:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def pair_stats(
    texts: Sequence[str], labels: Sequence[str], pairs: int = 200_000, seed: int = 7
) -> dict[str, float]:
    """Cross-event shares of Jaccard >= 0.1 / 0.2 on random pairs, and within-event medians.

    Bigram sets are made only for the articles the sampled pairs touch (memory).
    """
    rng = random.Random(seed)
    n = len(texts)
    # sorted arrays of bigram hashes (one process, so `hash` is consistent): ~1.6 KB an
    # article where a frozenset of string tuples takes ~20 KB (100k articles)
    grams = [_gram_array(t) for t in texts]
    cross: list[float] = []
    tries = 0
    while len(cross) < pairs and tries < 4 * pairs:
        tries += 1
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j and labels[i] != labels[j]:
            cross.append(_jaccard_arrays(grams[i], grams[j]))
    members: dict[str, list[int]] = {}
    for k, lab in enumerate(labels):
        members.setdefault(lab, []).append(k)
    within = [
        _jaccard_arrays(grams[a], grams[b])
        for ids in members.values()
        for x, a in enumerate(ids)
        for b in ids[x + 1 : x + 30]  # bounded per event
    ]
    return {
        "cross_pairs": len(cross),
        "cross_ge_0.1_pct": round(100 * sum(v >= 0.1 for v in cross) / max(1, len(cross)), 4),
        "cross_ge_0.2_pct": round(100 * sum(v >= 0.2 for v in cross) / max(1, len(cross)), 4),
        "cross_median": round(statistics.median(cross), 4) if cross else 0.0,
        "within_pairs": len(within),
        "within_median": round(statistics.median(within), 4) if within else 0.0,
    }


def candidate_stats(articles: Sequence[Any]) -> dict[str, float]:
    """Unique copy-detection candidate pairs (default `CopyConfig`), per article."""
    from newsprism.dedup import CopyConfig, CopyDetector, CopyIndex
    from newsprism.dedup.align import prepare_units

    # the same steps as `CopyDetector.verdicts`: features of all, one index, one query
    # (features made in chunks so the sentence units of 100k articles are never all held)
    detector = CopyDetector(CopyConfig())
    c0 = time.process_time()
    feats = []
    for start in range(0, len(articles), 5000):
        chunk = list(articles[start : start + 5000])
        units = {a.id: prepare_units(a.text) for a in chunk}
        feats.extend(detector._features(chunk, units))  # noqa: SLF001
    ids = [a.id for a in articles]
    index = CopyIndex(detector.config)
    index.add_many(list(zip(ids, feats, strict=True)))
    # queried in chunks: the same candidates as one batch (the index is complete), but
    # one 100k-query batch's band hits took > 20 GB here (killed at 100k)
    found: list[list[str]] = []
    for start in range(0, len(ids), 2000):
        found.extend(index.candidates(feats[start : start + 2000], exclude=ids[start : start + 2000]))
    pairs = {(min(a, b), max(a, b)) for a, cands in zip(ids, found, strict=True) for b in cands}
    per = sorted(len(c) for c in found)
    return {
        "candidate_pairs": len(pairs),
        "pairs_per_article": round(len(pairs) / max(1, len(ids)), 2),
        "candidates_p50": per[len(per) // 2] if per else 0,
        "candidates_p90": per[int(len(per) * 0.9)] if per else 0,
        "index_cpu_s": round(time.process_time() - c0, 2),
    }


def corpus_stats(folder: Path, pairs: int = 200_000, candidates: bool = True) -> dict[str, Any]:
    """All statistics of the corpus in `folder` (see the module docstring)."""
    c0 = time.process_time()
    articles, gold = clean_corpus(folder)
    labels = [gold.get(record_id(a), "?") for a in articles]
    out: dict[str, Any] = {
        "records": len(gold),
        "articles": len(articles),
        "events": len(set(labels)),
        "mean_words": round(sum(len(a.text.split()) for a in articles) / max(1, len(articles)), 1),
        "clean_cpu_s": round(time.process_time() - c0, 2),
    }
    out.update(pair_stats([a.text for a in articles], labels, pairs))
    if candidates:
        out.update(candidate_stats(articles))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="similarity statistics of a generated corpus")
    ap.add_argument("folder", type=Path)
    ap.add_argument("--pairs", type=int, default=200_000, help="random cross-event pairs to sample")
    ap.add_argument("--no-candidates", action="store_true", help="skip the copy-candidate count")
    args = ap.parse_args(argv)
    stats = corpus_stats(args.folder, args.pairs, not args.no_candidates)
    for key, value in stats.items():
        print(f"{key:>20}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
