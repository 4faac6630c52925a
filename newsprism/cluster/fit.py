"""Fit, evaluate and time the story clusterer (a developer tool, not used at run time).

Usage::

    python -m newsprism.cluster.fit fit   [LABELLED.json ...]   # print fitted MODEL_WEIGHTS
    python -m newsprism.cluster.fit fit --synthetic              # fit on generated streams
    python -m newsprism.cluster.fit eval  [LABELLED.json ...]   # B-cubed / pairwise F1 / ARI
    python -m newsprism.cluster.fit demo  [newsprism/demo]      # the same on the demo corpus
    python -m newsprism.cluster.fit bench [--n 3000]            # articles/s on a synthetic stream

How the weights are fitted: the labelled articles are replayed in publication
order exactly as the clusterer sees them, but each article is added to its *gold*
story. Before it is added, its signals against every candidate story (same
inverted-index retrieval and time window as at run time) become one training
pair, labelled 1 for its gold story and 0 for the others. An L2-regularised
logistic regression (C=1, balanced classes) on those pairs gives the weights.
Pairs therefore come from the same distribution the model decides on (an article
against a partial story centroid), not from article-article pairs.

Labelled files are JSON: ``{"articles": [{"id", "title", "text" (string or list
of paragraphs), "published", "outlet", "story", "storyline", "date_mentions"}]}``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprism.cluster.evaluate import bcubed, score_partition
from newsprism.cluster.features import FeatureState
from newsprism.cluster.stories import (
    SIGNALS,
    ClusterConfig,
    StoryClusterer,
    _StoryState,
    score,
)
from newsprism.ids import group_id
from newsprism.models import Article, DateMention

DEFAULT_LABELLED = (
    Path(__file__).resolve().parents[2] / "tests" / "cluster" / "fixtures" / "labelled_articles.json"
)


@dataclass(slots=True)
class Labelled:
    """An article with its gold story and storyline labels."""

    article: Article
    story: str
    storyline: str | None


def load_labelled(path: Path) -> list[Labelled]:
    """Labelled articles from a JSON file (format in the module docstring)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[Labelled] = []
    for rec in data["articles"]:
        text = rec["text"]
        if isinstance(text, list):
            text = "\n\n".join(text)
        mentions = [
            DateMention(m["text"], m["date"], m.get("start", 0), m.get("end", 0), m.get("relative", False))
            for m in rec.get("date_mentions", [])
        ]
        art = Article(
            id=rec["id"],
            source=str(path),
            title=rec.get("title", ""),
            text=text,
            published=rec.get("published"),
            outlet=rec.get("outlet"),
            date_mentions=mentions,
        )
        out.append(Labelled(art, rec["story"], rec.get("storyline")))
    return out


def load_demo(demo_dir: Path, *, gold_dates: bool = False) -> list[Labelled]:
    """The demo corpus as labelled articles, cleaned by the clean stage.

    Raw pages go through `newsprism.clean.clean_one` when it is importable (else a
    crude tag strip with the gold headline). With `gold_dates`, a publication date
    the cleaner did not find is taken from gold.json (to separate clustering errors
    from date-extraction errors).
    """
    import re

    from newsprism.models import RawDocument

    try:
        from newsprism.clean.cleaner import clean_one
    except ImportError:  # the clean stage is optional for this tool
        clean_one = None  # type: ignore[assignment]
    gold = json.loads((demo_dir / "gold.json").read_text(encoding="utf-8"))
    out: list[Labelled] = []
    for rec in gold["articles"]:
        key = rec["key"]
        fname, _, rid = key.partition("#")
        path = demo_dir / "corpus" / fname
        meta: dict[str, str | None] = {}
        if rid:
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line) if line.strip() else {}
                if str(row.get("id")) == rid:
                    meta = row
                    break
            content = meta.get("text") or meta.get("html") or ""
            fmt = "html" if meta.get("html") else "text"
        else:
            content = path.read_text(encoding="utf-8")
            fmt = "html" if fname.endswith(".html") else "text"
        raw = RawDocument(
            source=key,
            format=fmt,  # type: ignore[arg-type]
            content=content or "",
            url=meta.get("url"),
            title=meta.get("title"),
            published=meta.get("published"),
            outlet=meta.get("outlet"),
        )
        art: Article | None = None
        if clean_one is not None:
            try:
                art = clean_one(raw)
                art.id = key
            except Exception:  # noqa: BLE001 - a page the cleaner rejects is scored crudely
                art = None
        if art is None:
            text = re.sub(r"<[^>]+>", " ", raw.content)
            art = Article(
                id=key, source=key, title=rec.get("title") or "", text=text, published=raw.published
            )
        if gold_dates and not art.published:
            art.published = rec.get("published")
        out.append(Labelled(art, rec["story"], rec.get("storyline")))
    return out


