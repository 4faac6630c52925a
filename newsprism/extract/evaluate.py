"""Evaluate quote extraction and speaker attribution against gold attribution spans.

The gold format is PolNeAR's brat standoff (Newell, Margolin & Ruths, LREC 2018)::

    T3<TAB>Content 115 290;300 340<TAB>text      (character offsets into the article text)
    T1<TAB>Source 89 106<TAB>The New York Post
    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1

Definitions (all stated here so figures are reproducible):

- **Gold units.** Every contiguous piece of an attribution's Content span is one unit
  (`“A,” he said. “B.”` gives two units with one source), because our quotes are
  contiguous spans too. Units are *normalised* before comparison: surrounding spaces,
  quotation marks and trailing ``,;:`` are stripped (our `Quote.text` holds the content
  without quote marks), repeatedly, so `“We were there,”` becomes `We were there`.
- **Direct units.** A gold unit is *direct* when its raw text starts with a quotation mark
  (the content is a quotation, not a clause that embeds a quoted fragment such as
  `that she would “keep the details under wraps.”`, which counts as indirect).
  Predicted quotes of kind direct, block and partial form the predicted direct pool.
- **Match.** Overlap is intersection over union of the two normalised character spans
  (stricter than the Gender Gap Tracker's overlap relative to the gold length); a pair
  matches at overlap >= 0.5. Pairs are matched one to one, greedily by overlap. *Exact*
  means identical normalised offsets.
- **Don't-care.** In the direct evaluation, a predicted quote that matches no direct unit
  but matches (or lies inside) a non-direct gold unit is neither a true nor a false
  positive: it is a correct detection of a quoted fragment inside reported speech.
- **Speaker match.** For matched pairs whose gold has a Source: both strings are reduced
  to word lists (lower case, parentheticals such as "(R-Ind.)", possessive 's,
  determiners, stopwords and name suffixes such as "Jr." removed); the *heads* of a
  string are the last word of each comma-separated part, cut before a preposition
  ("Brian Fallon, a Clinton spokesman" -> fallon, spokesman; "Ganguly of Human Rights
  Watch" -> ganguly). The speaker matches when a head of the prediction equals a head
  of the gold. The prediction is `Quote.speaker` (pronouns already resolved by the extractor) or
  `Quote.speaker_canonical`; either may match. A gold pronoun source ("he", "she",
  "they") is resolved to two candidates, since PolNeAR has no coreference chains: the
  nearest preceding gold Source span of the same article that is not itself a pronoun,
  relative or possessive ("who", "his"), and the nearest preceding one that names a
  person ("Ayotte", not "the front-runner" or "a super PAC"); matching either counts, as
  does a literal pronoun match.
  A matched quote without a predicted speaker counts as wrong.

>>> text = '“We will win the vote,” Marta said.'
>>> gold = [GoldAttribution("a", ((0, 23),), (24, 29), "Marta", text[:23], True)]
>>> pred = [Quote("We will win the vote", "Marta", 1, 21)]
>>> m = score_article(gold, pred, text)
>>> (m.direct.tp, m.direct.exact, m.speaker_correct)
(1, 1, 1)
"""

from __future__ import annotations

import json
import os
import re
import tarfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.extract.lexicon import DETERMINERS, PRONOUNS
from newsprism.extract.quotes import canonical_name, speaker_kind
from newsprism.metrics import PRFCounts
from newsprism.models import Article, Quote
from newsprism.text import STOPWORDS

__all__ = [
    "GoldAttribution",
    "GoldArticle",
    "SpanScore",
    "ArticleScore",
    "EvalReport",
    "load_brat",
    "load_gold_json",
    "load_polnear",
    "polnear_root",
    "score_article",
    "evaluate_extractor",
    "iter_errors",
    "speaker_matches",
]

