"""Dates: publication stamps on pages and date mentions inside article text.

Two jobs, one set of patterns:

- `parse_date` / `find_date_stamp` read a publication date from a metadata value
  ("2022-09-22T08:17:00Z") or a stamp line on the page ("First Published: Thu,
  September 22 2022. 08:17 IST", "8 Nov, 2022 06:58", "Published 14 June 2025").
  They never return a date after `now`.
- `find_date_mentions` finds dates the text refers to ("on Thursday", "last week",
  "22 September", "in July") and resolves them against the publication date.

>>> from datetime import UTC, datetime
>>> now = datetime(2025, 7, 1, tzinfo=UTC)
>>> find_date_stamp(["First Published: Thu, September 22 2022. 08:17 IST"], now=now)
('2022-09-22T08:17:00', 'First Published: Thu, September 22 2022. 08:17 IST')
>>> [(m.text, m.date) for m in find_date_mentions("He spoke on Thursday.", "2022-09-24")]
[('on Thursday', '2022-09-22')]

All patterns are flat (no nested quantifiers) so matching stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from newsprism.models import DateMention

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
# Abbreviated or full month names; "Sept." included.
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MON_CAP = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"

# Stamps (case-insensitive, year required).
_STAMP_ISO = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)"
    r"(?:[T ](?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?)?"
)
_STAMP_DMY = re.compile(
    rf"\b(?P<d>[0-3]?\d){_ORD}[ \t]+(?:of[ \t]+)?(?P<mon>{_MON})\.?,?[ \t]*(?P<y>(?:19|20)\d\d)\b", re.I
)
_STAMP_MDY = re.compile(
    rf"\b(?P<mon>{_MON})\.?[ \t]+(?P<d>[0-3]?\d){_ORD},?[ \t]+(?P<y>(?:19|20)\d\d)\b", re.I
)
# dd/mm/yyyy, day first (the common order outside the US); used only on labelled stamps.
_STAMP_NUM = re.compile(r"\b(?P<d>[0-3]?\d)[./](?P<m>[0-3]?\d)[./](?P<y>(?:19|20)\d\d)\b")
# A time right after the date: "2022. 08:17", "2022 06:58", "2022, 9:30 pm", "2022 at 10:05".
_TIME_AFTER = re.compile(
    r"[ \t.,|@-]{0,4}(?:at[ \t]+)?(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
    r"[ \t]*(?P<ap>[ap]\.?m\b\.?)?",
    re.I,
)
# Labels that mark a publication stamp, best first; "updated" stamps rank below.
_LABEL = re.compile(
    r"^\W{0,3}(?P<label>first published|originally published|published(?: on| at)?|posted(?: on| at)?|date"
    r"|dated|released|created|last updated|updated(?: on| at)?|last modified|modified)\b[ \t:|-]*",
    re.I,
)
_WORDY = re.compile(r"[^\W\d_]{2,}")
_DIGIT = re.compile(r"\d")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _iso(d: date, hms: tuple[int, int, int] | None) -> str:
    if hms is None:
        return d.isoformat()
    return f"{d.isoformat()}T{hms[0]:02d}:{hms[1]:02d}:{hms[2]:02d}"


def _not_future(d: date, now: datetime) -> bool:
    return date(1900, 1, 1) <= d <= now.date()


def _time_after(text: str, pos: int) -> tuple[int, int, int] | None:
    m = _TIME_AFTER.match(text, pos)
    if not m:
        return None
    hour, minute, sec = int(m.group("H")), int(m.group("M")), int(m.group("S") or 0)
    ap = (m.group("ap") or "").lower()
    if ap.startswith("p") and hour < 12:
        hour += 12
    elif ap.startswith("a") and hour == 12:
        hour = 0
    if hour > 23:
        return None
    return hour, minute, sec


def _stamp_in(text: str, now: datetime, *, numeric: bool = False) -> tuple[str, int] | None:
    """The first valid, non-future date in `text` as ISO, and where it starts."""
    best: tuple[int, str] | None = None
    patterns = [_STAMP_ISO, _STAMP_DMY, _STAMP_MDY] + ([_STAMP_NUM] if numeric else [])
    for pat in patterns:
        for m in pat.finditer(text):
            try:
                month = int(m.group("m")) if "m" in pat.groupindex else _month(m.group("mon"))
                day = int(m.group("d"))
                if pat is _STAMP_NUM and month > 12 >= day:
                    day, month = month, day  # "10/22/2025": month first (US order)
                d = date(int(m.group("y")), month, day)
            except (ValueError, KeyError):
                continue
            if not _not_future(d, now):
                continue
            if pat is _STAMP_ISO and m.group("H") is not None:
                hour = int(m.group("H"))
                hms: tuple[int, int, int] | None = (
                    (hour, int(m.group("M")), int(m.group("S") or 0)) if hour <= 23 else None
                )
            else:
                hms = _time_after(text, m.end())
            if best is None or m.start() < best[0]:
                best = (m.start(), _iso(d, hms))
            break  # first match of this pattern is enough
    return (best[1], best[0]) if best else None


def parse_date(value: str | None, *, now: datetime | None = None) -> str | None:
    """A metadata date value as ISO "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS", or None.

    Keeps the wall-clock time the source gave; refuses dates after `now`.

    >>> parse_date("2022-09-22T08:17:00+05:30", now=datetime(2023, 1, 1, tzinfo=UTC))
    '2022-09-22T08:17:00'
    >>> parse_date("2999-01-01") is None
    True
    """
    if not value or not value.strip():
        return None
    now = now or _utc_now()
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        dt = None
    if dt is not None:
        if dt.tzinfo is not None:
            ref = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
            if dt > ref + timedelta(hours=14):  # local dates may run up to UTC+14 ahead
                return None
        if not _not_future(dt.date(), now + timedelta(hours=14) if dt.tzinfo else now):
            return None
        has_time = len(value) > 10 and ("T" in value or " " in value or ":" in value)
        return _iso(dt.date(), (dt.hour, dt.minute, dt.second) if has_time else None)
    found = _stamp_in(value, now, numeric=True)
    if found:
        return found[0]
    return _parse_with_dateutil(value, now)


def _parse_with_dateutil(value: str, now: datetime) -> str | None:
    # Last resort for RFC 2822 feed dates ("Thu, 22 Sep 2022 08:17:00 GMT") and the like.
    from dateutil import parser as dateparser

    if len(value) > 80 or not re.search(r"\d", value):
        return None
    try:
        dt = dateparser.parse(value, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if dt.year == 1900 or not _not_future(dt.date(), now):
        return None
    has_time = bool(re.search(r"\d:\d\d", value))
    return _iso(dt.date(), (dt.hour, dt.minute, dt.second) if has_time else None)


def find_date_stamp(lines: Iterable[str], *, now: datetime | None = None) -> tuple[str, str] | None:
    """The publication date among page stamp lines: (ISO date, the line it came from).

    A line counts when it is labelled ("Published", "First Published", "Updated", "date")
    or is little else than a date ("8 Nov, 2022 06:58"). Labelled publication stamps beat
    bare dates, which beat "updated" stamps; earlier lines win ties.
    """
    now = now or _utc_now()
    best: tuple[int, int, str, str] | None = None  # (rank, order, iso, line)
    for order, line in enumerate(lines):
        if len(line) > 160 or not _DIGIT.search(line):
            continue
        label = _LABEL.match(line)
        # numeric dates ("08/10/2025 - 19:40") count on labelled or date-only lines
        found = _stamp_in(line, now, numeric=bool(label) or len(_WORDY.findall(line)) <= 2)
        if not found:
            continue
        iso, _start = found
        if label:
            name = label.group("label").lower()
            if "updated" in name or "modified" in name:
                rank = 2
            elif name.startswith(("date", "created", "released")):
                rank = 1  # a generic "date" label is as good as a bare date
            else:
                rank = 0
        else:
            # bare date: the rest of the line must be short (weekday, time zone, "JUST IN")
            rest = _WORDY.findall(_STAMP_ISO.sub(" ", line))
            if len(rest) > 6:
                continue
            rank = 1
        if best is None or (rank, order) < (best[0], best[1]):
            best = (rank, order, iso, line)
    return (best[2], best[3]) if best else None


def is_date_line(line: str) -> bool:
    """True when `line` is a date stamp: labelled, or a date with little else around it."""
    if len(line) > 120 or not _DIGIT.search(line):
        return False
    far_future = datetime(2100, 1, 1, tzinfo=UTC)
    label = _LABEL.match(line)
    found = _stamp_in(line, far_future, numeric=bool(label) or len(_WORDY.findall(line)) <= 2)
    if not found:
        return False
    if label:
        return True
    words = _WORDY.findall(line)
    return len(words) <= 6


# --- date mentions -------------------------------------------------------------------

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# One leading look-behind instead of a \b per branch: about 3x faster on long texts.
_MENTION = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        [
            # 22 September 2022 / 22 September
            rf"(?P<dmy>(?P<d1>[0-3]?\d){_ORD}[ \t]+(?:of[ \t]+)?(?P<mon1>{_MON_CAP})\.?"
            r"(?:,?[ \t]+(?P<y1>(?:19|20)\d\d)\b)?)",
            # September 22, 2022 / Sept 22
            rf"(?P<mdy>(?P<mon2>{_MON_CAP})\.?[ \t]+(?P<d2>[0-3]?\d)(?!\d){_ORD}\b(?:,?[ \t]+(?P<y2>(?:19"
            rf"|20)\d\d)\b)?)",
            # 2022-09-22
            r"(?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b)",
            # July 2022
            rf"(?P<my>(?P<mon4>{_MON_CAP})[ \t]+(?P<y4>(?:19|20)\d\d)\b)",
            # on Thursday / last Friday / next Monday / Thursday
            rf"(?P<wdx>(?:(?P<wmod>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ss]ince|[Bb]y|[Uu]ntil|[Ee]arly"
            rf"|[Ll]ate)[ \t]+)?(?P<wd>{_WD})\b)",
            # in July / since March / last June / earlier in May
            r"(?P<inm>(?P<mmod>[Ii]n|[Ss]ince|[Uu]ntil|[Dd]uring|[Ll]ast|[Ee]arly|[Ll]ate"
            r"|[Mm]id-?)[ \t]+(?:(?:early|late|mid-?)[ \t]*)?(?P<mon5>January|February|March|April|May|June"
            r"|July|August|September|October|November|December)\b(?![ \t]+\d))",
            # the day before yesterday / yesterday / today / tomorrow / last night / this morning
            r"(?P<day>(?:[Tt]he day before yesterday|[Yy]esterday|[Tt]oday|[Tt]omorrow|[Ll]ast night"
            r"|[Tt]his (?:morning|afternoon|evening))\b)",
            # last week / earlier this month / next year
            r"(?P<per>(?P<pmod>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier this|[Ll]ater this|[Ee]arlier in the"
            r"|[Pp]ast)[ \t]+(?P<unit>week|month|year)\b)",
        ]
    )
    + ")"
)


_ABBREV_DOT = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


def _pub_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _infer_year(month: int, day: int, pub: date | None) -> date | None:
    """A day-month without a year: the pub year, or the year before when that would be
    more than a week after publication (a reference to last December in January)."""
    if pub is None:
        return None
    for year in (pub.year, pub.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= pub + timedelta(days=7):
            return d
    return None


def _shift_month(d: date, months: int) -> date:
    idx = d.year * 12 + (d.month - 1) + months
    return date(idx // 12, idx % 12 + 1, 1)


def _resolve(m: re.Match[str], pub: date | None) -> tuple[date, bool] | None:
    """The date a mention refers to and whether it was relative.

    Periods resolve to their first day ("last week" -> Monday of the week before,
    "earlier this month" -> the 1st), weekdays to the most recent such day on or
    before publication ("last X" strictly before, "next X" strictly after).
    """
    g = m.group
    try:
        if g("dmy"):
            month, day = _month(g("mon1")), int(g("d1"))
            if g("y1"):
                return date(int(g("y1")), month, day), False
            inferred = _infer_year(month, day, pub)
            return (inferred, False) if inferred else None
        if g("mdy"):
            month, day = _month(g("mon2")), int(g("d2"))
            if g("y2"):
                return date(int(g("y2")), month, day), False
            inferred = _infer_year(month, day, pub)
            return (inferred, False) if inferred else None
        if g("iso"):
            return date(int(g("y3")), int(g("m3")), int(g("d3"))), False
        if g("my"):
            return date(int(g("y4")), _month(g("mon4")), 1), False
    except ValueError:
        return None
    if pub is None:
        return None
    if g("wdx"):
        target = _WEEKDAYS[g("wd").lower()]
        mod = (g("wmod") or "").lower()
        back = (pub.weekday() - target) % 7
        if mod == "next":
            return pub + timedelta(days=(target - pub.weekday()) % 7 or 7), True
        if mod == "last" and back == 0:
            back = 7
        return pub - timedelta(days=back), True
    if g("inm"):
        month = _month(g("mon5"))
        year = pub.year if month <= pub.month else pub.year - 1
        if (g("mmod") or "").lower() == "last" and month >= pub.month:
            year = pub.year - 1
        return date(year, month, 1), True
    if g("day"):
        word = g("day").lower()
        if "before" in word:
            return pub - timedelta(days=2), True
        if word in ("yesterday", "last night"):
            return pub - timedelta(days=1), True
        if word == "tomorrow":
            return pub + timedelta(days=1), True
        return pub, True
    if g("per"):
        mod, unit = g("pmod").lower(), g("unit")
        step = -1 if mod in ("last", "past") else (1 if mod == "next" else 0)
        if unit == "week":
            monday = pub - timedelta(days=pub.weekday())
            return monday + timedelta(weeks=step), True
        if unit == "month":
            return _shift_month(pub, step), True
        return date(pub.year + step, 1, 1), True
    return None


# Every mention holds an *anchor*: a digit, a month or weekday name (capitalised in
# `_MENTION`), or one of `_LOWER_ANCHORS` ("[Yy]esterday" holds "esterday"). A mention
# whose first anchor is a digit starts at that digit, which starts a word (day-month
# dates, ISO dates); any other starts at most three words (runs of non-[ \t]
# characters) before the word holding its first anchor ("the day before yesterday",
# "earlier in the week", "in early March"). `_mentions` tries `_MENTION` only there:
# the same matches as `_MENTION.finditer` (tests/clean/test_clean_dates.py compares
# them), at under half its cost on news text, where `finditer` tries the whole
# alternation at every character (it was ~18% of cleaning a plain-text article).
_ANCHOR = re.compile(
    "|".join(
        # a digit after a letter or digit ("A320", "2022") starts no mention: not an anchor
        [rf"{d}(?<!\w{d})" for d in "0123456789"]
        + ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        + ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
)  # branches that open on a literal: the regex engine skips to the next possible first character
_LOWER_ANCHORS = (
    "esterday",
    "oday",
    "omorrow",
    "night",
    "morning",
    "afternoon",
    "evening",
    "week",
    "month",
    "year",
)
# Matched on the reversed text from an anchor: the anchor's word and up to three words before it.
_BACK_WORDS = re.compile(r"[^ \t]*(?:[ \t]+[^ \t]*){0,3}")
_WORD_START = re.compile(r"(?<!\w)\w")


def _anchors(text: str) -> list[tuple[int, bool]]:
    """(position, is a digit) of the anchors of `text`, in order."""
    found = [(m.start(), m.end() - m.start() == 1) for m in _ANCHOR.finditer(text)]
    for word in _LOWER_ANCHORS:
        i = text.find(word)
        while i >= 0:
            found.append((i, False))
            i = text.find(word, i + 1)
    found.sort()
    return found


def _mentions(text: str) -> list[re.Match[str]]:
    """`list(_MENTION.finditer(text))`, trying `_MENTION` only near anchors.

    Positions below `tried` are settled: each either starts no match or lies inside
    one already found. For a digit anchor the digit is tried; for another, the word
    starts from three words before it up to it, in order. A match found is the
    leftmost from `tried` on: one starting earlier would hold an earlier anchor,
    whose positions were tried before.
    """
    out: list[re.Match[str]] = []
    tried = 0
    rev: str | None = None
    n = len(text)
    for a, digit in _anchors(text):
        if a < tried:
            continue
        if digit:
            found = _MENTION.match(text, a)
            if found is None:
                tried = a + 1
            else:
                out.append(found)
                tried = found.end()
            continue
        if rev is None:
            rev = text[::-1]
        back = _BACK_WORDS.match(rev, n - 1 - a)
        lo = max(tried, n - back.end()) if back is not None else tried
        while True:
            found = None
            for ws in _WORD_START.finditer(text, lo, a + 1):
                found = _MENTION.match(text, ws.start())
                if found is not None:
                    break
            if found is None:
                tried = a + 1
                break
            out.append(found)
            tried = lo = found.end()
            if lo > a:
                break
    return out


def find_date_mentions(text: str, published: str | None) -> list[DateMention]:
    """Dates referred to in `text`, resolved against the publication date (ISO).

    Explicit dates without a year and all relative expressions need `published`;
    without it only fully specified dates are returned. Offsets index into `text`.
    """
    pub = _pub_date(published)
    out: list[DateMention] = []
    for m in _mentions(text):
        resolved = _resolve(m, pub)
        if resolved is None:
            continue
        d, relative = resolved
        end = m.end()
        if text[end - 1] == "." and not _ABBREV_DOT.search(text, m.start(), end):
            end -= 1  # a sentence's full stop after a full month name, not an abbreviation dot
        out.append(
            DateMention(
                text=text[m.start() : end], date=d.isoformat(), start=m.start(), end=end, relative=relative
            )
        )
    return out
