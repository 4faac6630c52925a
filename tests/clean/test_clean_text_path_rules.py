"""Text-path rules of the plain-text cleaner (issue 3, session 8): each on an invented page
with fictional names, checked for what it keeps and, where it matters, what it still removes."""

from newsprism.clean import remove_clutter
from newsprism.clean.clutter import _ends_terminal, classify_lines
from tests.clean.harbour import PROSE as _PROSE
from tests.clean.harbour import PROSE2 as _PROSE2
from tests.clean.harbour import PROSE3 as _PROSE3

_PROSE4 = (
    "Fishers on the north quay said the longer opening hours of the harbour office would let them "
    "land their catch in the evening, when the market in Port Alder pays the best prices."
)
_PROSE5 = (
    "The first of the two new evening crossings will leave Wrenholm at seven o'clock, and the last "
    "boat back from Port Alder will sail at half past ten on weekdays and at midnight on Saturdays."
)
_LEAD = (
    "Wrenholm has long been known for its harbour, and its fishing fleet still lands most of the "
    "catch sold in the markets of the whole Alder coast every week of the year."
)
_STANDFIRST = "The town's new ferry timetable starts in May and adds two evening crossings."


def _reasons(page: str) -> dict[str, str]:
    return {r.text: r.reason for r in remove_clutter(page).removed}


def test_a_fact_box_inside_the_body_is_kept() -> None:
    lines = [
        _PROSE,
        "",
        "Route: Port Alder to Wrenholm",
        "Crossing: 40 minutes",
        "Fare: 12 crowns",
        "",
        _PROSE2,
        "",
        _PROSE3,
    ]
    result = classify_lines(lines)
    for field in ("Route: Port Alder to Wrenholm", "Crossing: 40 minutes", "Fare: 12 crowns"):
        assert field in result.paragraphs


def test_a_list_of_kicker_headlines_is_still_removed() -> None:
    # "Kicker: headline" teasers have a longer value after the colon: not a fact box
    box = [
        "Storm damage: Wrenholm pier closes in spring",
        "Harbour fees: Council delays its mooring vote",
        "Fishing: Alder fleet lands record catch",
    ]
    result = classify_lines([_PROSE, "", *box, "", _PROSE2, "", _PROSE3])
    for line in box:
        assert line not in result.paragraphs
    assert [r.reason for r in result.verdicts if r.text in box] == ["headline list"] * 3


def test_a_fact_box_outside_the_body_is_removed() -> None:
    lines = [
        "Route: Port Alder to Wrenholm",
        "Crossing: 40 minutes",
        "Fare: 12 crowns",
        "",
        "Menu",
        "",
        _PROSE,
    ]
    result = classify_lines(lines)
    assert result.paragraphs == [_PROSE]


def test_we_use_cookies_in_other_languages_is_a_cookie_notice() -> None:
    reasons = _reasons("\n\n".join([_PROSE, _PROSE2, "Informujemy, że korzystamy z cookies.", _PROSE3]))
    assert reasons["Informujemy, że korzystamy z cookies."] == "cookie notice"
    reasons = _reasons("\n\n".join([_PROSE, "Wir verwenden Cookies auf dieser Seite.", _PROSE2]))
    assert reasons["Wir verwenden Cookies auf dieser Seite."] == "cookie notice"


def test_a_caption_run_into_its_credit_is_a_photo_caption() -> None:
    caption = "Ferry passengers wait on the pier at Wrenholm on Monday morning© Alder Press/Jane Roe"
    reasons = _reasons("\n\n".join([_PROSE, caption, _PROSE2, _PROSE3]))
    assert reasons[caption] == "photo caption"


def test_a_sentence_about_copyright_is_kept() -> None:
    # a "©" deep inside a sentence that ends in a full stop is not a credit
    line = "The ferry company registered its logo © in 1998 and has printed it on every ticket since then."
    result = remove_clutter("\n\n".join([_PROSE, line, _PROSE2]))
    assert line in result.paragraphs


def test_a_closing_smiley_ends_a_sentence_not_a_list_intro() -> None:
    assert _ends_terminal("See you all on the first crossing in May :)") == "."
    assert _ends_terminal("Rose gold goes well with longer earrings (:") == "."
    assert _ends_terminal("The fares are as follows:") == ":"
    assert _ends_terminal("(see the timetable)") == ""


