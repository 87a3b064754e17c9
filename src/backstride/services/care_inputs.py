"""The runner's history as the care layer reads it: runs, weeks and shoes from services.history,
read once per request (:class:`CareHistory`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

from backstride.care import LoadSummary, RecentRun, summarise_load
from backstride.knowledge import MeasureRules, load_rules
from backstride.knowledge.care import CareKnowledge
from backstride.metrics import ShoeReport, WeekLoad, weekly_load
from backstride.services import history
from backstride.store import Store

T = TypeVar("T")


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
                moving_s=_float(r["moving_s"]),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class HistoryAt:
    """The history as it stood at one instant: runs, weeks through that day, shoe reports and
    the names of the shoes still in use then."""

    runs: list[RecentRun]
    weeks: list[WeekLoad]
    shoes: list[ShoeReport]
    shoe_names: dict[int, str]


class CareHistory:
    """The stored history, read from the store once and shared by every care answer that one
    request needs (the Today page asks for the triage, the day's advice and the plan; a report
    for more). Results at each instant are kept, so asking twice costs nothing.

    Meant to live for one request or one command: it does not notice later imports.
    """

    def __init__(
        self,
        store: Store,
        rules: MeasureRules | None = None,
        views: list[history.RunView] | None = None,
    ) -> None:
        """``views``: the stored activities as :func:`history.run_views` gives them, when the
        caller holds them already (the web app keeps them between pages)."""
        self.store = store
        self.rules = load_rules() if rules is None else rules
        self._views: list[history.RunView] | None = views
        self._runs: list[RecentRun] | None = None
        self._at: dict[datetime, HistoryAt] = {}
        self._kept: dict[Hashable, Any] = {}

    @property
    def views(self) -> list[history.RunView]:
        if self._views is None:
            self._views = history.run_views(self.store, self.rules, detail=False)
        return self._views

    @property
    def runs(self) -> list[RecentRun]:
        """Every run (sport running), in start order."""
        if self._runs is None:
            self._runs = recent_runs(self.store, self.rules, self.views)
        return self._runs

    def at(self, now: datetime) -> HistoryAt:
        """The history at ``now`` (aware): weeks through its date, shoes in use then."""
        if now not in self._at:
            gear = self.store.gear_list()
            in_use = {g.id: g.name for g in gear if g.retired_utc is None or g.retired_utc > now}
            self._at[now] = HistoryAt(
                runs=self.runs,
                weeks=weekly_load(
                    self.keep("days", lambda: history.day_runs(self.views)),
                    self.rules,
                    through=now.date(),
                ),
                shoes=history.shoes(self.store, now.date(), self.rules, views=self.views),
                shoe_names=in_use,
            )
        return self._at[now]

    def keep(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per ``key`` for the life of this history (an answer that several
        services need, such as the latest triage evaluated again)."""
        if key not in self._kept:
            self._kept[key] = compute()
        return cast(T, self._kept[key])

    def load(self, now: datetime, knowledge: CareKnowledge) -> LoadSummary:
        """The recent load at ``now`` (aware, in the runner's local offset)."""
        h = self.at(now)
        return summarise_load(
            h.runs, h.weeks, h.shoes, h.shoe_names, now, knowledge.rules, self.rules
        )
