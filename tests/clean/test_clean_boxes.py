"""Boxes around the article on plain-text pages (issue 3, session 7): share bars, author
boxes, sign-up pitches, comment forms, embedded-content notices, footers, figure captions
and read-also links of more languages. Each rule on an invented page with fictional names,
checked for what it removes and for the article text it must keep."""

from newsprism.clean import news_tail_filter, remove_clutter
from newsprism.clean.clutter import _PHOTO_CREDIT, _photo_credit
from tests.clean.harbour import PROSE as _PROSE
from tests.clean.harbour import PROSE2 as _PROSE2
from tests.clean.harbour import PROSE3 as _PROSE3

_PROSE4 = (
    "The harbour master added that a second ferry would join the route in the summer if the number "
    "of passengers kept rising at the pace seen since the reopening last week."
)


def _reasons(page: str) -> dict[str, str]:
    return {r.text: r.reason for r in remove_clutter(page).removed}


def test_comments_button_in_a_share_bar_does_not_end_the_article() -> None:
    # "Comentarios" alone is a comment-section heading (a strong tail marker); next to a
    # share button it is the bar's link to the comments
    page = "\n\n".join(
        ["Menu", "Ferry back on the Wrenholm route", _PROSE, "Compartir", "Comentarios", _PROSE2, _PROSE3]
    )
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]
    assert _reasons(page)["Comentarios"] == "comment form"


def test_a_comments_heading_away_from_share_buttons_still_ends_the_article() -> None:
    comment = (
        "I took the ferry this morning and it was packed, but the crew handled it well and we left on time."
    )
    page = "\n\n".join(
        [_PROSE, _PROSE2, _PROSE3, "Comentarios", comment, comment.replace("morning", "evening")]
    )
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]


def test_about_the_author_box_ends_the_article() -> None:
    bio = "Lena Varrow writes about ports and shipping and has covered the northern coast since the floods."
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, "About the author", "Lena Varrow", bio])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]
    assert _reasons(page)["About the author"] == "author bio"
    # the same heading in German
    page_de = "\n\n".join([_PROSE, _PROSE2, _PROSE3, "Über den Autor", bio])
    assert remove_clutter(page_de).paragraphs == [_PROSE, _PROSE2, _PROSE3]


def test_author_portrait_under_a_name_line_closing_the_body_is_removed() -> None:
    bio = "Lena Varrow reports on ports and shipping for the Coastal Herald and lives in Wrenholm."
    page = "\n\n".join(["Menu", _PROSE, _PROSE2, _PROSE3, _PROSE4, "Lena Varrow", bio, "Share this"])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3, _PROSE4]
    reasons = _reasons(page)
    assert reasons[bio] == "author bio"
    assert reasons["Lena Varrow"] == "author bio"


def test_author_portrait_naming_the_byline_author_is_removed() -> None:
    bio = "Tomas Brekk is a historian of the northern coast and the author of a book on its lighthouses."
    page = "\n\n".join(
        ["Ferry back on the Wrenholm route", "By Tomas Brekk", _PROSE, _PROSE2, _PROSE3, _PROSE4, bio]
    )
    result = remove_clutter(page)
    assert bio not in result.paragraphs
    assert result.paragraphs[-1] == _PROSE4


def test_last_paragraph_about_someone_else_is_kept() -> None:
    # the closing paragraph opens on a name, but not the author's: it is the article's
    last = "Mira Castellan said the council would publish the inspection report before the summer."
    page = "\n\n".join(["By Tomas Brekk", _PROSE, _PROSE2, _PROSE3, last])
    assert remove_clutter(page).paragraphs[-1] == last
    # an article of one short paragraph is never cut to nothing
    page = "\n\n".join(
        ["By Tomas Brekk", "Tomas Brekk took the first ferry of the season on Monday morning."]
    )
    assert remove_clutter(page).paragraphs


def test_pitch_under_a_newsletter_heading_is_removed() -> None:
    pitch = "The week's best stories from the coast, in your inbox every Friday."
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, "Sign up for our newsletter", pitch, "Email address"])
    result = remove_clutter(page)
    assert pitch not in result.paragraphs
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]


