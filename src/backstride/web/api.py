"""The JSON API under /api that the pages use; FastAPI describes it at /api/openapi.json.

Handlers parse, call a service (through :mod:`backstride.web.views`), and return JSON. Large
answers (figures, run lists, streams) are serialised directly, skipping re-validation.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse

from backstride.errors import InputValueError, NotFoundError
from backstride.model import Units
from backstride.reports.history_charts import (
    bucket_means,
    bucket_size,
    load_chart,
    run_chart,
    track_chart,
)
from backstride.services.activity import update_profile
from backstride.web import views
from backstride.web.context import WebContext, get_context
from backstride.web.figures import figure
from backstride.web.imports import ImportJobs, display_name, safe_name
from backstride.web.json_body import StrictJSONRoute
from backstride.web.schemas import (
    Figure,
    ImportJobOut,
    LoadOut,
    ProfileIn,
    ProfileOut,
    RowId,
    RunDetail,
    RunList,
    ShoesOut,
)

router = APIRouter(prefix="/api", tags=["api"], route_class=StrictJSONRoute)
Ctx = Annotated[WebContext, Depends(get_context)]
UPLOAD_CHUNK = 1 << 20


def json_response(data: Any, status_code: int = 200) -> JSONResponse:
    """JSON with NaN and infinities as null (JSON has neither)."""
    return JSONResponse(_clean(data), status_code=status_code)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


# --- profile -------------------------------------------------------------------------------------
@router.get("/profile", response_model=ProfileOut)
def get_profile(ctx: Ctx) -> Any:
    return views.profile_data(ctx.profile())


@router.patch("/profile", response_model=ProfileOut)
def patch_profile(ctx: Ctx, body: ProfileIn, tasks: BackgroundTasks) -> Any:
    """Change the profile (units km or mi, time zone, height ...); validated by the service."""
    units = None
    if body.units is not None:
        try:
            units = Units(body.units)
        except ValueError:
            raise InputValueError(f"units must be km or mi, got {body.units!r}") from None
    p = update_profile(
        ctx.store,
        height_cm=body.height_cm,
        weight_kg=body.weight_kg,
        birth_year=body.birth_year,
        units=units,
        max_hr=body.max_hr,
        resting_hr=body.resting_hr,
        timezone=body.timezone,
        today=ctx.today(),
    )
    tasks.add_task(ctx.warm)
    return views.profile_data(p)


# --- runs ----------------------------------------------------------------------------------------
def run_filter(
    sport: Annotated[str | None, Query(description="e.g. running")] = None,
    since: Annotated[date | None, Query(description="first local day")] = None,
    until: Annotated[date | None, Query(description="last local day")] = None,
    min_distance_m: Annotated[float | None, Query(ge=0, allow_inf_nan=False)] = None,
    max_distance_m: Annotated[float | None, Query(ge=0, allow_inf_nan=False)] = None,
    surface: Annotated[
        str | None, Query(description="road, track, trail, treadmill, unknown")
    ] = None,
    shoe: Annotated[str | None, Query(description="shoe name")] = None,
    spikes_only: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=views.MAX_PAGE)] = 100,
) -> views.RunFilter:
    return views.RunFilter(
        sport=sport or None,
        since=since,
        until=until,
        min_distance_m=min_distance_m,
        max_distance_m=max_distance_m,
        surface=surface or None,
        shoe=shoe or None,
        spikes_only=spikes_only,
        offset=offset,
        limit=limit,
    )


@router.get("/runs", response_model=RunList)
def list_runs(ctx: Ctx, flt: Annotated[views.RunFilter, Depends(run_filter)]) -> Any:
    """Activities newest first, filtered; spikes are computed among runs only."""
    return json_response(views.list_runs(ctx, flt))


@router.get("/runs/{activity_id}", response_model=RunDetail)
def get_run(ctx: Ctx, activity_id: RowId) -> Any:
    return json_response(views.run_detail(ctx, activity_id))


@router.get("/runs/{activity_id}/stream")
def get_stream(
    ctx: Ctx, activity_id: RowId, max_points: Annotated[int, Query(ge=10, le=100_000)] = 2000
) -> Any:
    """The run's samples, averaged over buckets to at most ``max_points``: ``{channel: [...]}``."""
    stream = views.run_stream(ctx, views.find_run(ctx, activity_id))
    size = bucket_size(len(stream), max_points)
    columns = {
        name: bucket_means(col, size).tolist()
        for name, col in stream.columns.items()
        if stream.get(name) is not None
    }
    return json_response({"bucket_samples": size, "columns": columns})


# --- load and shoes ------------------------------------------------------------------------------
@router.get("/load", response_model=LoadOut)
def get_load(ctx: Ctx) -> Any:
    """Weekly running load: distance, change, longest run, rest days, ACWR (contested)."""
    return json_response(views.load_data(ctx))


@router.get("/shoes", response_model=ShoesOut)
def get_shoes(ctx: Ctx) -> Any:
    return json_response(views.shoes_data(ctx))


# --- charts --------------------------------------------------------------------------------------
@router.get("/charts/load", response_model=Figure)
def chart_load(ctx: Ctx) -> Any:
    profile = ctx.profile()
    weeks = ctx.weeks(ctx.today(profile))
    chart = load_chart(weeks, views.run_points(ctx.run_views()), profile.units, ctx.rules)
    return json_response(figure(chart))


@router.get("/charts/runs/{activity_id}", response_model=Figure)
def chart_run(ctx: Ctx, activity_id: RowId) -> Any:
    stream = views.run_stream(ctx, views.find_run(ctx, activity_id))
    chart = run_chart(stream, ctx.profile().units, ctx.rules.running_portion.min_speed_mps)
    return json_response(figure(chart))


@router.get("/charts/runs/{activity_id}/track", response_model=Figure)
def chart_track(ctx: Ctx, activity_id: RowId) -> Any:
    stream = views.run_stream(ctx, views.find_run(ctx, activity_id))
    return json_response(figure(track_chart(stream, ctx.profile().units)))


# --- import --------------------------------------------------------------------------------------
def _jobs(request: Request) -> ImportJobs:
    jobs = request.app.state.imports
    assert isinstance(jobs, ImportJobs)
    return jobs


@router.post("/imports", response_model=ImportJobOut, status_code=status.HTTP_202_ACCEPTED)
async def start_import(request: Request, files: list[UploadFile]) -> Any:
    """Upload activity files or export archives; the import runs in the background.

    Poll ``GET /api/imports/{id}`` for progress. 409 while another import runs.
    """
    jobs = _jobs(request)
    job_id, folder = jobs.new_folder()
    try:
        names: dict[str, str] = {}
        for index, upload in enumerate(files):
            target = folder / safe_name(upload.filename or "upload", index)
            names[target.name] = display_name(upload.filename or "upload")
            with target.open("wb") as out:
                while chunk := await upload.read(UPLOAD_CHUNK):
                    out.write(chunk)
        job = jobs.start(job_id, folder, names)
    except BaseException:  # refused or cut short: no upload stays on disk
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return json_response(job.as_dict(), status_code=status.HTTP_202_ACCEPTED)


@router.get("/imports/{job_id}", response_model=ImportJobOut)
def import_progress(request: Request, job_id: str) -> Any:
    job = _jobs(request).get(job_id)
    if job is None:
        raise NotFoundError(f"no import {job_id!r}")
    return json_response(job.as_dict())


def dumps(data: Any) -> str:
    """Compact JSON (for embedding in a page)."""
    return json.dumps(_clean(data), separators=(",", ":"), allow_nan=False)