def training_pairs(
    labelled: Sequence[Labelled], config: ClusterConfig | None = None
) -> tuple[list[list[float]], list[int]]:
    """(signals, label) pairs from replaying the labelled articles into gold stories."""
    cfg = config or ClusterConfig()
    clusterer = StoryClusterer(cfg)
    state = FeatureState(config=cfg.features)
    feats = {lab.article.id: state.get(lab.article) for lab in labelled}
    order = sorted(labelled, key=lambda lab: (feats[lab.article.id].day or 0, lab.article.id))
    stories: dict[str, _StoryState] = {}
    X: list[list[float]] = []
    y: list[int] = []
    for lab in order:
        f = feats[lab.article.id]
        vec = clusterer._vectors(f, state)
        keys = set(vec.keys)
        for label, st in stories.items():
            if not clusterer._in_window(f.day, st):
                continue
            st_keys = {k for aid in st.members for k in clusterer._vectors(feats[aid], state).keys}
            if not keys & st_keys:
                continue
            sig = clusterer._signals(vec, f.day, st)
            X.append([sig[k] for k in SIGNALS])
            y.append(int(label == lab.story))
        st = stories.setdefault(lab.story, _StoryState(group_id("s", lab.article.id)))
        st.add(lab.article.id, vec, f.day)
    return X, y


def synthetic_labelled(
    seeds: Sequence[int] = (21, 22), n: int = 1200, events_per_day: float = 12.0
) -> list[Labelled]:
    """Labelled articles from generated streams (`newsprism.cluster.synthetic`).

    The seeds are kept apart from every evaluation seed (1-5, 11 and the benchmark's),
    so the sets that score the model never trained it.
    """
    from newsprism.cluster.synthetic import SyntheticConfig, generate_stream

    out: list[Labelled] = []
    for seed in seeds:
        stream = generate_stream(SyntheticConfig(n_articles=n, seed=seed, events_per_day=events_per_day))
        out.extend(Labelled(a, stream.story[a.id], stream.storyline[a.id]) for a in stream.articles)
    return out


