"""The runner's history as the care layer reads it: runs, weeks and shoes from services.history."""

from __future__ import annotations

from datetime import datetime

from backstride.care import LoadSummary, RecentRun, summarise_load
from backstride.knowledge import MeasureRules, load_rules
from backstride.knowledge.care import CareKnowledge
from backstride.metrics import ShoeReport, WeekLoad
from backstride.services import history
from backstride.store import Store


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def recent_runs(
    store: Store, rules: MeasureRules | None = None, views: list[history.RunView] | None = None
) -> list[RecentRun]:
    """Every stored run (sport running) with the measures care reads, in start order."""
    out = []
    if views is None:
        views = history.run_views(store, rules, detail=False)
    for view in views:
        if not history.is_run(view.row):
            continue
        r = view.row
        out.append(
            RecentRun(
                id=view.id,
                start_utc=r["start_utc"],
                local_date=view.local_date,
                distance_m=float(r["distance_m"]),
                elapsed_s=float(r["elapsed_s"]),
                spike_pct=view.spike_pct,
                avg_cadence_spm=_float(r["avg_cadence_spm"]),
                stance_time_balance_left_pct=_float(r["stance_time_balance_left_pct"]),
                avg_vertical_ratio_pct=_float(r["avg_vertical_ratio_pct"]),
                descent_m_per_km=_float(r["descent_m_per_km"]),
                max_temperature_c=_float(r["max_temperature_c"]),
                gear_id=None if r["gear_id"] is None else int(r["gear_id"]),
            )
        )
    return out


def history_now(
    store: Store, now: datetime, rules: MeasureRules
) -> tuple[list[RecentRun], list[WeekLoad], list[ShoeReport], dict[int, str]]:
    """Runs, weeks through today, shoe reports and the names of shoes still in use."""
    gear = [g for g in store.gear_list() if g.retired_utc is None or g.retired_utc > now]
    views = history.run_views(store, rules, detail=False)  # read the history once
    return (
        recent_runs(store, rules, views),
        history.weeks(store, today=now.date(), rules=rules, views=views),
        history.shoes(store, now.date(), rules, views=views),
        {g.id: g.name for g in gear},
    )


def load_now(store: Store, now: datetime, knowledge: CareKnowledge) -> LoadSummary:
    """The recent load at ``now`` (aware, in the runner's local offset)."""
    rules = load_rules()
    runs, weeks, shoes, names = history_now(store, now, rules)
    return summarise_load(runs, weeks, shoes, names, now, knowledge.rules, rules)
