"""The report's care sections: the red-flag alert, the pain timeline, red flags and phase, the
plan and adherence.

Each reads one care service and words its result for a clinician; a section with nothing to
show says what was not recorded. Dates are the runner's local dates; distances are in the
profile's units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from backstride import presentation as fmt
from backstride.care.diary import local_time
from backstride.knowledge import load_rules
from backstride.knowledge.care import load_care
from backstride.model import (
    PainEntry,
    Plan,
    PlanNote,
    PossibleCause,
    RunDecision,
    TriageResult,
    Units,
)
from backstride.presentation import plural
from backstride.reports.blocks import Block
from backstride.reports.care_parts import pain_chart, plan_checklist, red_flag_texts
from backstride.reports.wording import join_sentences
from backstride.services import care, diary
from backstride.services.history import RunView
from backstride.store import Store

#: Weeks of plan the report shows (the plan's own default).
PLAN_WEEKS = 4
#: The days over which the care service counts exercise sessions done.
ADHERENCE_DAYS = 7

MODE_TEXT: Mapping[RunDecision, str] = {
    RunDecision.REST: "rest: no running",
    RunDecision.CROSS_TRAIN: "no running: walk and cross-train",
    RunDecision.EASY_RUN: "easy runs only",
    RunDecision.NORMAL: "normal training",
}


@dataclass(frozen=True, slots=True)
class CareSections:
    """The care sections of a report, and why running advice is withheld (None: it is not)."""

    pain: Block
    triage: Block
    plan: Block
    alert: Block | None
    running_withheld: str | None


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _urgency_text(result: TriageResult) -> str:
    return result.urgency.value.replace("_", " ")


def _after(activity_id: int | None, runs: Mapping[int, RunView], units: Units) -> str:
    """The run an entry follows, by its local date and distance (not its database id)."""
    if activity_id is None:
        return ""
    view = runs.get(activity_id)
    if view is None:
        return "a run no longer stored"
    return f"run of {view.local_date}, {fmt.distance(float(view.row['distance_m']), units, 1)}"


def _notes(entries: Sequence[PainEntry]) -> Block | None:
    notes = tuple(
        f"{local_time(e):%Y-%m-%d %H:%M}: {e.note.strip()}"
        for e in entries
        if e.note and e.note.strip()
    )
    return Block("pain_notes", "The runner's diary notes", items=notes) if notes else None


def pain_block(
    store: Store, views: Sequence[RunView], units: Units, since: date, today: date
) -> Block:
    """Diary entries of the period, over the distance run each day, with the runner's notes."""
    entries = [e for e in diary.list_pain(store) if since <= local_time(e).date() <= today]
    if not entries:
        return Block("pain", "Pain against load", empty="No pain diary entries in the period.")
    scores = [e.score for e in entries]
    by_id = {v.id: v for v in views}
    rows = tuple(
        (
            f"{local_time(e):%Y-%m-%d %H:%M}",
            str(e.score),
            e.pain_type.value,
            e.location,
            _yes_no(e.radiates_below_knee),
            _yes_no(e.numbness_or_tingling),
            _after(e.activity_id, by_id, units),
        )
        for e in entries
    )
    notes = _notes(entries)
    return Block(
        "pain",
        "Pain against load",
        lines=(
            f"{plural(len(entries), 'diary entry', 'diary entries')}; pain {min(scores)} to "
            f"{max(scores)} of 10, latest {scores[-1]}. Times are the runner's local times.",
        ),
        columns=("time", "score", "type", "where", "below knee", "numbness", "after"),
        rows=rows,
        chart=pain_chart(entries, views, units, today, since=since),
        parts=() if notes is None else (notes,),
    )


def _answered(result: TriageResult, zone: tzinfo) -> str:
    return f"{result.assessed_utc.astimezone(zone):%Y-%m-%d %H:%M}"


def _cause_text(cause: PossibleCause, result: TriageResult) -> str:
    """A possible cause in words; without its running advice when triage withholds running
    (the runs' causes carry the knowledge cause's advice after its summary)."""
    if not result.urgency.withholds_plan:
        return cause.summary
    known = {c.id: c for c in load_care().causes}.get(cause.id)
    return cause.summary if known is None else known.summary


