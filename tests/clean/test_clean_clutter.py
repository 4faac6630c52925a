from newsprism.clean import news_tail_filter, remove_clutter
from newsprism.clean.clutter import classify_lines


def _reasons(result) -> dict[str, str]:
    return {r.text: r.reason for r in result.removed}


def test_body_kept_in_order(clutter_page: str, body: list[str]) -> None:
    result = remove_clutter(clutter_page)
    kept = result.paragraphs
    # key-point bullets at the top are the outlet's own summary: kept
    assert kept[:2] == ["• The harbour reopened on Tuesday.", "• Repairs will cost about two million crowns."]
    assert kept[2:] == body
    assert result.text == "\n\n".join(kept)


def test_every_clutter_kind_removed_with_its_reason(clutter_page: str) -> None:
    reasons = _reasons(remove_clutter(clutter_page))
    assert (
        reasons["icon bookmark icon camera icon check icon chevron down icon mail icon print"] == "icon text"
    )
    assert reasons["You are here: Home » Region » Coast"] == "breadcrumb"
    assert reasons["Rail strike called off after late-night talks"] == "headline list"
    assert reasons["JUST IN"] == "headline list"
    assert reasons["By Mira Castellan"] == "byline"
    assert reasons["Published 5 March 2024"] == "date stamp"
    assert reasons["Share this article"] == "share buttons"
    assert reasons["Photo: Tomas Brekk/The Coastal Herald"] == "photo caption"
    assert reasons["(Image: Tomas Brekk)"] == "photo caption"
    assert reasons["READ | Storm damage tallied along the coast"] == "inline related link"
    assert reasons["Topics"] == "topic tags"
    assert reasons["Port Alder | Storms | Shipping"] == "menu or tag list"
    assert reasons["Dear Reader,"] == "subscription appeal"
    assert reasons["Support quality journalism and subscribe to The Coastal Herald."] == "subscription appeal"
    assert reasons["Related Posts"] == "related-stories list"
    assert reasons["Lighthouse keeper retires after forty years"] in (
        "related-stories list",
        "subscription appeal",
    )
    assert reasons["Leave a Reply"] == "comment form"
    assert reasons["---"] == "lone punctuation"
    assert "Harbour reopens after three-day storm closure" in reasons  # the title: metadata's job


def test_prose_after_dear_reader_is_tail(clutter_page: str) -> None:
    reasons = _reasons(remove_clutter(clutter_page))
    appeal = [t for t in reasons if t.startswith("The Coastal Herald has always")]
    assert appeal and reasons[appeal[0]] == "subscription appeal"


def test_kept_and_removed_partition_nonblank_lines(clutter_page: str) -> None:
    result = remove_clutter(clutter_page)
    lines = clutter_page.split("\n")
    positions = sorted([v.position for v in result.kept] + [r.position for r in result.removed])
    assert positions == [i for i, line in enumerate(lines) if line.strip()]
    for r in result.removed:
        assert lines[r.position].strip() == r.text
        assert r.reason


def test_short_quote_line_and_intro_kept() -> None:
    page = "\n\n".join(
        [
            "Council approves budget",
            "The district council approved the budget for next year on Monday after a long debate "
            "that lasted late into the evening, members said.",
            "The treasurer added:",
            "“It is a fair budget.”",
            "Opposition members said they would keep pressing for lower fees for the harbour and "
            "for more money for the ferry service to the islands.",
        ]
    )
    kept = remove_clutter(page).paragraphs
    assert "The treasurer added:" in kept
    assert "“It is a fair budget.”" in kept


def test_subheading_between_paragraphs_kept() -> None:
    para = (
        "The district council approved the budget for next year on Monday after a long debate "
        "that lasted late into the evening, members said."
    )
    page = "\n\n".join([para, "Ferry fares to rise in spring", para.replace("Monday", "Tuesday")])
    result = remove_clutter(page)
    assert "Ferry fares to rise in spring" in result.paragraphs
    assert len(result.paragraphs) == 3


def test_headline_after_clutter_between_paragraphs_removed() -> None:
    para = (
        "The district council approved the budget for next year on Monday after a long debate "
        "that lasted late into the evening, members said."
    )
    page = "\n\n".join(
        [para, "Advertisement", "Vellmar ferry fares to rise in spring", para.replace("Monday", "Tuesday")]
    )
    result = remove_clutter(page)
    assert len(result.paragraphs) == 2
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Vellmar ferry fares to rise in spring"].startswith("short non-sentence line in body")


