from newsprism.cluster.features import (
    DocumentFrequencies,
    entities_of,
    extract_features,
    normalise_entity,
    stem,
    weigh,
)
from newsprism.models import Article


def test_stem_joins_inflections():
    assert stem("denies") == stem("denied") == stem("denial") == stem("deny")
    assert stem("weapons") == stem("weapon")
    assert stem("shipped") == stem("shipping") == stem("ship")
    assert stem("floods") == stem("flooded") == stem("flood")


def test_country_aliases_and_possessives():
    assert normalise_entity("Pyongyang") == normalise_entity("DPRK") == "north korea"
    assert normalise_entity("U.S.") == normalise_entity("Washington") == "united states"
    assert normalise_entity("Kremlin") == "russia"
    assert normalise_entity("Kiev") == normalise_entity("Kyiv's") == "ukraine"
    assert normalise_entity("Corvin Hale's") == "corvin hale"


def test_entities_skip_sentence_initial_common_words_and_role_titles():
    text = (
        "Police closed the road. Later the police said Spokeswoman Dana Korvel had left Selm. "
        "Officials in Selm agreed."
    )
    ents = entities_of(text)
    assert "police" not in ents
    assert "dana korvel" in ents
    assert ents["selm"] == 2


def test_features_weight_title_terms_and_parse_day():
    art = Article(
        id="x", source="s", title="Drone sales", text="The drone report.", published="2024-01-02T10:00"
    )
    f = extract_features(art)
    assert f.terms[stem("drone")] > f.terms[stem("report")]
    assert f.day is not None


def test_idf_is_incremental_and_rare_terms_weigh_more():
    df = DocumentFrequencies()
    df.add(["common", "rare"])
    df.add(["common"])
    df.add(["common"])
    assert df.n_docs == 3
    assert df.idf("rare") > df.idf("common") > 0
    vec = weigh({"common": 1, "rare": 1}, df)
    assert vec["rare"] > vec["common"]
    assert abs(sum(w * w for w in vec.values()) - 1) < 1e-9


def test_year_floor_reads_past_years_only():
    from datetime import date

    from newsprism.cluster.features import year_floor

    assert (
        year_floor("The minister said in 2019 that it was over; it was revised in 2021.")
        == date(2022, 1, 1).toordinal()
    )
    assert year_floor("The dam will be finished in 2031.") is None
    assert year_floor("Prices rose from 2019 to 2021.") is None
    assert year_floor("It grew in 2019-2021.") is None
