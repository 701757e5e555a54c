"""Shared fixtures: a real PostgreSQL server for the whole session, and fresh databases.

``postgres_server`` is the URL of a PostgreSQL server the suite may create databases on:
``POLYBIUS_TEST_PG_URL`` when set, else a throwaway cluster started on 127.0.0.1 from Debian's
``/usr/lib/postgresql/*/bin`` (``scripts/system-deps`` installs it) and removed at the end. When
PostgreSQL cannot be started the tests that need it ERROR with the reason; they are never skipped.

``store_url`` is parametrised over both back ends (a DuckDB file in ``tmp_path``, a new
PostgreSQL database), so a test written once runs on each; ``new_store_url`` makes more.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from polybius.store.errors import StoreError
from polybius.store.pgtemp import TempPostgres, create_database

PG_URL_ENV = "POLYBIUS_TEST_PG_URL"
BACKENDS = ("duckdb", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server URL for the session (see the module docstring)."""
    given = os.environ.get(PG_URL_ENV)
    if given:
        yield given
        return
    try:
        server = TempPostgres(durable=False).start()
    except StoreError as exc:
        pytest.fail(
            f"PostgreSQL could not be started for the tests ({exc}); install it with "
            f"scripts/system-deps, or point {PG_URL_ENV} at a server",
            pytrace=False,
        )
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The back end under test: ``duckdb`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture
def new_store_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[[], str]:
    """Make the URL of a new, empty database on the back end under test (call it again for
    another one)."""

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        if backend == "duckdb":
            return str(tmp_path / f"{name}.duckdb")
        return create_database(request.getfixturevalue("postgres_server"), name)

    return make


@pytest.fixture
def store_url(new_store_url: Callable[[], str]) -> str:
    """The URL of a new, empty database on the back end under test."""
    return new_store_url()
