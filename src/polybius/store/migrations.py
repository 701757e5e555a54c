"""Versioned schema migrations: ``schema_version`` records every step applied, in order.

A database is at version N when steps 1…N have run; ``migrate`` runs the missing ones in one
transaction (under the write lock, so two processes opening a new PostgreSQL database do not race)
and refuses a database written by a newer Polybius. To change the schema, append a step: never
edit a step that has shipped, since databases already at that version will not run it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from polybius.store import schema
from polybius.store.backend import Backend
from polybius.store.errors import StoreError


@dataclass(frozen=True)
class Migration:
    """One schema step: ``apply`` runs inside the migration transaction."""

    version: int
    description: str
    apply: Callable[[sa.Connection], None]


WINDOW_SETTING = "merge_window_days"
#: Settings a new database starts with (``Store.set_window`` changes the merge window).
DEFAULT_SETTINGS = {WINDOW_SETTING: "1"}


def _create_tables(conn: sa.Connection) -> None:
    schema.metadata.create_all(
        conn, tables=[schema.settings, *schema.DATA_TABLES], checkfirst=False
    )
    conn.execute(
        sa.insert(schema.settings), [{"name": k, "value": v} for k, v in DEFAULT_SETTINGS.items()]
    )


def index_ddl(dialect: sa.Dialect, name: str) -> str:
    """``CREATE INDEX`` for the secondary index ``name`` of ``schema.INDEXES``."""
    quote = dialect.identifier_preparer.quote
    table, columns = schema.INDEXES[name]
    listed = []
    for spec in columns:
        column, _, order = spec.partition(" ")
        listed.append(f"{quote(column)} {order}".strip())
    return f"CREATE INDEX {quote(name)} ON {quote(table.name)} ({', '.join(listed)})"


def _create_indexes(conn: sa.Connection) -> None:
    for name in schema.INDEXES:
        conn.execute(sa.text(index_ddl(conn.dialect, name)))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables: articles, copies, sentences, actors, mentions, events", _create_tables),
    Migration(2, "secondary indexes for merging and queries", _create_indexes),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: sa.Connection) -> int:
    """The highest version applied, 0 for an empty database."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    version = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(version or 0)


def migrate(backend: Backend) -> int:
    """Bring the database up to ``LATEST``; return the version it was at before.

    Raises StoreError when the database is newer than this code.
    """
    with backend.engine.begin() as conn:
        backend.lock(conn)
        before = current_version(conn)
        if before > LATEST:
            raise StoreError(
                f"database schema version {before} is newer than this Polybius "
                f"(knows up to {LATEST}): upgrade polybius"
            )
        if before == 0:
            schema.schema_version.create(conn)
        for step in MIGRATIONS:
            if step.version > before:
                step.apply(conn)
                conn.execute(
                    sa.insert(schema.schema_version).values(
                        version=step.version, description=step.description
                    )
                )
    return before
