"""Small synthetic runs and episodes for insight tests (each test says how it builds its data)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from backstride.insight import RunExposureInput

T0 = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)  # a Monday, 07:00 UTC


def run(day: float, distance_m: float = 8000.0, **fields: Any) -> RunExposureInput:
    """A run starting ``day`` days after T0 (local date = UTC date), 3 m/s unless given."""
    start = T0 + timedelta(days=day)
    fields.setdefault("avg_speed_mps", 3.0)
    fields.setdefault("moving_s", distance_m / fields["avg_speed_mps"])
    return RunExposureInput(
        start_utc=start, local_date=start.date(), distance_m=distance_m, **fields
    )


def at(day: float) -> datetime:
    """The instant ``day`` days after T0."""
    return T0 + timedelta(days=day)
