"""Reading events back: filters, keyset pagination, series, and rows → records.

Pages are ordered newest first, ``sort_date DESC, id DESC`` (``sort_date`` is the date, or
``UNDATED`` for an undated event, so those come last); the cursor is the (sort_date, id) of the
last row of a page, so a page never repeats or skips an event however many are added while a
client pages. Every value reaches SQL as a bound parameter.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from polybius.model import Event, EventActor, Location
from polybius.store.errors import StoreError
from polybius.store.records import EventMention, SeriesPoint, StoredEvent
from polybius.store.schema import UNDATED, events

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
MAX_LIMIT = 10_000
WILDCARD = "*"
QUAD_FIELDS = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}
DateLike = dt.date | str | None


def parse_date(value: DateLike, name: str) -> dt.date | None:
    """``value`` as a date; raises StoreError naming ``name`` for a malformed string."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise StoreError(f"{name}: {value!r} is not a date in YYYY-MM-DD form") from exc


def parse_dyad(dyad: str) -> tuple[str, str]:
    """``"A:B"`` → (A, B), each a code pattern (see ``code_matches``)."""
    source, sep, target = dyad.partition(":")
    if not sep or not source or not target:
        raise StoreError(
            f"dyad {dyad!r} must be SOURCE:TARGET actor codes, e.g. USA:CHN, RUS*:UKR* or USA:*"
        )
    return source, target


