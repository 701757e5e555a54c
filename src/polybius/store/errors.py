"""The store's errors, in one place."""

from __future__ import annotations


class StoreError(Exception):
    """Anything the store cannot do, with a one-line reason a user can act on.

    Raised for a URL that names no supported database, a database written by a newer Polybius
    (schema version ahead of this code), an unreadable pagination cursor, a malformed dyad or
    period, an unknown export format, and a PostgreSQL server that cannot be started.
    """
