"""The care part of the JSON API: pain diary, triage, "should I run today?", the plan.

Each handler calls one care service (:mod:`backstride.services.diary`,
:mod:`backstride.services.care`) with the runner's local "now"; nothing is decided here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Query, status
from pydantic import BaseModel, ConfigDict, Field

from backstride.care import MAX_WEEKS, parse_given_answers
from backstride.knowledge.care import load_care
from backstride.services import care, diary
from backstride.web import care_views as cv
from backstride.web.api import json_response
from backstride.web.context import WebContext, get_context
from backstride.web.figures import figure
from backstride.web.json_body import StrictJSONRoute
from backstride.web.schemas import Figure, RowId

router = APIRouter(prefix="/api", tags=["care"], route_class=StrictJSONRoute)
Ctx = Annotated[WebContext, Depends(get_context)]


class PainIn(BaseModel):
    """One diary entry. ``time``: ISO 8601, with an offset or in the runner's time zone;
    empty means now."""

    model_config = ConfigDict(extra="forbid")
    time: str | None = None
    score: int = Field(ge=0, le=10, strict=True, description="0 (none) to 10 (worst)")
    pain_type: str = Field(description="sharp, dull, radiating, stiffness or throbbing")
    location: str = Field(min_length=1, max_length=200)
    radiates_below_knee: bool | None = None
    numbness_or_tingling: bool | None = None
    note: str | None = Field(None, max_length=2000)


class ExerciseDone(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exercise: str = Field(description="exercise id or name, e.g. plank")


# --- diary ---------------------------------------------------------------------------------------
@router.get("/diary")
def list_diary(ctx: Ctx) -> Any:
    """Every diary entry, oldest first, each with the run it follows."""
    return json_response(
        [cv.entry_json(e) for e in diary.list_pain(ctx.store, ctx.care_history().runs)]
    )


@router.post("/diary", status_code=status.HTTP_201_CREATED)
def log_pain(ctx: Ctx, body: PainIn, tasks: BackgroundTasks) -> Any:
    entry = cv.new_entry(ctx, body.model_dump())
    saved = diary.log_pain(ctx.store, entry, ctx.clock())
    tasks.add_task(ctx.warm)
    return json_response(cv.entry_json(saved), status_code=status.HTTP_201_CREATED)


@router.delete("/diary/{entry_id}")
def delete_pain(ctx: Ctx, entry_id: RowId, tasks: BackgroundTasks) -> Any:
    tasks.add_task(ctx.warm)
    return json_response({"deleted": cv.entry_json(diary.delete_pain(ctx.store, entry_id))})


@router.get("/charts/pain", response_model=Figure)
def chart_pain(ctx: Ctx) -> Any:
    profile = ctx.profile()
    entries = diary.list_pain(ctx.store, ctx.care_history().runs)
    chart = cv.pain_chart(entries, ctx.run_views(), profile.units, ctx.today(profile))
    return json_response(figure(chart))


# --- triage --------------------------------------------------------------------------------------
@router.get("/triage/questions")
def triage_questions() -> Any:
    """backstride's own triage questions, in order; ``ask_if`` names the yes/no that opens one."""
    return json_response(cv.questions_json())


@router.get("/triage")
def get_triage(ctx: Ctx) -> Any:
    """The latest triage, evaluated again with today's knowledge; null when never done."""
    result = care.latest_triage(ctx.store, ctx.care_history())
    if result is None:
        return json_response(None)
    return json_response(_triage_json(result))


@router.post("/triage", status_code=status.HTTP_201_CREATED)
def post_triage(ctx: Ctx, answers: dict[str, Any], tasks: BackgroundTasks) -> Any:
    """Answer the questions (``{answer key: value}``; a missing key means no or unknown)."""
    parsed = parse_given_answers(answers, load_care())
    result = care.run_triage(ctx.store, parsed, cv.local_now(ctx))
    tasks.add_task(ctx.warm)
    return json_response(_triage_json(result), status_code=status.HTTP_201_CREATED)


def _triage_json(result: Any) -> dict[str, Any]:
    out: dict[str, Any] = cv.jsonable(result)
    out["red_flag_texts"] = cv.red_flag_texts(result.red_flags)
    return out


# --- today and plan ------------------------------------------------------------------------------
@router.get("/today")
def get_today(ctx: Ctx) -> Any:
    """Should I run today? Rest, cross-train, an easy run with limits, or normal training."""
    return json_response(cv.jsonable(care.today(ctx.store, cv.local_now(ctx), ctx.care_history())))


@router.get("/plan")
def get_plan(ctx: Ctx, weeks: Annotated[int, Query(ge=1, le=MAX_WEEKS)] = 4) -> Any:
    """The plan for the coming weeks (withheld after an urgent or emergency triage), and this
    week's checklist with adherence."""
    now = cv.local_now(ctx)
    plan = care.plan(ctx.store, now, weeks, ctx.care_history())
    out: dict[str, Any] = cv.jsonable(plan)
    out["checklist"] = cv.plan_checklist(plan, now.date())
    return json_response(out)


@router.post("/plan/done", status_code=status.HTTP_201_CREATED)
def plan_done(ctx: Ctx, body: ExerciseDone, tasks: BackgroundTasks) -> Any:
    """Record one session of an exercise."""
    item, count = care.plan_done(ctx.store, body.exercise, cv.local_now(ctx))
    tasks.add_task(ctx.warm)
    return json_response(
        {"exercise": item.id, "name": item.name, "done_last_7_days": count},
        status_code=status.HTTP_201_CREATED,
    )
