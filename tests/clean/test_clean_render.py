"""Rendering a page to all its visible text (`render_text`, the input of the plain-text
path) and the question-subheading rule (issue 3, session 7). Invented pages, fictional names."""

from newsprism.clean import remove_clutter
from newsprism.clean.html import render_text
from tests.clean.harbour import PROSE as _PROSE
from tests.clean.harbour import PROSE2 as _PROSE2
from tests.clean.harbour import PROSE3 as _PROSE3


def _page(body: str) -> str:
    return f"<html><head><title>Ferry</title></head><body>{body}</body></html>"


def test_hidden_elements_are_not_rendered() -> None:
    html = _page(
        '<p>Wrenholm has <span style="display: none">{\\displaystyle N}</span>three piers.</p>'
        '<div hidden>Sign in to continue</div><ul style="visibility:hidden"><li>Weather</li></ul>'
        "<p>The pier is open.</p>"
    )
    # the text after a hidden element (its tail) is still shown
    assert render_text(html).split("\n\n") == ["Wrenholm has three piers.", "The pier is open."]


def test_hidden_panels_holding_paragraphs_are_rendered() -> None:
    # slideshow steps and tab panels are hidden until clicked; their paragraphs are
    # part of the page a reader sees
    html = _page('<p>Step one.</p><div class="slide" style="display:none"><p>Step two.</p></div>')
    assert render_text(html).split("\n\n") == ["Step one.", "Step two."]


def test_noscript_content_is_rendered() -> None:
    # a page without scripts shows its <noscript> text (some blogs put the post there)
    html = _page("<script>document.write('x')</script><noscript><p>The post as plain text.</p></noscript>")
    assert render_text(html) == "The post as plain text."


def test_drop_cap_joins_its_word() -> None:
    html = _page('<div><span class="initial">T</span><p>he ferry sails today.</p></div><p>A</p><p>Bay</p>')
    assert render_text(html).split("\n\n") == ["The ferry sails today.", "A", "Bay"]


def test_table_caption_and_legend_are_lines_of_their_own() -> None:
    html = _page(
        "<table><caption>Crossings</caption><tr><td>Monday</td></tr></table>"
        "<fieldset><legend>Tickets</legend>Adults</fieldset>"
    )
    assert render_text(html).split("\n") == ["Crossings", "Monday", "", "Tickets", "Adults"]


def test_short_question_between_paragraphs_is_a_subheading() -> None:
    # a question heading over a picture caption, then the next part of the article
    caption = "The old pier at Wrenholm in winter"
    page = "\n\n".join(["Ferry back on the route", _PROSE, "Why now?", caption, _PROSE2, _PROSE3])
    assert remove_clutter(page).paragraphs == [_PROSE, "Why now?", caption, _PROSE2, _PROSE3]


def test_question_link_after_clutter_is_still_removed() -> None:
    # a question under a short line (a box of links) is not taken for a subheading
    page = "\n\n".join(
        ["Ferry back on the route", _PROSE, _PROSE2, "More stories", "Is the pier safe?", "Share"]
    )
    assert "Is the pier safe?" not in remove_clutter(page).paragraphs
