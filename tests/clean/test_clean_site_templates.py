"""Lines that blog and news-site software writes around every article (issue 3, session 9):
comment-section headings with the comment count and the article's title, comment
headers, like buttons, comment policies, German newsletter and contribution pitches,
browser push prompts, "other news" headings, review-site disclosures and content
licences. Each rule on an invented page with fictional names, checked for what it
removes and for the article text it must keep."""

import pytest

from newsprism.clean import remove_clutter
from tests.clean.harbour import PROSE as _PROSE
from tests.clean.harbour import PROSE2 as _PROSE2
from tests.clean.harbour import PROSE3 as _PROSE3

_COMMENT = (
    "I took the ferry this morning and it was packed, but the crew handled it well and we left on time."
)
_COMMENT2 = "Good to hear the crossings are back, we had to drive around the bay for a whole week."


def _reasons(page: str) -> dict[str, str]:
    return {r.text: r.reason for r in remove_clutter(page).removed}


def _assert_removed(line: str, reason: str, *, after: bool = False) -> None:
    """`line`, set between the article's paragraphs (or after them), is removed for
    `reason` and the article is kept whole."""
    parts = [_PROSE, _PROSE2, _PROSE3, line] if after else [_PROSE, _PROSE2, line, _PROSE3]
    page = "\n\n".join(parts)
    assert remove_clutter(page).paragraphs == [_PROSE, _PROSE2, _PROSE3]
    assert _reasons(page)[line] == reason


@pytest.mark.parametrize(
    "heading",
    [
        "11 responses to “Ferry back on the Wrenholm route after a week of storms”",
        "One thought on “Ferry back on the Wrenholm route”",
        "Ein Gedanke zu „Die Fähre nach Wrenholm fährt wieder“",
        "3 Antworten zu “Die Fähre nach Wrenholm fährt wieder”",
        "Keine Kommentare for “Ferry back on the Wrenholm route”",
        "2 commentaires sur « Le bac de Wrenholm reprend du service »",
        "Comment by Mara Quill — 17.07, 2011 @ 13:04",
    ],
)
def test_a_comment_count_heading_ends_the_article(heading: str) -> None:
    page = "\n\n".join(["Menu", _PROSE, _PROSE2, _PROSE3, heading, "Pell Arno says:", _COMMENT, _COMMENT2])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, _PROSE2, _PROSE3]
    assert _reasons(page)[heading] == "comment form"


def test_a_sentence_about_comments_or_thoughts_is_not_a_heading() -> None:
    # a count and "comments"/"thoughts" without the quoted title is a sentence of the article
    line = (
        "Two thoughts on the ferry timetable came up at the meeting, and both were about the night crossings."
    )
    page = "\n\n".join([_PROSE, line, _PROSE2, _PROSE3])
    assert remove_clutter(page).paragraphs == [_PROSE, line, _PROSE2, _PROSE3]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        *((line, "share buttons") for line in ("Like this:", "Gefällt mir:", "Like Loading...")),
        *((line, "share buttons") for line in ("Gefällt mir Wird geladen …", "12 Bloggern gefällt das:")),
        # the links to the previous and next post
        *((line, "navigation menu") for line in ("Weiter »", "« Older posts", "← Previous post", "Next →")),
        *((line, "navigation menu") for line in ("Ältere Beiträge »", "Suivant ›")),
    ],
)
def test_like_buttons_and_post_links_of_blog_software_are_removed(line: str, reason: str) -> None:
    _assert_removed(line, reason, after=True)


