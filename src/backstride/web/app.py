"""The web app: FastAPI with server-rendered Jinja2 pages, a JSON API under /api, local scripts.

Only this face turns backstride's errors into HTTP statuses (one handler does it). Everything
the browser loads is served from here: the app's own CSS and JS, and Plotly's bundled
``plotly.min.js`` read from the installed ``plotly`` package. Nothing comes from a CDN.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from backstride.errors import (
    BackstrideError,
    DuplicateError,
    FileFormatError,
    InputValueError,
    NotFoundError,
)
from backstride.knowledge import load_rules
from backstride.settings import Settings
from backstride.store import Store
from backstride.web import api, care_api, care_pages, pages
from backstride.web import gait as gait_routes
from backstride.web import why as why_routes
from backstride.web.cache import HistoryCache
from backstride.web.context import Clock, WebContext, utc_now
from backstride.web.guard import allowed_hosts, guard
from backstride.web.imports import BusyError, ImportJobs
from backstride.web.why import WhyProvider, WhyUnavailableError, default_provider

VERSION = "0.1.0"

_STATUS: tuple[tuple[type[BackstrideError], int], ...] = (
    (NotFoundError, 404),
    (InputValueError, 422),
    (FileFormatError, 400),
    (DuplicateError, 409),
    (BusyError, 409),
    (WhyUnavailableError, 503),
)


def status_of(exc: BackstrideError) -> int:
    """The HTTP status of one of backstride's errors (500 for one without a meaning here)."""
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the ``plotly`` Python package."""
    path = Path(str(files("plotly") / "package_data" / "plotly.min.js"))
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found at {path}; reinstall the 'web' extra")
    return path


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("backstride.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def _freeze_startup_objects() -> None:
    """Keep what start-up made (modules, Plotly's and the knowledge's objects: about 200,000)
    out of the garbage collector's full passes, which otherwise walk them all for about 0.13 s
    each and land in the middle of a page now and then (measured: ``bench/pages.py``). Garbage
    is collected first, so nothing unreachable is kept."""
    gc.collect()
    gc.freeze()


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = utc_now,
    import_workers: int | None = None,
    why: WhyProvider | None = None,
    listen_host: str = "127.0.0.1",
) -> FastAPI:
    """The app over the store that ``settings`` name (default: from the environment).

    ``clock`` gives "now" as an aware UTC instant (tests freeze it); ``import_workers`` is
    passed to the importer (None: one process per CPU for large imports); ``why`` runs the
    why-analysis (default: ``backstride.services.insight.why`` when installed);
    ``listen_host`` is where the server listens, which decides the ``Host`` names answered
    (:mod:`backstride.web.guard`).
    """
    settings = settings or Settings.from_env()
    store = Store.open(settings)
    cache = HistoryCache(settings.database_url)
    ctx = WebContext(
        store=store,
        clock=clock,
        rules=load_rules(),
        cache=cache,
        settings=settings,
        import_workers=import_workers,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _freeze_startup_objects()
        yield
        cache.close()
        store.close()

    app = FastAPI(
        title="backstride",
        version=VERSION,
        description="Why does my back hurt after running? The local JSON API the pages use.",
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads its scripts from a CDN; this app works offline
        redoc_url=None,
    )
    app.middleware("http")(guard(allowed_hosts(listen_host)))
    app.state.ctx = ctx
    app.state.imports = ImportJobs(ctx, settings.home / "uploads")
    app.state.templates = make_templates()
    app.state.why = why or default_provider()
    app.mount("/static", StaticFiles(packages=[("backstride.web", "static")]), name="static")
    js = plotly_js_path()

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(js, media_type="text/javascript", headers=_CACHE)

    @app.exception_handler(BackstrideError)
    async def on_error(request: Request, exc: BackstrideError) -> Response:
        return error_response(request, status_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        return invalid_response(request, exc.errors())

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), exc.headers)

    app.include_router(api.router)
    app.include_router(care_api.router)
    app.include_router(pages.router)
    app.include_router(care_pages.router)
    app.include_router(why_routes.api_router)
    app.include_router(why_routes.page_router)
    app.include_router(gait_routes.api_router)
    app.include_router(gait_routes.page_router)
    return app


_CACHE = {"Cache-Control": "public, max-age=86400"}


def error_response(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """JSON for the API, a page for a person."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    html = templates.get_template("error.html").render(
        request=request, status=status, message=message, nav=pages.NAV, active=""
    )
    return HTMLResponse(html, status_code=status, headers=headers)


def _message(error: Mapping[str, Any]) -> str:
    """A validation problem's message; a malformed JSON body also says what is wrong with it
    (FastAPI keeps that in ``ctx``: a repeated key, where the text stops making sense)."""
    msg = str(error.get("msg", ""))
    ctx = error.get("ctx")
    if error.get("type") == "json_invalid" and isinstance(ctx, Mapping) and ctx.get("error"):
        return f"{msg}: {ctx['error']}"
    return msg


def invalid_response(request: Request, errors: Sequence[Mapping[str, Any]]) -> Response:
    """422 for a request that does not fit the route: each problem's place and message, never
    the input itself (it may be huge, or NaN, which JSON cannot carry)."""
    problems = [
        {
            "loc": [str(x) for x in e.get("loc", ())],
            "msg": _message(e),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": problems}, status_code=422)
    message = "; ".join(f"{' '.join(p['loc'][1:]) or 'request'}: {p['msg']}" for p in problems)
    return error_response(request, 422, message)
