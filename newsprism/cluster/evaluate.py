"""Clustering quality metrics over item -> label mappings, and evaluation runs.

All metrics are computed on the items present in both mappings, from the
contingency table of (gold label, predicted label) counts, so they run in linear
time (no pair enumeration).

>>> gold = {"a": 1, "b": 1, "c": 2, "d": 2}
>>> pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
>>> [round(v, 3) for v in bcubed(gold, pred)]
[0.667, 0.75, 0.706]
>>> [round(v, 3) for v in pairwise_f1(gold, pred)]
[0.333, 0.5, 0.4]
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from newsprism.cluster.stories import ClusterConfig
    from newsprism.cluster.storylines import StorylineConfig
    from newsprism.models import Article

Item = TypeVar("Item", bound=Hashable)
Label = Hashable


def _common(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> list[Item]:
    return [item for item in gold if item in pred]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def pairwise_f1(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> tuple[float, float, float]:
    """(precision, recall, F1) over item pairs placed together.

    With no pairs on one side the score on that side is 1.0 (nothing to get wrong).
    """
    items = _common(gold, pred)
    cells = Counter((gold[i], pred[i]) for i in items)
    gsizes = Counter(gold[i] for i in items)
    psizes = Counter(pred[i] for i in items)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    tp = sum(pairs(n) for n in cells.values())
    pred_pairs = sum(pairs(n) for n in psizes.values())
    gold_pairs = sum(pairs(n) for n in gsizes.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return p, r, _f1(p, r)


def bcubed(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) (Bagga & Baldwin 1998), averaged over items."""
    items = _common(gold, pred)
    if not items:
        return 0.0, 0.0, 0.0
    cells = Counter((gold[i], pred[i]) for i in items)
    gsizes = Counter(gold[i] for i in items)
    psizes = Counter(pred[i] for i in items)
    # every item in cell (g, p) has precision n/|p| and recall n/|g|
    p = sum(n * n / psizes[pl] for (_, pl), n in cells.items()) / len(items)
    r = sum(n * n / gsizes[gl] for (gl, _), n in cells.items()) / len(items)
    return p, r, _f1(p, r)


def adjusted_rand(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> float:
    """Adjusted Rand index (chance-corrected pair agreement; 1.0 = identical partitions)."""
    from sklearn.metrics import adjusted_rand_score

    items = _common(gold, pred)
    if not items:
        return 0.0
    codes_g: dict[Label, int] = {}
    codes_p: dict[Label, int] = {}
    g = [codes_g.setdefault(gold[i], len(codes_g)) for i in items]
    p = [codes_p.setdefault(pred[i], len(codes_p)) for i in items]
    return float(adjusted_rand_score(g, p))


def score_partition(gold: Mapping[Item, Label], pred: Mapping[Item, Label]) -> dict[str, float]:
    """Every metric at once: B-cubed and pairwise P/R/F1, ARI, cluster counts.

    >>> score_partition({"a": 1, "b": 1}, {"a": "x", "b": "x"})["bcubed_f1"]
    1.0
    """
    items = _common(gold, pred)
    bp, br, bf = bcubed(gold, pred)
    pp, pr, pf = pairwise_f1(gold, pred)
    return {
        "items": len(items),
        "gold_clusters": len({gold[i] for i in items}),
        "pred_clusters": len({pred[i] for i in items}),
        "bcubed_p": round(bp, 4),
        "bcubed_r": round(br, 4),
        "bcubed_f1": round(bf, 4),
        "pairwise_p": round(pp, 4),
        "pairwise_r": round(pr, 4),
        "pairwise_f1": round(pf, 4),
        "ari": round(adjusted_rand(gold, pred), 4),
    }


def storyline_labels(
    story: Mapping[Item, Label], storyline: Mapping[Item, Label | None]
) -> dict[Item, Label]:
    """Per-item storyline label; an item in no storyline stands for its own story.

    So storyline scores measure how stories are grouped: putting two unrelated
    stories in one storyline costs precision, splitting a storyline costs recall.
    """
    return {
        item: ("line", storyline[item]) if storyline.get(item) is not None else ("story", story[item])
        for item in story
    }


def evaluate_stream(
    articles: Sequence[Article],
    gold_story: Mapping[str, Label],
    gold_storyline: Mapping[str, Label | None],
    config: ClusterConfig | None = None,
    storyline_config: StorylineConfig | None = None,
) -> dict[str, dict[str, float]]:
    """Cluster `articles` in one batch and link storylines; score both against gold.

    Returns ``{"stories": score_partition(...), "storylines": score_partition(...)}``.
    """
    from newsprism.cluster.stories import cluster_articles
    from newsprism.cluster.storylines import StorylineLinker

    result = cluster_articles(articles, config=config)
    StorylineLinker(storyline_config).link(result.stories, {a.id: a for a in articles})
    pred_story = {aid: s.id for s in result.stories for aid in s.article_ids}
    pred_line = {aid: s.storyline_id for s in result.stories for aid in s.article_ids}
    return {
        "stories": score_partition(gold_story, pred_story),
        "storylines": score_partition(
            storyline_labels(gold_story, gold_storyline), storyline_labels(pred_story, pred_line)
        ),
    }


def evaluate_demo(demo_dir: Path, db_path: Path) -> dict[str, dict[str, float]]:
    """Run the real pipeline (ingest + build into a new store at `db_path`) on the demo.

    Compares each article's stored ``story_id`` with gold ``story`` and its
    ``storyline_id`` with gold ``storyline``. A developer tool: it imports the
    pipeline and store lazily, the cluster stage itself never does.
    """
    from newsprism.pipeline import build, ingest
    from newsprism.store.sqlite import Store

    gold = json.loads((demo_dir / "gold.json").read_text(encoding="utf-8"))
    store = Store(db_path)
    try:
        ingest(store, [str(demo_dir / "corpus")])
        build(store)
        links = store.article_links()
        pred_story: dict[str, Label] = {}
        pred_line: dict[str, Label | None] = {}
        for art in store.articles():
            key = Path(art.source).name  # the gold key: a file name or "file.jsonl#id"
            pred_story[key] = links[art.id]["story_id"]
            pred_line[key] = links[art.id]["storyline_id"]
    finally:
        store.close()
    gold_story = {a["key"]: a["story"] for a in gold["articles"]}
    gold_line = {a["key"]: a.get("storyline") for a in gold["articles"]}
    return {
        "stories": score_partition(gold_story, pred_story),
        "storylines": score_partition(
            storyline_labels(gold_story, gold_line), storyline_labels(pred_story, pred_line)
        ),
    }


def story_labelled_sets(eval_dir: Path) -> dict[str, str]:
    """Which sets under ``../shared/eval-data`` carry story labels, with a note for each.

    A set counts when its README describes story or event cluster labels. The sets
    present when this was written (clean-text and quote-attribution sets; PolNeAR's
    metadata.tsv has publisher, date and title but no story label) have none.
    """
    out: dict[str, str] = {}
    if not eval_dir.is_dir():
        return out
    for readme in sorted(eval_dir.glob("*/README.md")):
        text = readme.read_text(encoding="utf-8", errors="replace").lower()
        labelled = any(k in text for k in ("story label", "story id", "event cluster", "cluster label"))
        out[readme.parent.name] = "story labels" if labelled else "no story labels"
    return out