def test_a_comment_policy_box_is_removed_and_comments_in_the_article_are_kept() -> None:
    policy = [
        "We welcome reader comments on the stories of the day. Some comments may be printed in the paper.",
        "Please understand that comments are moderated and not every comment can be published.",
        "We ask that comments are civil and stay on the topic of the article.",
    ]
    quoted = "The ferry operator said the comments were offensive and would be reported to the regulator."
    page = "\n\n".join([_PROSE, quoted, _PROSE2, _PROSE3, "HOUSE RULES", *policy])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, quoted, _PROSE2, _PROSE3]
    reasons = _reasons(page)
    assert all(reasons[p] == "comment form" for p in policy)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "Die wichtigsten Nachrichten aus dem Hafen jeden Morgen direkt in dein Postfach!",
            "newsletter sign-up",
        ),
        ("Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse eingeben.", "newsletter sign-up"),
        ("GET THE HARBOUR GAZETTE NEWSLETTER", "newsletter sign-up"),
        (
            "Ihr Beitrag hilft, unsere Berichterstattung über die Küste weiter kostenlos anzubieten.",
            "subscription appeal",
        ),
        ("HIER KOSTENLOS ANMELDEN »", "subscription appeal"),
        ("Harbour Gazette Would Like To Send You Push Notifications.", "social or app promo"),
        (
            "Texte auf dieser Webseite stehen unter einer Creative Commons Namensnennung 4.0 Lizenz.",
            "copyright notice",
        ),
        (
            "We recommend the best ferries through an independent review process, and advertisers do not "
            "influence our picks.",
            "affiliate disclosure",
        ),
    ],
)
def test_site_pitches_and_notices_next_to_the_article_are_removed(line: str, reason: str) -> None:
    _assert_removed(line, reason)


def test_other_news_heading_ends_a_spanish_article() -> None:
    es = [
        "El transbordador entre Port Alder y Wrenholm volvió a navegar el lunes tras una semana de temporales.",
        "El capitán del puerto dijo que los primeros viajes se llenaron en menos de una hora.",
        "Los ingenieros revisarán el rompeolas el mes que viene y darán cuenta al concejo municipal.",
    ]
    other = "El concejo aprueba nuevos postes de amarre para el muelle dañado por el invierno."
    page = "\n\n".join([*es, "Otras Noticias", other])
    assert remove_clutter(page).paragraphs == es
    assert _reasons(page)["Otras Noticias"] == "related-stories list"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "Ich akzeptiere die Datenschutzbestimmungen des Wrenholm Boten und seines Newsletterdienstes.",
            "site notice",
        ),
        ("J'accepte la politique de confidentialité du Courrier de Wrenholm.", "site notice"),
        ("Acepto la política de privacidad del Diario de Wrenholm.", "site notice"),
        (
            "Wenn Sie diesen Blogeintrag kommentieren möchten, füllen Sie bitte die Felder unten aus!",
            "comment form",
        ),
        (
            "Les commentaires sous les billets seront désormais modérés avant leur publication.",
            "comment form",
        ),
        ("Blog via E-Mail abonnieren", "newsletter sign-up"),
        (
            "Geben Sie Ihre E-Mail-Adresse an, um diesen Blog zu abonnieren und keine Beiträge zu verpassen.",
            "newsletter sign-up",
        ),
        (
            "Benachrichtigung aktivieren Dürfen wir Sie in Ihrem Browser über die wichtigsten Nachrichten informieren?",
            "social or app promo",
        ),
        (
            "Erlauben Sie dem Wrenholm Boten, Ihnen Benachrichtigungen zu schicken.",
            "social or app promo",
        ),
        (
            "Die Inhalte dieser Website sind unter einer Creative Commons-Lizenz lizenziert.",
            "copyright notice",
        ),
        ("Titelbild: Mara Quill/Harbour Press", "photo caption"),
        ("Bildnachweis: Pell Arno", "photo caption"),
        ("Featured image: the Wrenholm ferry at its berth", "photo caption"),
    ],
)
def test_form_consent_blog_subscription_push_prompts_licences_and_picture_credits(
    line: str, reason: str
) -> None:
    _assert_removed(line, reason)


def test_french_spanish_and_italian_write_a_comment_headings_end_the_article() -> None:
    for heading in ("Écrire un commentaire", "Escribir un comentario", "Scrivi un commento"):
        page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, heading, _COMMENT, _COMMENT2])
        assert remove_clutter(page).paragraphs == [_PROSE, _PROSE2, _PROSE3]


def test_a_long_cookie_notice_in_german_is_removed_and_an_article_about_cookies_is_kept() -> None:
    notice = (
        "Datenschutz & Cookies: Diese Website verwendet Cookies. Wenn du die Website weiterhin nutzt, stimmst du"
        " der Verwendung von Cookies zu. Weitere Informationen, beispielsweise zur Kontrolle von Cookies, findest"
        " du in unserer Richtlinie."
    )
    article = (
        "Die Datenschutzbehörde von Wrenholm prüfte im Frühjahr vierzig Seiten und stellte fest, dass viele"
        " Betreiber ihre Besucher nur unzureichend informieren; auf einer Seite stand lediglich der Satz"
        " „Diese Website verwendet Cookies“ ohne jede weitere Erklärung."
    )
    page = "\n\n".join([_PROSE, article, _PROSE2, _PROSE3, notice])
    result = remove_clutter(page)
    assert result.paragraphs == [_PROSE, article, _PROSE2, _PROSE3]
    assert _reasons(page)[notice] == "cookie notice"


