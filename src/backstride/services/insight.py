"""Use case: what comes before this runner's pain (``backstride why``).

Reads the stored runs and the pain diary and hands them to the pure case-crossover analysis in
:mod:`backstride.insight`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from backstride.insight import (
    InsightResult,
    InsightSettings,
    RunExposureInput,
    analyse_triggers,
    pain_episodes,
)
from backstride.model import Gear, SubSport, Surface
from backstride.services import diary, history
from backstride.store import Store


def exposure_inputs(
    views: Sequence[history.RunView], gear: Sequence[Gear]
) -> list[RunExposureInput]:
    """One record per run, with the distance its shoe had already carried when it started."""
    carried: dict[int, float] = defaultdict(float)
    for g in gear:
        carried[g.id] = g.start_distance_m
    inputs = []
    for v in views:  # in start order
        r = v.row
        gear_id = r["gear_id"]
        inputs.append(
            RunExposureInput(
                start_utc=r["start_utc"],
                local_date=v.local_date,
                distance_m=float(r["distance_m"]),
                moving_s=r["moving_s"],
                avg_speed_mps=r["avg_speed_mps"],
                ascent_m=r["ascent_m"],
                descent_m=r["descent_m"],
                descent_m_per_km=r["descent_m_per_km"],
                steep_descent_s=r["steep_descent_s"],
                avg_cadence_spm=r["avg_cadence_spm"],
                surface=Surface(r["surface"]),
                sub_sport=SubSport(r["sub_sport"]),
                spike_pct=v.spike_pct,
                shoe_distance_m=carried[gear_id] if gear_id is not None else None,
                avg_temperature_c=r["avg_temperature_c"],
                stance_time_balance_left_pct=r["stance_time_balance_left_pct"],
            )
        )
        if gear_id is not None:
            carried[gear_id] += float(r["distance_m"])
    return inputs


def why(
    store: Store, now: datetime | None = None, *, hazard_hours: float | None = None
) -> InsightResult:
    """The analysis over every stored run and diary entry up to ``now`` (default: all of them);
    ``hazard_hours`` changes the window of runs counted as "before the pain" (default from the
    knowledge data: 48 h)."""
    settings = InsightSettings.from_knowledge()
    if hazard_hours is not None:
        settings = dataclasses.replace(settings, hazard_s=hazard_hours * 3600.0)
    views = [
        v
        for v in history.run_views(store)
        if history.is_run(v.row) and (now is None or v.row["start_utc"] <= now)
    ]
    runs = exposure_inputs(views, store.gear_list())
    entries = [
        (e.time_utc, float(e.score))
        for e in diary.list_pain(store)
        if now is None or e.time_utc <= now
    ]
    episodes = pain_episodes(entries)
    return analyse_triggers(runs, episodes, settings)
