"""Care parts shared by the report and the web pages: pain over load, red flags in words, and
this week's plan as a checklist with adherence.

Inputs are the care services' records (PainEntry, Plan) and the history's run views; nothing
here decides anything about care, it only arranges what the services concluded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from backstride import presentation as fmt
from backstride.care import dose_text
from backstride.care.diary import local_time
from backstride.knowledge.care import CareKnowledge, load_care
from backstride.model import PainEntry, Plan, Units
from backstride.reports.charts import BLUE, VERMILLION, Chart, Panel, Series, SeriesKind, XKind
from backstride.services.history import RunView, is_run


def _jsonable_dose(dose: Any) -> dict[str, Any]:
    return {
        "sets": dose.sets,
        "reps": dose.reps,
        "hold_s": dose.hold_s,
        "per_side": dose.per_side,
        "times_per_day": dose.times_per_day,
    }


#: Days of runs shown before the first diary entry on the pain chart, and when there is none.
CONTEXT_DAYS = 28


def _daily_distance(views: Sequence[RunView], since: date, until: date) -> dict[date, float]:
    days: dict[date, float] = defaultdict(float)
    for v in views:
        if is_run(v.row) and since <= v.local_date <= until:
            days[v.local_date] += float(v.row["distance_m"])
    return days


def pain_chart(
    entries: Sequence[PainEntry],
    views: Sequence[RunView],
    units: Units,
    today: date,
    since: date | None = None,
) -> Chart:
    """Pain scores (0-10, local time) above the distance run each day over the same span.

    The span starts at ``since``, else four weeks before the first entry (or before today).
    """
    if since is None:
        first = min((local_time(e).date() for e in entries), default=today)
        since = first - timedelta(days=CONTEXT_DAYS)
    entries = [e for e in entries if since <= local_time(e).date() <= today]
    days = _daily_distance(views, since, today)
    per = fmt.metres_per_unit(units)
    order = sorted(days)
    u = units.value
    return Chart(
        id="pain",
        title="Pain over load",
        x_title="local date",
        x_kind=XKind.DATE,
        panels=(Panel("pain (0-10)", y_range=(-0.3, 10.3)), Panel(f"run distance ({u})")),
        series=(
            Series(
                name="pain score",
                kind=SeriesKind.LINE_MARKERS,
                x=tuple(local_time(e).replace(tzinfo=None) for e in entries),
                y=tuple(float(e.score) for e in entries),
                colour=VERMILLION,
                hover=tuple(
                    f"{local_time(e):%Y-%m-%d %H:%M}: {e.score}/10 {e.pain_type.value}, "
                    f"{e.location}"
                    for e in entries
                ),
            ),
            Series(
                name=f"distance per day ({u})",
                kind=SeriesKind.BAR,
                x=tuple(order),
                y=tuple(days[d] / per for d in order),
                colour=BLUE,
                panel=1,
            ),
        ),
        caption="Each diary entry is linked to the run it follows (within 48 hours).",
    )


def red_flag_texts(flag_ids: Sequence[str], knowledge: CareKnowledge | None = None) -> list[str]:
    """Each raised red flag in words (its knowledge summary)."""
    knowledge = knowledge or load_care()
    by_id = {f.id: f.summary for f in knowledge.red_flags}
    return [by_id.get(flag, flag) for flag in flag_ids]


def plan_checklist(plan: Plan, today: date) -> list[dict[str, Any]]:
    """This week's exercises with how often they are planned and how often they were done.

    Adherence is sessions done in the last 7 days over sessions planned in the plan's week
    holding ``today`` (capped at 100 %).
    """
    week = next((w for w in plan.weeks if w.start <= today < w.start + timedelta(days=7)), None)
    week = week or (plan.weeks[0] if plan.weeks else None)
    if week is None:
        return []
    items = []
    for ex in week.exercises:
        planned = len(ex.days)
        items.append(
            {
                "id": ex.id,
                "short_id": ex.id.removeprefix("exercise."),
                "name": ex.name,
                "how": ex.how,
                "days": [d.isoformat() for d in ex.days],
                "days_text": " ".join(d.strftime("%a") for d in ex.days),
                "due_today": today in ex.days,
                "planned": planned,
                "done": ex.done_last_7_days,
                "adherence_pct": None
                if planned == 0
                else min(100.0, 100.0 * ex.done_last_7_days / planned),
                "dose": _jsonable_dose(ex.dose),
                "dose_text": dose_text(ex.dose),
            }
        )
    return items
