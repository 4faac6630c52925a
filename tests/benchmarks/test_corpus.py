"""The benchmark corpus generator writes realistic, labelled corpora (benchmarks/corpus.py).

What made the former generator's 10k figures void (docs/performance.md): articles of
different events shared sentence skeletons, so 1.8% of random cross-event pairs had a
word-bigram Jaccard >= 0.1 (real news: 0.017%) and copy-detection candidates grew
quadratically. These tests keep a small corpus (fast) honest on that and on the
features the benchmarks rely on (gold labels, reprints, copies, re-posts, quotes,
clutter).
"""

from __future__ import annotations

import importlib.util
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    path = BENCH / f"{name}.py"
    if not path.exists():
        pytest.skip(f"benchmarks/{name}.py not present")
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    return _load("corpus")


@pytest.fixture(scope="module")
def stats() -> ModuleType:
    return _load("corpus_stats")


@pytest.fixture(scope="module")
def records(corpus: ModuleType) -> list[dict]:
    return corpus.generate_corpus(400, seed=5)


def _paras(rec: dict) -> list[str]:
    return [p for p in rec["text"].split("\n\n") if len(p.split()) >= 8]


def test_deterministic_for_a_seed(corpus: ModuleType, records: list[dict]) -> None:
    again = corpus.generate_corpus(400, seed=5)
    assert again == records
    other = corpus.generate_corpus(400, seed=6)
    assert [r["text"] for r in other] != [r["text"] for r in records]


def test_gold_labels_and_copy_structure(records: list[dict]) -> None:
    by_id = {r["id"]: r for r in records}
    assert len(records) == 400
    assert all(r["gold_story"] for r in records)
    copies = [r for r in records if r["gold_copy_of"]]
    assert len(copies) >= 0.05 * len(records)
    for rec in copies:  # an edited copy reprints an article of its own event
        assert by_id[rec["gold_copy_of"]]["gold_story"] == rec["gold_story"]
    ids = Counter(r["id"] for r in records)
    reposts = [i for i, n in ids.items() if n > 1]
    assert reposts  # exact re-posts under the same id
    # several events with several articles each: something to cluster
    sizes = Counter(r["gold_story"] for r in records)
    assert sum(1 for n in sizes.values() if n >= 3) >= 20


def test_different_events_share_few_word_bigrams(stats: ModuleType, records: list[dict]) -> None:
    """Every cross-event pair of the raw texts: Jaccard >= 0.1 must be rare (real news ~0.02%)."""
    seen: set[str] = set()
    uniq = [r for r in records if not (r["id"] in seen or seen.add(r["id"]))]
    grams = [stats.bigrams(r["text"]) for r in uniq]
    high = total = 0
    for i in range(len(uniq)):
        for j in range(i + 1, len(uniq)):
            if uniq[i]["gold_story"] != uniq[j]["gold_story"]:
                total += 1
                high += stats.jaccard(grams[i], grams[j]) >= 0.1
    assert total > 50_000
    # measured on this sample: 0.03% of pairs (the former generator: ~2%), page
    # clutter included (the cleaner would remove most of it)
    assert high / total <= 0.002, high / total


def test_events_read_as_one_story(stats: ModuleType, records: list[dict]) -> None:
    members: dict[str, list[frozenset]] = defaultdict(list)
    for rec in records:
        members[rec["gold_story"]].append(stats.bigrams(rec["text"]))
    within = [stats.jaccard(a, b) for g in members.values() for k, a in enumerate(g) for b in g[k + 1 :]]
    assert len(within) > 100
    # articles of one event share names, numbers and phrases (0.2-0.3 measured)
    assert statistics.median(within) >= 0.1


def test_wire_reprints_share_paragraphs_verbatim(records: list[dict]) -> None:
    by_story: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for rec in records:
        if not rec["gold_copy_of"]:
            by_story[rec["gold_story"]].append((rec["id"], set(_paras(rec))))
    verbatim = sum(
        1
        for arts in by_story.values()
        for k, (ia, a) in enumerate(arts)
        for ib, b in arts[k + 1 :]
        if ia != ib and len(a & b) >= 3
    )
    assert verbatim >= 5


def test_quotes_with_speakers_and_speech_verbs(corpus: ModuleType, records: list[dict]) -> None:
    cues = "|".join(re.escape(c) for c in corpus.CUES)
    direct = re.compile(
        rf"\u201c[^\u201d]+,\u201d (?:[A-Z][a-z]+ [A-Z][a-z]+ (?:{cues})|(?:said|added|warned) [A-Z])"
    )
    reported = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+(?:, the [^,]+,)? \w+ that [a-z]")
    quoted = sum(1 for r in records if direct.search(r["text"]))
    indirect = sum(1 for r in records if reported.search(r["text"]))
    assert quoted >= 0.5 * len(records)
    assert indirect >= 0.1 * len(records)


def test_outlets_repeat_their_chrome_and_pages_vary(corpus: ModuleType, records: list[dict]) -> None:
    chrome: dict[str, Counter] = defaultdict(Counter)
    page_lines: Counter = Counter()
    for rec in records:
        for line in rec["text"].split("\n\n"):
            if line.startswith(("Updated ", "Photo: ", "Read more: ", "Tags: ", "Reporting by ")):
                page_lines[line] += 1
            elif len(line.split()) < 14 and rec["outlet"] in line:
                chrome[rec["outlet"]][line] += 1
    # an outlet's own lines recur on its pages ...
    assert any(max(c.values()) >= 3 for c in chrome.values())
    # ... and the per-page lines mostly differ from page to page
    assert len(page_lines) >= 50
    assert sum(1 for n in page_lines.values() if n == 1) >= 0.8 * len(page_lines)


def test_corpus_stats_on_a_written_corpus(
    corpus: ModuleType, stats: ModuleType, records: list[dict], tmp_path: Path
) -> None:
    corpus.write_corpus(records, tmp_path, per_file=150)
    assert len(list(tmp_path.glob("*.jsonl"))) == 3
    out = stats.corpus_stats(tmp_path, pairs=20_000)
    # every distinct record survives cleaning (no clutter line cuts an article short)
    assert out["articles"] == len({r["id"] for r in records})
    assert out["cross_ge_0.1_pct"] <= 0.2
    assert out["within_median"] >= 0.1
    # copy detection has real copies to align but few chance candidates
    assert 0.5 <= out["pairs_per_article"] <= 10
