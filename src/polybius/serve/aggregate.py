"""Aggregates the dashboard needs that the store has no query for: events per place.

Written with SQLAlchemy Core against the store's ``events`` table and its ``EventFilter``, so
every value is a bound parameter and the filters mean what they mean everywhere else.
"""

from __future__ import annotations

import sqlalchemy as sa

from polybius.serve.schemas import Place
from polybius.store import EventFilter, Store
from polybius.store.schema import events


def places(store: Store, flt: EventFilter, limit: int) -> list[Place]:
    """The ``limit`` places (name, country, coordinates) with most events matching ``flt``;
    events without coordinates are left out. Ties are broken by name."""
    c = events.c
    count = sa.func.count().label("events")
    statement = (
        sa.select(
            c.location_name,
            c.location_country,
            c.lat,
            c.lon,
            c.location_precision,
            count,
            sa.func.sum(c.num_mentions).label("mentions"),
        )
        .where(*flt.clauses(), c.lat.is_not(None), c.lon.is_not(None))
        .group_by(c.location_name, c.location_country, c.lat, c.lon, c.location_precision)
        .order_by(count.desc(), c.location_name, c.location_country)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [
            Place(
                name=name or "",
                country=country or "",
                lat=lat,
                lon=lon,
                precision=precision or "country",
                events=int(n),
                mentions=int(m or 0),
            )
            for name, country, lat, lon, precision, n, m in conn.execute(statement)
        ]


def ping(store: Store) -> None:
    """Run the cheapest query there is; raises if the database does not answer."""
    with store.engine.connect() as conn:
        conn.execute(sa.select(sa.literal(1)))
