"""The plan as an iCalendar file (RFC 5545), built with the ``icalendar`` library.

One all-day event per day that holds exercises (their names and doses), and one all-day event
at the start of each week with its running guidance. UIDs are stable for a plan start, week and
day, so importing a newer plan replaces the events of an older one in most calendar apps.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from backstride.care.dosing import dose_text
from backstride.errors import InputValueError
from backstride.model import Plan, PlanWeek

PRODID = "-//backstride//plan//EN"


def _event(uid: str, day: date, summary: str, description: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    return event


def _week_events(week: PlanWeek, disclaimer: str, now: datetime) -> list[Event]:
    events = [
        _event(
            f"backstride-{week.start.isoformat()}-w{week.index}-running",
            week.start,
            f"backstride week {week.index}: {week.running.mode.value.replace('_', ' ')}",
            f"{week.running.note}\n\n{disclaimer}",
            now,
        )
    ]
    days = sorted({d for ex in week.exercises for d in ex.days})
    for day in days:
        todo = [ex for ex in week.exercises if day in ex.days]
        lines = "\n".join(f"- {ex.name}: {dose_text(ex.dose)}" for ex in todo)
        events.append(
            _event(
                f"backstride-{day.isoformat()}-exercises",
                day,
                f"backstride: {len(todo)} exercises",
                f"{lines}\n\nRecord each with: backstride plan done <exercise>\n\n{disclaimer}",
                now,
            )
        )
    return events


def plan_calendar(plan: Plan, now: datetime) -> bytes:
    """The plan's weeks as iCalendar bytes; InputValueError for a withheld plan."""
    if plan.withheld:
        raise InputValueError(f"the plan is withheld, so there is no calendar: {plan.reason}")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "backstride plan")
    for week in plan.weeks:
        for event in _week_events(week, plan.disclaimer, now):
            cal.add_component(event)
    return bytes(cal.to_ical())