def triage_block(result: TriageResult | None, zone: tzinfo) -> Block:
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
    flags = [f.rstrip(". ") for f in red_flag_texts(result.red_flags)]
    lines = (
        join_sentences(
            (
                f"Answered {_answered(result, zone)} (local time)",
                f"Urgency: {_urgency_text(result)}",
                result.advice,
            )
        ),
        "Red flags: " + ("; ".join(flags) + "." if flags else "none reported."),
        phase,
    )
    rows = tuple(
        (_cause_text(c, result), c.found_in, c.detail or "", c.grade)
        for c in result.possible_causes
    )
    return Block(
        "triage",
        title,
        lines=lines,
        columns=("often linked with this pain", "seen in", "detail", "grade") if rows else (),
        rows=rows,
    )


def alert_block(result: TriageResult | None, zone: tzinfo) -> Block | None:
    """The red flags of an ``urgent`` or ``emergency`` triage, for the top of the report: the
    urgency, what to do, each flag in words. None when the latest triage reached neither."""
    if result is None or not result.urgency.withholds_plan:
        return None
    urgency = _urgency_text(result)
    what = Block(
        "alert_what",
        "What to do",
        lines=(
            result.advice,
            "Every running suggestion in this report is withheld until a clinician has seen "
            "the runner.",
        ),
    )
    return Block(
        "alert",
        f"Red flags: {urgency}",
        lines=(
            f"Urgency: {urgency}. The latest triage (answered {_answered(result, zone)}, local "
            f"time) raised {plural(len(result.red_flags), 'red flag')}:",
        ),
        items=tuple(red_flag_texts(result.red_flags)),
        parts=(what,),
    )


def running_withheld(result: TriageResult | None) -> str | None:
    """The line that replaces running advice when triage reached urgent or emergency."""
    if result is None or not result.urgency.withholds_plan:
        return None
    return (
        f"Running advice withheld: the latest triage reached {_urgency_text(result)} (see the "
        "red flags at the top); no running cues until a clinician has seen the runner."
    )


# --- plan -----------------------------------------------------------------------------------
def _week_rows(plan: Plan, units: Units) -> tuple[tuple[str, ...], ...]:
    def cap(metres: float | None) -> str:
        return "-" if metres is None else fmt.distance(metres, units, 1)

    rows = []
    for w in plan.weeks:
        r = w.running
        runs = "no limit" if r.runs_max_count is None else str(r.runs_max_count)
        rows.append(
            (
                f"{w.index} (from {w.start})",
                "-" if w.tissue_phase is None else str(w.tissue_phase),
                MODE_TEXT.get(r.mode, str(r.mode)),
                runs,
                cap(r.run_cap_m),
                cap(r.long_run_cap_m),
                "yes" if r.flat_route else "no",
                "yes" if r.progression else "no",
            )
        )
    return tuple(rows)


def _change_text(note: PlanNote, plan: Plan) -> str:
    """A running change (in the runner's units already: :func:`backstride.services.care.plan`),
    its basis stated where sections differ."""
    knowledge, measures = load_care(), load_rules()
    text = note.text
    c = plan.cadence
    if note.id == knowledge.rules.cadence_target.item.id and c is not None:
        step = measures.cadence_increase
        text = (
            f"Cadence: the plan aims {step.low_pct:g}-{step.high_pct:g} % above the runner's own "
            f"average of {c.own_spm:.0f} steps/min (their last {plural(c.runs_count, 'run')}): "
            f"{c.low_spm:.0f}-{c.high_spm:.0f} steps/min, in small steps. The target is "
            "relative to their own cadence, not a norm; the cadence factor and the gait flag "
            "compare with other runners instead."
        )
    elif note.id == knowledge.rules.rest_days.item.id:
        text += (
            f" This is the plan's minimum while the back is sore; the rest-day factor uses "
            f"the articles' general minimum of {measures.rest_days.min_rest_days} a week."
        )
    return f"{text} (grade {note.grade})"


