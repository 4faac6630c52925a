from datetime import UTC, datetime

import pytest

from newsprism.clean import find_date_mentions, find_date_stamp, parse_date

NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("First Published: Thu, September 22 2022. 08:17 IST", "2022-09-22T08:17:00"),
        ("8 Nov, 2022 06:58", "2022-11-08T06:58:00"),
        (" date 2022-09-22", "2022-09-22"),
        ("Published 14 June 2025", "2025-06-14"),
        ("June 14, 2025", "2025-06-14"),
        ("2025-06-14T09:30", "2025-06-14T09:30:00"),
        ("Posted on 3rd March 2024 at 9:05 pm", "2024-03-03T21:05:00"),
        ("Published: 05/03/2024", "2024-03-05"),
    ],
)
def test_stamp_forms(line: str, expected: str) -> None:
    assert find_date_stamp([line], now=NOW) == (expected, line)


def test_published_label_beats_generic_date_and_updated() -> None:
    lines = ["date 2022-09-21", "Updated: 23 September 2022", "First Published: 22 September 2022"]
    assert find_date_stamp(lines, now=NOW)[0] == "2022-09-22"


def test_future_stamp_refused() -> None:
    assert find_date_stamp(["Published 14 June 2026"], now=NOW) is None
    assert parse_date("2025-07-05", now=NOW) is None


def test_prose_is_not_a_stamp() -> None:
    line = "The council met on 4 March 2024 to discuss the budget for the harbour and the ferries."
    assert find_date_stamp([line], now=NOW) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-09-22T08:17:00Z", "2022-09-22T08:17:00"),
        ("2022-09-22", "2022-09-22"),
        ("Thu, 22 Sep 2022 08:17:00 GMT", "2022-09-22T08:17:00"),
        ("September 22, 2022", "2022-09-22"),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: str | None) -> None:
    assert parse_date(value, now=NOW) == expected


def test_relative_mentions_resolved_against_publication() -> None:
    text = (
        "Officials spoke on Thursday. Yesterday the port shut, and last week the ferry stopped. "
        "Earlier this month a storm hit; in July the board met. The vote was on 14 September."
    )
    got = {(m.text, m.date, m.relative) for m in find_date_mentions(text, "2022-09-24")}  # a Saturday
    assert ("on Thursday", "2022-09-22", True) in got
    assert ("Yesterday", "2022-09-23", True) in got
    assert ("last week", "2022-09-12", True) in got
    assert ("Earlier this month", "2022-09-01", True) in got
    assert ("in July", "2022-07-01", True) in got
    assert ("14 September", "2022-09-14", False) in got


def test_weekday_on_publication_day_is_that_day() -> None:
    (m,) = find_date_mentions("The board met on Saturday.", "2022-09-24")
    assert m.date == "2022-09-24"


def test_mention_offsets_index_the_text() -> None:
    text = "On 22 September 2022 and on Friday the council met."
    for m in find_date_mentions(text, "2022-09-24"):
        assert text[m.start : m.end] == m.text


def test_without_publication_only_explicit_dates() -> None:
    mentions = find_date_mentions("On Friday, and on 22 September 2022, and on 3 May.", None)
    assert [(m.text, m.date) for m in mentions] == [("22 September 2022", "2022-09-22")]


def test_numeric_date_only_line_day_first() -> None:
    assert find_date_stamp(["08/10/2024 - 19:40"], now=NOW) == ("2024-10-08T19:40:00", "08/10/2024 - 19:40")
    assert find_date_stamp(["10/22/2024"], now=NOW)[0] == "2024-10-22"