def test_article_paragraphs_after_an_inline_newsletter_box_are_kept() -> None:
    short = "The first crossing of the day left at six in the morning."
    page = "\n\n".join([_PROSE, "Sign up for our newsletter", short, _PROSE2, _PROSE3])
    result = remove_clutter(page)
    assert short in result.paragraphs
    assert _PROSE3 in result.paragraphs


def test_comment_form_consent_lines_are_removed() -> None:
    page = "\n\n".join(
        [
            _PROSE,
            _PROSE2,
            _PROSE3,
            "Save my name, email, and website in this browser for the next time I comment.",
            "Meinen Namen, E-Mail und Website in diesem Browser speichern, bis ich wieder kommentiere.",
        ]
    )
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]
    assert set(_reasons(page).values()) == {"comment form"}


def test_embedded_content_notice_is_removed() -> None:
    notice = (
        "Mit dem Anklicken bauen Sie eine Verbindung zu den Servern des Dienstes Videoportal auf, "
        "und das Video wird abgespielt."
    )
    page = "\n\n".join([_PROSE, "External content", notice, _PROSE2, _PROSE3])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]
    reasons = _reasons(page)
    assert reasons["External content"] == "site notice"
    assert reasons[notice] == "site notice"


def test_news_about_a_platform_and_privacy_is_kept() -> None:
    line = "The regulator said on Monday that the video platform had broken privacy rules in two cases."
    page = "\n\n".join([_PROSE, line, _PROSE2])
    assert line in remove_clutter(page).paragraphs


def test_site_footer_credit_and_licence_are_removed() -> None:
    footer = "Archive – Imprint – Privacy – 2010-2024 by Lena Varrow – Powered by Quillpress"
    licence = "All content is licensed under a Creative Commons Attribution 4.0 International License."
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, footer, licence])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]
    # prose about power is not a footer
    line = "The new ferry is powered by batteries that are charged overnight at the Wrenholm pier."
    assert line in remove_clutter("\n\n".join([_PROSE, line, _PROSE2])).paragraphs


def test_numbered_figure_captions_are_photo_captions() -> None:
    for caption in (
        "Figure 3: Passenger numbers on the Wrenholm route by month.",
        "Abbildung 2: Der Hafen von Port Alder im Winter.",
        "Abb. 4: Die neue Fähre am Steg.",
    ):
        assert news_tail_filter([_PROSE, caption, _PROSE2])[0] == [_PROSE, _PROSE2], caption


def test_photo_credit_after_a_comma() -> None:
    line = "Mira Castellan, photo: Archive of the Coastal Council"
    assert _photo_credit(line.lower())
    assert _PHOTO_CREDIT.search(line)
    page = "\n\n".join([_PROSE, line, _PROSE2, _PROSE3])
    assert _reasons(page)[line] == "photo caption"


def test_read_also_links_in_more_languages_are_removed() -> None:
    for label in ("Lue myös:", "Läs också:", "Čtěte také:", "Weiterlesen:"):
        page = "\n\n".join([_PROSE, _PROSE2, label, "Wrenholm pier to close for repairs in spring", _PROSE3])
        result = remove_clutter(page)
        assert label not in result.paragraphs, label
        assert _PROSE3 in result.paragraphs
    # a line merely starting with the same letters is not a link ("Les mer..." in French prose)
    line = "Les merles du port chantent chaque matin avant le départ du premier bateau."
    assert line in remove_clutter("\n\n".join([_PROSE, line, _PROSE2])).paragraphs


def test_recent_comments_and_most_read_boxes_end_the_article() -> None:
    other = "Mira on Ferry back on the route: “Finally! We waited all winter for this crossing to reopen.”"
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, "Recent comments", other])
    assert remove_clutter(page).paragraphs == [_PROSE, _PROSE2, _PROSE3]
    teaser = "Hafen Port Alder: Was die neue Fähre für die Pendler bedeutet und wann sie fährt?"
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, "Die meistgelesenen Artikel", teaser])
    assert remove_clutter(page).paragraphs == [_PROSE, _PROSE2, _PROSE3]


def test_sentence_ending_in_an_invisible_separator_is_a_sentence() -> None:
    line = "Stir the sauce and let it rest for ten minutes.\u2063"
    result = remove_clutter("\n".join([_PROSE, line, _PROSE2]))
    assert line in result.paragraphs
    verdict = next(v for v in result.verdicts if v.text == line)
    assert verdict.kind == "sentence"
