"""The plan's calendar file reads back with the same days, exercises and disclaimer."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from backstride.care import build_plan, plan_calendar
from backstride.errors import InputValueError
from backstride.knowledge import load_rules
from backstride.knowledge.care import load_care
from tests.care.helpers import NOW, inputs_for


def test_the_calendar_holds_each_exercise_day_and_each_week() -> None:
    plan = build_plan(inputs_for({"onset_days_ago": 10}, weeks=2), load_care(), load_rules())
    cal = Calendar.from_ical(plan_calendar(plan, NOW))
    events = list(cal.walk("VEVENT"))
    days = {d for w in plan.weeks for ex in w.exercises for d in ex.days}
    starts = [e.decoded("dtstart") for e in events]
    assert len(events) == len(days) + len(plan.weeks)
    assert days | {w.start for w in plan.weeks} == set(starts)
    assert len({str(e["uid"]) for e in events}) == len(events)
    first = next(e for e in events if "exercises" in str(e["summary"]))
    assert "plan done" in str(first["description"]) and "does not diagnose" in str(
        first["description"]
    )
    running = [e for e in events if "week 1" in str(e["summary"])]
    assert running and "easy runs" in str(running[0]["description"])


def test_a_withheld_plan_has_no_calendar() -> None:
    plan = build_plan(inputs_for({"chest_pain": True}), load_care(), load_rules())
    with pytest.raises(InputValueError, match="withheld"):
        plan_calendar(plan, NOW)
