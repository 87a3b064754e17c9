"""Confirmed triggers into the plan: a dated running change computed from the runner's own data.

A trigger is an exposure that the why-analysis (``backstride why``) found significant for this
runner. Each exposure's change lives in ``knowledge/trigger_changes.yaml``: which computation
(:class:`backstride.knowledge.trigger_items.ChangeKind`), its numbers and how many weeks it
lasts, and the sentence. Here the computation runs on the runs up to the plan's start (local
training days; a window of N days holds the days ``start - N + 1`` to ``start``):

- flat_routes: descent cap = min(``max_descent_per_km_m``, median descent per km of the window),
  not below ``lowest_cap_per_km_m``;
- run_cap: each run <= ``cap_of_longest_pct`` % of the longest run of the spike window
  (``LoadSummary.longest_recent_m``, the same 30 days as the plan's long-run note);
- long_run_cap: each run < ``cap_of_median_factor`` x the median run distance of the window;
- weekly_cap: any 7 days <= ``cap_of_average_pct`` % of the average week of the window
  (its distance / (days / 7));
- retire_shoes: the pairs in use past their range (``LoadSummary.worn_shoes``);
- cadence: the plan's cadence target (``LoadSummary.cadence``);
- pace_cap: average speed <= (1 + ``faster_than_median_pct`` / 100) x the median speed of the
  window (distance / moving time);
- note: the dated sentence alone.

When the data lack what a computation needs, the item's ``fallback`` sentence is used. Each note
starts with why: the trigger's odds ratio and confidence interval, pointing to ``backstride why``.
Only significant factors reach here; the services leave the others out.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.care.inputs import RecentRun
from backstride.care.load import LoadSummary
from backstride.errors import KnowledgeError
from backstride.knowledge.trigger_items import ChangeKind, TriggerChangeItem
from backstride.model import PlanNote, RunDecision, WeekRunning

WEEK_DAYS = 7
BIG_RATIO = 20.0  # as in backstride.insight: above this the exact odds ratio means little


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmedTrigger:
    """A factor the why-analysis called significant: its exposure id, plain label and numbers.

    ``ci_high`` is None when the interval has no upper limit; ``confidence`` is its level (0.95).
    """

    exposure: str
    label: str
    odds_ratio: float
    ci_low: float
    ci_high: float | None
    confidence: float
    exposed_episodes: int
    compared_episodes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerChange:
    """One confirmed trigger's plan change: the note (why, then the change), the change alone,
    and the limits it puts on plan weeks that start before ``until`` (exclusive).
    ``exposures``: the triggers it addresses (``note.trigger`` first; more when several
    triggers ask for the same change)."""

    note: PlanNote
    change: str
    until: date
    exposures: tuple[str, ...] = ()
    flat_route: bool = False
    run_cap_m: float | None = None


@dataclass(frozen=True, slots=True)
class _Figures:
    names: dict[str, float | str]
    run_cap_m: float | None = None


def _window(runs: Iterable[RecentRun], start: date, days: float) -> list[RecentRun]:
    first = start - timedelta(days=int(days) - 1)
    return [r for r in runs if first <= r.local_date <= start]


def _median(xs: Sequence[float]) -> float | None:
    return statistics.median(xs) if xs else None


def _pace(speed_mps: float) -> str:
    """A pace in minutes and seconds per km ("5:05")."""
    seconds = round(1000.0 / speed_mps)
    return f"{seconds // 60}:{seconds % 60:02d}"


Compute = Callable[[TriggerChangeItem, Sequence[RecentRun], LoadSummary, date], _Figures | None]


def _flat(
    item: TriggerChangeItem, runs: Sequence[RecentRun], _: LoadSummary, start: date
) -> _Figures | None:
    window = _window(runs, start, item.values["median_window_days"])
    own = _median([r.descent_m_per_km for r in window if r.descent_m_per_km is not None])
    if own is None:
        return None
    v = item.values
    cap = max(v["lowest_cap_per_km_m"], min(v["max_descent_per_km_m"], own))
    return _Figures({"descent_cap_m_per_km": cap, "own_descent_m_per_km": own})


def _run_cap(
    item: TriggerChangeItem, _: Sequence[RecentRun], load: LoadSummary, __: date
) -> _Figures | None:
    if load.longest_recent_m is None:
        return None
    cap = load.longest_recent_m * item.values["cap_of_longest_pct"] / 100.0
    return _Figures({"cap_km": cap / 1000.0, "longest_km": load.longest_recent_m / 1000.0}, cap)


def _long_run(
    item: TriggerChangeItem, runs: Sequence[RecentRun], _: LoadSummary, start: date
) -> _Figures | None:
    window = _window(runs, start, item.values["median_window_days"])
    median = _median([r.distance_m for r in window])
    if median is None:
        return None
    cap = median * item.values["cap_of_median_factor"]
    return _Figures({"cap_km": cap / 1000.0, "median_km": median / 1000.0}, cap)


def _weekly(
    item: TriggerChangeItem, runs: Sequence[RecentRun], _: LoadSummary, start: date
) -> _Figures | None:
    days = item.values["reference_days"]
    window = _window(runs, start, days)
    if not window:
        return None
    average = sum(r.distance_m for r in window) / (days / WEEK_DAYS)
    cap = average * item.values["cap_of_average_pct"] / 100.0
    return _Figures({"cap_km": cap / 1000.0, "average_week_km": average / 1000.0})


def _shoes(
    _: TriggerChangeItem, __: Sequence[RecentRun], load: LoadSummary, ___: date
) -> _Figures | None:
    return _Figures({"shoes": ", ".join(load.worn_shoes)}) if load.worn_shoes else None


def _cadence(
    _: TriggerChangeItem, __: Sequence[RecentRun], load: LoadSummary, ___: date
) -> _Figures | None:
    c = load.cadence
    if c is None:
        return None
    return _Figures({"own_spm": c.own_spm, "low_spm": c.low_spm, "high_spm": c.high_spm})


def _pace_cap(
    item: TriggerChangeItem, runs: Sequence[RecentRun], _: LoadSummary, start: date
) -> _Figures | None:
    window = _window(runs, start, item.values["median_window_days"])
    speeds = []
    for r in window:
        seconds = r.moving_s if r.moving_s is not None else r.elapsed_s
        if seconds > 0 and r.distance_m > 0:
            speeds.append(r.distance_m / seconds)
    median = _median(speeds)
    if median is None:
        return None
    cap = median * (1.0 + item.values["faster_than_median_pct"] / 100.0)
    return _Figures({"pace_cap": _pace(cap), "median_pace": _pace(median)})


def _nothing(
    _: TriggerChangeItem, __: Sequence[RecentRun], ___: LoadSummary, ____: date
) -> _Figures | None:
    return _Figures({})


COMPUTE: Mapping[ChangeKind, Compute] = {
    ChangeKind.FLAT_ROUTES: _flat,
    ChangeKind.RUN_CAP: _run_cap,
    ChangeKind.LONG_RUN_CAP: _long_run,
    ChangeKind.WEEKLY_CAP: _weekly,
    ChangeKind.RETIRE_SHOES: _shoes,
    ChangeKind.CADENCE: _cadence,
    ChangeKind.PACE_CAP: _pace_cap,
    ChangeKind.NOTE: _nothing,
}


def _ratio(x: float) -> str:
    return f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def why_clause(trigger: ConfirmedTrigger) -> str:
    """ "Your pain followed <label> 4.1 times as often as your other weeks would suggest
    (95 % CI 1.9-9.2; see the why-analysis)." Above an odds ratio of 20 in words."""
    level = f"{trigger.confidence * 100:.0f} %"
    if trigger.ci_high is None:
        ci = f"{level} CI {_ratio(trigger.ci_low)} or more"
    else:
        ci = f"{level} CI {_ratio(trigger.ci_low)}-{_ratio(trigger.ci_high)}"
    how = (
        f"far more often (odds ratio above {BIG_RATIO:g}) than"
        if trigger.odds_ratio >= BIG_RATIO
        else f"{_ratio(trigger.odds_ratio)} times as often as"
    )
    return (
        f"Your pain followed {trigger.label} {how} your other weeks would suggest "
        f"({ci}; see the why-analysis)."
    )


