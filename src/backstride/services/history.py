"""Use cases over the stored history: the run list, weekly load, shoes (and which runs wore
them)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import RowMapping

from backstride.errors import InputValueError, NotFoundError
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
from backstride.model import Gear, Sport
from backstride.store import Store
from backstride.store.database import MEASURE_FIELDS, decode_json_list

RUN_SPORTS = frozenset({str(Sport.RUNNING)})
#: The most distance a pair can already have on it when added, km. Shoes are retired after a
#: few hundred km (knowledge/measures: shoe_retirement); a larger number is a typing error (and
#: ``1e308`` km would overflow to infinity in metres).
MAX_START_KM = 100_000.0


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


# --- shoes ---------------------------------------------------------------------------------------
def find_shoe(store: Store, name: str) -> Gear:
    """The shoe of this name (ignoring case and surrounding spaces); NotFoundError otherwise."""
    found = store.gear_by_name(name.strip())
    if found is None:
        raise NotFoundError(f"no shoe named {_cut(name.strip())!r}; see 'backstride shoes'")
    return found


def add_shoe(
    store: Store,
    name: str,
    now: datetime,
    brand: str | None = None,
    model: str | None = None,
    start_km: float = 0.0,
) -> Gear:
    """Add a pair: its name stripped of surrounding spaces (and not blank, nor the name of
    another pair in any case), ``start_km`` the distance already on it (finite, 0 to
    :data:`MAX_START_KM`)."""
    cleaned = name.strip()
    if not cleaned:
        raise InputValueError("a shoe needs a name: the one given is empty")
    if not (math.isfinite(start_km) and 0.0 <= start_km <= MAX_START_KM):
        raise InputValueError(
            f"the distance already on a shoe must be from 0 to {MAX_START_KM:g} km, "
            f"not {start_km:g}"
        )
    if store.gear_by_name(cleaned) is not None:
        raise InputValueError(f"a shoe named {cleaned!r} already exists")
    return store.add_gear(
        cleaned, now, (brand or "").strip() or None, (model or "").strip() or None, start_km * 1e3
    )


def retire_shoe(store: Store, name: str, when: datetime | None) -> tuple[Gear, bool]:
    """Retire the shoe at ``when`` (None: back into use). Returns the shoe as stored and whether
    anything changed: a retired shoe keeps the day it was retired, a shoe in use stays so."""
    shoe = find_shoe(store, name)
    if (shoe.retired_utc is None) == (when is None):
        return shoe, False
    store.set_gear_retired(shoe.id, when)
    return find_shoe(store, shoe.name), True


@dataclass(frozen=True, slots=True)
class ShoeAssignment:
    """What :func:`assign_shoe` did: the runs now in ``shoe``, how many of them another shoe
    had before (by its name), and the activities given that are not runs (id, sport)."""

    shoe: str
    assigned: tuple[int, ...]
    moved_from: dict[str, int] = field(default_factory=dict)
    not_runs: tuple[tuple[int, str], ...] = ()


def assign_shoe(
    store: Store,
    name: str,
    ids: Sequence[int] = (),
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> ShoeAssignment:
    """Put the shoe ``name`` on the runs ``ids`` and on every run whose local day lies in
    [``since``, ``until``]. All or nothing: an unknown id, a range that ends before it starts
    or starts after ``today``, or nothing to assign is an error and nothing changes. Only runs
    get a shoe; other activities given by id are left as they are and listed."""
    shoe = find_shoe(store, name)
    ranged = since is not None or until is not None
    if not ids and not ranged:
        raise InputValueError("give activity ids or --since/--until")
    if since is not None and until is not None and until < since:
        raise InputValueError(f"--until {until} is before --since {since}")
    if since is not None and today is not None and since > today:
        raise InputValueError(
            f"--since {since} is after today ({today}): shoes go on runs already done"
        )
    views = run_views(store, detail=False)
    by_id = {v.id: v for v in views}
    unknown = sorted(set(ids) - by_id.keys())
    if unknown:
        listed = ", ".join(str(i) for i in unknown[:10]) + (", ..." if len(unknown) > 10 else "")
        raise NotFoundError(
            f"no {'activity' if len(unknown) == 1 else 'activities'} with id {listed}; "
            "see 'backstride runs'; nothing was assigned"
        )
    in_range = resolve_ids(views, since, until) if ranged else []
    if ranged and not in_range and not ids:
        raise NotFoundError(f"no runs {_range_text(since, until)}; see 'backstride runs'")
    chosen = sorted(set(ids) | set(in_range))
    runs = [i for i in chosen if is_run(by_id[i].row)]
    not_runs = tuple((i, str(by_id[i].row["sport"])) for i in chosen if not is_run(by_id[i].row))
    if not runs:
        raise InputValueError(f"{_not_runs_text(not_runs)}: only runs get a shoe")
    moved = Counter(
        str(by_id[i].row["shoe"])
        for i in runs
        if by_id[i].row["gear_id"] is not None and by_id[i].row["gear_id"] != shoe.id
    )
    store.assign_gear(shoe.id, runs)
    return ShoeAssignment(shoe.name, tuple(runs), dict(moved.most_common()), not_runs)


def _not_runs_text(not_runs: Sequence[tuple[int, str]]) -> str:
    shown = ", ".join(f"activity {i} is {sport}" for i, sport in not_runs[:5])
    return shown + (f" (and {len(not_runs) - 5} more)" if len(not_runs) > 5 else "")


def not_runs_note(assignment: ShoeAssignment) -> str | None:
    """The activities given that got no shoe, in words; None when every one was a run."""
    if not assignment.not_runs:
        return None
    return f"{_not_runs_text(assignment.not_runs)}, not a run: no shoe given"


def _range_text(since: date | None, until: date | None) -> str:
    if since is not None and until is not None:
        return f"from {since} to {until}"
    return f"from {since}" if since is not None else f"up to {until}"


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