def test_calls_to_click_are_removed() -> None:
    page = "\n\n".join(
        [_PROSE, "Einfach hier klicken und für das digitale Heft registrieren!", _PROSE2, _PROSE3]
    )
    reasons = _reasons(page)
    assert reasons["Einfach hier klicken und für das digitale Heft registrieren!"] == "social or app promo"


def test_cancel_anytime_pitches_are_subscription_appeals() -> None:
    pitch = "Tú también puedes apoyar el periodismo local. Cancela cuando quieras."
    reasons = _reasons("\n\n".join([_PROSE, _PROSE2, pitch, _PROSE3]))
    assert reasons[pitch] == "subscription appeal"


def test_affiliate_disclosures_in_german_are_removed() -> None:
    line = "Für Links auf dieser Seite erhält das Alder Journal ggf. eine Provision vom Händler."
    reasons = _reasons("\n\n".join([_PROSE, _PROSE2, line, _PROSE3]))
    assert reasons[line] == "affiliate disclosure"


def test_a_long_paragraph_cut_by_a_paywall_after_the_body_is_kept() -> None:
    cut = (
        "To pay for the new crossings the ferry company will raise its fares by a tenth from the "
        "first of May, and the council has asked the regional authority whether it can help the "
        "islanders who travel to Port Alder for work every day until the …"
    )
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, cut, "Read on with a subscription"])
    result = remove_clutter(page)
    assert cut in result.paragraphs
    assert "Read on with a subscription" not in result.paragraphs


def test_a_short_teaser_after_the_body_is_still_removed() -> None:
    teaser = "Storm damage closes the Wrenholm pier for the rest of the …"
    result = remove_clutter("\n\n".join([_PROSE, _PROSE2, _PROSE3, teaser]))
    assert teaser not in result.paragraphs


def test_a_lead_paragraph_above_the_standfirst_is_kept() -> None:
    page = "\n\n".join(
        [
            "Home | News | Wrenholm",
            "Wrenholm harbour gets a new ferry",
            _LEAD,
            "Photo: Jane Roe / Alder Press",
            "Share",
            "Facebook",
            "Twitter",
            "WhatsApp",
            "Email",
            "12 May 2025",
            _STANDFIRST,
            "Print",
            "Copy link",
            _PROSE,
            _PROSE2,
            _PROSE3,
            _PROSE4,
            _PROSE5,
        ]
    )
    result = remove_clutter(page)
    assert _LEAD in result.paragraphs
    assert _STANDFIRST in result.paragraphs
    assert "Wrenholm harbour gets a new ferry" not in result.paragraphs
    assert result.paragraphs.index(_LEAD) == 0  # the body itself starts lower down
    assert result.body_start is not None
    assert result.verdicts[result.body_start].text != _LEAD


def test_a_promotion_box_above_the_standfirst_is_not_taken_as_a_lead() -> None:
    # the second paragraph up must stand alone in its block: a box of a heading, a
    # sentence and a link is the site's promotion
    promo = "The Alder Journal app brings you the news of the whole coast every single morning of the week."
    header = ["Home | News | Wrenholm | Sport | Weather", "", "Our app", promo, "Download now", ""]
    page = "\n".join(
        [
            *header,
            "Share",
            "Facebook",
            "Twitter",
            "",
            "12 May 2025",
            "",
            _STANDFIRST,
            "",
            "Print",
            "Email",
            "",
        ]
        + [_PROSE, "", _PROSE2, "", _PROSE3]
    )
    result = remove_clutter(page)
    assert _STANDFIRST in result.paragraphs
    assert promo not in result.paragraphs
    # the same sentence standing alone in its block is a lead paragraph and is kept
    alone = page.replace("Our app\n", "").replace("\nDownload now", "")
    assert promo in remove_clutter(alone).paragraphs


def test_a_short_post_before_the_comment_form_beats_the_sidebar() -> None:
    about = (
        "This is the personal blog of Mara Quill from Port Alder, where she writes about the harbour, "
        "the ferries, the fishing fleet and the people who work on the quays every day of the year."
    )
    about2 = (
        "Mara has lived on the Alder coast for twenty years and has written for the regional paper, "
        "the ferry company's magazine and several guide books about the islands and their harbours."
    )
    about3 = (
        "Her photographs of the old harbour cranes, the lighthouse at Wrenholm and the winter storms "
        "on the breakwater have been shown in the town library and in the ferry terminal at Port Alder."
    )
    post = (
        "The new evening ferry to Wrenholm is a fine idea. I hope the council keeps it running after May, "
        "when the summer visitors arrive."
    )
    lines = [
        "Mara's Harbour Notes",
        "",
        "Evening ferries",
        "",
        post,
        "",
        "Posted by Mara Quill",
        "",
        "Leave a Reply",
        "",
        "Your email address will not be published.",
        "",
        "About me",
        "",
        about,
        "",
        about2,
        "",
        about3,
    ]
    result = classify_lines(lines)
    assert post in result.paragraphs
    # (the sidebar outweighs the post more than 1 / `_MERGE_SHARE` times: no merge of runs)
    assert about not in result.paragraphs and about2 not in result.paragraphs