def fit_weights(X: Sequence[Sequence[float]], y: Sequence[int], c: float = 1.0) -> dict[str, float]:
    """Logistic-regression weights as the dict stored in `stories.MODEL_WEIGHTS`."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=1000)
    model.fit(X, y)
    weights = {"bias": round(float(model.intercept_[0]), 3)}
    weights.update({k: round(float(w), 3) for k, w in zip(SIGNALS, model.coef_[0], strict=True)})
    return weights


def evaluate_labelled(labelled: Sequence[Labelled], config: ClusterConfig | None = None) -> dict[str, float]:
    """Cluster the labelled articles in one batch and score against the gold stories."""
    from newsprism.cluster.stories import cluster_articles

    result = cluster_articles([lab.article for lab in labelled], config=config)
    pred = {aid: s.id for s in result.stories for aid in s.article_ids}
    gold = {lab.article.id: lab.story for lab in labelled}
    return {"articles": len(labelled), **score_partition(gold, pred)}


# -- synthetic stream for timing ----------------------------------------------------

_SYLL = ("ka", "lo", "mir", "van", "tes", "dor", "sel", "un", "bra", "ko", "ri", "sta", "vel", "nor", "pa")


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLL) for _ in range(parts)).capitalize()


def synthetic_articles(n: int, seed: int = 7, per_story: tuple[int, int] = (2, 8)) -> list[Article]:
    """A stream of `n` invented articles in events of a few articles each, over ~a year.

    Each event has its own actors and topic words drawn from a shared vocabulary,
    so topics overlap across events as they do in real news.
    """
    rng = random.Random(seed)
    vocab = [_name(rng, 3).lower() for _ in range(3000)]
    generic = vocab[:300]  # words every event uses
    out: list[Article] = []
    day0 = 738000
    event = 0
    while len(out) < n:
        event += 1
        actors = [f"{_name(rng)} {_name(rng)}" for _ in range(3)] + [_name(rng, 3)]
        topic = rng.sample(vocab[300:], 25)
        start = day0 + rng.randrange(365)
        for k in range(rng.randint(*per_story)):
            sents = []
            for _ in range(12):
                ws = rng.sample(topic, 5) + rng.sample(generic, 6)
                rng.shuffle(ws)
                sents.append(f"{rng.choice(actors)} said " + " ".join(ws) + ".")
            title = " ".join(rng.sample(topic, 4)).capitalize() + " " + actors[-1]
            from datetime import date

            out.append(
                Article(
                    id=f"syn{event}-{k}",
                    source="synthetic",
                    title=title,
                    text=" ".join(sents),
                    published=date.fromordinal(start + rng.randrange(3)).isoformat(),
                    outlet=f"Outlet {rng.randrange(20)}",
                )
            )
    return out[:n]


def bench(n: int) -> dict[str, float | str]:
    """Articles per second for one batch and for a stream of 10 batches."""
    arts = synthetic_articles(n)
    t0 = time.perf_counter()
    res = StoryClusterer().update(arts, [], [a.id for a in arts])
    t1 = time.perf_counter()
    # streaming: ten batches, each passing existing stories and their members
    arts_sorted = sorted(arts, key=lambda a: (a.published or "", a.id))
    clusterer = StoryClusterer()
    stories: list = []
    by_id = {a.id: a for a in arts}
    t2 = time.perf_counter()
    step = max(1, n // 10)
    for i in range(0, n, step):
        batch = arts_sorted[i : i + step]
        members = [by_id[aid] for s in stories for aid in s.article_ids]
        stories = clusterer.update(batch + members, stories, [a.id for a in batch]).stories
    t3 = time.perf_counter()
    gold = {a.id: a.id.split("-")[0] for a in arts}
    pred = {aid: s.id for s in res.stories for aid in s.article_ids}
    return {
        "articles": n,
        "batch_articles_per_s": round(n / (t1 - t0), 1),
        "stream10_articles_per_s": round(n / (t3 - t2), 1),
        "synthetic_bcubed_f1": round(bcubed(gold, pred)[2], 4),
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}",
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsprism.cluster.fit", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=["fit", "eval", "demo", "bench"])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--n", type=int, default=3000, help="articles for bench")
    parser.add_argument("--gold-dates", action="store_true", help="demo: fill missing dates from gold")
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="fit: train on generated streams (seeds 21 and 22, 1,200 articles, 12 events a day)",
    )
    args = parser.parse_args(argv)
    if args.command == "bench":
        print(json.dumps(bench(args.n), indent=2))
        return 0
    if args.command == "demo":
        demo = args.paths[0] if args.paths else Path(__file__).resolve().parents[1] / "demo"
        labelled = load_demo(demo, gold_dates=args.gold_dates)
    elif args.synthetic:
        labelled = synthetic_labelled()
    else:
        labelled = [lab for p in (args.paths or [DEFAULT_LABELLED]) for lab in load_labelled(p)]
    if args.command == "fit":
        X, y = training_pairs(labelled)
        print(f"{len(y)} pairs, {sum(y)} positive", file=sys.stderr)
        weights = fit_weights(X, y)
        print(json.dumps(weights, indent=2))
        cfg = ClusterConfig(weights=weights)
        print(json.dumps(evaluate_labelled(labelled, cfg), indent=2))
        wrong = sum(
            1
            for x, t in zip(X, y, strict=True)
            if (score(dict(zip(SIGNALS, x, strict=True)), weights) >= 0.5) != t
        )
        print(f"pair errors at 0.5: {wrong}/{len(y)}", file=sys.stderr)
        return 0
    print(json.dumps(evaluate_labelled(labelled), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
