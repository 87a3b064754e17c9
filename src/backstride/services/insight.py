"""Use case: what comes before this runner's pain (``backstride why``).

Reads the stored runs and the pain diary (once: :class:`CareHistory`, or views a caller has
already read) and hands them to the pure case-crossover analysis in :mod:`backstride.insight`.
The factors it confirms become plan changes (:mod:`backstride.care.triggers`).
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from backstride import presentation as fmt
from backstride.care.triggers import ConfirmedTrigger, TriggerChange, trigger_changes
from backstride.insight import (
    InsightResult,
    InsightSettings,
    RunExposureInput,
    analyse_triggers,
    pain_episodes,
)
from backstride.knowledge.care import load_care
from backstride.knowledge.triggers import load_trigger_changes
from backstride.model import Gear, PainEntry, SubSport, Surface, Units
from backstride.services import diary, history
from backstride.services.care_inputs import CareHistory
from backstride.store import Store

_SURFACES = {s.value: s for s in Surface}
_SUB_SPORTS = {s.value: s for s in SubSport}


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
        distance_m = float(r["distance_m"])
        inputs.append(
            RunExposureInput(
                start_utc=r["start_utc"],
                local_date=v.local_date,
                distance_m=distance_m,
                moving_s=r["moving_s"],
                avg_speed_mps=r["avg_speed_mps"],
                ascent_m=r["ascent_m"],
                descent_m=r["descent_m"],
                descent_m_per_km=r["descent_m_per_km"],
                steep_descent_s=r["steep_descent_s"],
                avg_cadence_spm=r["avg_cadence_spm"],
                surface=_SURFACES.get(r["surface"]) or Surface(r["surface"]),
                sub_sport=_SUB_SPORTS.get(r["sub_sport"]) or SubSport(r["sub_sport"]),
                spike_pct=v.spike_pct,
                shoe_distance_m=carried[gear_id] if gear_id is not None else None,
                avg_temperature_c=r["avg_temperature_c"],
                stance_time_balance_left_pct=r["stance_time_balance_left_pct"],
            )
        )
        if gear_id is not None:
            carried[gear_id] += distance_m
    return inputs


#: Recent results by everything they depend on (runs, diary, settings), so that the pages and
#: commands of one session (Today, Plan, Why, the report) do not repeat the same analysis.
RESULTS_KEPT = 8


class _Key:
    """What a result depends on: the runs and diary (``data``, hashed once, as a history of
    3,000 runs takes about 14 ms to hash and a dict would hash a plain tuple at every look-up)
    and the settings (``options``, small)."""

    __slots__ = ("data", "data_hash", "digest", "options")

    def __init__(
        self, data: tuple[object, ...], options: tuple[object, ...], data_hash: int | None = None
    ) -> None:
        self.data, self.options = data, options
        self.data_hash = hash(data) if data_hash is None else data_hash
        self.digest = hash((self.data_hash, options))

    def with_options(self, options: tuple[object, ...]) -> _Key:
        return _Key(self.data, options, self.data_hash)

    def __hash__(self) -> int:
        return self.digest

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Key)
            and self.digest == other.digest
            and self.options == other.options
            and self.data == other.data
        )


_RESULTS: OrderedDict[_Key, tuple[_Key, InsightResult]] = OrderedDict()
_LOCK = threading.Lock()


def analyse_views(
    views: Sequence[history.RunView],
    gear: Sequence[Gear],
    entries: Iterable[PainEntry],
    now: datetime | None = None,
    *,
    hazard_hours: float | None = None,
    trends: bool = True,
) -> InsightResult:
    """The analysis over history already read: ``views`` (every activity, start order), the
    shoes and the diary entries, each up to ``now`` (default: all). ``hazard_hours`` changes the
    window of runs counted as "before the pain" (default from the knowledge data: 48 h);
    ``trends=False`` skips the descriptive dose-response fits (faster). A result for the same
    inputs is remembered (the last ``RESULTS_KEPT``)."""
    settings = InsightSettings.from_knowledge()
    if hazard_hours is not None:
        settings = dataclasses.replace(settings, hazard_s=hazard_hours * 3600.0)
    runs = exposure_inputs(
        [v for v in views if history.is_run(v.row) and (now is None or v.row["start_utc"] <= now)],
        gear,
    )
    pain = tuple((e.time_utc, float(e.score)) for e in entries if now is None or e.time_utc <= now)
    key = _Key((tuple(runs), pain), (repr(settings), trends))
    with _LOCK:
        # a result with trends answers a request without them as well (the rest is the same)
        for found in (key, key.with_options((repr(settings), True))):
            kept = _RESULTS.get(found)
            if kept is not None:
                _RESULTS.move_to_end(kept[0])  # the stored key: found by identity, not compared
                return kept[1]
    result = analyse_triggers(runs, pain_episodes(list(pain)), settings, trends=trends)
    with _LOCK:
        _RESULTS[key] = (key, result)
        while len(_RESULTS) > RESULTS_KEPT:
            _RESULTS.popitem(last=False)
    return result


def why(
    store: Store, now: datetime | None = None, *, hazard_hours: float | None = None
) -> InsightResult:
    """The analysis over every stored run and diary entry up to ``now`` (default: all of them);
    ``hazard_hours`` changes the window of runs counted as "before the pain" (default from the
    knowledge data: 48 h)."""
    past = CareHistory(store)
    entries = diary.list_pain(store, past.runs)
    result = analyse_views(past.views, store.gear_list(), entries, now, hazard_hours=hazard_hours)
    return in_runner_units(result, store.profile().units)


def in_runner_units(result: InsightResult, units: Units) -> InsightResult:
    """The answer with the distances in its texts in the runner's units (labels and advice come
    from the knowledge in km; the numbers stay SI)."""
    if units is Units.KM:
        return result

    def say(text: str) -> str:
        return fmt.in_units(text, units)

    factors = tuple(
        dataclasses.replace(
            f,
            label=say(f.label),
            explanation=say(f.explanation),
            advice=None if f.advice is None else say(f.advice),
        )
        for f in result.factors
    )
    limits = tuple(dataclasses.replace(x, text=say(x.text)) for x in result.limitations)
    return dataclasses.replace(
        result, factors=factors, limitations=limits, message=say(result.message)
    )


def confirmed_triggers(result: InsightResult) -> tuple[ConfirmedTrigger, ...]:
    """The factors the analysis called significant, best supported first, for the plan."""
    confidence = InsightSettings.from_knowledge().confidence
    return tuple(
        ConfirmedTrigger(
            exposure=f.id,
            label=f.label,
            odds_ratio=f.odds_ratio,
            ci_low=f.ci_low,
            ci_high=f.ci_high if f.ci_high is not None and math.isfinite(f.ci_high) else None,
            confidence=confidence,
            exposed_episodes=f.exposed_episodes,
            compared_episodes=f.compared_episodes,
        )
        for f in result.factors
        if f.significant and f.odds_ratio is not None and f.ci_low is not None
    )


def triggers_from_views(
    views: Sequence[history.RunView],
    gear: Sequence[Gear],
    entries: Sequence[PainEntry],
    now: datetime,
) -> tuple[ConfirmedTrigger, ...]:
    """The confirmed triggers for the plan, from history already read (no trends). With fewer
    pain episodes than the analysis needs, none (without running it)."""
    pain = [(e.time_utc, float(e.score)) for e in entries if e.time_utc <= now]
    if len(pain_episodes(pain)) < InsightSettings.from_knowledge().min_episodes:
        return ()
    return confirmed_triggers(analyse_views(views, gear, entries, now, trends=False))


def why_with_changes(
    store: Store, now: datetime, *, hazard_hours: float | None = None
) -> tuple[InsightResult, dict[str, TriggerChange]]:
    """The analysis over all the history (as :func:`why`) and, for each trigger confirmed with
    the default hazard window (the one the plan uses), the plan change that addresses it as
    ``backstride plan`` would date it today (``now``: aware, in the runner's local offset),
    keyed by exposure id."""
    past = CareHistory(store)
    entries = diary.list_pain(store, past.runs)
    gear = store.gear_list()
    result = analyse_views(past.views, gear, entries, hazard_hours=hazard_hours)
    planned = result
    if hazard_hours is not None:
        planned = analyse_views(past.views, gear, entries, now, trends=False)
    changes = trigger_changes(
        confirmed_triggers(planned),
        load_trigger_changes(),
        past.runs,
        past.load(now, load_care()),
        now.date(),
    )
    return result, {exposure: c for c in changes for exposure in c.exposures}


def factors_json(result: InsightResult, changes: Mapping[str, TriggerChange]) -> dict[str, Any]:
    """``result.to_json()`` with, on each factor, ``cause``: the id of its cause in the
    knowledge base (``causes.yaml``; None for an extra column), and ``plan_change``: the dated
    plan change that addresses a confirmed trigger, else None."""
    data = result.to_json()
    items = load_trigger_changes()
    for factor in data["factors"]:
        item = items.get(factor["id"])
        change = changes.get(factor["id"])
        factor["cause"] = None if item is None else item.cause
        factor["plan_change"] = None if change is None else change.change
    return data
