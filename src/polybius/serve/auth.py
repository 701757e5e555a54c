"""API keys for the endpoints that write: compared in constant time, never logged or echoed."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Security
from fastapi.security import APIKeyHeader

from polybius.serve.errors import ApiError

HEADER = "X-API-Key"

#: The OpenAPI security scheme; ``auto_error=False`` so a missing key gets our own 401 body.
key_header = APIKeyHeader(name=HEADER, auto_error=False, description="An ingest API key.")


def key_matches(presented: str, keys: tuple[str, ...]) -> bool:
    """Whether ``presented`` is one of ``keys``, comparing against every key with
    ``hmac.compare_digest`` so the time taken says nothing about how close a guess was."""
    given = presented.encode("utf-8")
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(given, key.encode("utf-8"))
    return matched


def key_checker(keys: tuple[str, ...]) -> Callable[[str | None], None]:
    """A FastAPI dependency that lets a request through only with one of ``keys``.

    Raises ApiError ``missing_key`` (401) without the header, ``ingest_disabled`` (403) when the
    server has no keys, ``wrong_key`` (403) for any other key.
    """

    def require_key(presented: str | None = Security(key_header)) -> None:
        if not presented:
            raise ApiError("missing_key")
        if not keys:
            raise ApiError("ingest_disabled")
        if not key_matches(presented, keys):
            raise ApiError("wrong_key")

    return require_key
