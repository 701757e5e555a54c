"""The dashboard's static files, and Swagger UI served from them (no CDN at run time).

``static/`` is the build output of ``frontend/`` (``make frontend``), committed so that the
package needs no npm when it runs. Starlette's ``StaticFiles`` resolves every path inside that
folder and answers 404 for anything outside it (``..``, encoded slashes, symlinks out).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
SWAGGER = "/static/vendor/swagger"

#: Headers of the dashboard page: only this server's own scripts, styles, images and API.
PAGE_HEADERS = {
    # ECharts writes its tooltips as HTML with style attributes, hence 'unsafe-inline' styles.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def mount(app: FastAPI) -> None:
    """Serve the dashboard at ``/``, its assets under ``/static`` and Swagger UI at ``/docs``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title}: API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
        )
