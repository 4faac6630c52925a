"""The fast paths of alignment give exactly the scores and passages of the plain ones.

`_lenient_units` scores only the sentence pairs that upper bounds let reach the cutoff;
these tests compare it with `_lenient_scores` (rapidfuzz on every pair) on generated
sentences built to hit the edge cases: contained token sets, repeated tokens, reordered
clauses, lengths near the similar-length limit, letters outside the bag alphabet.
"""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.dedup import align
from newsprism.dedup.align import _lenient_scores, _lenient_units, _unit_features, align_units, prepare_units
from newsprism.dedup.index import unique_ints

# a small vocabulary, so that generated sentences share most of their tokens
WORDS = [
    "the", "council", "of", "varnholt", "said", "on", "monday", "that", "bridge", "would", "close",
    "for", "repairs", "12,000", "drivers", "use", "it", "daily", "mayor", "ilse", "brandt", "told",
    "reporters", "ferry", "ålesund", "straße", "o'neill", "non-stop", "über", "café", "x",
]  # fmt: skip


def _sentence(rng: random.Random, base: list[str] | None = None) -> str:
    if base is not None and rng.random() < 0.8:
        tokens = list(base)
        for _ in range(rng.randint(0, 3)):  # edit: drop, add, swap or repeat a token
            op = rng.randrange(4)
            if op == 0 and len(tokens) > 4:
                tokens.pop(rng.randrange(len(tokens)))
            elif op == 1:
                tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(WORDS))
            elif op == 2:
                i, j = rng.randrange(len(tokens)), rng.randrange(len(tokens))
                tokens[i], tokens[j] = tokens[j], tokens[i]
            else:
                tokens.append(rng.choice(tokens))
        return " ".join(tokens)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))


def _units_of(norms: list[str]) -> object:
    # a text whose sentence units have exactly these normalised forms
    return prepare_units(" ".join(n.capitalize() + "." for n in norms))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from([80.0, 70.0, 90.0, 95.0]))
def test_lenient_units_equals_scoring_every_pair(seed: int, cutoff: float) -> None:
    rng = random.Random(seed)
    left = [_sentence(rng) for _ in range(rng.randint(1, 7))]
    right = [_sentence(rng, rng.choice(left).split()) for _ in range(rng.randint(1, 7))]
    ua, ub = _units_of(left), _units_of(right)
    rest_a = list(range(len(ua.norms)))
    rest_b = list(range(len(ub.norms)))
    want = _lenient_scores([ua.norms[i] for i in rest_a], [ub.norms[j] for j in rest_b], cutoff)
    got = _lenient_units(ua, ub, rest_a, rest_b, cutoff)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)
    # and on subsets, as align_units passes the sentences still unmatched
    sub_a, sub_b = rest_a[::2], rest_b[1::2] or rest_b
    want = _lenient_scores([ua.norms[i] for i in sub_a], [ub.norms[j] for j in sub_b], cutoff)
    assert np.array_equal(_lenient_units(ua, ub, sub_a, sub_b, cutoff), want)


def test_generated_pairs_reach_and_miss_the_cutoff() -> None:
    # the generator makes both kinds of pairs, so the equality test above covers both
    # the pairs rapidfuzz scores and those the bounds reject
    positive = zero = 0
    for seed in range(150):
        rng = random.Random(seed)
        left = [_sentence(rng) for _ in range(5)]
        right = [_sentence(rng, rng.choice(left).split()) for _ in range(5)]
        ua, ub = _units_of(left), _units_of(right)
        rest_a, rest_b = list(range(len(ua.norms))), list(range(len(ub.norms)))
        got = _lenient_units(ua, ub, rest_a, rest_b, 80.0)
        assert np.array_equal(got, _lenient_scores(ua.norms, ub.norms, 80.0))
        positive += int((got > 0).sum())
        zero += int((got == 0).sum())
    assert positive > 50 and zero > 500


