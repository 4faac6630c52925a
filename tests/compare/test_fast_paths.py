"""The compare stage's fast paths give exactly what the plain computations give.

TF-IDF spaces are built without scikit-learn's vectorizer, lexicon patterns are
factored by prefixes, a story's cosines come from one product, and words and
sentences are cached: each is checked here against the computation it replaces,
float for float and match for match (comparison output must not move).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.compare import lexicon
from newsprism.compare.lexicon import _flat_alternation, phrase_pattern, phrase_trie
from newsprism.compare.similarity import (
    TermSpace,
    article_sentences,
    cached_content_terms,
    pairs_in,
    terms,
    word_count,
)
from newsprism.text import content_terms, sentence_spans, words

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "harbour_blast.json"


def fixture_sentences() -> list[str]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [a["text"][s:e] for a in data["articles"] for s, e in sentence_spans(a["text"])]


def assert_same_space(texts: list[str]) -> None:
    """TermSpace.fit / transform / idf equal scikit-learn's, entry order and bits included."""
    docs = [terms(t) for t in texts]
    space = TermSpace.fit(texts)
    if not any(docs):
        assert space.matrix.nnz == 0 and space.idf() == {}
        return
    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2")
    ref = vec.fit_transform(docs).tocsr()
    got = space.matrix
    assert type(got) is type(ref)
    assert np.array_equal(got.indptr, ref.indptr) and np.array_equal(got.indices, ref.indices)
    assert got.data.tobytes() == ref.data.tobytes()
    assert space.idf_.tobytes() == vec.idf_.tobytes()
    assert list(space.idf().items()) == list(zip(vec.get_feature_names_out(), vec.idf_.tolist(), strict=True))
    queries = [*texts[:3], "Nobody in Vellmar harbour saw 41 cranes fall.", ""]
    ref_t = vec.transform([terms(q) for q in queries]).tocsr()
    got_t = space.transform(queries)
    assert np.array_equal(got_t.indptr, ref_t.indptr) and np.array_equal(got_t.indices, ref_t.indices)
    assert got_t.data.tobytes() == ref_t.data.tobytes()


def test_term_space_equals_scikit_learn_on_the_fixture_story() -> None:
    sents = fixture_sentences()
    assert len(sents) > 20
    assert_same_space(sents)
    assert_same_space(sents[::3])
    assert_same_space(["The port.", "", "Rain fell on the port of Kavala, and rain fell again."])


_VOCAB = (
    "port ports rebels seized seize harbour crane cranes forty-one 41 said never the of a fell blast".split()
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_VOCAB), max_size=12).map(" ".join), min_size=1, max_size=12))
def test_term_space_equals_scikit_learn_on_generated_texts(texts: list[str]) -> None:
    assert_same_space(texts)


def test_one_product_gives_each_facts_own_cosines() -> None:
    # _representative reads a fact's cosines from the story's product: same floats as
    # the product of the fact's own rows
    space = TermSpace.fit(fixture_sentences())
    gram = space.similarities().toarray()
    rng = np.random.default_rng(7)
    for _ in range(30):
        idx = sorted(rng.choice(space.matrix.shape[0], size=int(rng.integers(2, 9)), replace=False).tolist())
        sub = space.matrix[idx]
        assert gram[np.ix_(idx, idx)].tobytes() == (sub @ sub.T).toarray().tobytes()
    assert pairs_in(space.similarities(), 0, 0.1) == space.pairs_above(0.1)
    assert space.pairs_above(0.1, block=7) == space.pairs_above(0.1)


_LEXICONS = {
    "attribution": list(lexicon.FORM_TO_VERB),
    "hedges": list(lexicon.HEDGES),
    "negations": [n for n in lexicon.NEGATIONS if n != "n't"],
    "falsity": list(lexicon.FALSITY),
    "loaded": list(lexicon.LOADED_FORM_TO_TERM),
}


def _flat(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])(?P<m>" + _flat_alternation(phrases) + r")(?![\w-])", re.IGNORECASE)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("m")) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(_LEXICONS))
def test_lexicon_patterns_are_factored_and_match_like_the_flat_alternation(name: str) -> None:
    phrases = _LEXICONS[name]
    assert phrase_trie(phrases) is not None  # the fast form is in use for every lexicon
    fast, flat = phrase_pattern(phrases), _flat(phrases)
    text = " ".join(fixture_sentences()) + (
        " Officials ACCORDING-TO reports said, saying: 'so-called' so called Hostile  Military-Forces"
        " claims of fakes; no-one, no one, nothing, May may not; added adding adds the accused."
    )
    assert _matches(fast, text) == _matches(flat, text)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            sorted(
                {w for ps in _LEXICONS.values() for p in ps for w in p.split()}
                | {"the", "a", "-", ",", "'", "x"}
            )
        ),
        max_size=30,
    )
)
def test_lexicon_patterns_on_generated_text(tokens: list[str]) -> None:
    text = " ".join(tokens).replace(" - ", "-")
    for phrases in _LEXICONS.values():
        assert _matches(phrase_pattern(phrases), text) == _matches(_flat(phrases), text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet="ab- ", min_size=1, max_size=6), min_size=1, max_size=6),
    st.text(alphabet="ab- .B", max_size=40),
)
def testphrase_trie_is_the_flat_alternation_or_declines(phrases: list[str], text: str) -> None:
    phrases = [p for p in phrases if p.split()]
    if not phrases:
        return
    if phrase_trie(phrases) is None:
        return  # ambiguous lists ("a-b" / "a b") keep the flat alternation
    assert _matches(phrase_pattern(phrases), text) == _matches(_flat(phrases), text)


def testphrase_trie_declines_a_hyphen_against_a_space() -> None:
    assert phrase_trie(["so-called", "so called"]) is None
    assert phrase_pattern(["so-called", "so called"]).search("the so-called vote") is not None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab’'-. 1é\nTheofnot")), max_size=60))
def test_cached_word_helpers_equal_the_text_module(text: str) -> None:
    assert cached_content_terms(text) == tuple(content_terms(text))
    assert word_count(text) == len(words(text))
    assert article_sentences(text) == tuple(sentence_spans(text))


def test_cached_helpers_on_the_fixture() -> None:
    for sent in fixture_sentences():
        assert cached_content_terms(sent) == tuple(content_terms(sent))
        assert word_count(sent) == len(words(sent))


_NUMBER_ALPHABET = list("0123456789,. -teniwofurhsxvgly\u0130\u0131\u017f\u212aTSF")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NUMBER_ALPHABET), max_size=40))
def test_number_prefilter_never_hides_a_number(text: str) -> None:
    from newsprism.compare.similarity import _NUMBER, _NUMBER_WORDS, _may_have_numbers, numbers

    if _NUMBER.search(text):
        assert _may_have_numbers(text)
    plain = [m.group(0).lower() for m in _NUMBER.finditer(text)]
    assert numbers(text) == [
        str(_NUMBER_WORDS[t]) if t in _NUMBER_WORDS else t.replace(",", "") for t in plain
    ]


def test_number_prefilter_on_case_folding_letters() -> None:
    from newsprism.compare.similarity import numbers

    # re.IGNORECASE matches the long s with "s": the prefilter must let it through
    assert len(numbers("\u017fix ships")) == 1
    assert numbers("Forty-one crew, 3,400 tons") == ["41", "3400"]
    assert numbers("Rain fell on the port of Kavala.") == []
