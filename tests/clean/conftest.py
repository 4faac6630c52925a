"""Shared invented pages for the clean-stage tests (fictional outlets, people and places)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsprism.clean import CleanConfig

BODY = [
    "The harbour at Port Alder reopened on Tuesday after a storm closed it for three days, "
    "the port authority said in a statement.",
    "Fishermen returned to work early in the morning, and the town council said repairs to the "
    "northern quay would cost about two million crowns over the next year.",
    "Harbour master Ilse Varn added:",
    "We have waited long enough and the boats need to go out.",
    "The council will vote on the repair budget next month, according to deputy mayor Oren Kell, "
    "who said the money would come from the regional reserve fund.",
    "Ferry services to the outer islands are expected to resume on Friday if the weather holds.",
]

CLUTTER_PAGE = "\n".join(
    [
        "icon bookmark icon camera icon check icon chevron down icon mail icon print",
        "You are here: Home » Region » Coast",
        "JUST IN",
        "Mayor opens new library wing in Vellmar",
        "Rail strike called off after late-night talks",
        "Wind farm plan approved by district board",
        "",
        "Harbour reopens after three-day storm closure",
        "",
        "  • The harbour reopened on Tuesday.",
        "  • Repairs will cost about two million crowns.",
        "",
        "By Mira Castellan",
        "Published 5 March 2024",
        "Share this article",
        "Photo: Tomas Brekk/The Coastal Herald",
        "",
        BODY[0],
        "",
        BODY[1],
        "",
        "READ | Storm damage tallied along the coast",
        "",
        BODY[2],
        "",
        BODY[3],
        "",
        "(Image: Tomas Brekk)",
        "",
        BODY[4],
        "",
        BODY[5],
        "",
        "Topics",
        "Port Alder | Storms | Shipping",
        "",
        "Dear Reader,",
        "",
        "The Coastal Herald has always worked hard to keep you informed about the coast, and we "
        "need your support to keep doing so in these difficult times for local journalism.",
        "",
        "Support quality journalism and subscribe to The Coastal Herald.",
        "",
        "Sign up for our morning newsletter",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "",
        "Related Posts",
        "",
        "Lighthouse keeper retires after forty years",
        "",
        "The keeper of the Alder Point light handed over the keys on Sunday after four decades in which "
        "she guided thousands of boats to…",
        "",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "RES-EMP",
        "---",
    ]
)


@pytest.fixture
def config() -> CleanConfig:
    return CleanConfig(now=datetime(2025, 7, 1, tzinfo=UTC))


@pytest.fixture
def body() -> list[str]:
    """The genuine body paragraphs of CLUTTER_PAGE, in order."""
    return list(BODY)


@pytest.fixture
def clutter_page() -> str:
    """An invented page with clutter of every kind before and after its body."""
    return CLUTTER_PAGE


@pytest.fixture(scope="session", autouse=True)
def _language_model_loaded() -> None:
    """Load py3langid's model once before the tests: plain-text pages detect their
    language (`newsprism.clean.stopwords`), and the one-off model load (~1 s) would
    otherwise fall inside the first hypothesis example and exceed its deadline."""
    from newsprism.clean.stopwords import page_language

    page_language(
        ["Der Hafen von Port Alder wurde am Dienstag nach dem Sturm wieder geöffnet, sagte die Behörde."]
    )
