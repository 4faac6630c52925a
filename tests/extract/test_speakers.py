"""Cross-article speaker normalisation and quote matching (invented quotes)."""

from __future__ import annotations

from newsprism.extract import SpeakerNormalizer, match_quotes
from newsprism.extract.speakers import normalize_quote_text
from newsprism.models import Quote


def q(text: str, speaker: str | None, kind: str = "direct", start: int = 0) -> Quote:
    return Quote(
        text=text, speaker=speaker, start=start, end=start + len(text), kind=kind, speaker_canonical=speaker
    )


def test_trimmed_and_repunctuated_variants_match():
    full = "But we make one thing clear. We have never sold rifles to Ostria, and we will not sell them."
    trimmed = "We have never sold rifles to Ostria and we will not sell them"
    repunct = "We have never sold rifles to Ostria, and we will not sell them."
    other = "The harbour will be closed for repairs until the end of the month."
    qba = {
        "a": [q(full, "the official")],
        "b": [q(trimmed, "an official")],
        "c": [q(repunct, "the official")],
        "d": [q(other, "the mayor")],
    }
    clusters = match_quotes(
        qba,
        {"a": "Daily", "b": "Post", "c": "Wire", "d": "Daily"},
        {"a": "2024-03-02", "b": "2024-03-01", "c": None, "d": None},
    )
    big = clusters[0]
    assert sorted(big.members) == [("a", 0), ("b", 0), ("c", 0)]
    assert big.text == full  # the fullest wording is canonical
    assert big.outlets == ["Daily", "Post", "Wire"] and big.first_seen == "2024-03-01"
    assert len(big.variants) == 3
    assert any(c.members == [("d", 0)] for c in clusters)


def test_spelling_and_translation_variants():
    a = q("a stupid attempt to justify the shipment of heavy weapons", "he")
    b = q("a foolish attempt to justify the shipment of heavy weapons", "he")
    c = q("The defence ministry recognised the risk", "x")
    d = q("the defense ministry recognized the risk", "y")
    clusters = match_quotes({"a": [a, c], "b": [b, d]}, {}, {})
    assert sorted(len(x.members) for x in clusters) == [2, 2]


def test_short_quotes_match_only_exactly_and_indirect_kept_apart():
    a = q("reckless remarks", "official", kind="partial")
    b = q("reckless remarks", "official", kind="partial")
    c = q("made reckless remarks about the harbour again and again", "other")
    d = q("made reckless remarks about the harbour again and again", "other", kind="indirect")
    clusters = match_quotes({"a": [a], "b": [b], "c": [c], "d": [d]}, {}, {})
    sizes = sorted(len(x.members) for x in clusters)
    assert sizes == [1, 1, 2]


def test_normalize_quote_text():
    assert normalize_quote_text("“Rumours, honour — and DEFENCE!”") == "rumors honor and defense"


def test_speaker_normalizer_names_metonyms_and_descriptions():
    qba = {
        "a": [
            q("x one two three", "Foreign Minister Ilsa Marrow"),
            q("y", "Pyongyang"),
            q("z", "an unnamed North Korean defence official"),
        ],
        "b": [q("x", "Marrow"), q("y", "DPRK"), q("z", "an unidentified North Korean defense official")],
        "c": [q("w", "the Kremlin"), q("v", "Moscow"), q("u", "a US official")],
    }
    m = SpeakerNormalizer().normalize(qba)
    assert m[("a", "Foreign Minister Ilsa Marrow")] == "Ilsa Marrow"
    assert m[("b", "Marrow")] == "Ilsa Marrow"
    assert m[("a", "Pyongyang")] == m[("b", "DPRK")] == "North Korea"
    assert m[("c", "the Kremlin")] == m[("c", "Moscow")] == "Russia"
    assert (
        m[("a", "an unnamed North Korean defence official")]
        == m[("b", "an unidentified North Korean defense official")]
    )
    assert m[("c", "a US official")] != m[("a", "an unnamed North Korean defence official")]


