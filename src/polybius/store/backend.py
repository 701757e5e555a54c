"""The two back ends behind one interface: opening, locking, and bulk writes.

Everything else in the store is plain SQLAlchemy Core and runs unchanged on both. What differs:
DuckDB takes bulk rows fastest as an Arrow table scanned by ``INSERT … SELECT`` (its
``executemany`` goes row by row), PostgreSQL through psycopg's batched ``executemany``; and
PostgreSQL serialises concurrent writers with a transaction-scoped advisory lock (a DuckDB file
has one writer process by construction).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from polybius.store.errors import StoreError

DEFAULT_URL = "polybius.duckdb"
#: The advisory lock every PostgreSQL write transaction holds (an arbitrary constant).
WRITE_LOCK = 0x706F6C79
#: Bound parameters per ``IN (…)`` list.
CHUNK = 1000

Conflict = Literal["nothing", "greatest"]

_ARROW_TYPES: dict[type[sa.types.TypeEngine[Any]], pa.DataType] = {
    sa.String: pa.string(),
    sa.Integer: pa.int64(),
    sa.Double: pa.float64(),
    sa.Boolean: pa.bool_(),
    sa.Date: pa.date32(),
}


def engine_url(url: str | Path) -> str:
    """The SQLAlchemy URL for a user's ``--db`` value.

    ``postgresql://…`` (or ``postgres://``) → psycopg 3; ``duckdb:///path`` as is; anything without
    a scheme is a DuckDB file path. Raises StoreError for any other scheme.
    """
    text = str(url)
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix) :]
    if text.startswith(("postgresql+psycopg://", "duckdb:///")):
        return text
    if "://" in text:
        raise StoreError(
            f"unsupported database URL {text!r}: use a DuckDB file path, duckdb:///PATH "
            "or postgresql://USER@HOST:PORT/DB"
        )
    return "duckdb:///" + str(Path(text).expanduser().resolve())


def in_chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """``values`` (sorted, deduplicated) in lists of at most ``size``."""
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


class Backend:
    """The dialect-specific operations; ``name`` is ``duckdb`` or ``postgresql``."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.name = engine.dialect.name

    @classmethod
    def open(cls, url: str | Path) -> Backend:
        """Create the engine for ``url`` (see ``engine_url``)."""
        return cls(sa.create_engine(engine_url(url)))

    def lock(self, conn: sa.Connection) -> None:
        """Serialise writers until the end of the current transaction (PostgreSQL only)."""
        if self.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK)))

    def insert(
        self,
        conn: sa.Connection,
        table: sa.Table,
        rows: Sequence[dict[str, Any]],
        conflict: Conflict = "nothing",
    ) -> None:
        """Insert ``rows`` (dicts with the same keys), skipping or merging existing keys.

        conflict: ``nothing`` keeps the stored row; ``greatest`` sets each non-key column to the
        greater of the stored and new value (deterministic whatever the arrival order). Rows
        must not repeat a key.
        """
        if not rows:
            return
        columns = list(rows[0])
        if self.name == "duckdb":
            with self._registered(conn, table, columns, rows) as source:
                conn.execute(_upsert(table, columns, conflict, source))
        else:
            conn.execute(_upsert(table, columns, conflict), list(rows))

    def update(
        self, conn: sa.Connection, table: sa.Table, column: str, values: dict[str, Any]
    ) -> None:
        """Set ``column`` to ``values[key]`` on the row whose one-column primary key is ``key``."""
        if not values:
            return
        (key,) = (c.name for c in table.primary_key)
        rows = [{key: k, column: v} for k, v in sorted(values.items())]
        if self.name == "duckdb":
            with self._registered(conn, table, [key, column], rows) as source:
                conn.execute(
                    sa.update(table)
                    .values({column: source.c[column]})
                    .where(table.c[key] == source.c[key])
                )
        else:
            conn.execute(
                sa.update(table)
                .where(table.c[key] == sa.bindparam("_key"))
                .values({column: sa.bindparam("_value")}),
                [{"_key": r[key], "_value": r[column]} for r in rows],
            )

    def delete(self, conn: sa.Connection, table: sa.Table, ids: Iterable[str]) -> None:
        """Delete the rows whose one-column primary key is in ``ids``."""
        (key,) = table.primary_key.columns
        for chunk in in_chunks(ids):
            conn.execute(sa.delete(table).where(key.in_(chunk)))

    def _registered(
        self, conn: sa.Connection, table: sa.Table, columns: list[str], rows: Sequence[dict]
    ) -> _Registered:
        schema = pa.schema([(c, _arrow_type(table.c[c].type)) for c in columns])
        data = pa.Table.from_pylist(list(rows), schema=schema)
        return _Registered(conn, data, columns)


class _Registered:
    """Context manager: an Arrow table visible to DuckDB as ``_polybius_rows``."""

    NAME = "_polybius_rows"

    def __init__(self, conn: sa.Connection, data: pa.Table, columns: list[str]) -> None:
        self.raw = conn.connection.driver_connection
        self.data = data
        self.source = sa.table(self.NAME, *(sa.column(c) for c in columns))

    def __enter__(self) -> sa.TableClause:
        self.raw.register(self.NAME, self.data)
        return self.source

    def __exit__(self, *exc: object) -> None:
        self.raw.unregister(self.NAME)


def _arrow_type(column_type: sa.types.TypeEngine[Any]) -> pa.DataType:
    for sql_type, arrow_type in _ARROW_TYPES.items():
        if isinstance(column_type, sql_type):
            return arrow_type
    raise StoreError(f"no Arrow type for column type {column_type!r}")


def _upsert(
    table: sa.Table, columns: list[str], conflict: Conflict, source: sa.TableClause | None = None
) -> sa.Insert:
    stmt = pg_insert(table)
    if source is not None:
        stmt = stmt.from_select(columns, sa.select(*(source.c[c] for c in columns)))
    keys = [c.name for c in table.primary_key]
    if conflict == "nothing":
        return stmt.on_conflict_do_nothing(index_elements=keys)
    merged = {c: sa.func.greatest(table.c[c], stmt.excluded[c]) for c in columns if c not in keys}
    return stmt.on_conflict_do_update(index_elements=keys, set_=merged)
