"""Every error the API answers with, in one table, and the handlers that render them.

An error body is always JSON ``{"error": KIND, "detail": MESSAGE}``; request validation errors
keep FastAPI's list of ``{"loc", "msg", "type"}`` as ``detail`` (kind ``invalid_request``, 422,
or ``malformed_json``, 400, when the body is not JSON at all).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from polybius.store import StoreError

#: kind → (HTTP status, message template).
ERRORS: dict[str, tuple[int, str]] = {
    "missing_key": (401, "this endpoint needs an API key in the X-API-Key header"),
    "wrong_key": (403, "the API key is not valid"),
    "ingest_disabled": (
        403,
        "ingest over HTTP is disabled: the server has no API keys "
        "(set POLYBIUS_API_KEYS or start it with --api-keys FILE)",
    ),
    "not_found": (404, "no {what} {name!r}"),
    "method_not_allowed": (405, "{detail}"),
    "too_large": (413, "the request body is larger than the server's limit"),
    "bad_query": (400, "{detail}"),
    "malformed_json": (400, "the request body is not valid JSON"),
    "invalid_request": (422, "the request does not match the schema"),
}

#: The kind of the errors Starlette raises itself (unknown route, wrong method, body too large).
STATUS_KINDS = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}


class ConfigError(ValueError):
    """The server cannot start with these settings (bad key file, weak key, ...)."""


class ApiError(Exception):
    """An error answered to the client: ``kind`` is a key of ``ERRORS``, ``details`` its
    placeholders."""

    def __init__(self, kind: str, **details: Any) -> None:
        self.kind = kind
        self.status, template = ERRORS[kind]
        self.message = template.format(**details)
        super().__init__(self.message)


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: str
    detail: str | list[dict[str, Any]]


def error_response(kind: str, detail: Any = None, **details: Any) -> JSONResponse:
    """The JSON response for error ``kind`` (``detail`` overrides the templated message)."""
    status, template = ERRORS[kind]
    message = template.format(**details) if detail is None else detail
    return JSONResponse({"error": kind, "detail": message}, status_code=status)


def documented(*kinds: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entry for a route that can answer with the errors ``kinds``."""
    statuses: dict[int, list[str]] = {}
    for kind in kinds:
        statuses.setdefault(ERRORS[kind][0], []).append(kind)
    return {
        status: {"model": ErrorBody, "description": ", ".join(names)}
        for status, names in statuses.items()
    }


def install(app: FastAPI) -> None:
    """Register the handlers that turn ApiError, StoreError and validation errors into bodies."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.kind, exc.message)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return error_response("bad_query", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        kind = STATUS_KINDS.get(exc.status_code)
        if kind is None:
            return JSONResponse({"error": "http", "detail": exc.detail}, exc.status_code)
        if kind == "not_found":
            return error_response(kind, what="path", name=request.url.path)
        return error_response(kind, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        if any(p["type"] == "json_invalid" for p in problems):
            return error_response("malformed_json", problems)
        return error_response("invalid_request", problems)
