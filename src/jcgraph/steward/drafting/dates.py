"""Dates in French and English text, at the precision written: a day, a month, a year, or a weekday alone."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "lundi": "Monday", "mardi": "Tuesday", "mercredi": "Wednesday", "jeudi": "Thursday", "vendredi": "Friday",
    "samedi": "Saturday", "dimanche": "Sunday", "monday": "Monday", "tuesday": "Tuesday", "wednesday": "Wednesday",
    "thursday": "Thursday", "friday": "Friday", "saturday": "Saturday", "sunday": "Sunday",
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:1er|[0-3]?\d)"
_YEAR = r"(?:19|20)\d\d"
_PATTERNS = (
    ("dmy", re.compile(rf"\b({_DAY})\s+({_MONTH})\s+({_YEAR})\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})\b", re.IGNORECASE)),
    ("dotted", re.compile(r"\b([0-3]\d)\.([01]\d)\.((?:19|20)\d\d)\b")),
    ("dm", re.compile(rf"\b({_DAY})\s+({_MONTH})\b(?!\s+(?:{_YEAR}))", re.IGNORECASE)),
    ("md", re.compile(rf"\b({_MONTH})\s+({_DAY})\b(?!,?\s+(?:{_YEAR}))(?![\d:])", re.IGNORECASE)),
    ("my", re.compile(rf"\b({_MONTH})\s+({_YEAR})\b", re.IGNORECASE)),
    ("y", re.compile(rf"\b(?:en|in|of|de)\s+({_YEAR})\b", re.IGNORECASE)),
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date as written: ``value`` in XSD lexical form and its ``datatype`` (date, gYearMonth, gYear, gMonthDay)."""

    value: str
    datatype: str
    start: int
    end: int
    weekday: str | None = None  # a weekday written just before it


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text``, each at the precision written, in order; a longer form wins over its parts."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for shape, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            groups = m.groups()
            try:
                value, datatype = _lexical(shape, groups)
            except ValueError:
                continue
            # "mai" and "may" are also ordinary words: only "May 2022" / "12 mai" shapes get here
            before = text[max(0, m.start() - 14) : m.start()]
            weekday = _WEEKDAY.search(before)
            found.append(
                DateMention(
                    value, datatype, m.start(), m.end(), WEEKDAYS[weekday.group(1).lower()] if weekday else None
                )
            )
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _lexical(shape: str, groups: tuple[str, ...]) -> tuple[str, str]:
    def day(text):
        return 1 if text.lower() == "1er" else int(text)

    if shape == "dmy":
        d, mo, y = day(groups[0]), MONTHS[groups[1].lower()], int(groups[2])
        return datetime.date(y, mo, d).isoformat(), "date"
    if shape == "dotted":
        return datetime.date(int(groups[2]), int(groups[1]), int(groups[0])).isoformat(), "date"
    if shape == "mdy":
        mo, d, y = MONTHS[groups[0].lower()], day(groups[1]), int(groups[2])
        return datetime.date(y, mo, d).isoformat(), "date"
    if shape == "dm":
        d, mo = day(groups[0]), MONTHS[groups[1].lower()]
        datetime.date(2000, mo, d)  # validates the day (2000 is a leap year)
        return f"--{mo:02d}-{d:02d}", "gMonthDay"
    if shape == "md":
        mo, d = MONTHS[groups[0].lower()], day(groups[1])
        datetime.date(2000, mo, d)
        return f"--{mo:02d}-{d:02d}", "gMonthDay"
    if shape == "my":
        return f"{int(groups[1])}-{MONTHS[groups[0].lower()]:02d}", "gYearMonth"
    return groups[0], "gYear"


def find_weekdays(text: str) -> list[tuple[str, int]]:
    """Weekday names (as OWL-Time local names) and where they are."""
    return [(WEEKDAYS[m.group(1).lower()], m.start()) for m in _WEEKDAY.finditer(text)]


def parse_published(value: str) -> tuple[str, str] | None:
    """A ``published:`` value as (lexical, datatype): ``2024-12-12`` date, ``2018-11`` gYearMonth, ``2019`` gYear."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        datetime.date.fromisoformat(value)
        return value, "date"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return value, "gYearMonth"
    if re.fullmatch(r"\d{4}", value):
        return value, "gYear"
    return None


def weekday_before(weekday: str, published: str) -> str | None:
    """The last ``weekday`` on or before a full publication date (a news page's "on Thursday"), else None."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", published or ""):
        return None
    day = datetime.date.fromisoformat(published)
    target = list(WEEKDAYS.values()).index(weekday) % 7
    return (day - datetime.timedelta(days=(day.weekday() - target) % 7)).isoformat()


def year_for_day_month(month_day: str, published: str) -> str | None:
    """The year of a "13 juin dernier"-style day and month: the publication year, or the one before if later."""
    found = re.fullmatch(r"(\d{4})(?:-(\d\d))?.*", published or "")
    if not found or not found.group(2):
        return None
    year, pub_month = int(found.group(1)), int(found.group(2))
    month = int(month_day[2:4])
    return str(year if month <= pub_month else year - 1)