def test_weak_marker_in_middle_does_not_truncate_long_article() -> None:
    para = (
        "The district council approved the budget for next year on Monday after a long debate "
        "that lasted late into the evening, members of the council said."
    )
    page = "\n\n".join([para, "Read more", para, para, para])
    assert len(remove_clutter(page).paragraphs) == 4


def test_syndication_disclaimer_and_agency_code_removed() -> None:
    para = (
        "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, "
        "the port authority said in a statement on its website."
    )
    page = "\n\n".join(
        [
            para,
            para,
            "(This story has not been edited by Coastal Herald staff and is auto-generated from a "
            "syndicated feed.)",
            "MPA-XPR",
        ]
    )
    reasons = [r.reason for r in remove_clutter(page).removed]
    assert reasons == ["syndication disclaimer", "agency code"]


def test_cookie_notice_and_newsletter_removed() -> None:
    para = (
        "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, "
        "the port authority said in a statement on its website."
    )
    page = "\n\n".join(
        [
            "We use cookies to personalise content. By using this site you accept our cookie policy.",
            para,
            "Get our daily newsletter delivered to your inbox",
            para,
        ]
    )
    reasons = [r.reason for r in remove_clutter(page).removed]
    assert reasons == ["cookie notice", "newsletter sign-up"]


def test_body_prose_mentioning_subscriptions_is_kept() -> None:
    para = (
        "Subscribers to the regional streaming service will pay more from April, the company said, "
        "and it expects some users to cancel their subscription when the new prices apply to them."
    )
    assert remove_clutter(para).paragraphs == [para]


def test_empty_and_clutter_only_pages() -> None:
    assert remove_clutter("").paragraphs == []
    result = remove_clutter("Share this article\n\nRelated Posts\n\n.")
    assert result.paragraphs == []
    assert len(result.removed) == 3


def test_news_tail_filter_keeps_subheadings_and_cuts_tail() -> None:
    paragraphs = [
        "The district council approved the budget for next year on Monday after a long debate.",
        "What happens next",
        "The budget goes to the regional board, which has until June to approve or reject it.",
        "Photo credit: Jane Roe",
        "Sign up for our newsletter",
        "More from The Coastal Herald",
        "Lighthouse keeper retires after forty years",
    ]
    kept, removed = news_tail_filter(paragraphs)
    assert kept == paragraphs[:3]
    assert [r.reason for r in removed] == [
        "photo caption",
        "newsletter sign-up",
        "related-stories list",
        "related-stories list",
    ]
    assert [r.position for r in removed] == [3, 4, 5, 6]


def test_same_rules_power_both_paths() -> None:
    line = "You might also like"
    assert (
        classify_lines([line]).verdicts[0].reason == classify_lines([line], extracted=True).verdicts[0].reason
    )


def test_news_tail_filter_other_languages() -> None:
    body = [
        "Der Gemeinderat von Vellmar hat am Montag den Haushalt für das kommende Jahr beschlossen.",
        "Lesen Sie auch: Fährpreise steigen im Frühjahr",
        "Die Opposition kündigte an, weiter für niedrigere Hafengebühren zu kämpfen.",
        "Teilen mit:",
        "Weitere Themen",
        "Neue Brücke über die Alder eröffnet",
    ]
    kept, removed = news_tail_filter(body)
    assert kept == [body[0], body[2]]
    reasons = {r.text: r.reason for r in removed}
    assert reasons[body[1]] == "inline related link"
    assert reasons[body[3]] == "share buttons"
    assert reasons[body[4]] == "related-stories list"


def test_table_row_with_a_date_is_not_a_date_stamp() -> None:
    rows = [
        "The service logged these requests on the first day of the trial period, the team said.",
        "2020-08-01 18:00:00+00 │ 200 │ 4084",
    ]
    kept, _ = news_tail_filter(rows)
    assert rows[1] in kept


def test_repeated_lines_kept_in_extracted_text() -> None:
    verse = "Row the boat across the bay and home again"
    paras = ["The choir of Port Alder sang an old harbour song on Sunday evening.", verse, verse]
    kept, _ = news_tail_filter(paras)
    assert kept.count(verse) == 2


_BODY = (
    "The district council approved the budget for next year on Monday after a long debate "
    "that lasted late into the evening, members said."
)