def test_lenient_units_finds_contained_and_reordered_sentences() -> None:
    a = [
        "the council of varnholt said on monday that the bridge would close for repairs",
        "mayor ilse brandt told reporters the ferry would run non-stop",
    ]
    b = [
        # a clause added (token set contains A's), and the clauses of A's second moved
        "the council of varnholt said on monday that the bridge would close for repairs until june",
        "the ferry would run non-stop mayor ilse brandt told reporters",
    ]
    ua, ub = _units_of(a), _units_of(b)
    got = _lenient_units(ua, ub, [0, 1], [0, 1], 80.0)
    want = _lenient_scores(ua.norms, ub.norms, 80.0)
    assert np.array_equal(got, want)
    assert got[0, 0] == pytest.approx(90.0) and got[1, 1] == pytest.approx(90.0)
    assert got[0, 1] == 0.0 and got[1, 0] == 0.0


def test_lenient_units_other_scripts_fall_back_to_every_pair() -> None:
    # Cyrillic letters share the few "other" buckets: the bounds are loose, the scores exact
    rng = random.Random(7)
    vocab = ["совет", "города", "заявил", "что", "мост", "закроют", "на", "ремонт", "в", "понедельник"]
    left = [" ".join(rng.choice(vocab) for _ in range(8)) for _ in range(6)]
    right = [" ".join(rng.sample(s.split(), 8)) for s in left]
    ua, ub = _units_of(left), _units_of(right)
    rest_a, rest_b = list(range(len(ua.norms))), list(range(len(ub.norms)))
    want = _lenient_scores(ua.norms, ub.norms, 80.0)
    assert np.array_equal(_lenient_units(ua, ub, rest_a, rest_b, 80.0), want)
    assert want.max() >= 80.0  # reordered copies were found


def test_features_are_cached_and_remade_in_another_process() -> None:
    units = prepare_units("Rain closed the Harlow pass on Monday. Crews cleared the road by noon.")
    feats = _unit_features(units)
    assert _unit_features(units) is feats  # reused across pairs
    # a copy from a process with other string hashes (pickled to a worker) is remade
    copy = pickle.loads(pickle.dumps(units))
    stale = copy.features
    assert stale is not None
    stale.salt ^= 1
    remade = _unit_features(copy)
    assert remade is not stale and remade.salt == feats.salt
    assert np.array_equal(remade.sizes, feats.sizes) and np.array_equal(remade.bags, feats.bags)
    # the caches do not make otherwise equal units unequal
    assert units == prepare_units(units.text)


def test_alignment_of_prepared_units_is_stable_across_reuse() -> None:
    a = (
        "Rain closed the Harlow pass on Monday, the regional road agency said. "
        "Crews from Venmoor cleared the road by noon. Crews from Venmoor cleared the road by noon. "
        "Traffic was diverted through the valley of Osterby for six hours. "
        "The agency said the pass would be watched overnight for new slides."
    )
    b = (
        "Traffic was diverted for six hours through the valley of Osterby. "
        "Crews from Venmoor cleared the road by noon. "
        "Rain closed the Harlow pass on Monday, the regional road agency said in a statement. "
        "The agency said the pass would be watched overnight."
    )
    fresh = align(a, b)
    ua, ub = prepare_units(a), prepare_units(b)
    first = align_units(ua, ub)
    again = align_units(ua, ub)
    assert fresh == first == again
    kinds = [p.kind for p in first.passages]
    # the repeated sentence matches B's one occurrence once; the other is A-only
    assert kinds.count("identical") == 1 and "only_a" in kinds
    assert first.shared_sentences == 4


def test_split_sentence_pairs_with_both_halves() -> None:
    a = (
        "Rain closed the Harlow pass on Monday and crews from Venmoor worked through the night "
        "to clear the road for the morning traffic. The agency thanked the crews."
    )
    b = (
        "Rain closed the Harlow pass on Monday. Crews from Venmoor worked through the night "
        "to clear the road for the morning traffic. The agency thanked the crews."
    )
    forward, backward = align(a, b), align(b, a)
    assert forward.passages[0].kind == "edited" and forward.passages[0].b_end == b.index(" The agency")
    assert backward.passages[0].kind == "edited" and backward.passages[0].a_end == b.index(" The agency")
    assert forward.shared_sentences == backward.shared_sentences == 2


@pytest.mark.parametrize("size", [0, 1, 2, 1000])
def test_unique_ints_equals_numpy_unique(size: int) -> None:
    rng = np.random.default_rng(size)
    values = rng.integers(0, 50, size=size).astype(np.int64) << 32 | rng.integers(0, 9, size=size)
    got = unique_ints(values)
    assert got.dtype == values.dtype
    assert np.array_equal(got, np.unique(values))
