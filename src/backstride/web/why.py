"""The Why page and its API: which kinds of run come before this runner's pain.

The analysis runs in :mod:`backstride.insight`; a *provider* feeds it the stored runs and diary
and returns its :class:`~backstride.insight.InsightResult`. The provider is the use case
``backstride.services.insight.why(store, now)``, found when the app starts; ``create_app(why=...)``
can pass another (tests do). Without one the page says the analysis is not available.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from backstride.errors import BackstrideError
from backstride.insight import InsightResult
from backstride.reports.why_parts import (
    COLUMNS,
    SERVICE_MODULE,
    SERVICE_NAME,
    WhyProvider,
    default_provider,
    factor_row,
    result_json,
    why_chart,
)
from backstride.web.api import json_response
from backstride.web.care_views import local_now
from backstride.web.context import WebContext, get_context
from backstride.web.figures import figure
from backstride.web.json_body import StrictJSONRoute
from backstride.web.pages import render
from backstride.web.schemas import Figure

api_router = APIRouter(prefix="/api", tags=["why"], route_class=StrictJSONRoute)
page_router = APIRouter(include_in_schema=False)
Ctx = Annotated[WebContext, Depends(get_context)]
__all__ = ["WhyProvider", "WhyUnavailableError", "api_router", "default_provider", "page_router"]


class WhyUnavailableError(BackstrideError):
    """No why-analysis use case in this installation."""


def _provider(request: Request) -> WhyProvider | None:
    provider: WhyProvider | None = request.app.state.why
    return provider


def _result(request: Request, ctx: WebContext) -> InsightResult:
    provider = _provider(request)
    if provider is None:
        raise WhyUnavailableError(
            "the why-analysis is not available in this installation yet "
            f"({SERVICE_MODULE}.{SERVICE_NAME} is missing)"
        )
    now = local_now(ctx)
    return ctx.memo("why", now, lambda: provider(ctx.store, now))


@api_router.get("/why")
def get_why(request: Request, ctx: Ctx) -> Any:
    """What comes before the runner's pain (the shape of ``backstride why --json``)."""
    return json_response(result_json(_result(request, ctx)))


@api_router.get("/charts/why", response_model=Figure)
def chart_why(request: Request, ctx: Ctx) -> Any:
    """Odds ratios with 95 % confidence intervals, or the episodes still needed."""
    return json_response(figure(why_chart(_result(request, ctx))))


@page_router.get("/why")
def why_page(request: Request, ctx: Ctx) -> HTMLResponse:
    if _provider(request) is None:
        return render(request, "why.html", "/why", result=None)
    result = _result(request, ctx)
    return render(
        request,
        "why.html",
        "/why",
        result=result,
        columns=COLUMNS,
        rows=[(f, factor_row(f)) for f in result.factors],
    )
