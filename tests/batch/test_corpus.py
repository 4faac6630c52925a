"""The benchmark corpus generator (benchmarks/corpus.py) produces realistic corpora.

Two properties the first version lacked, and which made its benchmark figures void
(see docs/performance.md): articles of different events must not share whole
sentences, and publication dates must be ones the cleaner accepts (not in the future).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from newsprism.clean.dates import parse_date

CORPUS_PY = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus.py"


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    if not CORPUS_PY.exists():
        pytest.skip("benchmarks/corpus.py not present")
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # registered before it runs: dataclasses look their module up by name
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(spec.name, None)
        raise
    return module


@pytest.fixture(scope="module")
def records(corpus: ModuleType) -> list[dict]:
    return corpus.generate_corpus(300, seed=2)


def _sentences(text: str) -> list[str]:
    return [s for p in text.split("\n\n") for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 8]


def _boilerplate(corpus: ModuleType) -> re.Pattern[str]:
    # page clutter and the reprints' local intros: templates that recur by design
    templates = [
        re.escape(t).replace(r"\{outlet\}", ".+").replace(r"\{year\}", r"\d{4}").replace(r"\{day\}", r"\w+")
        for t in (*corpus.CLUTTER, *corpus.LOCAL_INTROS)
    ]
    return re.compile("|".join(f"(?:{t})" for t in templates))


def test_dates_are_accepted_by_the_cleaner(records: list[dict]) -> None:
    dated = [r for r in records if r["published"]]
    assert len(dated) > 0.9 * len(records)
    assert all(parse_date(r["published"]) == r["published"] for r in dated)
    assert all(date.fromisoformat(r["published"]) < date.today() for r in dated)


def test_a_corpus_of_any_size_ends_on_the_fixed_end_day(corpus: ModuleType, records: list[dict]) -> None:
    # the span grows with the size at a fixed density, so the stream is placed to end on
    # END (a past day) instead of starting on a fixed day and running past the clock
    bigger = corpus.generate_corpus(3000, seed=2)
    for recs in (records, bigger):
        days = sorted(date.fromisoformat(r["published"]) for r in recs if r["published"])
        assert days[-1] == corpus.END
    assert min(r["published"] for r in bigger if r["published"]) < min(
        r["published"] for r in records if r["published"]
    )
    # an explicit start is kept as given
    fixed = corpus.generate_corpus(300, seed=2, start=date(2020, 1, 6))
    assert min(r["published"] for r in fixed if r["published"]) >= "2020-01-06"


def test_different_events_share_no_narrative_sentences(corpus: ModuleType, records: list[dict]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        for sent in _sentences(rec["text"]):
            owners[sent].add(rec["gold_story"])
    shared = [s for s, stories in owners.items() if len(stories) > 1]
    boilerplate = _boilerplate(corpus)
    narrative = [s for s in owners if not boilerplate.fullmatch(s)]
    crossing = [s for s in shared if not boilerplate.fullmatch(s)]
    # a few short generic lines ("Read more on this topic in our coverage.") may survive
    # the rewording by chance; the former generator shared nearly every template sentence
    assert len(narrative) > 1000  # the check ran over a real amount of text
    assert len(crossing) <= 0.01 * len(narrative), crossing[:5]


def test_different_events_share_no_edited_sentences(corpus: ModuleType, records: list[dict]) -> None:
    """Few narrative sentences read as a lightly edited copy of one from another event.

    The former generator changed two words per template sentence per event: copy
    detection (rapidfuzz ratio >= 80 on normalised sentences, `CopyConfig.edited_threshold`)
    then linked strikes at different companies as copies.
    """
    from rapidfuzz import fuzz, process

    sents: list[str] = []
    story: list[str] = []
    boilerplate = _boilerplate(corpus)
    for rec in records:
        if rec["gold_copy_of"]:
            continue
        for sent in dict.fromkeys(_sentences(rec["text"])):
            if boilerplate.fullmatch(sent):
                continue
            sents.append(" ".join(re.findall(r"\w+", sent.lower())))
            story.append(rec["gold_story"])
    scores = process.cdist(sents, sents, scorer=fuzz.ratio, score_cutoff=80, workers=1)
    near = {i for i, j in zip(*scores.nonzero(), strict=True) if story[i] != story[j]}
    assert len(sents) > 1000
    # measured on this sample: 15% with the current generator, mostly episodes of one
    # storyline (same actors, country and matter by design) and short stop-word-heavy
    # lines; 82% with the former generator. On the 1k benchmark corpus this leaves 1 of
    # 1,116 copy links between two events (docs/performance.md)
    assert len(near) <= 0.25 * len(sents), len(near) / len(sents)


def test_wire_reprints_stay_copies_within_an_event(records: list[dict]) -> None:
    by_story: dict[str, list[set[str]]] = defaultdict(list)
    for rec in records:
        by_story[rec["gold_story"]].append(set(_sentences(rec["text"])))
    # some pairs of articles of one event share at least three whole sentences (wire
    # reprints and edited copies), so copy detection has real copies to find
    copies = sum(
        1
        for sents in by_story.values()
        for i, a in enumerate(sents)
        for b in sents[i + 1 :]
        if len(a & b) >= 3
    )
    assert copies >= 10
