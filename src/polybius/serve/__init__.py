"""The HTTP API and the analyst's dashboard over an event store.

``create_app(store, settings)`` builds the FastAPI application: the JSON API under ``/v1``
(``api``), ``/healthz``, OpenAPI with a locally served Swagger UI at ``/docs``, and the dashboard's
static files at ``/`` (``dashboard``). ``run`` serves it with uvicorn (``polybius serve``).
The modules, one job each: ``settings`` (limits, keys), ``auth`` (API keys), ``limits`` (request
body size), ``schemas`` (request and response bodies), ``coding`` (text/HTML → coded articles),
``aggregate`` (the map's places), ``errors`` (every error the API answers with).
``docs/serve.md`` is the reference.
"""

from polybius.serve.app import create_app, run
from polybius.serve.errors import ConfigError
from polybius.serve.settings import ServeSettings, load_api_keys

__all__ = ["ConfigError", "ServeSettings", "create_app", "load_api_keys", "run"]
