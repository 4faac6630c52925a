"""Evaluation of copy detection on syndication sets generated from real article text.

The source texts are real news articles (PolNeAR: 924 political news articles from seven
US outlets, 2015-2016) read at run time from ``../shared/eval-data`` and extracted to a
cache directory outside the repository; nothing of them is stored in the repo.

A generated set (`make_copy_set`, seeded and deterministic) holds:

- *origins*: real articles, each the "wire copy" of one copy group;
- *copies* of an origin (0-4 each), every one with a random mix of edits outlets make:
  a trimmed ending, reordered paragraphs or sentences, rewritten sentences (synonym
  swaps, tense changes, dropped clauses), a local intro taken from another real
  article, a changed headline, site clutter (share/subscribe/"read more" lines of a
  made-up site template) and OCR-like character noise;
- *hard negatives*: other real articles on the same story (PolNeAR articles about the
  same focal candidate in the same month, by any outlet), half of them carrying 1-3
  of the origin's quoted sentences (another outlet's report of the same statement),
  each a singleton;
- partial reuse: an article of own reporting that quotes two or three paragraphs of an
  origin (gold: not a member of the origin's group; `partial_pairs`).

`score_links` gives pairwise precision/recall/F1 of ``same_copy`` links and the
adjusted Rand index of the copy groups (singletons included); `evaluate_detector` and
`evaluate_minhash_baseline` run newsprism and a plain datasketch MinHashLSH on one set.

>>> from newsprism.dedup.evaluate import score_groups
>>> r = score_groups({"a": "g1", "b": "g1", "c": "c"}, {"a": "x", "b": "x", "c": "y"})
>>> r["ari"], r["f1"]
(1.0, 1.0)
"""

from __future__ import annotations

import csv
import random
import re
import tarfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.models import Article, CopyLink
from newsprism.text import sentence_spans, split_paragraphs, words

__all__ = [
    "CopySet",
    "EvalDataMissing",
    "SourceArticle",
    "default_eval_dir",
    "evaluate_detector",
    "evaluate_minhash_baseline",
    "load_polnear",
    "make_copy_set",
    "score_groups",
    "score_links",
]


class EvalDataMissing(NewsprismError, FileNotFoundError):
    """The third-party evaluation data (../shared/eval-data) is not where expected."""


def default_eval_dir() -> Path:
    """``<repo>/../shared/eval-data`` (where the project keeps third-party evaluation data)."""
    return Path(__file__).resolve().parents[3] / "shared" / "eval-data"


def _cache_dir() -> Path:
    return Path.home() / ".cache" / "newsprism-eval"


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """One real article of the source corpus."""

    id: str
    outlet: str
    published: str  # YYYY-MM-DD
    title: str
    text: str
    topic: str  # focal candidate and month, e.g. "trump:2016-03": same-story neighbours


def load_polnear(eval_dir: Path | None = None, cache: Path | None = None) -> list[SourceArticle]:
    """The PolNeAR train+dev articles (extracted once to `cache`), sorted by id.

    Raises `EvalDataMissing` when the archive is absent.
    """
    eval_dir = eval_dir or default_eval_dir()
    archive = eval_dir / "polnear-train-dev" / "polnear-train-dev.tar.xz"
    if not archive.is_file():
        raise EvalDataMissing(f"expected the PolNeAR archive at {archive}")
    root = (cache or _cache_dir()) / "polnear"
    meta = root / "data" / "metadata.tsv"
    if not meta.is_file():
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(root, filter="data")
    out: list[SourceArticle] = []
    with meta.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] not in ("train", "dev"):
                continue
            path = root / "data" / row["compartment"] / "text" / (row["filename"] + ".txt")
            if not path.is_file():
                continue
            raw = path.read_text(encoding="utf-8")
            paras = split_paragraphs(raw)
            if len(paras) < 2:
                continue
            # the first paragraph of a PolNeAR text is its headline
            body = "\n\n".join(p.replace("''", '"').replace("``", '"') for p in paras[1:])
            trump, clinton = int(row["trump_count"] or 0), int(row["clinton_count"] or 0)
            focus = "trump" if trump > clinton else "clinton" if clinton > trump else "other"
            date = row["publication_date"]
            out.append(
                SourceArticle(
                    row["filename"], row["publisher"], date, row["title"], body, f"{focus}:{date[:7]}"
                )
            )
    out.sort(key=lambda a: a.id)
    return out


# --- edits outlets make -------------------------------------------------------------------

