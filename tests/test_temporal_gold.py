"""The temporal gold set: its integrity, and Polybius's accuracy on it (done-when: >= 90%)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from pathlib import Path

from polybius.temporal.gold import is_right, predict_all, read_gold

GOLD = Path(__file__).resolve().parents[1] / "bench" / "data" / "temporal" / "gold.jsonl"
ROWS = read_gold(GOLD)
WEEKDAYS = [name.lower() for name in calendar.day_name]
CATEGORIES = {
    "weekday-past",
    "weekday-future",
    "relative-day",
    "relative-week",
    "relative-month",
    "relative-year",
    "month-bare",
    "month-year",
    "absolute",
    "ago",
    "season",
    "quarter",
    "boundary",
    "none",
    "clause",
    "carry",
}


def test_the_gold_set_is_large_and_covers_every_category():
    assert sum(1 for row in ROWS if row.text) >= 220
    assert set(Counter(row.category for row in ROWS)) == CATEGORIES
    assert len({row.id for row in ROWS}) == len(ROWS)


def test_every_gold_row_is_well_formed():
    for row in ROWS:
        where = row.context + row.sentence if row.context else row.sentence
        assert not row.text or row.text in where, row.id
        assert row.precision in {"day", "month", "year", "publication"}, row.id
        value = dt.date.fromisoformat(row.value)
        if row.precision == "month":
            assert value.day == 1, row.id
        if row.precision == "year":
            assert (value.month, value.day) == (1, 1), row.id
        if row.precision == "publication":
            assert row.value == row.published, row.id
        if row.trigger:
            assert row.sentence.count(row.trigger) == 1, row.id


def test_weekday_values_fall_on_the_named_weekday():
    for row in ROWS:
        named = [d for d in WEEKDAYS if d in row.text.lower()]
        if row.precision == "day" and named and row.category != "absolute":
            assert WEEKDAYS[dt.date.fromisoformat(row.value).weekday()] == named[0], row.id


def test_accuracy_on_the_gold_set_is_at_least_ninety_percent_in_all_and_per_category():
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    for row, prediction in zip(ROWS, predict_all(ROWS), strict=True):
        total[row.category] += 1
        if is_right(row, prediction):
            right[row.category] += 1
        else:
            wrong.append((row.id, row.text, row.value, row.precision, prediction))
    assert sum(right.values()) / len(ROWS) >= 0.90, wrong
    for category, count in total.items():
        assert right[category] / count >= 0.80, (category, wrong)
