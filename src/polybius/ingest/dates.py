"""Publication dates as sources write them, to ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import time

from dateutil import parser as dateutil_parser

# Two different defaults: a field the text does not give comes out different in the two parses.
_DEFAULTS = (dt.datetime(1900, 1, 1), dt.datetime(1904, 2, 2))


def iso_date(value: str | time.struct_time | None) -> str | None:
    """The calendar date of ``value`` ("March 14, 2024", "14 March 2024 10:32 GMT",
    "2024-03-14T09:30:00Z", a feed's ``struct_time``) as ``YYYY-MM-DD``, or None when it is empty
    or not a full date (a year or month alone is not a publication date).
    """
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    text = value.strip()
    if not text:
        return None
    try:
        first, second = (dateutil_parser.parse(text, default=d, fuzzy=True) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():
        return None
    return first.date().isoformat()
