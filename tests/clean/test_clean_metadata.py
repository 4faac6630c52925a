import pytest

from newsprism.clean import (
    detect_language,
    domain_of,
    find_byline,
    find_dateline,
    find_outlet,
    find_title,
    find_wire_agency,
    normalize_agency,
    remove_clutter,
)


def test_title_skips_leading_clutter(clutter_page: str) -> None:
    title = find_title(remove_clutter(clutter_page))
    assert title is not None and title.text == "Harbour reopens after three-day storm closure"


def test_title_question_at_top_of_page() -> None:
    page = "Will the ferry run again this spring?\n\n" + (
        "The ferry to the outer islands has not sailed since the storm, and the operator said on Monday "
        "that repairs to the landing stage would take weeks."
    )
    title = find_title(remove_clutter(page))
    assert title is not None and title.text == "Will the ferry run again this spring?"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["By Jane Doe"], "Jane Doe"),
        (["by Jane Doe and John Roe"], "Jane Doe and John Roe"),
        (["By Jane Doe, Associated Press"], "Jane Doe"),
        (["By Euronews with AP"], None),
        (["By Reuters"], None),
        (["by"], None),
        (["By Mira Castellan | Updated 5 March 2024"], "Mira Castellan"),
    ],
)
def test_byline(lines: list[str], expected: str | None) -> None:
    assert find_byline(lines) == expected


@pytest.mark.parametrize(
    ("paragraph", "city", "agency"),
    [
        ("PORT ALDER (MPA) — The harbour reopened on Tuesday.", "Port Alder", "MPA"),
        ("Seoul, Sept 22 (Reuters) - North Korea said on Thursday it had not sold arms.", "Seoul", "Reuters"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "Washington", "AP"),
        ("LONDON — Prices rose again in March.", "London", None),
    ],
)
def test_dateline(paragraph: str, city: str, agency: str | None) -> None:
    d = find_dateline(paragraph)
    assert d is not None and (d.city, d.agency) == (city, agency)
    assert paragraph[d.end :][0].isupper()


def test_ordinary_sentence_is_not_a_dateline() -> None:
    assert find_dateline("The harbour reopened on Tuesday - officials said.") is None
    assert find_dateline("North Korea (officially the DPRK) — a state that denies it.") is None


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["By Euronews with AP"], "AP"),
        (["By The Coastal Herald with MPA"], "MPA"),
        (["AP | Seoul (South Korea)"], "AP"),
        (["— Reuters"], "Reuters"),
        (["(AFP)"], "AFP"),
        (["(With inputs from PTI)"], "PTI"),
        (["Copyright 2024 The Associated Press. All rights reserved."], "AP"),
        (["APE-MPE"], "ANA-MPA"),
        (["RES-EMP"], None),
        (["Photo: AP Photo/Jane Roe"], None),
        ([], None),
    ],
)
def test_wire_agency_from_credits(lines: list[str], agency: str | None) -> None:
    assert find_wire_agency(lines)[0] == agency


def test_agency_quoted_in_body_is_not_a_credit(clutter_page: str) -> None:
    body_line = "The official told state news agency KCNA that the rumour was false."
    assert find_wire_agency([body_line])[0] is None


def test_outlet_from_self_references() -> None:
    lines = [
        "Coastal Herald",
        "(Only the headline of this report may have been reworked by the Coastal Herald staff.)",
        "Support quality journalism and subscribe to Coastal Herald.",
    ]
    assert find_outlet(lines)[0] == "Coastal Herald"
    assert find_outlet(["By Euronews with AP"])[0] == "Euronews"
    assert find_outlet(["Harbour reopens after storm"])[0] is None


def test_masthead_confirmed_by_domain() -> None:
    assert find_outlet(["Vellmar Gazette"], domain="vellmargazette.example")[0] == "Vellmar Gazette"
    assert find_outlet(["Vellmar Gazette"])[0] is None


def test_domain_of() -> None:
    assert domain_of("https://www.coastal-herald.co.uk/news/a?b=1") == "coastal-herald.co.uk"
    assert domain_of("https://news.example.com/x") == "example.com"
    assert domain_of("not a url") is None
    assert domain_of(None) is None


def test_normalize_agency() -> None:
    assert normalize_agency("Associated Press") == "AP"
    assert normalize_agency("Agence France-Presse") == "AFP"
    assert normalize_agency("MPA") == "MPA"
    assert normalize_agency("MPA", allow_codes=False) is None
    assert normalize_agency("Harbour") is None


def test_detect_language() -> None:
    assert detect_language("The harbour reopened on Tuesday after a storm closed it for three days.") == "en"
    assert (
        detect_language(
            "Der Hafen wurde am Dienstag wieder geöffnet, nachdem ein Sturm ihn geschlossen hatte."
        )
        == "de"
    )
    assert detect_language("ok") is None


def test_masthead_and_menu_above_headline() -> None:
    page = "\n".join(
        [
            "Vellmar Evening Post",
            "Home | News | Sport | Weather | Jobs",
            "World › Coast",
            "",
            "Harbour reopens after three-day storm closure",
            "",
            "Ilse Varn",
            "Tue 5 Mar 2024 16.55 GMT",
            "",
            "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, "
            "the port authority said in a statement.",
        ]
    )
    from newsprism.clean.metadata import find_name_byline, masthead_outlet

    result = remove_clutter(page)
    title = find_title(result)
    assert title is not None and title.text == "Harbour reopens after three-day storm closure"
    assert masthead_outlet(result) == "Vellmar Evening Post"
    assert find_name_byline(result, title) == "Ilse Varn"


def test_multi_part_dateline() -> None:
    d = find_dateline(
        "CARROW, Aldmere, March 13 (CW) — The ministry said on Thursday it had not sent drones."
    )
    assert d is not None and (d.city, d.agency) == ("Carrow", "CW")


def test_domain_printed_on_page() -> None:
    from newsprism.clean import domain_in_lines

    assert domain_in_lines(
        ["© Vellmar Voice. Republishing permitted with a link to vellmarvoice.example"]
    ) == ("vellmarvoice.example")
    assert domain_in_lines(["photo.jpg and other.png"]) is None


def test_english_fast_path_agrees_with_model() -> None:
    from newsprism.clean.metadata import _clearly_english

    english = (
        "The harbour at Port Alder reopened on Tuesday after the storm, and the council said that it "
        "was pleased with the work of the crews who had cleared the quay. “It has been a long week,” "
        "the mayor said, adding that the ferry service to the islands would resume by the weekend."
    )
    dutch = (
        "De haven van Port Alder is dinsdag na de storm weer opengegaan, en de gemeente zei dat zij "
        "tevreden was over het werk van de ploegen die de kade hadden vrijgemaakt voor de veerdienst."
    )
    assert _clearly_english(english[:600])  # curly quotes do not stop the fast path
    assert detect_language(english) == "en"
    assert not _clearly_english(dutch)
    assert detect_language(dutch) == "nl"
    assert not _clearly_english("Café owners in Vellmar said the harbour reopened. " * 5)  # accents
