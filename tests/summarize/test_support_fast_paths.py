"""The summarize stage's fast paths give exactly what the plain computations give.

Support checks skip token set ratios that cannot change the verdict and stop at the
first supporting sentence where only the verdict is asked; the story centroid is
summed without sparse copies. Each is checked against the plain computation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from newsprism.compare.facts import negates
from newsprism.compare.similarity import TermSpace, fuzzy_text, terms
from newsprism.summarize.extractive import (
    SupportConfig,
    _mean_row,
    _Query,
    _Sent,
    _support_in,
    _supported_in,
    _Weights,
)
from newsprism.text import sentence_spans

FIXTURE = Path(__file__).resolve().parents[1] / "compare" / "fixtures" / "harbour_blast.json"


def plain_recall(q_terms: set[str], s_terms: set[str], idf: Mapping[str, float]) -> float:
    if not q_terms:
        return 0.0
    top = max(idf.values(), default=1.0)
    total = sum(idf.get(t, top) for t in q_terms)
    return sum(idf.get(t, top) for t in q_terms & s_terms) / total


def plain_support(
    text: str, sentences: list[tuple[str, int]], cfg: SupportConfig, idf: Mapping[str, float]
) -> tuple[bool, float, int | None, str]:
    """Every sentence scored, best kept: the check before its fast paths."""
    norm = " ".join(text.split())
    q_fuzzy, q_terms = fuzzy_text(text), set(terms(text))
    best_k, best_score, ok, reason = None, 0.0, False, "no-match"
    for s_text, k in sentences:
        s_terms = set(terms(s_text))
        if " ".join(s_text.split()) == norm:
            return True, 1.0, k, "exact"
        ts = fuzz.token_set_ratio(q_fuzzy, fuzzy_text(s_text)) / 100.0
        recall = plain_recall(q_terms, s_terms, idf)
        score = (ts + recall) / 2
        passes = ts >= cfg.min_token_set and recall >= cfg.min_term_recall
        why = "match" if passes else "no-match"
        if passes and negates(text, s_terms) != negates(s_text, q_terms):
            passes, why = False, "contradicted"
        if (passes, score) > (ok, best_score):
            best_k, best_score, ok, reason = k, score, passes, why
    return ok, best_score, best_k, reason


def test_support_checks_equal_the_plain_check_on_every_pair() -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    texts = [a["text"] for a in data["articles"]]
    per_article = [[t[s:e] for s, e in sentence_spans(t)] for t in texts]
    all_sents = [s for sents in per_article for s in sents]
    idf = TermSpace.fit(all_sents).idf()
    weights = _Weights(idf)
    # every sentence as a query, and edited ones (trimmed, negated, reworded)
    queries = all_sents + [s[: len(s) // 2] for s in all_sents[::4]]
    queries += [s.replace(" was ", " was not ") for s in all_sents if " was " in s]
    queries += ["Nothing happened at the harbour in Vellmar today, officials said."]
    verdicts = {True: 0, False: 0}
    for cfg in (SupportConfig(), SupportConfig(min_token_set=0.5, min_term_recall=0.3)):
        for sents in per_article:
            indexed = [_Sent(s, k) for k, s in enumerate(sents)]
            for q in queries:
                want = plain_support(q, [(s, k) for k, s in enumerate(sents)], cfg, idf)
                query = _Query(q, weights)
                assert _support_in(query, indexed, cfg) == want
                assert _supported_in(query, indexed, cfg) is want[0]
                verdicts[want[0]] += 1
    assert verdicts[True] > 50 and verdicts[False] > 50  # both outcomes exercised


def test_mean_row_equals_scipy_mean_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    for _ in range(40):
        n, v = int(rng.integers(1, 30)), int(rng.integers(1, 40))
        m = sparse.random(n, v, density=float(rng.uniform(0.05, 0.6)), format="csr", random_state=rng)
        m.data = rng.random(m.nnz) ** 3  # many magnitudes, so summation order would show
        start = int(rng.integers(0, n))
        for idx in (
            list(range(start, n)),
            sorted(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False).tolist()),
        ):
            want = np.asarray(m[idx].mean(axis=0)).ravel()
            assert _mean_row(m, idx).tobytes() == want.tobytes()
