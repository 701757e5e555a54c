"""The store's tables (SQLAlchemy Core), the same on DuckDB and PostgreSQL.

Every key is a content-derived string (``polybius.model.stable_id``), never a database sequence:
DuckDB has no ``SERIAL``, and content keys are what make ingest idempotent and merging
re-runnable. ``docs/store.md`` describes every table and column.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

metadata = sa.MetaData()


def _key(name: str, **kwargs: object) -> sa.Column:
    return sa.Column(name, sa.String, primary_key=True, autoincrement=False, **kwargs)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String, nullable=False, server_default="")


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.String, nullable=False),
)

settings = sa.Table(
    "settings",
    metadata,
    _key("name"),
    sa.Column("value", sa.String, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    _key("hash"),
    sa.Column("published", sa.Date),
    _text("language"),
    sa.Column("text", sa.String, nullable=False),
)

article_copies = sa.Table(
    "article_copies",
    metadata,
    _key("hash"),
    _key("locator"),
    _text("url"),
    _text("site"),
    _text("source"),
    _text("article_id"),
    _text("title"),
    _text("author"),
    _text("dateline"),
)

sentences = sa.Table(
    "sentences",
    metadata,
    _key("hash"),
    sa.Column("sentence_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("start_char", sa.Integer, nullable=False),
    sa.Column("end_char", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
)

actors = sa.Table(
    "actors",
    metadata,
    _key("id"),
    _text("code"),
    sa.Column("name", sa.String, nullable=False),
    _text("country"),
    _text("sector"),
    _text("kb_id"),
)


def _actor_columns(role: str) -> list[sa.Column]:
    return [
        sa.Column(f"{role}_actor", sa.String),
        sa.Column(f"{role}_text", sa.String),
        sa.Column(f"{role}_code", sa.String),
        sa.Column(f"{role}_name", sa.String),
        sa.Column(f"{role}_country", sa.String),
        sa.Column(f"{role}_sector", sa.String),
        sa.Column(f"{role}_kb_id", sa.String),
    ]


def _location_columns() -> list[sa.Column]:
    return [
        sa.Column("location_name", sa.String),
        sa.Column("location_country", sa.String),
        sa.Column("location_admin1", sa.String),
        sa.Column("location_precision", sa.String),
        sa.Column("location_geonames_id", sa.String),
        sa.Column("location_text", sa.String),
        sa.Column("lat", sa.Double),
        sa.Column("lon", sa.Double),
    ]


def _coding_columns() -> list[sa.Column]:
    return [
        sa.Column("plover", sa.String, nullable=False),
        _text("mode"),
        _text("cameo"),
        sa.Column("quad_class", sa.Integer, nullable=False),
        sa.Column("goldstein", sa.Double, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_precision", sa.String, nullable=False),
        sa.Column("modality", sa.String, nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Double, nullable=False),
    ]


mentions = sa.Table(
    "mentions",
    metadata,
    _key("id"),
    sa.Column("hash", sa.String, nullable=False),
    sa.Column("sentence_index", sa.Integer, nullable=False),
    sa.Column("merge_key", sa.String, nullable=False),
    sa.Column("event_id", sa.String),
    *_coding_columns(),
    sa.Column("published", sa.Date),
    _text("date_text"),
    *_actor_columns("source"),
    *_actor_columns("target"),
    *_location_columns(),
    _text("spans"),
    _text("why"),
)

#: The ``sort_date`` of an event with no date: it pages after every dated event.
UNDATED = dt.date(1, 1, 1)

events = sa.Table(
    "events",
    metadata,
    _key("id"),
    sa.Column("merge_key", sa.String, nullable=False),
    *_coding_columns(),
    sa.Column("sort_date", sa.Date, nullable=False),
    *_actor_columns("source"),
    *_actor_columns("target"),
    *_location_columns(),
    sa.Column("num_mentions", sa.Integer, nullable=False),
    sa.Column("num_articles", sa.Integer, nullable=False),
    sa.Column("num_sources", sa.Integer, nullable=False),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date),
    sa.Column("root_mention", sa.String, nullable=False),
    sa.Column("article_hash", sa.String, nullable=False),
    sa.Column("sentence_index", sa.Integer, nullable=False),
    sa.Column("sentence", sa.String, nullable=False),
    _text("url"),
)

#: Secondary indexes, created by migration 2 (name → table, columns with an optional order).
#: ``ix_events_page`` serves the pagination order (``query.page_order``) without a sort.
INDEXES: dict[str, tuple[sa.Table, tuple[str, ...]]] = {
    "ix_mentions_merge_key": (mentions, ("merge_key",)),
    "ix_mentions_event": (mentions, ("event_id",)),
    "ix_mentions_hash": (mentions, ("hash",)),
    "ix_events_merge_key": (events, ("merge_key",)),
    "ix_events_page": (events, ("sort_date", "id")),
    "ix_events_dyad": (events, ("source_code", "target_code", "date")),
    "ix_events_target": (events, ("target_code", "date")),
    "ix_events_plover": (events, ("plover", "date")),
    "ix_actors_code": (actors, ("code",)),
}

#: Every data table, in the order rows are written and compared.
DATA_TABLES = (articles, article_copies, sentences, actors, mentions, events)