def _running_part(plan: Plan, units: Units) -> Block:
    return Block(
        "plan_running",
        "Running, week by week",
        columns=(
            "week",
            "tissue phase",
            "running",
            "runs at most",
            "each run at most",
            "long run at most",
            "flat routes",
            "caps grow",
        ),
        rows=_week_rows(plan, units),
        items=tuple(_change_text(n, plan) for n in plan.running_changes),
        empty="No plan weeks.",
    )


def _plan_began(plan: Plan, zone: tzinfo) -> date:
    """The local day the plan began: its first step (the latest triage), else its start."""
    return plan.steps[0].since_utc.astimezone(zone).date() if plan.steps else plan.start


def _exercise_part(plan: Plan, today: date, zone: tzinfo) -> Block:
    """This week's exercises; adherence only over the days of the plan already past."""
    checklist = plan_checklist(plan, today)
    began = _plan_began(plan, zone)
    past_days = max(0, min(ADHERENCE_DAYS, (today - began).days))
    title = "Exercises this week"
    if past_days == 0:
        return Block(
            "plan_exercises",
            title,
            lines=(f"The plan began today ({began}): adherence is counted from tomorrow.",),
            columns=("exercise", "dose", "days"),
            rows=tuple((i["name"], i["dose_text"], i["days_text"]) for i in checklist),
            empty="No exercises planned this week.",
        )
    rows = []
    for item in checklist:
        expected = round(item["planned"] * past_days / ADHERENCE_DAYS)
        done = int(item["done"])
        share = "-" if expected == 0 else f"{min(100.0, 100.0 * done / expected):.0f} %"
        rows.append(
            (item["name"], item["dose_text"], item["days_text"], str(done), str(expected), share)
        )
    return Block(
        "plan_exercises",
        title,
        lines=(
            f"Adherence over the {plural(past_days, 'day')} of the plan already past (it began "
            f"{began}): sessions logged in the last {ADHERENCE_DAYS} days against the sessions "
            "the plan's weekly rate asks for in those days.",
        ),
        columns=(
            "exercise",
            "dose",
            "days",
            f"done, last {ADHERENCE_DAYS} days",
            f"planned, past {plural(past_days, 'day')}",
            "adherence",
        ),
        rows=tuple(rows),
        empty="No exercises planned this week.",
    )


def plan_block(plan: Plan, today: date, units: Units, zone: tzinfo) -> Block:
    """The plan's state, each week's running with its caps, this week's exercises with
    adherence, its running changes and its advice."""
    title = "Plan and adherence"
    if plan.withheld:
        return Block("plan", title, lines=(f"Plan withheld: {plan.reason}",))
    step = f"Step {plan.step.step}: {plan.step.reason}." if plan.step else ""
    span = f"{plural(len(plan.weeks), 'week')} from {plan.start}." if plan.weeks else ""
    advice = tuple(f"{a.text} (grade {a.grade})" for a in plan.advice)
    left = tuple(f"{x.name}: {x.reason}" for x in plan.left_out)
    parts = [_running_part(plan, units), _exercise_part(plan, today, zone)]
    if left:
        parts.append(Block("plan_left_out", "Exercises left out", items=left))
    if advice:
        parts.append(Block("plan_advice", "Advice", items=advice))
    return Block(
        "plan",
        title,
        lines=tuple(x for x in (span, step) if x),
        parts=tuple(parts),
    )


def care_blocks(
    store: Store,
    views: Sequence[RunView],
    units: Units,
    since: date,
    today: date,
    now: datetime,
) -> CareSections:
    """The care sections (``now``: the runner's local time, aware; its zone dates the triage
    and the plan's start)."""
    zone = now.tzinfo
    assert zone is not None, "now must be aware"
    past = care.CareHistory(store)  # the triage and the plan share one read of the history
    triage = care.latest_triage(store, past)
    return CareSections(
        pain=pain_block(store, views, units, since, today),
        triage=triage_block(triage, zone),
        plan=plan_block(care.plan(store, now, PLAN_WEEKS, past), today, units, zone),
        alert=alert_block(triage, zone),
        running_withheld=running_withheld(triage),
    )