def trigger_change(
    trigger: ConfirmedTrigger,
    item: TriggerChangeItem,
    runs: Sequence[RecentRun],
    load: LoadSummary,
    start: date,
) -> TriggerChange:
    """The dated change for one confirmed trigger (see the module docstring)."""
    until = start + timedelta(days=WEEK_DAYS * item.weeks)
    dates: dict[str, float | str] = {
        "start": start.isoformat(),
        "until": (until - timedelta(days=1)).isoformat(),
        "weeks": float(item.weeks),
    }
    figures = COMPUTE[item.change](item, runs, load, start)
    template = item.text if figures is not None else item.fallback
    names = {**dates, **item.values, **(figures.names if figures is not None else {})}
    try:
        text = template.format(**names)
    except (KeyError, ValueError, IndexError) as exc:
        raise KnowledgeError(
            f"{item.file}: item {item.id!r}: cannot fill its sentence ({exc})"
        ) from exc
    note = PlanNote(item.id, f"{why_clause(trigger)} {text}", item.grade.value, trigger.exposure)
    return TriggerChange(
        note=note,
        change=text,
        until=until,
        exposures=(trigger.exposure,),
        flat_route=item.change is ChangeKind.FLAT_ROUTES,
        run_cap_m=None if figures is None else figures.run_cap_m,
    )


