"""The event database: one schema on DuckDB (embedded default) or PostgreSQL.

``Store(url)`` opens (and migrates) a database; ``Store.add(coded_articles)`` stores
``pipeline.CodedArticle``-like records idempotently and merges the same happening across
articles; ``events``/``event``/``series``/``actors``/``top_dyads`` read it back; ``export`` writes
events as JSON lines, CSV, Parquet, or GDELT- and ICEWS-style tables. This package never imports
the coding stages: it receives their output. ``docs/store.md`` is the reference.
"""

from polybius.store.backend import DEFAULT_URL
from polybius.store.errors import StoreError
from polybius.store.query import EventFilter
from polybius.store.records import (
    ActorSummary,
    AddResult,
    DyadCount,
    EventMention,
    EventPage,
    SeriesPoint,
    StoredEvent,
)
from polybius.store.store import Store

__all__ = [
    "DEFAULT_URL",
    "ActorSummary",
    "AddResult",
    "DyadCount",
    "EventFilter",
    "EventMention",
    "EventPage",
    "SeriesPoint",
    "Store",
    "StoreError",
    "StoredEvent",
]
