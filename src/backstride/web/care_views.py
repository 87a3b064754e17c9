"""What the care pages show: the diary, triage, today's answer and the plan, from the care services.

Every decision (urgency, phase, should-I-run, the plan and its steps) is made by
:mod:`backstride.services.care` and :mod:`backstride.services.diary`; this module only turns
their records into JSON and the pain-over-load chart, in the runner's units and local time.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from backstride.care.diary import local_time, parse_pain_type, parse_time
from backstride.errors import InputValueError
from backstride.knowledge.care import CareKnowledge, load_care
from backstride.model import PainEntry
from backstride.reports.care_parts import pain_chart, plan_checklist, red_flag_texts
from backstride.timeutil import profile_zone
from backstride.web.context import WebContext

__all__ = [
    "entry_json",
    "jsonable",
    "local_now",
    "new_entry",
    "pain_chart",
    "parse_entry_time",
    "plan_checklist",
    "questions_json",
    "red_flag_texts",
]


def jsonable(value: Any) -> Any:
    """A care record (dataclasses, enums, dates, tuples) as JSON values; NaN becomes null."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def local_now(ctx: WebContext) -> datetime:
    """Now on the runner's clock (the care services take their "today" from its date)."""
    return ctx.now().astimezone(profile_zone(ctx.profile()))


def entry_json(entry: PainEntry) -> dict[str, Any]:
    out: dict[str, Any] = jsonable(entry)
    when = local_time(entry)
    out["time"] = when.isoformat()
    out["time_text"] = when.strftime("%Y-%m-%d %H:%M")
    return out


def parse_entry_time(ctx: WebContext, text: str | None) -> tuple[datetime, int]:
    """A diary time: ISO 8601 with an offset, or a browser's local ``YYYY-MM-DDTHH:MM`` read in
    the runner's time zone; now when empty. Returns (UTC instant, offset in seconds)."""
    if not text or not text.strip():
        return parse_time(local_now(ctx).isoformat())
    when, offset = parse_time(text, profile_zone(ctx.profile()))
    if when > ctx.now() + timedelta(minutes=5):
        raise InputValueError("a diary entry cannot be in the future")
    return when, offset


def new_entry(ctx: WebContext, body: dict[str, Any]) -> PainEntry:
    """A PainEntry from the form's fields (validated by PainEntry itself)."""
    when, offset = parse_entry_time(ctx, body.get("time"))
    return PainEntry(
        time_utc=when,
        utc_offset_s=offset,
        score=body["score"],
        pain_type=parse_pain_type(str(body["pain_type"])),
        location=str(body["location"]),
        radiates_below_knee=body.get("radiates_below_knee"),
        numbness_or_tingling=body.get("numbness_or_tingling"),
        note=(body.get("note") or "").strip() or None,
    )


def questions_json(knowledge: CareKnowledge | None = None) -> list[dict[str, Any]]:
    """The triage questions in the order they are asked, as the form draws them."""
    knowledge = knowledge or load_care()
    return [
        {
            "key": q.key,
            "prompt": q.prompt,
            "type": q.type.value,
            "min": q.minimum,
            "max": q.maximum,
            "whole": q.whole,
            "unit": q.unit,
            "choices": list(q.choices),
            "ask_if": q.ask_if,
        }
        for q in knowledge.questions
    ]