def trigger_changes(
    triggers: Iterable[ConfirmedTrigger],
    items: Mapping[str, TriggerChangeItem],
    runs: Sequence[RecentRun],
    load: LoadSummary,
    start: date,
) -> tuple[TriggerChange, ...]:
    """The changes for the confirmed triggers that have an item (others are left out), in the
    order given (the analysis sorts them best-supported first).

    Triggers whose items ask for the same change (the same computation with the same numbers:
    downhill and hilly both ask for flat routes) give one change, the best-supported trigger's,
    with the others' reasons added to its note. Plain notes always stay apart.
    """
    past = [r for r in runs if r.local_date <= start]
    changes: list[TriggerChange] = []
    seen: dict[tuple[ChangeKind, tuple[tuple[str, float], ...]], int] = {}
    for trigger in triggers:
        item = items.get(trigger.exposure)
        if item is None:
            continue
        same = (item.change, tuple(sorted(item.values.items())))
        first = seen.get(same)
        if first is None or item.change is ChangeKind.NOTE:
            seen.setdefault(same, len(changes))
            changes.append(trigger_change(trigger, item, past, load, start))
            continue
        kept = changes[first]
        reasons = kept.note.text.removesuffix(kept.change).rstrip()
        also = why_clause(trigger).replace("Your pain followed", "Your pain also followed", 1)
        note = dataclasses.replace(kept.note, text=f"{reasons} {also} {kept.change}")
        exposures = (*kept.exposures, trigger.exposure)
        changes[first] = dataclasses.replace(kept, note=note, exposures=exposures)
    return tuple(changes)


def limit_week(
    running: WeekRunning, week_start: date, changes: Iterable[TriggerChange]
) -> WeekRunning:
    """A plan week's running with the limits of the changes still in force at its start: flat
    routes, and each run (the long one too) capped. Weeks without running stay as they are."""
    if running.mode.rank < RunDecision.EASY_RUN.rank:
        return running
    active = [c for c in changes if week_start < c.until]
    flat = running.flat_route or any(c.flat_route for c in active)
    caps = [c.run_cap_m for c in active if c.run_cap_m is not None]
    if not caps and flat == running.flat_route:
        return running
    cap = min(caps) if caps else None
    run_cap, long_cap, extra = running.run_cap_m, running.long_run_cap_m, []
    if cap is not None and (run_cap is None or cap < run_cap):
        run_cap = cap
        extra.append(f"each run at most {cap / 1000.0:.1f} km")
    if cap is not None and (long_cap is None or cap < long_cap):
        long_cap = cap
    if flat and not running.flat_route:
        extra.append("flat routes")
    note = running.note
    if extra:
        note += f" Because of your confirmed triggers: {', '.join(extra)}."
    return dataclasses.replace(
        running, run_cap_m=run_cap, long_run_cap_m=long_cap, flat_route=flat, note=note
    )
