"""What the history pages and their API show, built from the foundation's services.

API data stays SI (``distance_m``, ``speed_mps``); the ``*_text`` fields are the same values
formatted for people in the profile's units and the run's local time. Filtering lives here, the
measures come from :mod:`backstride.services.history` unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from backstride import presentation as fmt
from backstride.errors import InputValueError, NotFoundError
from backstride.model import Profile, Stream, Units
from backstride.reports.history_charts import RunPoint
from backstride.services import history
from backstride.services.history import RunView
from backstride.timeutil import profile_zone
from backstride.web.context import WebContext, local_time
from backstride.web.imports import uploaded_label

MAX_PAGE = 5000


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFilter:
    """Which runs to list; every bound is inclusive, distances in metres, days local."""

    sport: str | None = None
    since: date | None = None
    until: date | None = None
    min_distance_m: float | None = None
    max_distance_m: float | None = None
    surface: str | None = None
    shoe: str | None = None
    spikes_only: bool = False
    offset: int = 0
    limit: int = 100

    def __post_init__(self) -> None:
        if self.offset < 0 or not 1 <= self.limit <= MAX_PAGE:
            raise InputValueError(f"offset must be >= 0 and limit 1-{MAX_PAGE}")
        if self.since and self.until and self.since > self.until:
            raise InputValueError(f"since {self.since} is after until {self.until}")

    def keeps(self, view: RunView, spike_min_pct: float) -> bool:
        r = view.row
        d = float(r["distance_m"])
        checks = (
            self.sport is None or r["sport"] == self.sport,
            self.since is None or view.local_date >= self.since,
            self.until is None or view.local_date <= self.until,
            self.min_distance_m is None or d >= self.min_distance_m,
            self.max_distance_m is None or d <= self.max_distance_m,
            self.surface is None or r["surface"] == self.surface,
            self.shoe is None or (r["shoe"] or "").lower() == self.shoe.lower(),
            not self.spikes_only or (view.spike_pct is not None and view.spike_pct > spike_min_pct),
        )
        return all(checks)


def run_texts(view: RunView, profile: Profile) -> dict[str, str]:
    """The run's values formatted for people: local start, distance, pace, time, spike."""
    r = view.row
    units = profile.units
    start = local_time(r["start_utc"], r["utc_offset_s"], profile_zone(profile))
    sport = r["sport"] if r["sub_sport"] == "generic" else f"{r['sport']} / {r['sub_sport']}"
    return {
        "date_text": view.local_date.isoformat(),
        "start_text": start.strftime("%Y-%m-%d %H:%M"),
        "sport_text": sport,
        "distance_text": fmt.distance(r["distance_m"], units),
        "moving_text": fmt.duration(r["moving_s"]),
        "pace_text": fmt.pace(r["avg_speed_mps"], units),
        "hr_text": fmt.number(r["avg_hr_bpm"], 0),
        "cadence_text": fmt.number(r["avg_cadence_spm"], 0),
        "ascent_text": fmt.number(r["ascent_m"], 0, " m"),
        "descent_text": fmt.number(r["descent_m"], 0, " m"),
        "spike_text": "" if view.spike_pct is None else fmt.percent(view.spike_pct),
        "source_text": uploaded_label(str(r["source"])),
    }


def run_item(view: RunView, profile: Profile) -> dict[str, Any]:
    """One run for the API and the list page: the foundation's JSON plus display texts."""
    return {**view.as_dict(), **run_texts(view, profile)}


def list_runs(ctx: WebContext, flt: RunFilter) -> dict[str, Any]:
    """``{"total", "offset", "limit", "units", "runs"}``, newest first."""
    profile = ctx.profile()
    spike_min = ctx.rules.spike.reference_max_pct
    kept = [v for v in ctx.run_views() if flt.keeps(v, spike_min)]
    kept.reverse()
    page = kept[flt.offset : flt.offset + flt.limit]
    return {
        "total": len(kept),
        "offset": flt.offset,
        "limit": flt.limit,
        "units": profile.units.value,
        "runs": [run_item(v, profile) for v in page],
    }


def find_run(ctx: WebContext, activity_id: int) -> RunView:
    for view in ctx.run_views():
        if view.id == activity_id:
            return view
    raise NotFoundError(f"no activity with id {activity_id}")


