"""Claims with polarity, clustering across articles and outlet stance (invented text)."""

from __future__ import annotations

from newsprism.extract import ClaimExtractor, QuoteExtractor, cluster_claims, outlet_stance
from newsprism.extract.claims import claim_terms, polarity_of
from newsprism.models import Article


def art(aid: str, text: str, outlet: str) -> Article:
    return Article(id=aid, source=aid, title="", text=text, outlet=outlet)


def claims_of(a: Article):
    claims = ClaimExtractor().extract(a, QuoteExtractor().extract(a))
    for c in claims:
        assert a.text[c.start : c.end] == c.text
    return claims


def test_polarity_from_cue_and_words():
    assert polarity_of("Ostria is shipping rifles to Varn", "said") == "asserts"
    assert polarity_of("Ostria is shipping rifles to Varn", "denied") == "denies"
    assert polarity_of("we have never shipped rifles", "said") == "denies"
    assert polarity_of("Ostria has no plans to ship rifles", "said") == "denies"
    assert polarity_of("the report is a fabricated rumour", "said") == "disputes"
    assert polarity_of("the figures are wrong", "questioned") == "disputes"
    assert polarity_of("rifles were shipped, but officials did not say when", "said") == "asserts"


def test_claims_from_reported_speech_and_quotes():
    a = art(
        "a",
        "Varnish officials accused Ostria of shipping rifles to the rebels in Kell.\n\n"
        "The Ostrian ministry denied that it had shipped any rifles to the rebels.\n\n"
        "“We have never sent a single rifle to Kell,” the ministry said.\n\n"
        "Ostrian envoy Mara Tesk dismissed the report as “fabricated nonsense”.",
        "Daily",
    )
    claims = claims_of(a)
    pol = {(c.asserter, c.polarity) for c in claims}
    assert ("Varnish officials", "asserts") in pol
    assert any(
        c.polarity == "denies" and "ministry" in (c.asserter or "") and "shipped" in c.text for c in claims
    )
    assert any(c.polarity == "denies" and c.text.startswith("We have never sent") for c in claims)
    assert any(
        c.polarity == "disputes" and c.asserter == "Mara Tesk" and c.text == "the report" for c in claims
    )


def test_cluster_claims_across_articles_and_stance():
    a = art("a", "Varnish officials said Ostria is supplying rifles to the Kell rebels.", "Daily")
    b = art("b", "The Ostrian ministry denied that it was supplying rifles to the Kell rebels.", "Post")
    c = art("c", "Ostria is supplying rifles to the Kell rebels. The harbour reopened on Monday.", "Wire")
    d = art("d", "The harbour in Brell reopened on Monday after repairs to the cranes.", "Gazette")
    e = art("e", "Varn said the wheat harvest in Tull had doubled this year.", "Daily")
    arts = [a, b, c, d, e]
    cba = {x.id: claims_of(x) for x in arts}
    clusters = cluster_claims(cba, {x.id: x.text for x in arts})
    main = clusters[0]
    assert set(main.article_ids) == {"a", "b"}
    assert main.polarity_counts == {"asserts": 1, "denies": 1}
    assert all(cl.cluster_id == main.id for cl in cba["a"] + cba["b"])
    assert main.id.startswith("k")
    assert not any(cl.cluster_id == main.id for cl in cba["e"])
    stance = outlet_stance(main, arts)
    assert stance["Post"] == "attributes"
    assert stance["Wire"] == "reports as fact"
    assert stance["Gazette"] == "omits"


def test_other_country_is_another_claim():
    a = art("a", "Varn said Ostria is supplying rifles to the Kell rebels.", "Daily")
    b = art("b", "Varn said Tarsia is supplying rifles to the Kell rebels in the south.", "Post")
    cba = {x.id: claims_of(x) for x in (a, b)}
    # fictional countries are not in the metonym table: they differ as plain terms
    assert claim_terms(cba["a"][0].text) != claim_terms(cba["b"][0].text)
    a2 = art("a", "Washington said Pyongyang is supplying rifles to Moscow.", "Daily")
    b2 = art("b", "Washington said Tehran is supplying rifles to Moscow.", "Post")
    cba2 = {x.id: claims_of(x) for x in (a2, b2)}
    clusters = cluster_claims(cba2, {})
    assert len(clusters) == 2


def test_claim_terms_fold_metonyms_and_synonyms():
    assert claim_terms("Pyongyang exported weapons to the Kremlin") == claim_terms(
        "North Korea is supplying arms to Russia"
    )