def test_descriptions_merged_through_shared_quote():
    text = "We have never sold a single rifle to anybody in the region"
    qba = {
        "a": [q(text, "an unnamed Ostrian defence official")],
        "b": [q(text, "a vice director general of the Defence Ministry's equipment bureau")],
    }
    clusters = match_quotes(qba, {}, {})
    m = SpeakerNormalizer().normalize(qba, clusters)
    assert len(set(m.values())) == 1
    # a country is not merged with its official even when both carry the quote
    qba["c"] = [q(text, "Ostrian Defence Ministry")]
    m = SpeakerNormalizer().normalize(qba, match_quotes(qba, {}, {}))
    assert m[("c", "Ostrian Defence Ministry")] != m[("a", "an unnamed Ostrian defence official")]


def test_transliteration_variants_are_one_speaker() -> None:
    qba = {
        "a": [q("x", "Muammar Gaddafi"), q("y", "Kim Jong Un"), q("z", "Volodar Zelensky")],
        "b": [
            q("x", "Moammar Qaddafi"),
            q("y", "Kim Jong-un"),
            q("z", "Volodar Zelenskyy"),
            q("w", "Qaddafi"),
        ],
    }
    m = SpeakerNormalizer().normalize(qba)
    assert m[("a", "Muammar Gaddafi")] == m[("b", "Moammar Qaddafi")] == m[("b", "Qaddafi")]
    assert m[("a", "Kim Jong Un")] == m[("b", "Kim Jong-un")]
    assert m[("a", "Volodar Zelensky")] == m[("b", "Volodar Zelenskyy")]


def test_similar_names_of_different_people_stay_apart() -> None:
    qba = {
        "a": [q("x", "John Kirby"), q("y", "Dan Holt"), q("z", "Ilsa Marrow")],
        "b": [q("x", "John Kerry"), q("y", "Don Holt"), q("z", "Elsa Morrow")],
    }
    m = SpeakerNormalizer().normalize(qba)
    assert len(set(m.values())) == 6


def test_name_skeleton() -> None:
    from newsprism.extract.speakers import name_skeleton

    assert name_skeleton("Kadhafi") == name_skeleton("Gaddafi") == name_skeleton("Qaddafi")
    assert name_skeleton("José Müller") == name_skeleton("Jose Muller")
    assert name_skeleton("Kirby") != name_skeleton("Kerry")


def test_story_speakers_from_extracted_articles() -> None:
    """End to end on two invented articles: within-article chaining, then the story."""
    from newsprism.extract import QuoteExtractor
    from newsprism.models import Article

    a = (
        "An unnamed North Korean defence official said on Tuesday that the shipments were "
        "routine.\n\n“We have never sold a single rifle to anybody in the region,” the official "
        "added.\n\n“That is a lie,” said Washington's envoy, Mara Quint."
    )
    b = (
        "Pyongyang denied the report.\n\n“We have never sold one rifle to anybody in the region,” "
        "an unidentified North Korean defense official told the agency.\n\n"
        "“It is a lie,” Ambassador Mara Quint said."
    )
    qx = QuoteExtractor()
    qba = {aid: qx.extract(Article(id=aid, source="s", title="", text=t)) for aid, t in (("a", a), ("b", b))}
    by_text = {(aid, qt.text[:12]): qt for aid, qs in qba.items() for qt in qs}
    # within article a, "the official" chains to the first description
    assert (
        by_text[("a", "We have neve")].speaker_canonical == by_text[("a", "the shipment")].speaker_canonical
    )
    m = SpeakerNormalizer().normalize(qba, match_quotes(qba, {}, {}))

    def canon(aid: str, prefix: str) -> str:
        qt = by_text[(aid, prefix)]
        return m[(aid, qt.speaker_canonical or qt.speaker)]

    assert canon("a", "We have neve") == canon("b", "We have neve")
    assert canon("a", "That is a li") == canon("b", "It is a lie") == "Mara Quint"
    assert "official" in canon("a", "We have neve") and "Korea" in canon("a", "We have neve")