# Common newsroom rewordings (our own list); applied in both directions.
_SYNONYMS = [
    ("said", "stated"),
    ("says", "states"),
    ("told", "informed"),
    ("big", "large"),
    ("start", "begin"),
    ("started", "began"),
    ("buy", "purchase"),
    ("help", "assist"),
    ("show", "demonstrate"),
    ("shows", "indicates"),
    ("about", "around"),
    ("more than", "over"),
    ("enough", "sufficient"),
    ("however", "but"),
    ("also", "additionally"),
    ("people", "individuals"),
    ("president", "leader"),
    ("campaign", "bid"),
    ("voters", "the electorate"),
    ("supporters", "backers"),
    ("attack", "assault"),
    ("try", "attempt"),
    ("tried", "attempted"),
    ("need", "require"),
    ("get", "obtain"),
    ("main", "principal"),
    ("fast", "quick"),
    ("quickly", "rapidly"),
    ("end", "conclusion"),
    ("ask", "request"),
    ("asked", "questioned"),
    ("rules", "regulations"),
    ("meeting", "gathering"),
    ("plan", "proposal"),
    ("money", "funds"),
    ("job", "position"),
    ("country", "nation"),
    ("important", "significant"),
    ("criticized", "slammed"),
    ("announced", "unveiled"),
    ("week", "weekend"),
    ("many", "numerous"),
]
_SYN = {a: b for a, b in _SYNONYMS} | {b: a for a, b in _SYNONYMS}
_SYN_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SYN), key=len, reverse=True)) + r")\b")
_TENSE = [
    ("is", "was"),
    ("are", "were"),
    ("will", "would"),
    ("has", "had"),
    ("says", "said"),
    ("can", "could"),
]
_TENSE_MAP = dict(_TENSE)
_TENSE_RE = re.compile(r"\b(" + "|".join(_TENSE_MAP) + r")\b")
_CLAUSE = re.compile(r", (?:which|who|where|while|although|according to|including)[^,.;]{3,80},")
# OCR confusions (look-alike glyphs), applied to single characters
_OCR = {"m": "rn", "l": "1", "O": "0", "e": "c", "i": "l", "S": "5", "h": "b", "a": "o", "n": "ri", "t": "f"}

_SITES = [
    ("Share this article", "Follow us on Twitter", "Advertisement"),
    ("SIGN UP for our daily newsletter", "Comments (0)", "Related coverage"),
    ("Click here to subscribe", "© {outlet} Media Group. All rights reserved.", "Trending now"),
    ("Read more:", "Photo: file", "Most popular"),
    ("Listen to this article", "Advertisement - scroll to continue", "Tags: politics, election"),
]


def _sentences(paragraph: str) -> list[str]:
    return [paragraph[s:e] for s, e in sentence_spans(paragraph)] or [paragraph]


def _reword(sentence: str, rng: random.Random, n: int) -> str:
    hits = list(_SYN_RE.finditer(sentence))
    rng.shuffle(hits)
    chosen = sorted(hits[:n], key=lambda m: m.start(), reverse=True)
    for m in chosen:
        sentence = sentence[: m.start()] + _SYN[m.group(1)] + sentence[m.end() :]
    return sentence


def _retense(sentence: str) -> str:
    return _TENSE_RE.sub(lambda m: _TENSE_MAP[m.group(1)], sentence)


def _drop_clause(sentence: str) -> str:
    return _CLAUSE.sub(",", sentence, count=1).replace(",,", ",")


def _ocr_noise(text: str, rng: random.Random, rate: float) -> str:
    chars = list(text)
    for k, ch in enumerate(chars):
        if ch in _OCR and rng.random() < rate:
            chars[k] = _OCR[ch]
    return "".join(chars)


@dataclass(slots=True)
class CopySet:
    """A generated evaluation set: articles, gold groups and what was done to each copy."""

    articles: list[Article]
    gold: dict[str, str]  # article id -> gold group label (singletons: their own id)
    edits: dict[str, list[str]] = field(default_factory=dict)  # copy id -> edits applied
    partial_pairs: set[frozenset[str]] = field(default_factory=set)  # (origin, partial reuser)
    hard_negatives: int = 0

    def gold_pairs(self) -> set[frozenset[str]]:
        """All same-group pairs of the gold labels."""
        return _pairs_of(self.gold)


