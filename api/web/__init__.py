"""The web page at `/`: server-rendered Jinja2 pages for the counter, its static files, `/docs` and `/redoc`.

Served by the API's own app (`install(app)`), so it runs in the same process with the same settings,
catalogue and workers. Every asset is under `static/` (htmx, Swagger UI and ReDoc are vendored
there, see `static/vendor/README.md`): no page loads anything from another host.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from . import auth, documents, intake, search

STATIC = Path(__file__).parent / "static"
VENDOR = "/static/vendor"


def install(app: FastAPI) -> None:
    """Add the pages, `/static`, and `/docs` + `/redoc` on local assets to the API's app."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, intake, documents, search):
        app.include_router(module.router)

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        """Swagger UI from this server's own copy."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{VENDOR}/swagger-ui-bundle-5.35.0.js",
            swagger_css_url=f"{VENDOR}/swagger-ui-5.35.0.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        """ReDoc from this server's own copy, without web fonts."""
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            redoc_js_url=f"{VENDOR}/redoc-2.5.4.standalone.js",
            redoc_favicon_url="/static/favicon.svg",
            with_google_fonts=False,
        )
