"""The training day is the local calendar day of the run's start."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import InputValueError
from backstride.metrics import local_date, week_start


def test_local_date_by_hand() -> None:
    late = datetime(2024, 3, 9, 23, 30, tzinfo=UTC)
    assert local_date(late, 3600) == date(2024, 3, 10)  # 00:30 next day at UTC+1
    assert local_date(late, None) == date(2024, 3, 9)  # unknown offset: the UTC day
    early = datetime(2024, 3, 10, 3, 0, tzinfo=UTC)
    assert local_date(early, -5 * 3600) == date(2024, 3, 9)  # 22:00 the evening before
    assert local_date(early, 14 * 3600) == date(2024, 3, 10)  # Kiribati, 17:00


def test_a_start_in_another_zone_is_converted_first() -> None:
    start = datetime(2024, 3, 10, 1, 0, tzinfo=timezone(timedelta(hours=2)))  # 23:00 UTC, 9th
    assert local_date(start, 0) == date(2024, 3, 9)


def test_naive_times_and_absurd_offsets_are_refused() -> None:
    with pytest.raises(InputValueError):
        local_date(datetime(2024, 1, 1), 0)  # naive: the point of the test
    with pytest.raises(InputValueError):
        local_date(datetime(2024, 1, 1, tzinfo=UTC), 90_000)


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(min_value=-12 * 3600, max_value=14 * 3600),
)
def test_local_date_agrees_with_the_clock_at_that_offset(start: datetime, offset: int) -> None:
    expected = start.astimezone(timezone(timedelta(seconds=offset))).date()
    assert local_date(start, offset) == expected
    # a later offset never gives an earlier day, and the day is within one of the UTC day
    assert abs((local_date(start, offset) - start.date()).days) <= 1


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_week_start_is_the_monday_on_or_before(day: date) -> None:
    monday = week_start(day)
    assert monday.weekday() == 0 and 0 <= (day - monday).days < 7