def run_detail(ctx: WebContext, activity_id: int) -> dict[str, Any]:
    """One run with its laps and which stream channels it has."""
    profile = ctx.profile()
    view = find_run(ctx, activity_id)
    stream = run_stream(ctx, view)
    laps = [
        {k: v for k, v in dict(lap).items() if k not in {"id", "activity_id"}}
        for lap in ctx.store.lap_rows(activity_id)
    ]
    for lap in laps:
        lap["start_utc"] = lap["start_utc"].isoformat().replace("+00:00", "Z")
        lap["distance_text"] = fmt.distance(lap["distance_m"], profile.units)
        lap["pace_text"] = fmt.pace(lap["avg_speed_mps"], profile.units)
        lap["time_text"] = fmt.duration(lap["timer_s"] or lap["elapsed_s"])
    channels = [name for name in stream.columns if stream.get(name) is not None]
    return {**run_item(view, profile), "laps": laps, "channels": channels}


def run_stream(ctx: WebContext, view: RunView) -> Stream:
    """The run's stored samples (an empty stream when the file had none)."""
    key = view.row["stream_key"]
    if key is None or not ctx.store.streams.exists(key):
        return Stream.empty()
    return ctx.store.streams.read(key)


def run_points(views: Sequence[RunView]) -> list[RunPoint]:
    return [
        RunPoint(v.id, v.local_date, float(v.row["distance_m"]), v.spike_pct)
        for v in views
        if history.is_run(v.row)
    ]


def load_data(ctx: WebContext) -> dict[str, Any]:
    """Weekly running load (Monday to Sunday, local days) and the rules' grades."""
    profile = ctx.profile()
    weeks = ctx.weeks(ctx.today(profile))
    acwr = ctx.rules.acwr
    return {
        "units": profile.units.value,
        "weeks": [_week(w, profile.units) for w in weeks],
        "acwr": {
            "contested": acwr.item.contested,
            "grade": acwr.item.grade.value,
            "sweet_low_ratio": acwr.sweet_low_ratio,
            "sweet_high_ratio": acwr.sweet_high_ratio,
            "note": "Thresholds are contested: read the ratio as a trend, not a verdict.",
        },
        "weekly_increase_high_pct": ctx.rules.weekly_increase.high_increase_pct,
    }


def split_idle_tail(weeks: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Weeks (oldest first) without the run of two or more empty weeks at the end, and its
    length: a long break shows as one line instead of a screen of zeros."""
    end = len(weeks)
    while end > 1 and weeks[end - 1]["runs"] == 0 and weeks[end - 2]["runs"] == 0:
        end -= 1
    return list(weeks[:end]), len(weeks) - end


def _week(w: Any, units: Units) -> dict[str, Any]:
    out = dataclasses.asdict(w)
    out["week_start"] = w.week_start.isoformat()
    out["distance_text"] = fmt.distance(w.distance_m, units, 1)
    out["longest_text"] = fmt.distance(w.longest_run_m, units, 1)
    out["change_text"] = fmt.percent(w.change_pct)
    return out


def shoes_data(ctx: WebContext) -> dict[str, Any]:
    """Every pair with its distance, use and retirement advice (grade C)."""
    profile = ctx.profile()
    gear = {g.id: g for g in ctx.gear()}
    zone = profile_zone(profile)
    shoes = []
    for r in ctx.shoes(ctx.today(profile)):
        g = gear[r.gear_id]
        shoes.append(
            {
                "id": g.id,
                "name": g.name,
                "brand": g.brand,
                "model": g.model,
                "retired": g.retired_utc is not None,
                "distance_m": r.distance_m,
                "runs": r.runs,
                "first_use": _day(r.first_use, zone),
                "last_use": _day(r.last_use, zone),
                "advice": r.advice.value,
                "advice_grade": r.advice_grade,
                "in_rotation": r.in_rotation,
                "distance_text": fmt.distance(r.distance_m, profile.units, 0),
            }
        )
    rule = ctx.rules.shoe_retirement
    return {
        "units": profile.units.value,
        "shoes": shoes,
        "rule": {
            "plan_from_m": rule.plan_from_m,
            "past_range_m": rule.past_range_m,
            "grade": rule.item.grade.value,
            "summary": fmt.in_units(rule.item.summary, profile.units),
        },
    }


def _day(when: Any, zone: Any) -> str | None:
    return None if when is None else when.astimezone(zone).date().isoformat()


def profile_data(profile: Profile) -> dict[str, Any]:
    out = dataclasses.asdict(profile)
    out["units"] = profile.units.value
    return out
