"""Single-run spikes against the longest run of the previous 30 days (Frandsen 2025)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.knowledge import MeasureRules, load_rules
from backstride.metrics import spike_pcts
from tests.metrics.conftest import T0


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def test_spikes_by_hand(rules: MeasureRules) -> None:
    runs = [
        (at(20), 6000.0),  # window day -10..20 holds 10 km (day 0) and 12 km: 6/12 - 1 = -50 %
        (at(0), 10000.0),  # first run: None
        (at(10), 12000.0),  # vs 10 km: +20 %
        (at(45), 9000.0),  # window day 15..45 holds only the 6 km: 9/6 - 1 = +50 %
        (at(80), 5000.0),  # nothing in day 50..80 (day 45 is 35 days back): None
    ]
    assert spike_pcts(runs, rules) == [-50.0, None, 20.0, 50.0, None]


def test_a_run_exactly_30_days_back_is_in_the_window(rules: MeasureRules) -> None:
    assert spike_pcts([(at(0), 10000.0), (at(30), 15000.0)], rules) == [None, 50.0]
    just_out = [(at(0), 10000.0), (at(30) + timedelta(seconds=1), 15000.0)]
    assert spike_pcts(just_out, rules) == [None, None]


def test_runs_at_the_same_instant_do_not_count_against_each_other(rules: MeasureRules) -> None:
    assert spike_pcts([(at(1), 5000.0), (at(1), 8000.0)], rules) == [None, None]


def test_zero_distance_runs_are_neither_spiked_nor_a_reference(rules: MeasureRules) -> None:
    runs = [(at(0), 0.0), (at(1), 5000.0), (at(2), 0.0), (at(3), 6000.0)]
    assert spike_pcts(runs, rules) == [None, None, None, 20.0]


def test_empty_input(rules: MeasureRules) -> None:
    assert spike_pcts([], rules) == []


def brute_force(runs: list[tuple[datetime, float]], window: timedelta) -> list[float | None]:
    out: list[float | None] = []
    for start, dist in runs:
        prior = [d for s, d in runs if start - window <= s < start and d > 0]
        out.append((dist / max(prior) - 1) * 100 if prior and dist > 0 else None)
    return out


runs_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=200 * 24).map(lambda h: at(h / 24)),
        st.floats(min_value=0, max_value=100_000, allow_nan=False),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(runs_strategy)
def test_spike_is_none_or_at_least_minus_100_and_matches_brute_force(
    runs: list[tuple[datetime, float]],
) -> None:
    rules = load_rules()
    got = spike_pcts(runs, rules)
    assert all(s is None or s >= -100.0 for s in got)
    expected = brute_force(runs, timedelta(days=rules.spike.window_days))
    assert [s is None for s in got] == [s is None for s in expected]
    assert [s for s in got if s is not None] == pytest.approx(
        [s for s in expected if s is not None], rel=1e-9, abs=1e-9
    )
