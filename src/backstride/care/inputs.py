"""What the care layer reads about the runner's runs, reduced from the stored history.

The services build these records from ``services.history`` (run views, weekly load, shoes); the
care functions stay pure. SI units; times aware UTC; ``local_date`` is the run's training day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backstride.errors import InputValueError


@dataclass(frozen=True, slots=True, kw_only=True)
class RecentRun:
    """One run with the measures care looks at (None where the recording lacks them)."""

    id: int
    start_utc: datetime
    local_date: date
    distance_m: float
    elapsed_s: float
    spike_pct: float | None = None
    avg_cadence_spm: float | None = None
    stance_time_balance_left_pct: float | None = None
    avg_vertical_ratio_pct: float | None = None
    descent_m_per_km: float | None = None
    max_temperature_c: float | None = None
    gear_id: int | None = None
    moving_s: float | None = None

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise InputValueError("start_utc must be timezone-aware")

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + timedelta(seconds=max(self.elapsed_s, 0.0))


def runs_between(runs: list[RecentRun], after: datetime, until: datetime) -> list[RecentRun]:
    """Runs that started after ``after`` and at or before ``until``, in start order."""
    return sorted((r for r in runs if after < r.start_utc <= until), key=lambda r: r.start_utc)
