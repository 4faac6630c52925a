"""The exact check before alignment: band candidates under the Jaccard floor are not aligned.

Band candidates are chosen on the *estimated* Jaccard of two signatures; its noise lets
pairs whose exact shingle Jaccard is under ``min_jaccard`` through. `pair_overlap`
measures the exact value (and the shared anchor sentences) before the pair is aligned.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from newsprism.dedup import CopyConfig, CopyDetector, estimate_jaccard, fingerprint
from newsprism.dedup.align import prepare_units, units_from_bytes, units_to_bytes
from newsprism.dedup.detector import pair_overlap
from newsprism.dedup.minhash import shingle_hashes
from newsprism.models import Article

# the exact check on its own: without the higher floor for pairs that share no anchor
# sentence, which keeps most such lucky pairs from being candidates at all (tested below)
CHECK = CopyConfig(min_jaccard_unanchored=0.0)
_SYLLABLES = "ka lo mi ren tas vo di ne sul par bri tor quen vel mar dos".split()


def _sentence(rng: random.Random, n: int) -> str:
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(n)]
    return " ".join([words[0].capitalize(), *words[1:]]) + "."


def _texts(seed: int, shared_words: int = 8, own: int = 16) -> tuple[str, str]:
    # two texts of invented words sharing three sentences verbatim, the rest their own
    rng = random.Random(seed)
    shared = [_sentence(rng, shared_words) for _ in range(3)]
    a = [_sentence(rng, rng.randint(9, 14)) for _ in range(own)]
    b = [_sentence(rng, rng.randint(9, 14)) for _ in range(own)]
    return " ".join(a[: own // 2] + shared + a[own // 2 :]), " ".join(b[:3] + shared + b[3:])


def _articles(ta: str, tb: str) -> tuple[Article, Article]:
    return (
        Article("a", "src-a", "First", ta, published="2025-01-01"),
        Article("b", "src-b", "Second", tb, published="2025-01-02"),
    )


def lucky_pair(shared_words: int = 8) -> tuple[Article, Article]:
    """A band candidate whose estimated Jaccard is over the floor, its exact one under it.

    Searched over generator seeds (deterministic: the first seed that qualifies); about
    one seed in 30 does with 8-word shared sentences.
    """
    det = CopyDetector(CHECK)
    floor = det.config.min_jaccard
    for seed in range(300):
        a, b = _articles(*_texts(seed, shared_words))
        est = estimate_jaccard(fingerprint(a.text), fingerprint(b.text))
        exact = pair_overlap(prepare_units(a.text), prepare_units(b.text)).jaccard
        if est >= floor > exact and det.candidate_pairs([b], [a]):
            return a, b
    raise AssertionError("no seed gave a lucky band candidate")


def test_exact_jaccard_counts_distinct_shingles() -> None:
    ua = prepare_units("Rain closed the Harlow pass on Monday. Crews cleared the road by noon.")
    ub = prepare_units("Rain closed the Harlow pass on Monday. Snow fell on the Orrin hills.")
    sa = set((shingle_hashes(" ".join(ua.norms)) >> np.uint64(32)).tolist())
    sb = set((shingle_hashes(" ".join(ub.norms)) >> np.uint64(32)).tolist())
    assert pair_overlap(ua, ub).jaccard == pytest.approx(len(sa & sb) / len(sa | sb))
    assert pair_overlap(ua, ua).jaccard == 1.0
    empty = prepare_units("")
    assert pair_overlap(empty, empty).jaccard == 0.0


def test_estimated_over_but_exact_under_the_floor_is_not_aligned() -> None:
    a, b = lucky_pair()
    overlap = pair_overlap(prepare_units(a.text), prepare_units(b.text))
    assert overlap.shared_anchors == 0 and not overlap.passed
    # without the check the pair is aligned and linked (three shared sentences)
    former = CopyDetector(CopyConfig(exact_jaccard=False, min_jaccard_unanchored=0.0))
    assert [link.kind for link in former.detect([b], [a])] == ["partial_reuse"]
    verdicts = list(CopyDetector(CHECK).verdicts([b], [a]))
    assert len(verdicts) == 1  # still a candidate, and its verdict says why it was not aligned
    verdict = verdicts[0]
    assert verdict.link is None and verdict.kind is None
    assert verdict.reason.startswith("not aligned: exact shingle Jaccard")
    assert verdict.alignment.passages == [] and verdict.jaccard >= 0.1
    assert CopyDetector(CHECK).detect([b], [a]) == []
    # an explicit comparison still aligns; with check=True it gives the candidate verdict
    assert CopyDetector(CHECK).compare(a, b).kind == "partial_reuse"
    assert CopyDetector(CHECK).compare(a, b, check=True).reason == verdict.reason


def test_unanchored_floor_drops_lucky_pairs_before_alignment() -> None:
    # the lucky pair shares only 8-word sentences (no anchors) and its estimated Jaccard
    # is under ``min_jaccard_unanchored``: with the default settings it is no candidate
    a, b = lucky_pair()
    cfg = CopyConfig()
    est = estimate_jaccard(fingerprint(a.text), fingerprint(b.text))
    assert cfg.min_jaccard <= est < cfg.min_jaccard_unanchored
    assert CopyDetector(CHECK).candidate_pairs([b], [a])
    assert CopyDetector().candidate_pairs([b], [a]) == []
    assert list(CopyDetector().verdicts([b], [a])) == []


def test_one_shared_anchor_lifts_the_unanchored_floor() -> None:
    # the same near-floor pair, but with one shared 12-word (anchor) sentence more:
    # the ordinary floor applies and the pair is a candidate again
    rng = random.Random(7)
    anchor = _sentence(rng, 12)
    a, b = lucky_pair()
    a2 = Article("a", "src-a", "First", f"{anchor} {a.text}", published="2025-01-01")
    b2 = Article("b", "src-b", "Second", f"{b.text} {anchor}", published="2025-01-02")
    est = estimate_jaccard(fingerprint(a2.text), fingerprint(b2.text))
    assert est >= CopyConfig().min_jaccard
    assert pair_overlap(prepare_units(a2.text), prepare_units(b2.text)).shared_anchors == 1
    assert CopyDetector().candidate_pairs([b2], [a2])


def test_shared_anchor_sentences_pass_whatever_the_jaccard() -> None:
    # 12-word shared sentences are anchors (>= anchor_min_words, no quotation)
    ta, tb = _texts(3, shared_words=12, own=40)
    ua, ub = prepare_units(ta), prepare_units(tb)
    overlap = pair_overlap(ua, ub)
    assert overlap.jaccard < CopyConfig().min_jaccard
    assert overlap.shared_anchors == 3 and overlap.passed
    a, b = _articles(ta, tb)
    verdict = CopyDetector().compare(a, b, check=True)
    assert verdict.kind == "partial_reuse" and verdict.alignment.shared_sentences == 3


def test_check_is_off_without_a_floor() -> None:
    a, b = lucky_pair()
    ua, ub = prepare_units(a.text), prepare_units(b.text)
    assert not pair_overlap(ua, ub).passed
    assert pair_overlap(ua, ub, CopyConfig(min_jaccard=0.0)).passed
    assert pair_overlap(ua, ub, CopyConfig(exact_jaccard=False)).passed


def test_stored_units_give_the_same_overlap() -> None:
    # the batch runner checks pairs on units read back from its shard files
    a, b = lucky_pair()
    ua, ub = prepare_units(a.text), prepare_units(b.text)
    stored_a, stored_b = units_from_bytes(units_to_bytes(ua)), units_from_bytes(units_to_bytes(ub))
    assert pair_overlap(stored_a, stored_b) == pair_overlap(ua, ub)
