"""When a story happened, and how we know: dates for timeline entries.

A story with a dated member is dated from its members (`stories.event_date`: the
resolved date mentions its articles agree on, else the earliest publication day).
A story whose articles all lack a publication date is dated from its own text,
and the date is marked as *inferred* with the evidence behind it:

1. dates the text states in full ("14 March 2023", "2023-03-14") or as a day and
   month ("on January 20") whose year comes from the text itself (a full date's
   year, or the year after a past year it names, see `features.year_floor`); the
   latest such past date is taken, since news leads with its newest development
   and names older dates as background;
2. otherwise a lower bound: the first day of a month it names with a year ("in
   November 2022") or the first of January after a past year it names ("announced
   in 2022"), whichever is later. Such an entry says "not before" in its evidence.

Dates in a future clause ("the vote will be held on 5 May") are never used.

>>> d = text_dating("The ministry said on January 20 that talks failed. A deal was signed in 2022.")
>>> d.date, d.inferred, d.basis
('2023-01-20', True, 'text date')
>>> text_dating("Kim announced in 2022 that the plan was irreversible.").evidence
"not before 2023-01-01: the text names a past year ('announced in 2022')"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsprism.cluster.features import FUTURE_MARKERS, day_to_iso, to_day, year_floor_evidence
from newsprism.cluster.stories import event_date
from newsprism.models import Article

# A mention with a day number ("January 20", "14 March 2023", "2023-03-14"), as opposed
# to a month and year ("November 2022"), which only bounds the date.
_HAS_DAY = re.compile(r"(?<!\d)[0-3]?\d(?!\d)")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_SENTENCE_START = re.compile(r"[.!?\n][^.!?\n]*$")


@dataclass(slots=True)
class EventDating:
    """A story's date for a timeline, with its provenance.

    `basis` is one of "publication" (earliest publication day of its articles),
    "date mentions" (a date its articles report, resolved by the cleaning stage),
    "text date" (inferred from a date stated in an undated text), "lower bound"
    (inferred: the text only shows the story is not older than `date`) or "none".
    """

    date: str | None
    inferred: bool = False
    basis: str = "none"
    evidence: str = ""


def _future_clause(text: str, start: int) -> bool:
    """Whether the words before `start` in its sentence mark a future or modal clause."""
    lo = max(0, start - 40)
    m = _SENTENCE_START.search(text, lo, start)
    lo = m.start() + 1 if m else lo
    return FUTURE_MARKERS.search(text, lo, start) is not None


def text_dating(text: str) -> EventDating:
    """Date an undated text from the dates it states (see the module docstring)."""
    # imported here: the clean package's import pulls in the page cleaner, which the
    # cluster stage does not otherwise need
    from newsprism.clean.dates import find_date_mentions

    floor = year_floor_evidence(text)
    bound_day: int | None = floor[0] if floor else None
    bound_why = f"the text names a past year ('{floor[1]}')" if floor else ""
    day_dates: list[tuple[int, str]] = []  # (day, how the text states it)
    years: list[tuple[int, str]] = []  # (year, the mention that states it)
    for m in find_date_mentions(text, None):
        if _future_clause(text, m.start):
            continue
        d = to_day(m.date)
        if d is None:
            continue
        years.append((date.fromordinal(d).year, f"the year of '{m.text}'"))
        if _HAS_DAY.search(m.text.replace(m.date[:4], "")):
            day_dates.append((d, f"'{m.text}'"))
        elif bound_day is None or d > bound_day:
            bound_day, bound_why = d, f"the text names a past month ('{m.text}')"
    # Year evidence for a day and month without a year: the latest year the text
    # states in a date, or the year its past-year floor points to.
    if floor:
        years.append((date.fromordinal(floor[0]).year, f"the year after '{floor[1]}'"))
    if years:
        year, year_said = max(years)
        for m in find_date_mentions(text, f"{year}-12-31"):
            if m.relative or _HAS_YEAR.search(m.text) or not _HAS_DAY.search(m.text):
                continue
            d = to_day(m.date)
            if d is not None and not _future_clause(text, m.start):
                day_dates.append((d, f"'{m.text}' in {year}, {year_said}"))
    usable = [(d, said) for d, said in day_dates if bound_day is None or d >= bound_day]
    if usable:
        d, said = max(usable)
        return EventDating(day_to_iso(d), True, "text date", f"latest past date the text states ({said})")
    if bound_day is not None:
        return EventDating(
            day_to_iso(bound_day), True, "lower bound", f"not before {day_to_iso(bound_day)}: {bound_why}"
        )
    return EventDating(None, False, "none", "no publication date and no date stated in the text")


def story_dating(articles: Sequence[Article], max_before_days: int = 4) -> EventDating:
    """The date of the story made of `articles`, from publication dates or text.

    >>> story_dating([Article(id="a", source="s", title="t", text="x", published="2024-02-03")]).basis
    'publication'
    """
    pubs = sorted(d for d in (to_day(a.published) for a in articles) if d is not None)
    if pubs:
        found = event_date(articles, max_before_days)
        if found == day_to_iso(pubs[0]):
            return EventDating(found, False, "publication", "earliest publication date of its articles")
        return EventDating(found, False, "date mentions", "the date its articles report the event on")
    datings = [(a.id, text_dating(a.text or "")) for a in articles]
    for basis in ("text date", "lower bound"):
        found_ = [(d.date or "", aid, d) for aid, d in datings if d.basis == basis]
        if not found_:
            continue
        # several articles: a stated date -> the earliest (the event's first report);
        # bounds -> the latest (every bound holds for the one event)
        iso, aid, d = min(found_) if basis == "text date" else max(found_)
        return EventDating(iso, True, basis, f"inferred from article {aid}: {d.evidence}")
    return EventDating(None, False, "none", "no publication date and no date stated in the text")
