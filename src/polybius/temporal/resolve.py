"""Turning a matched time expression into an interval of days, news style.

``interpret(match, published, back, lexicon)`` reads the words of the match through the lexicon
and resolves them against the publication date. ``back`` says which way a bare name points: True
in a past clause (the last such day, month, season or quarter), False in a future or present
clause (the next one). The conventions, from news usage:

- a bare weekday looking back is the most recent such day *including* the publication day
  ("said Friday" in a Friday story); looking ahead it is the next one, strictly after it;
- "last Friday" is the most recent Friday before the publication day, "next Friday" the first
  after it; "this Friday" follows the clause's direction, the publication day included;
- a bare month looking back is the most recent such month including the current one, looking
  ahead the next including the current one; "last September" is the most recent before the
  current month, "next March" the first after it;
- a day of a month without a year ("Feb. 14") is the nearest such date in the clause's
  direction, the publication day included;
- "last week" is the previous Monday-to-Sunday week; "earlier this week" runs from Monday to the
  day before publication; "N weeks ago" is the day seven N days back;
- seasons are meteorological (northern hemisphere); "last summer" is the most recent summer that
  ended before publication; a bare quarter looking back is the most recent one that has ended.

Returns None when the expression needs a publication date and there is none, or names a day
that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property

from polybius.temporal import intervals
from polybius.temporal.detect import Match
from polybius.temporal.intervals import Interval, Part
from polybius.temporal.rules import Lexicon

DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
YEAR_NUMBER = re.compile(r"^(1[89]|2[01])\d{2}$")
ISO_DAY = re.compile(r"(\d{4})[-–/](\d{2})[-–/](\d{2})$")
SHIFTS = {"last": -1, "next": 1, "this": 0}


class Words:
    """The words of one match, read through the lexicon (each feature computed when asked)."""

    def __init__(self, match: Match, lexicon: Lexicon) -> None:
        self.lower = [t.lower_ for t in match.span]
        self.lexicon = lexicon

    @cached_property
    def modifiers(self) -> list[str]:
        return [self.lexicon.modifiers[w] for w in self.lower if w in self.lexicon.modifiers]

    @cached_property
    def shift(self) -> int | None:
        """-1 for "last", 1 for "next", 0 for "this", None when the words name no shift."""
        return next((SHIFTS[m] for m in self.modifiers if m in SHIFTS), None)

    @cached_property
    def part(self) -> Part | None:
        """The third of the period the words name ("early March", "later this year")."""
        parts = ("early", "mid", "late", "earlier", "later")
        return next((_part(m) for m in self.modifiers if m in parts), None)

    @cached_property
    def relative(self) -> str | None:
        """ "earlier" or "later" ("earlier this week": the part before the publication day)."""
        return next((m for m in self.modifiers if m in ("earlier", "later")), None)

    @cached_property
    def month(self) -> int | None:
        return _first(self.lower, self.lexicon.months)

    @cached_property
    def weekday(self) -> int | None:
        return _first(self.lower, self.lexicon.weekdays)

    @cached_property
    def year(self) -> int | None:
        return next((int(w) for w in self.lower if YEAR_NUMBER.match(w)), None)

    @cached_property
    def day(self) -> int | None:
        days = [int(m.group(1)) for w in self.lower if (m := DAY_NUMBER.match(w))]
        return next((d for d in days if 1 <= d <= 31), None)

    @cached_property
    def season(self) -> tuple[int, int] | None:
        return next(
            (self.lexicon.seasons[w] for w in self.lower if w in self.lexicon.seasons), None
        )

    @cached_property
    def quarter(self) -> int | None:
        return _first(self.lower, self.lexicon.quarter_ordinals)

    @cached_property
    def count(self) -> tuple[int, int] | None:
        """The last count before the unit, as (fewest, most): "a few" is (2, 4)."""
        counts = [self.lexicon.counts[w] for w in self.lower if w in self.lexicon.counts]
        counts += [(int(w), int(w)) for w in self.lower if w.isdigit()]
        return counts[-1] if counts else None

    @cached_property
    def unit(self) -> tuple[str, int] | None:
        return next((self.lexicon.units[w] for w in self.lower if w in self.lexicon.units), None)

    def has(self, *words: str) -> bool:
        return any(w in self.lower for w in words)


def _first(words: list[str], table: dict[str, int]) -> int | None:
    """The table's value for the first of ``words`` it holds."""
    return next((table[w] for w in words if w in table), None)


