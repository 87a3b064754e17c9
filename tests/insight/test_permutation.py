"""Westfall-Young step-down min-p over relabelled hazard windows: hand cases and rules."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.insight import (
    ConditionalDistribution,
    ExposureColumn,
    MatchedSet,
    holm,
    relabellings,
    westfall_young,
)


def column(*rows: tuple[int | None, ...]) -> ExposureColumn:
    """A column whose strata are all used (hazard window first in each row)."""
    return ExposureColumn(values=tuple(rows), used=tuple(True for _ in rows))


def test_single_exposure_keeps_its_exact_p_value() -> None:
    """Two strata of hazard + one control, hazard exposed in both: T = 2 of at most 2, so
    p = 1/4. The four relabellings give T* = 2, 1, 1, 0, i.e. p* = 1/4, 3/4, 3/4, 1: one in
    four is at or below 1/4, so the adjusted p-value is 1/4 too (one test, nothing to adjust)."""
    out = westfall_young([column((1, 0), (1, 0))], [2, 2])
    assert out.exact and out.draws == 4
    assert out.observed == pytest.approx((0.25,))
    assert out.p_adjusted == pytest.approx((0.25,))


def test_identical_exposures_pay_no_multiplicity_price() -> None:
    """Two exposures with the same values in three 1:1 strata (hilly and downhill on the same
    runs): raw p = 1/8 each. They always move together, so min p* <= 1/8 in exactly 1 of the 8
    relabellings: both adjusted p-values stay 1/8, where Holm would give 1/4."""
    rows = ((1, 0), (1, 0), (1, 0))
    out = westfall_young([column(*rows), column(*rows)], [2, 2, 2])
    assert out.p_adjusted == pytest.approx((0.125, 0.125))
    assert holm(list(out.observed)) == pytest.approx((0.25, 0.25))


def test_exposures_on_different_episodes_by_hand() -> None:
    """X differs only in stratum 1, Y only in stratum 2; both raw p = 1/2. Relabellings
    (w1, w2) in {0, 1}^2: p*_X = 1/2 when w1 = 0 else 1, p*_Y likewise with w2. The smallest
    is <= 1/2 in 3 of 4 (all but w1 = w2 = 1): step 1 gives 3/4; step 2 (Y alone) 1/2, raised
    to 3/4 to stay monotone. Sidak's 1 - (1/2)^2 = 3/4; Bonferroni would give 1."""
    x = column((1, 0), (0, 0))
    y = column((0, 0), (1, 0))
    out = westfall_young([x, y], [2, 2])
    assert out.observed == pytest.approx((0.5, 0.5))
    assert out.p_adjusted == pytest.approx((0.75, 0.75))


def test_a_test_that_cannot_reach_small_p_costs_nothing() -> None:
    """X: four 1:1 strata, hazard exposed in all: p = 1/16. Z varies in one stratum only, so
    its p* is 1/2 or 1 and never at or below 1/16: the minimum is X's alone and X keeps 1/16
    (Holm: 2/16). Z's own adjusted p is P(min(p*_X, p*_Z) <= 1/2 ...) by step-down: Z is
    second, alone at its step, 1/2."""
    x = column((1, 0), (1, 0), (1, 0), (1, 0))
    z = column((1, 0), (0, 0), (0, 0), (0, 0))
    out = westfall_young([x, z], [2, 2, 2, 2])
    assert out.p_adjusted == pytest.approx((1 / 16, 0.5))


def test_unused_strata_and_shares() -> None:
    """Shares on a lattice (scale 2) and a stratum the exposure does not use: stratum 1 has
    hazard 2/2 and controls 0/2 and 1/2 (values 2, 0, 1); stratum 2 is unused. T - low = 2 of
    a uniform draw over {2, 0, 1}: p = 1/3. Relabelling stratum 2 changes nothing; the 3 x 2
    relabellings give p* = 1/3 in 2 of 6, so 1/3."""
    col = ExposureColumn(values=((2, 0, 1), (None, None)), used=(True, False))
    out = westfall_young([col], [3, 2])
    assert out.exact and out.draws == 6
    assert out.p_adjusted == pytest.approx((1 / 3,))


def test_unknown_windows_use_a_random_stand_in() -> None:
    """A column with an unknown control cannot be enumerated: Monte Carlo. Its relabelled
    p-values still have the exact test's null distribution: stratum (1, None, 0, 0) is a draw
    from {1, 0, 0} (p = 1/3 when the hazard is exposed), so the adjusted p-value of a single
    test is 1/3 up to Monte Carlo error (4,000 draws: standard error 0.0075)."""
    col = column((1, None, 0, 0))
    out = westfall_young([col], [4], draws=4000, seed=3)
    assert not out.exact
    assert out.observed == pytest.approx((1 / 3,))
    assert out.p_adjusted[0] == pytest.approx(1 / 3, abs=0.03)


