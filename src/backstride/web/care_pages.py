"""The care pages: Today, Pain diary, Triage, Plan. Forms post JSON to the care API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from backstride import presentation as fmt
from backstride.care import DISCLAIMER, MAX_WEEKS
from backstride.knowledge.care import load_care
from backstride.model import PainType, RunDecision, TodayAdvice, TriageResult, Urgency
from backstride.services import care, diary
from backstride.web import care_views as cv
from backstride.web.context import WebContext, get_context
from backstride.web.pages import render

router = APIRouter(include_in_schema=False)
Ctx = Annotated[WebContext, Depends(get_context)]

DECISION_TEXT = {
    RunDecision.REST: "Rest today",
    RunDecision.CROSS_TRAIN: "Cross-train, no running today",
    RunDecision.EASY_RUN: "An easy run, with limits",
    RunDecision.NORMAL: "Normal training",
}
LOCATIONS = ("lower back", "lower back left", "lower back right", "upper back", "buttock", "hip")


def _urgency_class(urgency: Urgency | None) -> str:
    if urgency is None or urgency == Urgency.SELF_CARE:
        return "calm"
    return "soon" if urgency == Urgency.SOON else "alarm"


def _triage_view(result: TriageResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "urgency": result.urgency.value.replace("_", " "),
        "css": _urgency_class(result.urgency),
        "advice": result.advice,
        "flags": cv.red_flag_texts(result.red_flags),
        "phase": result.phase,
        "causes": result.possible_causes,
        "assessed": result.assessed_utc,
    }


def _limits_text(advice: TodayAdvice, units: Any) -> list[str]:
    limits = advice.limits
    if limits is None:
        return []
    out = []
    if limits.distance_cap_m is not None:
        out.append(f"at most {fmt.distance(limits.distance_cap_m, units, 1)}")
    if limits.long_run_cap_m is not None and limits.distance_cap_m is None:
        out.append(f"long run at most {fmt.distance(limits.long_run_cap_m, units, 1)}")
    if limits.flat_route:
        descent = limits.max_descent_per_km_m
        out.append("a flat route" + (f" (at most {descent:g} m descent per km)" if descent else ""))
    if limits.cadence is not None:
        c = limits.cadence
        out.append(f"cadence {c.low_spm:.0f}-{c.high_spm:.0f} steps/min (yours {c.own_spm:.0f})")
    return out


@router.get("/today")
def today_page(request: Request, ctx: Ctx) -> HTMLResponse:
    now = cv.local_now(ctx)
    past = ctx.care_history()  # one read of the history for the three answers
    triage = ctx.memo("triage", now, lambda: care.latest_triage(ctx.store, past))
    advice = ctx.memo("today", now, lambda: care.today(ctx.store, now, past))
    plan = ctx.memo("plan-1", now, lambda: care.plan(ctx.store, now, 1, past))
    units = ctx.profile().units
    return render(
        request,
        "today.html",
        "/today",
        triage=_triage_view(triage),
        flagged=triage is not None and bool(triage.red_flags),
        advice=advice,
        decision=DECISION_TEXT[advice.decision],
        limits=_limits_text(advice, units),
        plan=plan,
        checklist=[i for i in cv.plan_checklist(plan, now.date()) if i["due_today"]],
        disclaimer=advice.disclaimer,
    )


@router.get("/diary")
def diary_page(request: Request, ctx: Ctx) -> HTMLResponse:
    entries = [cv.entry_json(e) for e in diary.list_pain(ctx.store, ctx.care_history().runs)]
    return render(
        request,
        "diary.html",
        "/diary",
        entries=list(reversed(entries)),
        pain_types=[p.value for p in PainType],
        locations=LOCATIONS,
        now_local=cv.local_now(ctx).strftime("%Y-%m-%dT%H:%M"),
    )


@router.get("/triage")
def triage_page(request: Request, ctx: Ctx) -> HTMLResponse:
    return render(
        request,
        "triage.html",
        "/triage",
        triage=_triage_view(
            ctx.memo(
                "triage",
                cv.local_now(ctx),
                lambda: care.latest_triage(ctx.store, ctx.care_history()),
            )
        ),
        questions=cv.questions_json(load_care()),
        disclaimer=DISCLAIMER,
    )


@router.get("/plan")
def plan_page(request: Request, ctx: Ctx, weeks: int = 4) -> HTMLResponse:
    now = cv.local_now(ctx)
    n_weeks = max(1, min(weeks, MAX_WEEKS))
    plan = ctx.memo(
        f"plan-{n_weeks}", now, lambda: care.plan(ctx.store, now, n_weeks, ctx.care_history())
    )
    checklist = cv.plan_checklist(plan, now.date())
    planned = sum(i["planned"] for i in checklist)
    done = sum(min(i["done"], i["planned"]) for i in checklist)
    return render(
        request,
        "plan.html",
        "/plan",
        plan=plan,
        zone=now.tzinfo,
        checklist=checklist,
        adherence_pct=None if planned == 0 else 100.0 * done / planned,
        profile_units=ctx.profile().units,
        fmt=fmt,
    )