def _part(modifier: str) -> Part:
    return {"earlier": "early", "later": "late"}.get(modifier, modifier)  # type: ignore[return-value]


def interpret(
    match: Match, published: dt.date | None, back: bool, lexicon: Lexicon
) -> Interval | None:
    """The interval ``match`` names, resolved against ``published`` (see the module docstring)."""
    words = Words(match, lexicon)
    resolver = RESOLVERS.get(match.label)
    if resolver is None:
        return None
    return resolver(words, published, back)


def _date(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    iso = ISO_DAY.search("".join(words.lower))
    if iso:
        day = intervals.day_in_year(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return Interval.day(day) if day else None
    if words.month is None or words.day is None:
        return None
    if words.year is not None:
        day = intervals.day_in_year(words.year, words.month, words.day)
        return Interval.day(day) if day else None
    if published is None:
        return None
    candidates = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := intervals.day_in_year(y, words.month, words.day))
    ]
    chosen = (
        max((d for d in candidates if d <= published), default=None)
        if back
        else min((d for d in candidates if d >= published), default=None)
    )
    return Interval.day(chosen) if chosen else None


def _month_year(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if words.month is None or words.year is None:
        return None
    return intervals.month(words.year, words.month)


def _month(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if words.month is None or published is None:
        return None
    current, wanted = published.month, words.month
    if words.shift == -1:
        year = published.year if wanted < current else published.year - 1
    elif words.shift == 1:
        year = published.year if wanted > current else published.year + 1
    elif words.shift == 0:
        year = published.year
    elif back:
        year = published.year if wanted <= current else published.year - 1
    else:
        year = published.year if wanted >= current else published.year + 1
    return intervals.month(year, wanted)


def _year(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if words.year is None:
        return None
    whole = intervals.year(words.year)
    return whole.part(words.part) if words.part else whole


def _weekday(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if words.weekday is None or published is None:
        return None
    behind = (published.weekday() - words.weekday) % 7  # days back to the most recent one
    ahead = (words.weekday - published.weekday()) % 7  # days on to the next one
    if words.shift == -1:
        return Interval.day(intervals.add_days(published, -(behind or 7)))
    if words.shift == 1:
        return Interval.day(intervals.add_days(published, ahead or 7))
    if words.shift == 0 or back:
        return Interval.day(intervals.add_days(published, -behind if back else ahead))
    return Interval.day(intervals.add_days(published, ahead or 7))


def _relative_day(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if published is None:
        return None
    if words.has("night") and words.has("last"):
        offset = -1
    else:
        offset = next(
            (
                words.lexicon.relative_days[w]
                for w in words.lower
                if w in words.lexicon.relative_days
            ),
            0,
        )
        if words.has("day") and words.has("before", "after"):
            offset += -1 if words.has("before") else 1
    return Interval.day(intervals.add_days(published, offset))


def _week(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if published is None:
        return None
    if words.has("weekend"):
        return _weekend(words, published, back)
    this_week = intervals.week(published)
    if words.relative:
        return _before_or_after(this_week, published, words.relative)
    whole = intervals.week(published, words.shift or 0)
    return whole.part(words.part) if words.part else whole


def _weekend(words: Words, published: dt.date, back: bool) -> Interval:
    saturday_back = (published.weekday() - 5) % 7  # days back to the most recent Saturday
    last_saturday = intervals.add_days(published, -saturday_back)
    if words.shift == -1:
        if saturday_back <= 1:  # published on the weekend itself: the one before
            last_saturday = intervals.add_days(last_saturday, -7)
        saturday = last_saturday
    elif words.shift == 1 or not back:
        saturday = last_saturday if saturday_back <= 1 else intervals.add_days(last_saturday, 7)
        if words.shift == 1 and saturday_back <= 1:
            saturday = intervals.add_days(saturday, 7)
    else:
        saturday = last_saturday
    return Interval(saturday, intervals.add_days(saturday, 1))


def _before_or_after(whole: Interval, published: dt.date, relative: str) -> Interval:
    """The part of ``whole`` before ("earlier") or after ("later") the publication day."""
    if relative == "earlier":
        last = intervals.add_days(published, -1)
        return Interval(whole.first, last) if last >= whole.first else Interval.day(published)
    first = intervals.add_days(published, 1)
    return Interval(first, whole.last) if first <= whole.last else Interval.day(published)


def _month_relative(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if published is None:
        return None
    return intervals.month(published.year, published.month + (words.shift or 0))


def _year_relative(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if published is None:
        return None
    whole = intervals.year(published.year + (words.shift or 0))
    return whole.part(words.part) if words.part and not words.relative else whole


def _ago(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if published is None or words.count is None or words.unit is None:
        return None
    (fewest, most), (unit, size) = words.count, words.unit
    if unit == "days":
        return Interval(
            intervals.add_days(published, -most * size),
            intervals.add_days(published, -fewest * size),
        )
    if unit == "months":
        base = published.year * 12 + published.month - 1
        return Interval(
            intervals.month(0, base - most * size + 1).first,
            intervals.month(0, base - fewest * size + 1).last,
        )
    return Interval(
        intervals.year(published.year - most * size).first,
        intervals.year(published.year - fewest * size).last,
    )


def _season(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if words.season is None:
        return None
    first, last = words.season
    wraps = last < first  # winter: December to February
    if words.year is not None:
        return intervals.months_between(first, last, words.year - 1 if wraps else words.year)
    if published is None:
        return None
    instances = [
        intervals.months_between(first, last, y)
        for y in range(published.year - 2, published.year + 2)
    ]
    if words.shift == -1:
        return max((s for s in instances if s.last < published), key=lambda s: s.first)
    if words.shift == 1:
        return min((s for s in instances if s.first > published), key=lambda s: s.first)
    current = next((s for s in instances if s.first <= published <= s.last), None)
    if current:
        return current
    if back:
        return max((s for s in instances if s.last < published), key=lambda s: s.first)
    return min((s for s in instances if s.first > published), key=lambda s: s.first)


def _quarter(words: Words, published: dt.date | None, back: bool) -> Interval | None:
    if words.quarter is None and words.has("last") and words.year is not None:
        return intervals.quarter(words.year, 4)  # "the last quarter of 2022"
    if words.quarter is not None and words.year is not None:
        return intervals.quarter(words.year, words.quarter)
    if published is None:
        return None
    current = (published.month - 1) // 3 + 1
    if words.quarter is None:
        return intervals.quarter(published.year, current + (words.shift or 0))
    years = (published.year - 1, published.year, published.year + 1)
    instances = [intervals.quarter(y, words.quarter) for y in years]
    if back:
        return max((q for q in instances if q.last < published), key=lambda q: q.first)
    return min((q for q in instances if q.last >= published), key=lambda q: q.first)


RESOLVERS: dict[str, Callable[[Words, dt.date | None, bool], Interval | None]] = {
    "DATE": _date,
    "MONTH_YEAR": _month_year,
    "MONTH": _month,
    "YEAR": _year,
    "WEEKDAY": _weekday,
    "RELATIVE_DAY": _relative_day,
    "TODAY": _relative_day,
    "WEEK": _week,
    "MONTH_RELATIVE": _month_relative,
    "YEAR_RELATIVE": _year_relative,
    "AGO": _ago,
    "SEASON": _season,
    "QUARTER": _quarter,
}
