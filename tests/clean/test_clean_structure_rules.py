"""Structural rules of the plain-text cleaner (issue 3, session 5): each on an invented page
with fictional names, checked for what it keeps and, where it matters, what it still removes."""

from newsprism.clean import remove_clutter
from newsprism.clean.clutter import classify_lines
from tests.clean.harbour import PROSE as _PROSE
from tests.clean.harbour import PROSE2 as _PROSE2
from tests.clean.harbour import PROSE3 as _PROSE3


def test_subheading_after_an_inline_link_with_its_own_headline_is_kept() -> None:
    page = "\n\n".join(
        [
            "Menu",
            _PROSE,
            _PROSE2,
            "Read more: Wrenholm pier to close for repairs in spring",
            "Funding from the coast fund",
            _PROSE3,
            _PROSE,
        ]
    )
    result = remove_clutter(page)
    assert "Funding from the coast fund" in result.paragraphs
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Read more: Wrenholm pier to close for repairs in spring"] == "inline related link"


def test_headline_after_a_bare_read_more_label_is_still_removed() -> None:
    # "Read more:" names no story itself: the short line under it is the link's headline
    page = "\n\n".join(["Menu", _PROSE, "Read more:", "Wrenholm pier to close for repairs", _PROSE2, _PROSE3])
    result = remove_clutter(page)
    assert "Wrenholm pier to close for repairs" not in result.paragraphs
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]


def test_a_tail_marker_repeated_per_post_does_not_end_the_page() -> None:
    # a question-and-answer page: each post closes with the same prompt
    question = "How do the tide tables of the Wrenholm channel differ from those of Port Alder in winter?"
    answers = [_PROSE, _PROSE2, _PROSE3]
    parts = [question, "Add a comment"]
    for a in answers:
        parts += [a, "Add a comment"]
    result = remove_clutter("\n\n".join(parts))
    for a in answers:
        assert a in result.paragraphs
    assert "Add a comment" not in result.paragraphs


def test_a_single_tail_marker_still_ends_the_article() -> None:
    page = "\n\n".join([_PROSE, _PROSE2, "Leave a Reply", _PROSE3])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2]


def test_ingredient_list_above_the_method_is_kept() -> None:
    lines = [
        "Home",
        "Recipes",
        "Baking",
        "",
        "Ingredients",
        "",
        "250 g flour",
        "2 eggs",
        "1 tsp baking powder",
        "½ cup brown sugar",
        "Salt",
        "",
        "Method",
        "",
        "Beat the eggs with the sugar until pale, then fold in the flour and the baking powder with a pinch of salt.",
        "Pour the batter into a greased tin and bake for forty minutes until a skewer comes out clean.",
    ]
    result = remove_clutter("\n".join(lines))
    kept = result.paragraphs
    for item in ("250 g flour", "2 eggs", "1 tsp baking powder", "½ cup brown sugar"):
        assert item in kept
    assert "Home" not in kept


def test_menu_of_short_entries_is_still_a_headline_list() -> None:
    lines = ["Coast", "Harbour news", "Ferries", "Weather", "", _PROSE, _PROSE2]
    result = classify_lines(lines)
    assert [v.reason for v in result.verdicts[:4]] == ["headline list"] * 4


def test_truncated_lead_directly_above_the_body_is_kept() -> None:
    lead = (
        "The storm that closed the harbour for a week left more damage than the council first "
        "thought, and the repairs will take until the …"
    )
    page = "\n\n".join(
        ["Ferries | Harbour | Weather", "Harbour repairs to last all summer", lead, _PROSE, _PROSE2]
    )
    result = remove_clutter(page)
    assert lead in result.paragraphs


def test_teasers_further_above_the_body_stay_out() -> None:
    teaser = "Wrenholm fishers count the cost of the storm season and ask the council for help with …"
    page = "\n".join(
        [teaser, "Harbour news", "Weather", "Ferries", "Coast", "", _PROSE, "", _PROSE2, "", _PROSE3]
    )
    result = remove_clutter(page)
    assert teaser not in result.paragraphs


def test_standfirst_above_share_buttons_and_a_contents_box_is_kept() -> None:
    standfirst = (
        "Ferries to Wrenholm run again after a week of storms, and the council has promised new moorings."
    )
    lines = [
        "Harbour reopens after storm",
        "",
        standfirst,
        "",
        "By Mira Castellan",
        "",
        "Facebook",
        "Twitter",
        "Email",
        "Copy link",
        "",
        "Contents",
        "",
        "The first crossings",
        "New moorings for the pier",
        "Inspection of the breakwater",
        "What the fishers say",
        "The autumn season",
        "Costs and funding",
        "Timetable changes",
        "",
        _PROSE,
        "",
        _PROSE2,
        "",
        _PROSE3,
    ]
    result = remove_clutter("\n".join(lines))
    assert standfirst in result.paragraphs
    assert "Facebook" not in result.paragraphs
    assert "The first crossings" not in result.paragraphs


# two paragraphs, then a related-stories heading with link lines under it
_BEFORE_RELATED_BOX = [
    _PROSE,
    "",
    _PROSE2,
    "",
    "More on this topic:",
    "Wrenholm pier to close for repairs in spring",
    "Lighthouse keeper retires after forty years of service",
]


def test_box_of_related_links_under_a_related_heading_inside_the_article_is_skipped() -> None:
    lines = [
        *_BEFORE_RELATED_BOX,
        "Ferry timetable changes for the summer season",
        "",
        _PROSE3 + " " + _PROSE,
    ]
    result = remove_clutter("\n".join(lines))
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3 + " " + _PROSE]
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["More on this topic:"] == "related-stories list"


def test_related_heading_followed_by_headlines_only_still_ends_the_article() -> None:
    lines = list(_BEFORE_RELATED_BOX)
    result = remove_clutter("\n".join(lines))
    assert result.paragraphs == [_PROSE, _PROSE2]