@pytest.mark.parametrize(
    "line",
    [
        "The harbour app can now send ferry delays as notifications, the operator said on Tuesday.",
        "Passengers who enable notifications in the app will hear of delays first, the operator said.",
        "Die Gemeinde stellt die Fotos ihres Archivs unter einer freien Lizenz zur Verfügung, sagte Quill.",
        "Passengers said the new timetable was helpful, and the operator asked for feedback on the night crossings.",
        "Der Hafenmeister sagte, er sei damit einverstanden, dass die Fähre bei Sturm im Hafen bleibe.",
        "„Ich bin damit einverstanden, dass die Fähre bei Sturm im Hafen bleibt“, sagte der Hafenmeister.",
    ],
)
def test_an_article_sentence_about_notifications_licences_feedback_or_consent_is_kept(line: str) -> None:
    # the words the site-notice rules look for, in sentences of the article itself
    page = "\n\n".join([_PROSE, _PROSE2, line, _PROSE3])
    assert remove_clutter(page).paragraphs == [_PROSE, _PROSE2, line, _PROSE3]


def test_a_single_reply_heading_ends_the_article() -> None:
    page = "\n\n".join([_PROSE, _PROSE2, _PROSE3, "1 reply on “Ferry back on the Wrenholm route”", _COMMENT])
    assert remove_clutter(page).paragraphs == [_PROSE, _PROSE2, _PROSE3]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Themen: Fähre, Wrenholm, Sturm, Hafen", "topic tags"),
        ("Sujets : bac, Wrenholm, tempête", "topic tags"),
        ("ÚLTIMAS NOTICIAS", "headline list"),
        ("Dernières actualités", "headline list"),
        (
            "Suggested citation: Quill, Mara: The Wrenholm ferry case, Harbour Law Blog, 2020/4/09",
            "site notice",
        ),
        (
            "Zitiervorschlag: Quill, Mara: Der Fall der Wrenholm-Fähre, Hafenrechtsblog, 9.4.2020",
            "site notice",
        ),
    ],
)
def test_topic_labels_latest_news_headings_and_suggested_citations_are_removed(
    line: str, reason: str
) -> None:
    _assert_removed(line, reason, after=True)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Wie gefällt Ihnen unsere Website? Teilen Sie es uns mit!", "comment form"),
        ("Was this page helpful?", "comment form"),
        ("Feedback zu dieser Seite geben", "comment form"),
        ("Ihre Meinung zu diesem Thema", "comment form"),
        (
            "Mit Absenden meiner E-Mail-Adresse willige ich bis auf Widerruf ein, den Newsletter des Wrenholm"
            " Boten zu erhalten. Ich kann mich jederzeit wieder abmelden, wie es in der Datenschutzerklärung"
            " steht, und erhalte dann keine Angebote und Neuigkeiten aus dem Hafen mehr.",
            "newsletter sign-up",
        ),
        (
            "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE. Die Fotos dürfen nicht verwendet"
            " werden.",
            "copyright notice",
        ),
    ],
)
def test_feedback_widgets_form_consent_and_text_licences_are_removed(line: str, reason: str) -> None:
    _assert_removed(line, reason, after=True)


def test_a_data_sheet_right_after_the_article_is_kept() -> None:
    sheet = ["Testzeugnis:", "Komfort: 2", "Verbrauch: 1", "Fahrleistung: 2", "Preis: 41.990 Euro"]
    page = "\n\n".join(
        ["Menu", _PROSE, _PROSE2, _PROSE3, "\n".join(sheet), "Weitere Artikel", "Other story here"]
    )
    kept = remove_clutter(page).paragraphs
    assert kept[:3] == [_PROSE, _PROSE2, _PROSE3]
    assert all(field in "\n".join(kept) for field in sheet[1:])
    assert "Other story here" not in "\n".join(kept)
