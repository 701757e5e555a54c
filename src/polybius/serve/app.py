"""``create_app``: the API, the dashboard and the error handlers on one FastAPI application;
``run``: serve it with uvicorn."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from polybius import __version__
from polybius.serve import dashboard, errors
from polybius.serve.api import api_router
from polybius.serve.limits import BodySizeLimit
from polybius.serve.settings import ServeSettings
from polybius.store import Store

DESCRIPTION = """Political event data coded from news (PLOVER, with CAMEO beside it): merged
events with the sentences they came from, actors, dyad time series, and coding of new text.
`POST /v1/articles` needs an API key in the `X-API-Key` header."""


def create_app(store: Store, settings: ServeSettings | None = None) -> FastAPI:
    """The application over ``store`` (opened by the caller, who also closes it).

    settings: limits, API keys and CORS origins (default ``ServeSettings()``: no keys, so ingest
    over HTTP is refused; 1 MiB bodies; pages of at most 500 events; no CORS).
    """
    settings = settings or ServeSettings()
    app = FastAPI(
        title="Polybius",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    app.include_router(api_router(store, settings))
    dashboard.mount(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    return app


def run(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: ServeSettings | None = None,
    log_level: str = "info",
) -> None:
    """Open the store at ``db`` (it must exist) and serve it until interrupted.

    Raises StoreError when the database is missing or cannot be opened.
    """
    import uvicorn

    with Store(db, create=False) as store:
        uvicorn.run(create_app(store, settings), host=host, port=port, log_level=log_level)
