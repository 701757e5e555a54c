"""Calendar arithmetic: every time expression resolves to an interval of days.

An interval becomes a value and a precision by one rule (``Interval.value``): one day is ``day``;
days inside one month are that ``month``; a span shorter than two weeks that crosses a month end
("last week" from Dec. 26 to Jan. 1) is the month of its middle day; days inside one year are that
``year``; anything longer is the year of its middle day (a winter is the year of its January).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from polybius.model import Precision

Part = Literal["early", "mid", "late"]
SHORT_SPAN_DAYS = 14


@dataclass(frozen=True)
class Interval:
    """The days ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    @classmethod
    def day(cls, day: dt.date) -> Interval:
        return cls(day, day)

    @property
    def middle(self) -> dt.date:
        return self.first + (self.last - self.first) // 2

    def value(self) -> tuple[dt.date, Precision]:
        """The interval as (date, precision); the date is the first day of its month or year."""
        first, last = self.first, self.last
        if first == last:
            return first, "day"
        if (first.year, first.month) == (last.year, last.month):
            return first.replace(day=1), "month"
        if (last - first).days < SHORT_SPAN_DAYS:
            return self.middle.replace(day=1), "month"
        if first.year == last.year:
            return first.replace(month=1, day=1), "year"
        return self.middle.replace(month=1, day=1), "year"

    def part(self, part: Part) -> Interval:
        """The first, middle or last third of the interval ("early March", "late last year")."""
        days = (self.last - self.first).days + 1
        third = max(1, days // 3)
        if part == "early":
            return Interval(self.first, self.first + dt.timedelta(days=third - 1))
        if part == "late":
            return Interval(self.last - dt.timedelta(days=third - 1), self.last)
        start = self.first + dt.timedelta(days=third)
        return Interval(start, max(start, self.last - dt.timedelta(days=third)))


def month(year: int, number: int) -> Interval:
    """The whole month ``number`` of ``year``; ``number`` may run past 12 or below 1."""
    year, number = year + (number - 1) // 12, (number - 1) % 12 + 1
    last = calendar.monthrange(year, number)[1]
    return Interval(dt.date(year, number, 1), dt.date(year, number, last))


def year(number: int) -> Interval:
    """The whole year ``number``."""
    return Interval(dt.date(number, 1, 1), dt.date(number, 12, 31))


def week(day: dt.date, offset: int = 0) -> Interval:
    """The Monday-to-Sunday week holding ``day``, moved by ``offset`` weeks."""
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=offset)
    return Interval(monday, monday + dt.timedelta(days=6))


def quarter(year_number: int, number: int) -> Interval:
    """Calendar quarter ``number`` (1-4, may run past) of ``year_number``."""
    first = month(year_number, 3 * (number - 1) + 1)
    return Interval(first.first, month(year_number, 3 * (number - 1) + 3).last)


def months_between(first: int, last: int, year_number: int) -> Interval:
    """Months ``first`` to ``last`` starting in ``year_number`` (``last < first`` wraps a year)."""
    end_year = year_number + (1 if last < first else 0)
    return Interval(month(year_number, first).first, month(end_year, last).last)


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def day_in_year(year_number: int, month_number: int, day_number: int) -> dt.date | None:
    """The date, or None when the day does not exist in that year (Feb. 29, Sept. 31)."""
    try:
        return dt.date(year_number, month_number, day_number)
    except ValueError:
        return None
