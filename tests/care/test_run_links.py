"""Linking many diary entries to their runs at once agrees with linking them one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backstride.care import RecentRun, run_before, runs_before

T0 = datetime(2026, 1, 1, tzinfo=UTC)
# instants on a 15-minute grid over 20 days, so that ties between run starts happen often
instants = st.integers(0, 20 * 96).map(lambda q: T0 + timedelta(minutes=15 * q))


def _reference(when: datetime, runs: list[RecentRun], window_days: float) -> int | None:
    """The rule as the docstring states it, by brute force."""
    started = [r for r in runs if r.start_utc <= when]
    if not started:
        return None
    latest = max(started, key=lambda r: (r.start_utc, r.id))
    return latest.id if when - latest.end_utc <= timedelta(days=window_days) else None


@given(
    starts=st.lists(st.tuples(instants, st.floats(0.1, 30.0)), max_size=25),
    whens=st.lists(instants, max_size=25),
    window_days=st.sampled_from([0.5, 1.0, 2.0, 7.0]),
)
def test_runs_before_is_run_before_for_each_instant(
    starts: list[tuple[datetime, float]], whens: list[datetime], window_days: float
) -> None:
    runs = [
        RecentRun(
            id=i, start_utc=s, local_date=s.date(), distance_m=5000.0, elapsed_s=hours * 3600.0
        )
        for i, (s, hours) in enumerate(starts)
    ]
    expected = [_reference(w, runs, window_days) for w in whens]
    assert runs_before(whens, runs, window_days) == expected
    assert [run_before(w, runs[::-1], window_days) for w in whens] == expected