def test_paragraph_broken_into_short_lines_is_judged_as_one() -> None:
    # a paragraph broken by <br>: no line alone reads as a sentence
    broken = [
        "The ferry from Port Alder to the islands",
        "will run twice a day from May, the harbour",
        "office said, and fares will stay as they are.",
    ]
    page = "\n".join(
        ["Home | News | Sport | Weather", "", _BODY, "", *broken, "", _BODY.replace("Monday", "Friday")]
    )
    result = remove_clutter(page)
    for line in broken:
        assert line in result.paragraphs
    kinds = {v.text: v.kind for v in result.verdicts}
    assert all(kinds[line] == "sentence" for line in broken)
    # positions still point at the page's own lines
    lines = page.split("\n")
    assert all(lines[v.position] == v.text for v in result.verdicts)
    assert "Home | News | Sport | Weather" not in result.paragraphs


def test_list_introduced_by_the_text_is_kept() -> None:
    items = [
        "Check the tide tables before sailing",
        "Carry a radio and spare batteries",
        "Tell the harbour office your route",
    ]
    page = "\n".join(
        [_BODY, "", "The harbour master gave three rules for small boats:", "", *items, "", _BODY]
    )
    result = remove_clutter(page)
    for item in items:
        assert item in result.paragraphs
    # the same lines without an introduction are still a headline list
    plain = remove_clutter("\n".join([_BODY, "", *items, "", _BODY]))
    assert all(item not in plain.paragraphs for item in items)


def test_paragraph_start_above_body_leads_in() -> None:
    page = "\n".join(
        [
            "Home | News | Sport | Weather",
            "",
            "Council keeps ferry fares",
            "",
            "Opening line of the article without a stop",
            _BODY,
            _BODY.replace("Monday", "Friday"),
        ]
    )
    result = remove_clutter(page)
    assert "Opening line of the article without a stop" in result.paragraphs  # same block as the body
    assert "Council keeps ferry fares" not in result.paragraphs  # the headline stays out (title step)
    assert "Home | News | Sport | Weather" not in result.paragraphs


def test_headline_above_body_is_not_kept() -> None:
    headline = "Council keeps ferry fares the same for a third year in a row"
    page = "\n".join(["Home | News | Sport | Weather", "", headline, "", _BODY, "", _BODY])
    assert headline not in remove_clutter(page).paragraphs


def test_box_of_links_inside_the_article_does_not_end_it() -> None:
    first = (
        "The harbour authority of Port Alder confirmed on Tuesday that the eastern breakwater will be "
        "rebuilt over the next two winters, after storms cracked its concrete in three places last year, "
        "and said the work would cost about four million crowns in total."
    )
    middle = (
        "The breakwater was built in 1911 and last repaired in the 1970s. Harbour staff have checked it "
        "after every storm since the cracks were found, and the authority said the ferry berth behind it "
        "was never at risk, although two moorings were closed in February as a precaution."
    )
    second = (
        "Engineers from the regional works office said the repairs would be done in sections so that the "
        "ferry to Kestmoor can keep sailing while the cranes are working on the breakwater."
    )
    page = "\n\n".join(
        [
            "Port Alder breakwater to be rebuilt",
            first,
            middle,
            "Related",
            "Ferry timetable changes for the Kestmoor crossing this winter\n"
            "New fish market opens by the western basin in Port Alder\n"
            "Storm season brings record waves to the Ostrand coast",
            second,
            "Leave a Reply",
            "Name",
        ]
    )
    result = remove_clutter(page)
    assert first in result.paragraphs and middle in result.paragraphs and second in result.paragraphs
    kept = "\n".join(result.paragraphs)
    assert "Ferry timetable changes" not in kept and "Leave a Reply" not in kept


def test_page_without_a_body_run_keeps_its_longest_paragraph() -> None:
    teaser = (
        "The council of Hollinford met with the owners of the old mill on Monday to talk about how the building "
        "could be turned into flats, and both sides said they were hopeful that a plan would be ready by the…"
    )
    page = "\n\n".join(
        ["Home\nNews\nSport", teaser, "Read the whole story with a subscription", "Subscribe now"]
    )
    result = remove_clutter(page)
    assert result.paragraphs == [teaser]


def test_page_of_short_lines_only_keeps_nothing() -> None:
    page = "\n\n".join(["Home\nNews\nSport", "Read the whole story with a subscription", "Subscribe now"])
    assert remove_clutter(page).paragraphs == []
