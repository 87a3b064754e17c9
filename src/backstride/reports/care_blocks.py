"""The report's care sections: the pain timeline, red flags and phase, the plan and adherence.

Each reads one care service and words its result for a clinician; a section with nothing to
show says what was not recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from backstride.care.diary import local_time
from backstride.model import Plan, TriageResult, Units
from backstride.reports.blocks import Block
from backstride.reports.care_parts import pain_chart, plan_checklist, red_flag_texts
from backstride.services import care, diary
from backstride.services.history import RunView
from backstride.store import Store

#: Weeks of plan the report shows (the plan's own default).
PLAN_WEEKS = 4


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def pain_block(
    store: Store, views: Sequence[RunView], units: Units, since: date, today: date
) -> Block:
    """Diary entries of the period, over the distance run each day."""
    entries = [e for e in diary.list_pain(store) if since <= local_time(e).date() <= today]
    if not entries:
        return Block("pain", "Pain against load", empty="No pain diary entries in the period.")
    scores = [e.score for e in entries]
    rows = tuple(
        (
            f"{local_time(e):%Y-%m-%d %H:%M}",
            str(e.score),
            e.pain_type.value,
            e.location,
            _yes_no(e.radiates_below_knee),
            _yes_no(e.numbness_or_tingling),
            "" if e.activity_id is None else f"run {e.activity_id}",
        )
        for e in entries
    )
    return Block(
        "pain",
        "Pain against load",
        lines=(
            f"{len(entries)} diary entries; pain {min(scores)} to {max(scores)} of 10, "
            f"latest {scores[-1]}.",
        ),
        columns=("time", "score", "type", "where", "below knee", "numbness", "after"),
        rows=rows,
        chart=pain_chart(entries, views, units, today, since=since),
    )


def triage_block(result: TriageResult | None) -> Block:
    """The latest triage: urgency, each red flag in words, the phase on both clocks, causes."""
    title = "Red flags and phase"
    if result is None:
        return Block("triage", title, empty="No triage questionnaire answered.")
    p = result.phase
    phase = (
        "Onset unknown: no phase."
        if p.days_since_onset is None
        else f"Day {p.days_since_onset:.0f} since onset: tissue-healing phase {p.tissue}; "
        f"clinical-guideline phase {p.clinical}."
    )
    flags = red_flag_texts(result.red_flags)
    lines = (
        f"Answered {result.assessed_utc:%Y-%m-%d}. Urgency: {result.urgency.value.replace('_', ' ')}. "
        f"{result.advice}",
        "Red flags: " + ("; ".join(flags) if flags else "none reported."),
        phase,
    )
    rows = tuple((c.summary, c.found_in, c.detail or "", c.grade) for c in result.possible_causes)
    return Block(
        "triage",
        title,
        lines=lines,
        columns=("often linked with this pain", "seen in", "detail", "grade") if rows else (),
        rows=rows,
    )


def plan_block(plan: Plan, today: date) -> Block:
    """The plan's state, this week's exercises with adherence, and its running changes."""
    title = "Plan and adherence"
    if plan.withheld:
        return Block("plan", title, lines=(f"Plan withheld: {plan.reason}",))
    checklist = plan_checklist(plan, today)
    rows = tuple(
        (
            item["name"],
            item["dose_text"],
            item["days_text"],
            f"{item['done']} of {item['planned']}",
            "-" if item["adherence_pct"] is None else f"{item['adherence_pct']:.0f} %",
        )
        for item in checklist
    )
    notes = tuple(f"{n.text} (grade {n.grade})" for n in plan.running_changes)
    step = f"Step {plan.step.step}: {plan.step.reason}." if plan.step else ""
    return Block(
        "plan",
        title,
        lines=tuple(x for x in (step, *notes) if x),
        columns=("exercise", "dose", "days", "done in 7 days", "adherence"),
        rows=rows,
        empty="No exercises planned this week.",
    )


def care_blocks(
    store: Store,
    views: Sequence[RunView],
    units: Units,
    since: date,
    today: date,
    now: datetime,
) -> tuple[Block, Block, Block]:
    """The pain, triage and plan sections (``now``: the runner's local time, aware)."""
    past = care.CareHistory(store)  # the triage and the plan share one read of the history
    return (
        pain_block(store, views, units, since, today),
        triage_block(care.latest_triage(store, past)),
        plan_block(care.plan(store, now, PLAN_WEEKS, past), today),
    )
