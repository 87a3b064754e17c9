"""Server-rendered pages. Tables are rendered here; charts are drawn in the browser from /api.

Each page calls the same view functions as its API endpoint, so the two always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from backstride import presentation as fmt
from backstride.errors import InputValueError
from backstride.model import Surface
from backstride.web import views
from backstride.web.context import WebContext, get_context
from backstride.web.schemas import RowId

router = APIRouter(include_in_schema=False)
Ctx = Annotated[WebContext, Depends(get_context)]
RECENT_WEEKS = 26


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str


NAV: tuple[NavItem, ...] = (
    NavItem("/today", "Today"),
    NavItem("/load", "Training load"),
    NavItem("/runs", "Runs"),
    NavItem("/diary", "Pain diary"),
    NavItem("/triage", "Triage"),
    NavItem("/plan", "Plan"),
    NavItem("/why", "Why"),
    NavItem("/gait", "Gait"),
    NavItem("/shoes", "Shoes"),
    NavItem("/import", "Import"),
)


def render(request: Request, name: str, active: str, **context: Any) -> HTMLResponse:
    """A page from its template, with the navigation and the runner's units."""
    templates: Jinja2Templates = request.app.state.templates
    ctx: WebContext = request.app.state.ctx
    return templates.TemplateResponse(
        request,
        name,
        {"nav": NAV, "active": active, "units": ctx.profile().units.value, **context},
    )


@router.get("/")
def home() -> Response:
    return RedirectResponse(NAV[0].path, status_code=307)


@router.get("/load")
def load_page(
    request: Request, ctx: Ctx, weeks: Annotated[str | None, Query()] = None
) -> HTMLResponse:
    data = views.load_data(ctx)
    kept, idle = views.split_idle_tail(data["weeks"])
    shown = list(reversed(kept))
    everything = weeks == "all"
    return render(
        request,
        "load.html",
        "/load",
        weeks=shown if everything else shown[:RECENT_WEEKS],
        idle=idle,
        hidden=0 if everything else max(0, len(shown) - RECENT_WEEKS),
        acwr=data["acwr"],
        high_pct=data["weekly_increase_high_pct"],
        spike=ctx.rules.spike,
    )


def _day_or_none(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputValueError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _number_or_none(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputValueError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise InputValueError(f"a distance must be a number 0 or more: {text!r}")
    return value


@router.get("/runs")
def runs_page(
    request: Request,
    ctx: Ctx,
    sport: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_dist: Annotated[str | None, Query(description="in the profile's units")] = None,
    max_dist: Annotated[str | None, Query()] = None,
    surface: str | None = None,
    shoe: str | None = None,
    spikes: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    """The run list; the filter form posts back here with plain GET parameters."""
    per = fmt.metres_per_unit(ctx.profile().units)
    lo, hi = _number_or_none(min_dist), _number_or_none(max_dist)
    size = 100
    flt = views.RunFilter(
        sport=sport or None,
        since=_day_or_none(since),
        until=_day_or_none(until),
        min_distance_m=None if lo is None else lo * per,
        max_distance_m=None if hi is None else hi * per,
        surface=surface or None,
        shoe=shoe or None,
        spikes_only=bool(spikes),
        offset=(page - 1) * size,
        limit=size,
    )
    data = views.list_runs(ctx, flt)
    form = {
        "sport": sport or "",
        "since": since or "",
        "until": until or "",
        "min_dist": min_dist or "",
        "max_dist": max_dist or "",
        "surface": surface or "",
        "shoe": shoe or "",
        "spikes": bool(spikes),
    }
    query = urlencode({k: ("1" if v is True else v) for k, v in form.items() if v})
    return render(
        request,
        "runs.html",
        "/runs",
        data=data,
        form=form,
        page=page,
        pages=max(1, -(-data["total"] // size)),
        query=query,
        surfaces=[s.value for s in Surface],
        shoes=[g.name for g in ctx.gear()],
    )


@router.get("/runs/{activity_id}")
def run_page(request: Request, ctx: Ctx, activity_id: RowId) -> HTMLResponse:
    run = views.run_detail(ctx, activity_id)
    return render(request, "run.html", "/runs", run=run)


@router.get("/shoes")
def shoes_page(request: Request, ctx: Ctx) -> HTMLResponse:
    return render(request, "shoes.html", "/shoes", data=views.shoes_data(ctx))


@router.get("/import")
def import_page(request: Request) -> HTMLResponse:
    return render(request, "import.html", "/import")
