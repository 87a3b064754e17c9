"""The input records: built from the foundation's activity and measures, checked on entry."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backstride.errors import InputValueError
from backstride.insight import RunExposureInput
from backstride.model import Activity, RunMeasures, Sport, SubSport, Surface


def test_from_run_takes_the_local_day_and_measures() -> None:
    """A run at 23:30 UTC on 1 March in a UTC+2 place belongs to 2 March."""
    activity = Activity(
        sport=Sport.RUNNING,
        sub_sport=SubSport.TRAIL,
        start_utc=datetime(2024, 3, 1, 23, 30, tzinfo=UTC),
        utc_offset_s=7200,
    )
    measures = RunMeasures(
        distance_m=10_000.0,
        elapsed_s=3700.0,
        moving_s=3600.0,
        descent_m=250.0,
        avg_cadence_spm=168.0,
        surface=Surface.TRAIL,
    )
    rec = RunExposureInput.from_run(activity, measures, spike_pct=12.0, shoe_distance_m=5e5)
    assert rec.local_date == date(2024, 3, 2)
    assert rec.speed_mps == pytest.approx(10_000 / 3600)
    assert rec.descent_per_km_m == pytest.approx(25.0)
    assert rec.ascent_per_km_m is None
    assert (rec.spike_pct, rec.shoe_distance_m, rec.sub_sport) == (12.0, 5e5, SubSport.TRAIL)


def test_bad_records_are_refused() -> None:
    with pytest.raises(InputValueError):
        RunExposureInput(start_utc=datetime(2024, 1, 1), local_date=date(2024, 1, 1), distance_m=1)
    with pytest.raises(InputValueError):
        RunExposureInput(
            start_utc=datetime(2024, 1, 1, tzinfo=UTC), local_date=date(2024, 1, 1), distance_m=-1
        )