_QUOTE_CHARS = "\"“”„«»‘’'‹›"
_STRIP_CHARS = _QUOTE_CHARS + " \t\n\r\u00a0,;:"
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?")
_PARTS = re.compile(r"[,—–]| who | which ")
_PREP = re.compile(r" (?:of|at|for|from|in|with|on|to|under|close) ", re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


# --------------------------------------------------------------------------- gold data


@dataclass(slots=True, frozen=True)
class GoldAttribution:
    """One gold attribution relation: content pieces, source span and text."""

    article_id: str
    content: tuple[tuple[int, int], ...]  # contiguous pieces, as annotated
    source: tuple[int, int] | None
    source_text: str | None
    content_text: str
    direct: bool  # content starts with a quotation mark


@dataclass(slots=True)
class GoldArticle:
    """An article text with its gold attributions (one annotator's file)."""

    id: str
    text: str
    attributions: list[GoldAttribution]
    annotation_file: str = ""

    def article(self) -> Article:
        return Article(id=self.id, source="polnear", title="", text=self.text)


def load_brat(article_id: str, text: str, ann: str, annotation_file: str = "") -> GoldArticle:
    """Parse one brat standoff annotation (PolNeAR attributions) for `text`."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        tid = parts[0]
        if tid.startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            pieces: list[tuple[int, int]] = []
            for piece in offsets.split(";"):
                a, _, b = piece.strip().partition(" ")
                if a.isdigit() and b.isdigit():
                    pieces.append((int(a), int(b)))
            spans[tid] = (label, tuple(sorted(pieces)))
        elif tid.startswith("E"):
            roles: dict[str, str] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                # "Source2" etc.: keep the first filler of each role
                roles.setdefault(role.rstrip("0123456789"), ref)
            events.append(roles)
    out: list[GoldAttribution] = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None or not content[1]:
            continue
        src = spans.get(roles.get("Source", ""))
        src_span = (src[1][0][0], src[1][-1][1]) if src and src[1] else None
        first = content[1][0]
        raw = text[first[0] : first[1]].lstrip()
        out.append(
            GoldAttribution(
                article_id=article_id,
                content=content[1],
                source=src_span,
                source_text=text[src_span[0] : src_span[1]] if src_span else None,
                content_text=" … ".join(text[a:b] for a, b in content[1]),
                direct=bool(raw) and raw[0] in _QUOTE_CHARS,
            )
        )
    out.sort(key=lambda g: g.content[0])
    return GoldArticle(article_id, text, out, annotation_file)


def load_gold_json(path: Path) -> list[GoldArticle]:
    """Articles with gold quotes from a JSON file (the format of the extract test fixtures).

    ``{"articles": [{"id", "text", "quotes": [{"text", "speaker", "direct"}]}]}``: each
    quote text is found in the article (its first occurrence) and becomes one gold unit.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[GoldArticle] = []
    for art in data["articles"]:
        text = art["text"]
        golds = []
        for q in art["quotes"]:
            start = text.find(q["text"])
            if start < 0:
                raise ValueError(f"{art['id']}: quote not in text: {q['text'][:60]!r}")
            end = start + len(q["text"])
            golds.append(
                GoldAttribution(
                    art["id"], ((start, end),), None, q.get("speaker"), q["text"], bool(q["direct"])
                )
            )
        golds.sort(key=lambda g: g.content[0])
        out.append(GoldArticle(art["id"], text, golds, str(path.name)))
    return out


def polnear_root(archive: Path | None = None, cache: Path | None = None) -> Path | None:
    """The extracted PolNeAR `data/` folder, extracting the shared archive once if needed.

    Looks for `../shared/eval-data/polnear-train-dev/polnear-train-dev.tar.xz` beside the
    repository (or `archive`) and extracts it to `cache` (default
    `~/.cache/newsprism-eval/polnear`, or `$NEWSPRISM_EVAL_CACHE/polnear`). Returns None
    when the archive is absent.
    """
    if archive is None:
        repo = Path(__file__).resolve().parents[2]
        archive = repo.parent / "shared" / "eval-data" / "polnear-train-dev" / "polnear-train-dev.tar.xz"
    if cache is None:
        base = os.environ.get("NEWSPRISM_EVAL_CACHE")
        cache = (Path(base) if base else Path.home() / ".cache" / "newsprism-eval") / "polnear"
    data = cache / "data"
    if (data / "dev" / "text").is_dir() and (cache / ".complete").exists():
        return data
    if not archive.exists():
        return None
    cache.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:xz") as tar:
        tar.extractall(cache, filter="data")
    (cache / ".complete").write_text("ok\n")
    return data


def load_polnear(root: Path, split: str = "dev", limit: int | None = None) -> list[GoldArticle]:
    """Articles of one PolNeAR split, sorted by name.

    Where several annotators' files exist for an article, the first in sorted file-name
    order is used (deterministic; the annotator ids are arbitrary hashes).
    """
    text_dir = root / split / "text"
    ann_dir = root / split / "attributions"
    by_article: dict[str, list[Path]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        by_article.setdefault(p.stem.rsplit("_", 1)[0], []).append(p)
    out: list[GoldArticle] = []
    for name in sorted(by_article):
        txt = text_dir / f"{name}.txt"
        if not txt.exists():
            continue
        ann = by_article[name][0]
        text = txt.read_text(encoding="utf-8")
        out.append(load_brat(name, text, ann.read_text(encoding="utf-8"), ann.name))
        if limit is not None and len(out) >= limit:
            break
    return out


# --------------------------------------------------------------------------- spans


def _normalise(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, quote marks and trailing ,;: from both ends of text[start:end]."""
    while start < end and text[start] in _STRIP_CHARS:
        start += 1
    while end > start and text[end - 1] in _STRIP_CHARS:
        end -= 1
    return start, end


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


@dataclass(slots=True)
class SpanScore(PRFCounts):
    """Counts for one span evaluation; precision/recall/F1 at overlap and exact."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0

    def add(self, other: SpanScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.exact += other.exact

    @property
    def exact_f1(self) -> float:
        # exact matches are a subset of overlap matches: same denominators
        pred, gold = self.tp + self.fp, self.tp + self.fn
        return 2 * self.exact / (pred + gold) if pred + gold else 0.0


@dataclass(slots=True)
class ArticleScore:
    """Scores of one article, with the pairs kept for error analysis."""

    direct: SpanScore = field(default_factory=SpanScore)
    all: SpanScore = field(default_factory=SpanScore)
    speaker_total: int = 0
    speaker_correct: int = 0
    # (gold unit text, predicted text, gold source, predicted speaker) of wrong speakers
    speaker_errors: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # direct gold units not found
    spurious: list[str] = field(default_factory=list)  # direct predictions without gold


@dataclass(slots=True)
class _Unit:
    span: tuple[int, int]
    gold: GoldAttribution
    source: str | None  # resolved source text


def _units(text: str, gold: Sequence[GoldAttribution]) -> list[_Unit]:
    """Contiguous, normalised gold content pieces with pronoun sources resolved."""
    sources = sorted((g.source, g.source_text) for g in gold if g.source and g.source_text)
    out: list[_Unit] = []
    for g in gold:
        src = g.source_text
        if src and g.source and src.strip().lower() in PRONOUNS:
            prior = [t for s, t in sources if s[1] <= g.source[0] and _named(t)]
            if prior:
                src = f"{src}|{prior[-1]}"
            people = [t for t in prior if speaker_kind(canonical_name(t.strip(" ,"))) == "person"]
            if people and people[-1] != prior[-1]:
                src = f"{src}|{people[-1]}"
        for a, b in g.content:
            s, e = _normalise(text, a, b)
            if s < e:
                out.append(_Unit((s, e), g, src))
    return out


_NOT_NAMES = frozenset(PRONOUNS) | {
    "who",
    "whom",
    "his",
    "him",
    "her",
    "them",
    "its",
    "their",
    "self",
    "you",
    "me",
    "us",
}


def _named(source: str) -> bool:
    """Whether a gold source can stand as a pronoun's antecedent (not "who", "his")."""
    ws = source.strip().lower().split()
    return bool(ws) and not (len(ws) == 1 and ws[0] in _NOT_NAMES)


def _match(
    golds: list[tuple[int, int]], preds: list[tuple[int, int]], threshold: float
) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, pred index, overlap) pairs, greedy by overlap."""
    cands = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            o = _iou(g, p)
            if o >= threshold:
                cands.append((o, gi, pi))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for o, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, o))
    return pairs


def _words(s: str) -> list[str]:
    s = _PAREN.sub(" ", s).replace("’", "'")
    out = []
    for w in _WORD.findall(s):
        w = w.lower().removesuffix("'s").rstrip(".")
        if w and w not in DETERMINERS and w not in STOPWORDS:
            out.append(w)
    # name suffixes are no heads ("C. Stewart Verdery Jr.")
    while len(out) > 1 and out[-1] in _SUFFIXES:
        out.pop()
    return out


def _heads(s: str) -> set[str]:
    heads = set()
    for part in _PARTS.split(s):
        part = _PREP.split(part, 1)[0]  # "his best friend at Lehigh" -> "his best friend"
        ws = _words(part)
        if ws:
            heads.add(ws[-1])
    if not heads:  # a bare pronoun or title ("he", "the president")
        low = s.strip().lower()
        if low:
            heads.add(low.split()[-1])
    return heads


def speaker_matches(predicted: Iterable[str | None], gold: str) -> bool:
    """Whether any predicted speaker string names the gold source (see module docs).

    `gold` may hold alternatives separated by "|" (a pronoun and its resolution).

    >>> speaker_matches(["Hillary Clinton"], "Mrs. Clinton")
    True
    >>> speaker_matches(["Brian Fallon"], "Brian Fallon, a Clinton spokesman")
    True
    >>> speaker_matches(["Trump"], "Trump's campaign")
    False
    """
    golds = [_heads(g) for g in gold.split("|") if g.strip()]
    for p in predicted:
        if not p:
            continue
        ph = _heads(p)
        if any(ph & g for g in golds):
            return True
    return False


def score_article(
    gold: Sequence[GoldAttribution],
    predicted: Sequence[Quote],
    text: str | None = None,
    threshold: float = 0.5,
) -> ArticleScore:
    """Span and speaker scores of one article's predicted quotes against its gold.

    `text` (the article text) is used to normalise spans; without it the offsets are
    compared as given (gold content offsets must then already exclude quote marks).
    """
    res = ArticleScore()
    if text is None:
        units = [_Unit(p, g, g.source_text) for g in gold for p in g.content]
        norm_pred = [(q.start, q.end) for q in predicted]
    else:
        units = _units(text, gold)
        norm_pred = [_normalise(text, q.start, q.end) for q in predicted]
    # --- all attributions
    all_pairs = _match([u.span for u in units], norm_pred, threshold)
    res.all.tp = len(all_pairs)
    res.all.fp = len(predicted) - len(all_pairs)
    res.all.fn = len(units) - len(all_pairs)
    res.all.exact = sum(1 for gi, pi, _ in all_pairs if units[gi].span == norm_pred[pi])
    # --- direct quotes
    d_units = [u for u in units if u.gold.direct]
    o_units = [u for u in units if not u.gold.direct]
    d_idx = [i for i, q in enumerate(predicted) if q.kind != "indirect"]
    d_pred = [norm_pred[i] for i in d_idx]
    pairs = _match([u.span for u in d_units], d_pred, threshold)
    res.direct.tp = len(pairs)
    res.direct.fn = len(d_units) - len(pairs)
    res.direct.exact = sum(1 for gi, pi, _ in pairs if d_units[gi].span == d_pred[pi])
    matched_p = {pi for _, pi, _ in pairs}
    matched_g = {gi for gi, _, _ in pairs}
    for pi, span in enumerate(d_pred):
        if pi in matched_p:
            continue
        dont_care = any(_iou(u.span, span) >= threshold or _inside(span, u.span) for u in o_units)
        if not dont_care:
            res.direct.fp += 1
            if text is not None:
                res.spurious.append(text[span[0] : span[1]])
    if text is not None:
        res.missed = [text[u.span[0] : u.span[1]] for gi, u in enumerate(d_units) if gi not in matched_g]
    # --- speakers, over matched direct quotes
    for gi, pi, _ in pairs:
        unit = d_units[gi]
        if not unit.source:
            continue
        q = predicted[d_idx[pi]]
        res.speaker_total += 1
        if speaker_matches((q.speaker, q.speaker_canonical), unit.source):
            res.speaker_correct += 1
        else:
            res.speaker_errors.append((q.text[:80], q.text[:80], unit.source, q.speaker))
    return res


@dataclass(slots=True)
class EvalReport:
    """Totals over a set of articles."""

    articles: int = 0
    direct: SpanScore = field(default_factory=SpanScore)
    all: SpanScore = field(default_factory=SpanScore)
    speaker_total: int = 0
    speaker_correct: int = 0
    per_article: dict[str, ArticleScore] = field(default_factory=dict)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    def summary(self) -> dict[str, float | int]:
        """Flat figures for printing or JSON."""
        d, a = self.direct, self.all
        return {
            "articles": self.articles,
            "direct_gold": d.tp + d.fn,
            "direct_pred": d.tp + d.fp,
            "direct_p": round(d.precision, 4),
            "direct_r": round(d.recall, 4),
            "direct_f1": round(d.f1, 4),
            "direct_exact_f1": round(d.exact_f1, 4),
            "all_gold": a.tp + a.fn,
            "all_pred": a.tp + a.fp,
            "all_p": round(a.precision, 4),
            "all_r": round(a.recall, 4),
            "all_f1": round(a.f1, 4),
            "all_exact_f1": round(a.exact_f1, 4),
            "speaker_n": self.speaker_total,
            "speaker_accuracy": round(self.speaker_accuracy, 4),
        }


def evaluate_extractor(
    extract: object, articles: Iterable[GoldArticle], threshold: float = 0.5
) -> EvalReport:
    """Run `extract(article) -> list[Quote]` over gold articles and total the scores."""
    report = EvalReport()
    fn = extract  # a callable; typed loosely so both methods and functions fit
    for ga in articles:
        quotes = fn(ga.article())  # type: ignore[operator]
        s = score_article(ga.attributions, quotes, ga.text, threshold)
        report.articles += 1
        report.direct.add(s.direct)
        report.all.add(s.all)
        report.speaker_total += s.speaker_total
        report.speaker_correct += s.speaker_correct
        report.per_article[ga.id] = s
    return report


def iter_errors(report: EvalReport) -> Iterator[tuple[str, str, str]]:
    """(article id, kind, detail) for each error, for inspection."""
    for aid, s in report.per_article.items():
        for m in s.missed:
            yield aid, "missed", m
        for sp in s.spurious:
            yield aid, "spurious", sp
        for q, _, g, p in s.speaker_errors:
            yield aid, "speaker", f"gold={g!r} pred={p!r} :: {q}"