def like_escape(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def code_matches(column: sa.ColumnElement[str], pattern: str) -> sa.ColumnElement[bool] | None:
    """``pattern`` as a condition on an actor-code column: ``*`` alone matches anything (None),
    a trailing ``*`` any code starting with what precedes it (``RUS*`` → ``RUS``, ``RUSGOV``…),
    anything else exactly that code."""
    if pattern == WILDCARD:
        return None
    if pattern.endswith(WILDCARD):
        return column.like(like_escape(pattern[:-1]) + "%", escape="\\")
    return column == pattern


@dataclass(frozen=True)
class EventFilter:
    """Which events to return; every field is optional and they combine with AND.

    actor: an actor code that is the source or the target. dyad: ``SOURCE:TARGET`` codes
    (directed). Codes may end in ``*`` to match every code they start (``RUS*``: ``RUS``,
    ``RUSGOV``, ``RUSMIL``…); ``*`` alone matches any. type: a PLOVER type. since/until: event
    date bounds, inclusive.
    country: ISO3 (or group code) of the source, the target or the location.
    include_negated: also events the text says did not happen.
    """

    actor: str | None = None
    dyad: str | None = None
    type: str | None = None
    since: DateLike = None
    until: DateLike = None
    country: str | None = None
    include_negated: bool = False

    def clauses(self) -> list[sa.ColumnElement[bool]]:
        """The WHERE conditions, as bound-parameter expressions on ``events``."""
        c = events.c
        where: list[sa.ColumnElement[bool]] = []
        if not self.include_negated:
            where.append(c.negated.is_(False))
        if self.actor:
            either = [code_matches(col, self.actor) for col in (c.source_code, c.target_code)]
            if all(x is not None for x in either):
                where.append(sa.or_(*either))
        if self.dyad:
            source, target = parse_dyad(self.dyad)
            for column, pattern in ((c.source_code, source), (c.target_code, target)):
                condition = code_matches(column, pattern)
                if condition is not None:
                    where.append(condition)
        if self.type:
            where.append(c.plover == self.type.upper())
        since, until = parse_date(self.since, "since"), parse_date(self.until, "until")
        # On sort_date (equal to date when there is one) so that the page index bounds the scan.
        if since is not None:
            where.append(c.sort_date >= since)
        if until is not None:
            where.append(c.sort_date <= until)
        if since is not None or until is not None:
            where.append(c.sort_date > UNDATED)
        if self.country:
            where.append(
                sa.or_(
                    c.source_country == self.country,
                    c.target_country == self.country,
                    c.location_country == self.country,
                )
            )
        return where


def encode_cursor(sort_date: dt.date, event_id: str) -> str:
    """The opaque cursor after the event (``sort_date``, ``event_id``)."""
    raw = json.dumps([sort_date.isoformat(), event_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.date, str]:
    """(sort date, id) from a cursor; raises StoreError for one this store did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sort_date, event_id = json.loads(raw)
        return dt.date.fromisoformat(sort_date), str(event_id)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise StoreError(f"invalid cursor {cursor!r}: pass back a next_cursor unchanged") from exc


def after_cursor(cursor: str) -> sa.ColumnElement[bool]:
    """Rows strictly after the cursor in the page order: one row comparison, which an index on
    ``(sort_date, id)`` answers directly however deep the page."""
    sort_date, event_id = decode_cursor(cursor)
    return sa.tuple_(events.c.sort_date, events.c.id) < sa.tuple_(sort_date, event_id)


def page_order() -> list[sa.UnaryExpression[Any]]:
    """The pagination order: newest first, undated last (``sort_date``), then by id."""
    return [events.c.sort_date.desc(), events.c.id.desc()]


def check_limit(limit: int) -> int:
    """``limit`` if 1…MAX_LIMIT, else StoreError."""
    if not 1 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return limit


def period_start(day: dt.date, by: Period) -> dt.date:
    """The first day of the period holding ``day`` (weeks start on Monday)."""
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def next_period(start: dt.date, by: Period) -> dt.date:
    """The first day of the period after the one starting at ``start``."""
    if by == "day":
        return start + dt.timedelta(days=1)
    if by == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def check_period(by: str) -> Period:
    """``by`` if it is a known period, else StoreError."""
    if by not in PERIODS:
        raise StoreError(f"period {by!r} must be one of {', '.join(PERIODS)}")
    return by  # type: ignore[return-value]


def series_points(
    counts: Mapping[dt.date, Mapping[int, tuple[int, float]]],
    by: Period,
    since: dt.date | None,
    until: dt.date | None,
) -> list[SeriesPoint]:
    """Points for every period from ``since`` (else the first with data) to ``until``.

    counts: by period start, then quad class → (events, summed Goldstein).
    """
    if not counts and (since is None or until is None):
        return []
    first = period_start(since, by) if since else min(counts)
    last = period_start(until, by) if until else max(counts)
    points = []
    start = first
    while start <= last:
        by_quad = counts.get(start, {})
        total = sum(n for n, _ in by_quad.values())
        summed = float(sum(g for _, g in by_quad.values()))
        points.append(
            SeriesPoint(
                period=start.isoformat(),
                events=total,
                **{name: by_quad.get(q, (0, 0.0))[0] for q, name in QUAD_FIELDS.items()},
                goldstein_sum=round(summed, 6),
                goldstein_mean=round(summed / total, 6) if total else None,
            )
        )
        start = next_period(start, by)
    return points


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def actor_of(row: Mapping[str, Any], role: str) -> EventActor | None:
    """The ``<role>_…`` columns as an EventActor (None when there is no such actor)."""
    if row[f"{role}_name"] is None:
        return None
    return EventActor(
        text=row[f"{role}_text"] or "",
        name=row[f"{role}_name"],
        code=row[f"{role}_code"] or "",
        country=row[f"{role}_country"] or "",
        sector=row[f"{role}_sector"] or "",
        kb_id=row[f"{role}_kb_id"] or "",
    )


def location_of(row: Mapping[str, Any]) -> Location | None:
    """The location columns as a Location (None when there is none)."""
    if row["location_country"] is None:
        return None
    return Location(
        name=row["location_name"] or "",
        country=row["location_country"],
        lat=row["lat"],
        lon=row["lon"],
        precision=row["location_precision"] or "country",
        admin1=row["location_admin1"] or "",
        geonames_id=row["location_geonames_id"] or "",
        text=row["location_text"] or "",
    )


def stored_event(row: Mapping[str, Any], mentions: tuple[EventMention, ...] = ()) -> StoredEvent:
    """An ``events`` row as a StoredEvent."""
    source = actor_of(row, "source")
    if source is None:
        raise StoreError(f"event {row['id']} has no source actor")
    return StoredEvent(
        id=row["id"],
        plover=row["plover"],
        mode=row["mode"],
        cameo=row["cameo"],
        quad_class=row["quad_class"],
        goldstein=row["goldstein"],
        source=source,
        target=actor_of(row, "target"),
        date=_iso(row["date"]),
        date_precision=row["date_precision"],
        modality=row["modality"],
        negated=row["negated"],
        location=location_of(row),
        confidence=row["confidence"],
        num_mentions=row["num_mentions"],
        num_articles=row["num_articles"],
        num_sources=row["num_sources"],
        first_seen=_iso(row["first_seen"]),
        last_seen=_iso(row["last_seen"]),
        root_mention=row["root_mention"],
        article_hash=row["article_hash"],
        sentence_index=row["sentence_index"],
        sentence=row["sentence"],
        url=row["url"],
        mentions=mentions,
    )


def event_mention(row: Mapping[str, Any], urls: tuple[str, ...]) -> EventMention:
    """A ``mentions`` row (joined with its sentence text as ``sentence``) as an EventMention."""
    source = actor_of(row, "source")
    if source is None:
        raise StoreError(f"mention {row['id']} has no source actor")
    record = Event(
        id=row["id"],
        article_id=row["hash"],
        published=_iso(row["published"]),
        plover=row["plover"],
        source=source,
        target=actor_of(row, "target"),
        mode=row["mode"],
        cameo=row["cameo"],
        quad_class=row["quad_class"],
        goldstein=row["goldstein"],
        date=_iso(row["date"]),
        date_precision=row["date_precision"],
        date_text=row["date_text"],
        modality=row["modality"],
        negated=row["negated"],
        location=location_of(row),
        sentence_index=row["sentence_index"],
        sentence=row["sentence"] or "",
        spans={k: tuple(v) for k, v in json.loads(row["spans"] or "{}").items()},
        confidence=row["confidence"],
        why=row["why"],
    )
    return EventMention(row["id"], row["event_id"], row["hash"], urls, record)
