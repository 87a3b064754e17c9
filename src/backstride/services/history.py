"""Use cases that read the stored history: the run list, weekly load, shoes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import RowMapping

from backstride.knowledge import MeasureRules, load_rules
from backstride.metrics import (
    DayRun,
    ShoeReport,
    WeekLoad,
    local_date,
    shoe_usage,
    spike_pcts,
    weekly_load,
)
from backstride.model import Sport
from backstride.store import Store
from backstride.store.database import MEASURE_FIELDS, decode_json_list

RUN_SPORTS = frozenset({str(Sport.RUNNING)})


@dataclass(frozen=True, slots=True)
class RunView:
    """One stored activity with its measures and the measures that depend on its history."""

    row: RowMapping
    spike_pct: float | None
    local_date: date

    @property
    def id(self) -> int:
        return int(self.row["id"])

    def as_dict(self) -> dict[str, Any]:
        r = self.row
        out: dict[str, Any] = {
            "id": int(r["id"]),
            "source": r["source"],
            "start_utc": r["start_utc"].isoformat().replace("+00:00", "Z"),
            "utc_offset_s": r["utc_offset_s"],
            "local_date": self.local_date.isoformat(),
            "name": r["name"],
            "sport": r["sport"],
            "sub_sport": r["sub_sport"],
            "shoe": r["shoe"],
            "spike_pct": self.spike_pct,
        }
        for name in MEASURE_FIELDS:
            out[name] = r.get(name)
        out["cadence_by_speed"] = decode_json_list(r.get("cadence_by_speed"))
        out["hr_zone_s"] = decode_json_list(r.get("hr_zone_s"))
        out["n_samples"] = r["n_samples"]
        return out


def is_run(row: RowMapping) -> bool:
    return str(row["sport"]) in RUN_SPORTS


def run_views(
    store: Store, rules: MeasureRules | None = None, sport: str | None = None, detail: bool = True
) -> list[RunView]:
    """Every stored activity in start order; ``spike_pct`` is computed among runs only.
    ``detail=False``: without cadence by speed and heart-rate zones (faster; ``as_dict`` then
    gives them as empty lists)."""
    rules = rules or load_rules()
    rows = store.activity_rows(detail=detail)
    runs = [r for r in rows if is_run(r)]
    spikes = dict(
        zip(
            (int(r["id"]) for r in runs),
            spike_pcts([(r["start_utc"], float(r["distance_m"])) for r in runs], rules),
            strict=True,
        )
    )
    views = [
        RunView(r, spikes.get(int(r["id"])), local_date(r["start_utc"], r["utc_offset_s"]))
        for r in rows
    ]
    if sport is not None:
        views = [v for v in views if v.row["sport"] == sport]
    return views


def weeks(
    store: Store,
    today: date | None = None,
    rules: MeasureRules | None = None,
    views: Sequence[RunView] | None = None,
) -> list[WeekLoad]:
    """Weekly running load, Monday to Sunday in the runner's local days (``views``: the history
    already read, to read it once)."""
    rules = rules or load_rules()
    if views is None:
        views = run_views(store, rules, detail=False)
    return weekly_load(day_runs(views), rules, through=today)


def day_runs(views: Sequence[RunView]) -> list[DayRun]:
    """The runs among ``views`` as the weekly load counts them."""
    return [
        DayRun(
            local_date=v.local_date,
            distance_m=float(v.row["distance_m"]),
            duration_s=float(v.row["moving_s"]),
            load=v.row["training_load"],
        )
        for v in views
        if is_run(v.row)
    ]


def shoes(
    store: Store,
    today: date,
    rules: MeasureRules | None = None,
    views: Sequence[RunView] | None = None,
) -> list[ShoeReport]:
    rules = rules or load_rules()
    rows = [v.row for v in views] if views is not None else store.activity_rows(detail=False)
    uses = [
        (int(r["gear_id"]), r["start_utc"], float(r["distance_m"]))
        for r in rows
        if r["gear_id"] is not None and is_run(r)
    ]
    return shoe_usage(store.gear_list(), uses, rules, today)


def resolve_ids(views: Sequence[RunView], since: date | None, until: date | None) -> list[int]:
    """Ids of runs whose local training day lies within [since, until]."""
    return [
        v.id
        for v in views
        if is_run(v.row)
        and (since is None or v.local_date >= since)
        and (until is None or v.local_date <= until)
    ]
