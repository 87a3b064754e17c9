"""The local clock of a run whose file states no UTC offset: the zone where it started."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backstride.timeutil import offset_in_zone, zone_at


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (52.52, 13.40, "Europe/Berlin"),
        (40.71, -74.01, "America/New_York"),
        (-33.87, 151.21, "Australia/Sydney"),
        (51.48, -0.001, "Europe/London"),  # just west of Greenwich
        (-30.0, 0.0, "Etc/GMT"),  # South Atlantic: the nautical zone
        (0.0, -35.0, "Etc/GMT+2"),
    ],
)
def test_zone_at_known_places(lat: float, lon: float, zone: str) -> None:
    assert zone_at(lat, lon) == zone


@pytest.mark.parametrize(
    ("lat", "lon"), [(float("nan"), 0.0), (0.0, float("inf")), (91.0, 0.0), (0.0, -181.0)]
)
def test_zone_at_refuses_impossible_positions(lat: float, lon: float) -> None:
    assert zone_at(lat, lon) is None


def test_offset_follows_daylight_saving() -> None:
    assert offset_in_zone("Europe/Berlin", datetime(2026, 1, 15, tzinfo=UTC)) == 3600
    assert offset_in_zone("Europe/Berlin", datetime(2026, 7, 15, tzinfo=UTC)) == 7200
    assert offset_in_zone("Not/AZone", datetime(2026, 7, 15, tzinfo=UTC)) is None