def _pairs_of(labels: Mapping[str, str]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for aid, g in labels.items():
        groups[g].append(aid)
    return {frozenset(p) for ids in groups.values() for p in combinations(sorted(ids), 2)}


def _make_copy(
    src: SourceArticle,
    copy_no: int,
    pool: Sequence[SourceArticle],
    rng: random.Random,
    hard: bool = False,
    used: set[str] | None = None,
) -> tuple[Article, list[str]]:
    paras = split_paragraphs(src.text)
    edits: list[str] = []
    if len(paras) > 6 and rng.random() < (0.8 if hard else 0.5):
        keep = max(4, round(len(paras) * (rng.uniform(0.35, 0.7) if hard else rng.uniform(0.5, 0.9))))
        if keep < len(paras):
            paras = paras[:keep]
            edits.append(f"trimmed to {keep} paragraphs")
    if len(paras) > 3 and rng.random() < 0.3:
        i = rng.randrange(1, len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
        edits.append("paragraphs swapped")
    if rng.random() < 0.6:
        level = rng.choice([0.5, 0.7, 0.9] if hard else [0.15, 0.3, 0.5])
        n_rewritten = 0
        new_paras = []
        for p in paras:
            sents = _sentences(p)
            if len(sents) > 2 and rng.random() < level / 2:
                j = rng.randrange(len(sents) - 1)
                sents[j], sents[j + 1] = sents[j + 1], sents[j]
                n_rewritten += 1
            out = []
            for s in sents:
                if rng.random() < level:
                    op = rng.random()
                    s = _reword(s, rng, 2) if op < 0.5 else _retense(s) if op < 0.8 else _drop_clause(s)
                    n_rewritten += 1
                out.append(s)
            new_paras.append(" ".join(out))
        paras = new_paras
        edits.append(f"rewritten (level {level}, {n_rewritten} sentences)")
    if rng.random() < 0.4:
        other = rng.choice(pool)
        if other.id != src.id:
            if used is not None:
                used.add(other.id)  # never also an origin or a negative: gold stays clean
            # a local intro is a few sentences of context, here real ones from another article
            intro = " ".join(_sentences(split_paragraphs(other.text)[0])[: rng.randint(1, 3)])
            # hard sets: the outlet's own reporting around the copy, 2-4 paragraphs
            extra = split_paragraphs(other.text)[1 : 1 + rng.randint(1, 3)] if hard else []
            paras = [intro, *extra, *paras]
            edits.append(f"local intro from {other.id}")
    title = src.title
    if rng.random() < 0.6:
        title = rng.choice(["Report: ", "UPDATE: ", "", "Watch: "]) + _reword(src.title, rng, 3).upper()
        edits.append("headline changed")
    if rng.random() < 0.6:
        site = rng.choice(_SITES)
        outlet = f"Site{copy_no}"
        top, bottom = [site[0]], [c.format(outlet=outlet) for c in site[1:]]
        if rng.random() < 0.5:
            other = rng.choice(pool)
            bottom.append(f"Read more: {other.title}")
        mid = len(paras) // 2
        paras = top + paras[:mid] + [site[2]] + paras[mid:] + bottom
        edits.append("site clutter")
    text = "\n\n".join(paras)
    if rng.random() < (0.3 if hard else 0.15):
        rate = rng.choice([0.03, 0.05, 0.08] if hard else [0.01, 0.02, 0.04])
        text = _ocr_noise(text, rng, rate)
        edits.append(f"OCR noise ({rate:.0%} of confusable characters)")
    day = src.published
    art = Article(
        id=f"{src.id}~copy{copy_no}",
        source="generated",
        title=title,
        text=text,
        published=f"{day}T{10 + copy_no:02d}:00",
        outlet=f"Outlet {rng.randrange(1000)}",
    )
    return art, edits


def _without_real_copies(sources: Sequence[SourceArticle]) -> list[SourceArticle]:
    """Drop later articles sharing 2+ long sentences verbatim with an earlier one.

    Real corpora contain real copies (PolNeAR has the same Washington Post piece on two
    days, and "The Latest" live blogs sharing items); as sources of a gold set they
    would be same-copy pairs labelled as different. The test is plain exact sentence
    overlap, independent of the detector being evaluated.
    """
    seen: dict[str, str] = {}
    kept: list[SourceArticle] = []
    for src in sorted(sources, key=lambda s: (s.published, s.id)):
        keys = {
            " ".join(words(src.text[a:b])).lower()
            for a, b in sentence_spans(src.text)
            if len(words(src.text[a:b])) >= 10
        }
        hits: dict[str, int] = defaultdict(int)
        for k in keys:
            if k in seen:
                hits[seen[k]] += 1
        if any(n >= 2 for n in hits.values()):
            continue
        for k in keys:
            seen.setdefault(k, src.id)
        kept.append(src)
    return kept


def make_copy_set(
    sources: Sequence[SourceArticle],
    n_origins: int,
    seed: int = 1,
    *,
    negatives_per_origin: float = 1.5,
    partial_rate: float = 0.1,
    hard: bool = False,
) -> CopySet:
    """A seeded syndication set over `sources` (see the module docstring).

    Origins are drawn from articles of 150-1,500 words; each has 0-4 copies; about
    `negatives_per_origin` real same-topic articles per origin are added as singletons.
    ``hard=True`` edits copies more heavily: trims to 35-70%, rewrites 50-90% of
    sentences, intros with 1-3 paragraphs of another article's reporting, and more
    OCR noise (3-8% of confusable characters).
    """
    rng = random.Random(seed)
    usable = _without_real_copies([s for s in sources if 150 <= len(words(s.text)) <= 1500])
    by_topic: dict[str, list[SourceArticle]] = defaultdict(list)
    for s in usable:
        by_topic[s.topic].append(s)
    order = list(usable)
    rng.shuffle(order)
    origins = order[:n_origins]
    used = {s.id for s in origins}
    # intros and "read more" titles come from articles that are not origins
    intro_pool = [s for s in usable if s.id not in used]
    articles: list[Article] = []
    gold: dict[str, str] = {}
    edits: dict[str, list[str]] = {}
    partial: set[frozenset[str]] = set()
    for k, src in enumerate(origins):
        group = f"g{k}"
        credit = "AP" if rng.random() < 0.3 else None
        articles.append(
            Article(
                src.id,
                "generated",
                src.title,
                src.text,
                published=f"{src.published}T08:00",
                outlet=src.outlet,
                wire_agency=credit,
            )
        )
        gold[src.id] = group
        for c in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            art, done = _make_copy(src, c, intro_pool, rng, hard, used)
            if credit and rng.random() < 0.7:
                art.wire_agency = credit
            articles.append(art)
            gold[art.id] = group
            edits[art.id] = done
        if rng.random() < partial_rate:
            # own reporting (a real same-topic article) quoting 2-3 paragraphs of the origin
            hosts = [s for s in by_topic[src.topic] if s.id not in used]
            src_paras = [p for p in split_paragraphs(src.text) if len(words(p)) >= 25]
            if hosts and len(src_paras) >= 3:
                host = rng.choice(hosts)
                used.add(host.id)
                host_paras = split_paragraphs(host.text)
                quoted = rng.sample(src_paras, rng.randint(2, 3))
                at = rng.randint(1, max(1, len(host_paras) - 1))
                pid = f"{host.id}~partial"
                articles.append(
                    Article(
                        pid,
                        "generated",
                        host.title,
                        "\n\n".join(host_paras[:at] + quoted + host_paras[at:]),
                        published=f"{host.published}T18:00",
                        outlet=host.outlet,
                    )
                )
                gold[pid] = pid
                partial.add(frozenset((src.id, pid)))
    negatives = 0
    want = round(negatives_per_origin * len(origins))
    topics = [s.topic for s in origins]
    for k in range(want * 3):
        if negatives >= want:
            break
        cands = [s for s in by_topic[topics[k % len(topics)]] if s.id not in used]
        if not cands:
            continue
        neg = rng.choice(cands)
        used.add(neg.id)
        text = neg.text
        origin = origins[k % len(origins)]
        quotes = [q for q in _sentences(origin.text) if q.count('"') >= 2 or q.count("“") >= 1]
        if quotes and rng.random() < 0.5:
            # another outlet's own report carrying the same quotes: the hardest negative
            paras = split_paragraphs(text)
            for q in rng.sample(quotes, min(len(quotes), rng.randint(1, 3))):
                paras.insert(rng.randint(1, max(1, len(paras))), q)
            text = "\n\n".join(paras)
        articles.append(
            Article(
                neg.id, "generated", neg.title, text, published=f"{neg.published}T12:00", outlet=neg.outlet
            )
        )
        gold[neg.id] = neg.id
        negatives += 1
    rng.shuffle(articles)
    return CopySet(articles, gold, edits, partial, negatives)


# --- scoring ------------------------------------------------------------------------------


def score_groups(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of same-group pairs and the ARI (over `gold`'s ids).

    `predicted` maps ids to labels; ids it lacks are singletons.
    """
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(gold)
    pred = {i: predicted.get(i, "single:" + i) for i in ids}
    gp, pp = _pairs_of({i: gold[i] for i in ids}), _pairs_of(pred)
    tp = len(gp & pp)
    p = tp / len(pp) if pp else 1.0
    r = tp / len(gp) if gp else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    ari = adjusted_rand_score([gold[i] for i in ids], [pred[i] for i in ids])
    return {"precision": p, "recall": r, "f1": f1, "ari": float(ari)}


def _components(ids: Iterable[str], pairs: Iterable[Sequence[str]]) -> dict[str, str]:
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        ra, rb = find(pair[0]), find(pair[1])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in parent}


def score_links(copy_set: CopySet, links: Sequence[CopyLink]) -> dict[str, float]:
    """Scores of detector links on a set.

    - ``link_precision/recall/f1``: of the ``same_copy`` links themselves (pairs);
    - ``precision/recall/f1/ari``: of the copy groups they make (connected components,
      singletons included), pairwise over group members;
    - ``partial_found``: share of gold partial-reuse pairs linked as ``partial_reuse``.
    """
    same = {frozenset((lk.a_id, lk.b_id)) for lk in links if lk.kind == "same_copy"}
    partial = {frozenset((lk.a_id, lk.b_id)) for lk in links if lk.kind == "partial_reuse"}
    gp = copy_set.gold_pairs()
    tp = len(same & gp)
    lp = tp / len(same) if same else 1.0
    lr = tp / len(gp) if gp else 1.0
    out = {
        "link_precision": lp,
        "link_recall": lr,
        "link_f1": 2 * lp * lr / (lp + lr) if lp + lr else 0.0,
    }
    comp = _components(copy_set.gold, [tuple(sorted(p)) for p in same if p <= copy_set.gold.keys()])
    out |= score_groups(copy_set.gold, comp)
    pp = copy_set.partial_pairs
    out["partial_found"] = len(pp & partial) / len(pp) if pp else 1.0
    return out


def evaluate_detector(copy_set: CopySet, config: object | None = None) -> dict[str, float]:
    """Run `CopyDetector` over the whole set and score it (plus seconds taken)."""
    from newsprism.dedup.detector import CopyDetector
    from newsprism.dedup.minhash import CopyConfig

    det = CopyDetector(config if isinstance(config, CopyConfig) else None)
    t = time.perf_counter()
    links = det.detect(copy_set.articles)
    elapsed = time.perf_counter() - t
    return score_links(copy_set, links) | {"seconds": elapsed}


def _shingles(text: str) -> list[bytes]:
    ws = words(text)
    if len(ws) < 2:
        return [" ".join(ws).encode()]
    return [f"{a} {b}".encode() for a, b in zip(ws, ws[1:], strict=False)]


_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 19))  # 0.10 ... 0.90


def evaluate_minhash_baseline(
    copy_set: CopySet,
    thresholds: Sequence[float] = _THRESHOLDS,
    num_perm: int = 128,
) -> list[dict[str, float]]:
    """A plain datasketch MinHashLSH (word 2-gram shingles) at each threshold.

    At a threshold, pairs are LSH candidates whose estimated Jaccard is at or above it
    (datasketch's intended use); groups are their connected components. One row per
    threshold with the same keys as `score_links` (minus ``partial_found``).
    """
    from datasketch import MinHash, MinHashLSH

    mhs = {}
    for art in copy_set.articles:
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch(_shingles(art.text))
        mhs[art.id] = m
    gp = copy_set.gold_pairs()
    rows = []
    for th in thresholds:
        lsh = MinHashLSH(threshold=th, num_perm=num_perm)
        for aid, m in mhs.items():
            lsh.insert(aid, m)
        pairs: set[frozenset[str]] = set()
        for aid, m in mhs.items():
            for other in lsh.query(m):
                if other != aid and m.jaccard(mhs[other]) >= th:
                    pairs.add(frozenset((aid, other)))
        tp = len(pairs & gp)
        lp = tp / len(pairs) if pairs else 1.0
        lr = tp / len(gp) if gp else 1.0
        row = {
            "threshold": th,
            "link_precision": lp,
            "link_recall": lr,
            "link_f1": 2 * lp * lr / (lp + lr) if lp + lr else 0.0,
        }
        row |= score_groups(copy_set.gold, _components(copy_set.gold, [tuple(sorted(p)) for p in pairs]))
        rows.append(row)
    return rows