def test_a_long_notice_is_known_by_its_first_sentence() -> None:
    notice = (
        "This post contains affiliate links to products sold by our partners. We may receive a small "
        "commission when you buy through them, at no extra cost to you, and it helps us keep the Alder "
        "Coast Gazette free for all of its readers."
    )
    # body prose that mentions a commission later on is no notice
    prose = (
        "The harbour master said the ferry company had paid the council a fee for every crossing since "
        "May. Council members said they may receive a commission on ticket sales from the new evening "
        "boats once the trial ends."
    )
    result = classify_lines([_PROSE, "", notice, "", prose, "", _PROSE2])
    assert notice not in result.paragraphs
    assert prose in result.paragraphs
    assert [v.reason for v in result.verdicts if v.text == notice] == ["affiliate disclosure"]


def test_an_ingredient_list_above_the_method_is_kept() -> None:
    method = (
        "Heat the oven to 180 degrees. Mix the flour, the sugar and the butter in a bowl, add the eggs "
        "one at a time and stir until the dough is smooth and shiny."
    )
    method2 = (
        "Pour the dough into the tin, lay the apple slices on top and bake the cake for forty minutes, "
        "until a skewer pushed into the middle comes out clean."
    )
    items = ["200 g", "flour", "150 g", "sugar", "2", "eggs", "3", "Wrenholm apples"]
    lines = [
        "Alder Coast Kitchen",
        "",
        "Wrenholm apple cake",
        "",
        "Ingredients",
        "",
        *items,
        "",
        "Method",
        "",
    ]
    lines += [method, "", method2]
    result = classify_lines(lines)
    assert method in result.paragraphs and method2 in result.paragraphs
    for item in items:
        assert item in result.paragraphs
    assert "Alder Coast Kitchen" not in result.paragraphs
    assert "Method" not in result.paragraphs


def test_a_list_with_a_long_line_under_the_heading_is_not_taken_for_ingredients() -> None:
    promo = "Ingredients"
    box = [
        promo,
        "",
        "Our favourite summer recipes from the harbour kitchens of the whole Alder coast, chosen by readers",
        "Fish soup",
        "Apple cake",
    ]
    result = classify_lines([*box, "", _PROSE, "", _PROSE2])
    assert result.paragraphs == [_PROSE, _PROSE2]


def test_an_ingredient_list_inside_the_body_is_kept() -> None:
    intro = (
        "Wrenholm apple cake is baked in every kitchen of the island in autumn, and the harbour bakery "
        "sells more than two hundred of them on the day of the ferry festival."
    )
    method = (
        "Heat the oven to 180 degrees. Mix the flour, the sugar and the butter in a bowl, add the eggs "
        "one at a time and stir until the dough is smooth and shiny."
    )
    items = ["200 g", "flour", "150 g", "sugar", "2", "eggs"]
    result = classify_lines([intro, "", "Ingredients", "", *items, "", "Method", "", method])
    for item in items:
        assert item in result.paragraphs
    assert intro in result.paragraphs and method in result.paragraphs


def test_a_table_of_pros_and_cons_inside_the_body_is_kept() -> None:
    table = [
        "Pros",
        "Cons",
        "Cheaper crossings in winter",
        "Fewer boats on Sundays",
        "Bikes travel free",
        "No evening boat in January",
    ]
    result = classify_lines([_PROSE, "", _PROSE2, "", *table, "", _PROSE3, "", _PROSE4])
    for line in table:
        assert line in result.paragraphs
    # a list of other stories' headlines in the same place is still removed
    box = ["Storm closes Wrenholm pier", "Council delays mooring vote", "Alder fleet lands record catch"]
    result = classify_lines([_PROSE, "", _PROSE2, "", *box, "", _PROSE3, "", _PROSE4])
    for line in box:
        assert line not in result.paragraphs
