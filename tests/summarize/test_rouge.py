"""ROUGE-1/2/L over newsprism.text.words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsprism.models import SummarySentence
from newsprism.summarize import rouge, rouge_l, rouge_n, rouge_scores

WORDS = st.lists(st.sampled_from(["port", "blast", "fuel", "the", "a", "police", "denied"]), max_size=12)


def test_hand_computed_example() -> None:
    cand = "the cat sat on the mat"
    ref = "the cat lay on the mat"
    r1 = rouge_n(cand, ref, 1)
    assert (r1.precision, r1.recall) == (5 / 6, 5 / 6)
    r2 = rouge_n(cand, ref, 2)  # the cat / on the / the mat of 5 bigrams each
    assert round(r2.f, 6) == round(3 / 5, 6)
    rl = rouge_l(cand, ref)  # LCS: the cat on the mat
    assert round(rl.f, 6) == round(5 / 6, 6)


def test_clipped_counts_and_sentence_lists() -> None:
    # "the the the" against "the cat": only one "the" can match
    assert rouge_n("the the the", "the cat", 1).precision == 1 / 3
    summary = [SummarySentence("Police denied it.", ["a"]), SummarySentence("The port closed.", ["a"])]
    assert rouge(summary, "police denied it. the port closed.") == {
        "rouge1": 1.0,
        "rouge2": 1.0,
        "rougeL": 1.0,
    }
    assert rouge(["Police denied it."], "") == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}


def test_lcs_is_order_sensitive() -> None:
    assert rouge_l("a b c d", "d c b a").f == 0.25
    assert rouge_n("a b c d", "d c b a", 1).f == 1.0


@given(WORDS, WORDS)
def test_f_scores_are_bounded_and_symmetric(a: list[str], b: list[str]) -> None:
    x, y = " ".join(a), " ".join(b)
    s, t = rouge_scores(x, y), rouge_scores(y, x)
    for key in ("rouge1", "rouge2", "rougeL"):
        assert 0.0 <= s[key].f <= 1.0
        assert abs(s[key].f - t[key].f) < 1e-9
        assert abs(s[key].precision - t[key].recall) < 1e-9
    if a:
        assert rouge(x, x)["rouge1"] == 1.0 and rouge(x, x)["rougeL"] == 1.0
