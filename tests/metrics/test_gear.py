"""Shoe distance, retirement advice (480-800 km, grade C), rotation (used in the last 30 days)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backstride.knowledge import MeasureRules
from backstride.metrics import ShoeAdvice, rotation_count, shoe_advice, shoe_usage
from backstride.model import Gear

TODAY = date(2024, 6, 30)
ADDED = datetime(2024, 1, 1, tzinfo=UTC)


def ago(days: int) -> datetime:
    return datetime(2024, 6, 30, 7, 0, tzinfo=UTC) - timedelta(days=days)


PAIRS = [
    Gear(1, "daily", ADDED, start_distance_m=100_000),  # 100 km before backstride
    Gear(2, "old", ADDED),
    Gear(3, "new", ADDED),
    Gear(4, "retired", ADDED, retired_utc=ago(2)),
]
USES = [
    (1, ago(40), 300_000.0),
    (1, ago(5), 100_000.0),  # daily: 100 + 300 + 100 = 500 km, used 5 days ago
    (2, ago(60), 850_000.0),  # old: 850 km, last used 60 days ago
    (4, ago(3), 10_000.0),  # retired yesterday-ish, used 3 days ago
    (99, ago(1), 5_000.0),  # unknown shoe: ignored
]


def test_reports_by_hand(rules: MeasureRules) -> None:
    daily, old, new, retired = shoe_usage(PAIRS, USES, rules, TODAY)
    assert (daily.gear_id, daily.distance_m, daily.runs) == (1, 500_000, 2)
    assert (daily.first_use, daily.last_use) == (ago(40), ago(5))
    assert daily.advice is ShoeAdvice.PLAN_REPLACEMENT and daily.in_rotation
    assert old.advice is ShoeAdvice.PAST_RANGE and not old.in_rotation  # 60 days > 30
    assert (new.distance_m, new.runs, new.first_use, new.last_use) == (0, 0, None, None)
    assert new.advice is ShoeAdvice.OK and not new.in_rotation
    assert retired.in_rotation is False  # used 3 days ago but retired since
    assert {r.advice_grade for r in (daily, old, new, retired)} == {"C"}
    assert rotation_count(PAIRS, USES, rules, TODAY) == 1


@pytest.mark.parametrize(
    ("km", "advice"),
    [
        (0, ShoeAdvice.OK),
        (479.999, ShoeAdvice.OK),
        (480, ShoeAdvice.PLAN_REPLACEMENT),
        (799.9, ShoeAdvice.PLAN_REPLACEMENT),
        (800, ShoeAdvice.PAST_RANGE),
        (2000, ShoeAdvice.PAST_RANGE),
    ],
)
def test_advice_band_edges(rules: MeasureRules, km: float, advice: ShoeAdvice) -> None:
    assert shoe_advice(km * 1000, rules) is advice


def test_rotation_window_edges(rules: MeasureRules) -> None:
    """Used 29 days ago: in; 30 days ago: out (the window is the 30 days up to today)."""
    pairs = [Gear(1, "a", ADDED), Gear(2, "b", ADDED)]
    uses = [(1, ago(29), 5000.0), (2, ago(30), 5000.0)]
    assert [r.in_rotation for r in shoe_usage(pairs, uses, rules, TODAY)] == [True, False]
    assert rotation_count(pairs, uses, rules, TODAY) == 1
    assert rotation_count(pairs, [*uses, (2, ago(0), 1.0)], rules, TODAY) == 2


def test_advice_values_read_as_words() -> None:
    assert [str(a) for a in ShoeAdvice] == ["ok", "plan a replacement", "past its range"]
