"""Signature format v2 (one-permutation hashing, NumPy word hashes) and the v1 path."""

from __future__ import annotations

import numpy as np

from newsprism.dedup.minhash import (
    CopyConfig,
    _fast_words,
    estimate_jaccard,
    fingerprint,
    shingle_hashes,
    sketch_many,
)
from newsprism.text import words

TEXTS = [
    "Officials in Norvale said on Monday that the bridge would reopen in May.",
    "“Officials in Norvale” said — on Monday — that the bridge would reopen in May…",
    "",
    "one",
    "İstanbul’s ÉCOLE \x01 Ǆemal straße 4,000",
    "Rain closed the Harlow pass. Crews from Venmoor cleared the road by noon. " * 20,
]


def test_batch_equals_text_by_text_including_edge_cases() -> None:
    cfg = CopyConfig()
    sigs, counts = sketch_many(TEXTS, cfg)
    for k, text in enumerate(TEXTS):
        assert counts[k] == shingle_hashes(text, 2).size
        assert (sigs[k] == fingerprint(text, cfg)).all()
    assert (sigs[2] == np.uint32(0xFFFFFFFF)).all()  # no words: the empty signature


def test_punctuation_and_quote_styles_do_not_change_the_signature() -> None:
    cfg = CopyConfig()
    assert estimate_jaccard(fingerprint(TEXTS[0], cfg), fingerprint(TEXTS[1], cfg)) == 1.0


def test_version_1_still_available_and_differs() -> None:
    v1, v2 = CopyConfig(version=1), CopyConfig()
    a = fingerprint(TEXTS[5], v1)
    assert (sketch_many([TEXTS[5]], v1)[0][0] == a).all()
    assert not (a == fingerprint(TEXTS[5], v2)).all()
    for text in TEXTS:
        assert _fast_words(text) == words(text)
