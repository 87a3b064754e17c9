"""The Gait page and its API: running-form analyses by the day they were filmed, each with its
findings, summary image and annotated video, and form over time next to the pain diary.

Analyses are made by ``backstride gait VIDEO`` (:mod:`backstride.services.gait`); this face only
lists them. Files are looked up by the analysis's id in the database and served only when they
are plain files inside the home's gait folder: no path ever comes from the URL.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse

from backstride.errors import NotFoundError
from backstride.reports.gait_parts import (
    LEAD_DAYS,
    FindingRow,
    filmed_local,
    finding_rows,
    flags_text,
    gait_chart,
    value_text,
)
from backstride.services import diary
from backstride.services import gait as service
from backstride.services.gait import PastAnalysis
from backstride.services.gait_records import SERVED_FILES
from backstride.timeutil import profile_zone
from backstride.web.api import json_response
from backstride.web.context import WebContext, get_context
from backstride.web.figures import figure
from backstride.web.json_body import StrictJSONRoute
from backstride.web.pages import render
from backstride.web.schemas import Figure, GaitAnalysisOut, GaitDetailOut, RowId

api_router = APIRouter(prefix="/api", tags=["gait"], route_class=StrictJSONRoute)
page_router = APIRouter(include_in_schema=False)
Ctx = Annotated[WebContext, Depends(get_context)]
FileKind = Literal["summary", "video"]
__all__ = ["api_router", "page_router"]


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat().replace("+00:00", "Z")


def _files(ctx: WebContext, a: PastAnalysis) -> dict[str, str | None]:
    urls: dict[str, str | None] = {}
    for kind in SERVED_FILES:
        found = service.analysis_file(ctx.settings, a, kind)
        urls[f"{kind}_url"] = None if found is None else f"/gait/{a.id}/files/{kind}"
    return urls


def analysis_json(ctx: WebContext, a: PastAnalysis, zone: tzinfo) -> dict[str, Any]:
    """One analysis as listed: when filmed (UTC and local), the video, view, steps, cadence,
    flags and where its page and files are."""
    r = a.result
    local = filmed_local(a, zone)
    cadence = r.get("cadence_spm")
    return {
        "id": a.id,
        "recorded_utc": _iso(a.recorded_utc),
        "recorded_local": None if local is None else local.isoformat(),
        "recorded_text": None if local is None else f"{local:%Y-%m-%d %H:%M}",
        "recorded_from": a.recorded_from,
        "analysed_utc": _iso(a.analysed_utc),
        "video_name": a.video_name or a.video_stem,
        "view": r.get("view"),
        "steps": r.get("steps"),
        "cadence_spm": cadence if isinstance(cadence, int | float) else None,
        "cadence_text": value_text(cadence, "spm"),
        "flags_text": flags_text(r),
        "warnings": [str(w) for w in r.get("warnings") or [] if isinstance(w, str)],
        "files_missing": a.files_missing,
        "page_url": f"/gait/{a.id}",
        **_files(ctx, a),
    }


def _finding_json(f: FindingRow) -> dict[str, Any]:
    return {
        "name": f.name,
        "label": f.label,
        "value_text": f.value,
        "unit": f.unit,
        "flag": f.flag,
        "confidence": f.confidence,
        "source": f.source,
        "cause_id": f.cause_id,
        "cause": f.cause,
        "advice": f.advice,
        "grade": f.grade,
    }


def detail_json(ctx: WebContext, a: PastAnalysis, zone: tzinfo) -> dict[str, Any]:
    """One analysis in full: the listing's fields, the stored result and each finding with the
    cause and advice it links to."""
    out = analysis_json(ctx, a, zone)
    out["result"] = dict(a.result)
    out["findings"] = [_finding_json(f) for f in finding_rows(a.result)]
    return out


def _analyses(ctx: WebContext) -> list[PastAnalysis]:
    return service.list_analyses(ctx.settings, ctx.store)


def _find(ctx: WebContext, analysis_id: int) -> PastAnalysis:
    found = service.find_analysis(ctx.settings, ctx.store, analysis_id)
    if found is None:
        raise NotFoundError(f"no gait analysis {analysis_id}")
    return found


# --- API -------------------------------------------------------------------------------------------
@api_router.get("/gait", response_model=list[GaitAnalysisOut])
def list_gait(ctx: Ctx) -> Any:
    """Every running-form analysis, in the order the videos were filmed."""
    zone = profile_zone(ctx.profile())
    return json_response([analysis_json(ctx, a, zone) for a in _analyses(ctx)])


@api_router.get("/gait/{analysis_id}", response_model=GaitDetailOut)
def get_gait(ctx: Ctx, analysis_id: RowId) -> Any:
    """One analysis: metrics (value, unit, flag, confidence, knowledge item), warnings, and the
    cause and advice each finding links to."""
    return json_response(detail_json(ctx, _find(ctx, analysis_id), profile_zone(ctx.profile())))


@api_router.get("/charts/gait", response_model=Figure)
def chart_gait(ctx: Ctx) -> Any:
    """Cadence, overstride, trunk lean and pelvic drop by the day each video was filmed, above
    the pain diary's scores on the same dates."""
    profile = ctx.profile()
    zone = profile_zone(profile)
    analyses = _analyses(ctx)
    entries = diary.list_pain(ctx.store, ctx.care_history().runs)
    firsts = [w.date() for a in analyses if (w := filmed_local(a, zone)) is not None]
    since = min(firsts) - timedelta(days=LEAD_DAYS) if firsts else None
    chart = gait_chart(analyses, entries, zone, since, ctx.today(profile))
    return json_response(figure(chart))


# --- pages -----------------------------------------------------------------------------------------
@page_router.get("/gait")
def gait_page(request: Request, ctx: Ctx) -> HTMLResponse:
    zone = profile_zone(ctx.profile())
    rows = [analysis_json(ctx, a, zone) for a in reversed(_analyses(ctx))]
    return render(request, "gait.html", "/gait", analyses=rows)


@page_router.get("/gait/{analysis_id}")
def gait_detail_page(request: Request, ctx: Ctx, analysis_id: RowId) -> HTMLResponse:
    detail = detail_json(ctx, _find(ctx, analysis_id), profile_zone(ctx.profile()))
    return render(request, "gait_detail.html", "/gait", a=detail)


@page_router.get("/gait/{analysis_id}/files/{kind}")
def gait_file(ctx: Ctx, analysis_id: RowId, kind: FileKind) -> FileResponse:
    """The summary image or the annotated video of an analysis, found by its id."""
    analysis = _find(ctx, analysis_id)
    path = service.analysis_file(ctx.settings, analysis, kind)
    if path is None:
        raise NotFoundError(f"gait analysis {analysis_id} has no {kind} file")
    media_type = SERVED_FILES[kind][1]
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})