def test_seeded_and_reproducible() -> None:
    rng = np.random.default_rng(5)
    rows = [tuple(int(v) for v in rng.integers(0, 2, 6)) for _ in range(12)]
    cols = [column(*rows), column(*(r[::-1] for r in rows))]
    a = westfall_young(cols, [6] * 12, draws=500, seed=11)
    b = westfall_young(cols, [6] * 12, draws=500, seed=11)
    assert not a.exact and a == b


def test_relabellings_enumerate_or_draw() -> None:
    full = relabellings([2, 3], draws=10, seed=0)
    assert full.exact and full.window.shape == (6, 2)
    assert sorted(map(tuple, full.window.tolist())) == [(i, j) for i in range(2) for j in range(3)]
    drawn = relabellings([2, 3], draws=10, seed=0, enumerate_up_to=0)
    assert not drawn.exact and drawn.window.shape == (10, 2)
    assert drawn.window.min() >= 0 and (drawn.window < np.array([2, 3])).all()


strata_values = st.lists(
    st.lists(st.integers(0, 2), min_size=2, max_size=3), min_size=1, max_size=4
)


@settings(max_examples=60, deadline=None)
@given(st.lists(strata_values, min_size=1, max_size=4), st.data())
def test_exact_step_down_lies_between_raw_and_holm(
    shapes: list[list[list[int]]], data: st.DataObject
) -> None:
    """For any small data listed in full: every adjusted p-value is at least its raw one and
    at most Holm's (each relabelled p-value is exact, so the union bound holds step by step),
    the order of the raw p-values is kept, and the raw ones are the exact tests' p-values."""
    sizes = [len(row) for row in shapes[0]]
    cols = []
    for _ in shapes:
        rows = tuple(tuple(data.draw(st.integers(0, 2)) for _ in range(k)) for k in sizes)
        cols.append(column(*rows))
    out = westfall_young(cols, sizes, enumerate_up_to=10_000)
    assert out.exact
    raw = list(out.observed)
    for col, p in zip(cols, raw, strict=True):
        dist = ConditionalDistribution(col.matched_sets())
        assert p == pytest.approx(dist.p_greater() if dist.informative else 1.0)
    bound = holm(raw)
    for p, adj, h in zip(raw, out.p_adjusted, bound, strict=True):
        assert p - 1e-12 <= adj <= h + 1e-12
    for i in range(len(raw)):
        for j in range(len(raw)):
            if raw[i] < raw[j]:
                assert out.p_adjusted[i] <= out.p_adjusted[j] + 1e-12


def test_matched_sets_skip_unused_and_unknown() -> None:
    col = ExposureColumn(values=((1, None, 0), (0, 1)), used=(True, False))
    assert col.matched_sets() == (MatchedSet(1, (0,)),)


def test_null_family_wise_error_with_correlated_exposures() -> None:
    """Seeded simulation of the global null: 30 episodes of 1 hazard + 8 control windows; 12
    exposures in 4 groups of 3 that share 80 % of their window values (hills, downhill and
    trail travel together), each window exposed with its group's probability (5-40 %); the
    hazard window is a random one of the 9, so nothing matters. Over 150 analyses the share
    calling ANY exposure significant stays at or below 5 % plus Monte Carlo slack, and the
    relabelling procedure rejects at least as often as Holm (it is less conservative)."""
    rng = np.random.default_rng(20260401)
    any_wy = any_holm = 0
    for rep in range(150):
        cols = []
        for prevalence in rng.uniform(0.05, 0.4, size=4):
            base = rng.random((30, 9)) < prevalence
            for _ in range(3):
                own = rng.random((30, 9)) < prevalence
                values = np.where(rng.random((30, 9)) < 0.8, base, own)
                cols.append(column(*(tuple(int(v) for v in row) for row in values)))
        # the windows are listed hazard first: a random hazard is the same as a fixed one
        out = westfall_young(cols, [9] * 30, draws=1000, seed=rep)
        any_wy += min(out.p_adjusted) <= 0.05
        any_holm += min(holm(list(out.observed))) <= 0.05
    assert any_wy <= 13  # 8.7 %: above the 95 % upper Monte Carlo limit for a 5 % rate
    assert any_wy >= any_holm


def test_rows_must_match_the_strata() -> None:
    with pytest.raises(ValueError, match="one value per window"):
        westfall_young([column((1, 0))], [3])
    with pytest.raises(ValueError, match="one row per stratum"):
        westfall_young([column((1, 0))], [2, 2])
    assert westfall_young([], [2]).p_adjusted == ()
