"""MinHash signatures and the LSH index: statistical accuracy, recall, round trips."""

from __future__ import annotations

import random

import numpy as np
import pytest

from newsprism.dedup import (
    CopyConfig,
    CopyIndex,
    Features,
    LSHIndex,
    SignatureMismatch,
    estimate_jaccard,
    fingerprint,
    fingerprint_many,
    signature_from_bytes,
    signature_to_bytes,
)
from newsprism.dedup.minhash import shingle_hashes

SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "di", "ne", "sul", "par", "an", "te", "bri", "os", "gu"]


def make_vocab(rng: random.Random, n: int = 4000) -> list[str]:
    vocab: set[str] = set()
    while len(vocab) < n:
        vocab.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(vocab)


def make_words(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    # Zipf-like frequencies, so common bigrams recur as they do in real text
    weights = [1.0 / (k + 1) for k in range(len(vocab))]
    return rng.choices(vocab, weights=weights, k=n)


def mutate(rng: random.Random, tokens: list[str], vocab: list[str], rate: float) -> list[str]:
    return [rng.choice(vocab) if rng.random() < rate else t for t in tokens]


def true_jaccard(a: str, b: str) -> float:
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb)


def test_estimate_is_within_tolerance_of_true_jaccard() -> None:
    rng = random.Random(7)
    vocab = make_vocab(rng)
    cfg = CopyConfig()
    errors = []
    truths = []
    for k in range(80):
        base = make_words(rng, vocab, rng.randint(150, 600))
        other = mutate(rng, base, vocab, rate=rng.choice([0.02, 0.05, 0.1, 0.2, 0.4]))
        if k % 4 == 0:  # trimmed copies too
            other = other[: len(other) * 2 // 3]
        a, b = " ".join(base), " ".join(other)
        truth = true_jaccard(a, b)
        truths.append(truth)
        errors.append(estimate_jaccard(fingerprint(a, cfg), fingerprint(b, cfg)) - truth)
    err = np.array(errors)
    assert min(truths) < 0.3 and max(truths) > 0.8  # the sample spans the useful range
    # standard error of one estimate is sqrt(J(1-J)/128) <= 0.045: allow ~4.5 sigma per pair
    assert np.abs(err).max() < 0.2
    assert abs(err.mean()) < 0.02  # unbiased
    assert np.sqrt((err**2).mean()) < 0.05


def test_identical_and_disjoint_texts() -> None:
    rng = random.Random(3)
    vocab = make_vocab(rng)
    a = " ".join(make_words(rng, vocab, 300))
    b = " ".join(rng.sample(vocab[2000:], 200))  # rare words only: nearly no shared bigram
    assert estimate_jaccard(fingerprint(a), fingerprint(a)) == 1.0
    assert estimate_jaccard(fingerprint(a), fingerprint(b)) < 0.05


def test_signature_is_deterministic_and_batched_equals_single() -> None:
    texts = ["The harbour of Quenby reopened after the storm.", "", "one", "Two words here and more words."]
    batch = fingerprint_many(texts)
    singles = np.stack([fingerprint(t) for t in texts])
    assert batch.dtype == np.uint32 and batch.shape == (4, 128)
    assert (batch == singles).all()
    assert (fingerprint(texts[0]) == fingerprint(texts[0])).all()
    # an empty text has the all-max signature
    assert (batch[1] == np.uint32(0xFFFFFFFF)).all()


def test_seed_changes_signature() -> None:
    text = "The mayor of Quenby opened the new library on Saturday morning."
    assert not (fingerprint(text, CopyConfig(seed=1)) == fingerprint(text, CopyConfig(seed=2))).all()


def test_bytes_round_trip_and_mismatch() -> None:
    cfg = CopyConfig()
    sig = fingerprint("Ferries between Harth and Lune were cancelled because of high winds.", cfg)
    data = signature_to_bytes(sig, cfg)
    assert (signature_from_bytes(data, cfg) == sig).all()
    with pytest.raises(SignatureMismatch):
        signature_from_bytes(data, CopyConfig(seed=99))
    with pytest.raises(SignatureMismatch):
        signature_from_bytes(data, CopyConfig(num_perm=64, bands=16, rows=4))
    with pytest.raises(SignatureMismatch):
        signature_from_bytes(b"garbage", cfg)


def test_lsh_recall_on_planted_near_duplicates() -> None:
    rng = random.Random(11)
    vocab = make_vocab(rng)
    cfg = CopyConfig()
    bases = [make_words(rng, vocab, rng.randint(200, 500)) for _ in range(300)]
    dups = []
    truths = []
    for tokens in bases[:150]:
        # news-like edits: some words changed, the end trimmed or an intro added
        edited = mutate(rng, tokens, vocab, rate=0.05)
        if rng.random() < 0.5:
            edited = edited[: int(len(edited) * rng.uniform(0.6, 0.9))]
        else:
            edited = make_words(rng, vocab, rng.randint(20, 80)) + edited
        dups.append(edited)
        truths.append(true_jaccard(" ".join(tokens), " ".join(edited)))
    base_sigs = fingerprint_many([" ".join(t) for t in bases], cfg)
    dup_sigs = fingerprint_many([" ".join(t) for t in dups], cfg)
    index = LSHIndex(cfg)
    for k, sig in enumerate(base_sigs):
        index.add(k, sig)
    found = [k in index.query(dup_sigs[k]) for k in range(len(dups))]
    recall = sum(found) / len(found)
    assert min(truths) > 0.4  # all planted pairs are real copies
    assert recall >= 0.97
    # unrelated documents are rarely candidates once the estimated-Jaccard floor applies
    # (`CopyIndex`; raw 2-row bands also match unrelated texts sharing common phrases)
    copy_index = CopyIndex(cfg)
    none = np.zeros(0, dtype=np.uint64)
    copy_index.add_many([(str(k), Features(sig, 500, none)) for k, sig in enumerate(base_sigs)])
    got = copy_index.candidates([Features(sig, 500, none) for sig in dup_sigs])
    assert sum(str(k) in got[k] for k in range(len(dups))) / len(dups) >= 0.97
    stray = sum(len(set(got[k]) - {str(k)}) for k in range(len(dups)))
    assert stray / len(dups) < 0.5


def test_lsh_add_remove_replace() -> None:
    cfg = CopyConfig()
    index = LSHIndex(cfg)
    s1 = fingerprint("Storms flooded the lower town of Brell on Sunday night.", cfg)
    s2 = fingerprint("A new ferry line will link Brell and the island of Oska from June.", cfg)
    index.add("a", s1)
    index.add("b", s2)
    assert index.query(s1) == {"a"} and len(index) == 2
    index.add("a", s2)  # re-adding replaces the old signature
    assert index.query(s2) == {"a", "b"} and index.query(s1) == set()
    index.remove("a")
    index.remove("missing")
    assert index.query(s2) == {"b"} and "a" not in index
