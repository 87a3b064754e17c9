"""Multiplicity: Holm's procedure within Tarone's screen keeps false findings at 5 % or less."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests

from backstride.insight import (
    ConditionalDistribution,
    MatchedSet,
    exact_conditional,
    holm,
    holm_tarone,
    tarone_family,
)

p_lists = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=1, max_size=30)


def test_holm_by_hand() -> None:
    """p = 0.01, 0.04, 0.03, 0.5 (m = 4): sorted 0.01, 0.03, 0.04, 0.5 get 4x, 3x, 2x, 1x =
    0.04, 0.09, 0.08 -> 0.09 (monotone), 0.5."""
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])


@settings(max_examples=10, deadline=None)  # statsmodels' multipletests is slow per call
@given(p_lists)
def test_holm_matches_statsmodels(ps: list[float]) -> None:
    expected = multipletests(ps, alpha=0.05, method="holm")[1]
    assert holm(ps) == pytest.approx(list(expected), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(p_lists)
def test_with_continuous_tests_it_is_plain_holm(ps: list[float]) -> None:
    """All p_min = 0: everything is in the family and the result is Holm's."""
    out = holm_tarone(ps, [0.0] * len(ps), 0.05)
    assert all(a.testable for a in out)
    assert [a.p_adjusted for a in out] == pytest.approx(list(holm(ps)))
    assert [a.significant for a in out] == [p <= 0.05 for p in holm(ps)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=30))
def test_adjusted_never_below_raw_and_only_family_rejects(pairs: list[tuple[float, float]]) -> None:
    ps = [max(p, m) for p, m in pairs]  # a p-value is never below its attainable minimum
    mins = [m for _, m in pairs]
    for p, adj in zip(ps, holm_tarone(ps, mins, 0.05), strict=True):
        assert adj.p_adjusted >= p - 1e-12
        assert not adj.significant or adj.testable


def test_exact_p_values_feed_the_procedure() -> None:
    """The distribution's p-values are the estimate's (the simulation below uses the former)."""
    sets = [MatchedSet(1, (0, 0, 1)), MatchedSet(1, (0,)), MatchedSet(0, (1, 0))]
    est, dist = exact_conditional(sets), ConditionalDistribution(sets)
    assert est is not None
    assert (est.p_greater, est.p_min_greater) == (dist.p_greater(), dist.p_min_greater())


def test_tarone_by_hand() -> None:
    """p_min 0.001, 0.02, 0.3, 0.5 at alpha 0.05: k=1 admits two tests (> 1); k=2 admits the
    same two (0.001 and 0.02 <= 0.025), so K = 2 and the last two can never be significant."""
    assert tarone_family([0.001, 0.02, 0.3, 0.5], 0.05) == (True, True, False, False)
    out = holm_tarone([0.001, 0.02, 0.3, 0.5], [0.001, 0.02, 0.3, 0.5], 0.05)
    assert [a.significant for a in out] == [True, True, False, False]
    assert out[1].p_adjusted == pytest.approx(0.02)  # second of a family of two: 1 x p
    assert tarone_family([], 0.05) == ()


def test_null_data_rarely_gives_any_finding() -> None:
    """Seeded simulation of the global null: 20 exposures, 25 episodes of 1 hazard + 6 control
    windows, each window exposed with the exposure's own probability (5-50 %), the hazard
    window chosen at random (so no exposure matters). Over 200 analyses the share with ANY
    significant exposure stays at or below 5 % (plus Monte Carlo slack); without correction it
    is far higher.
    """
    rng = np.random.default_rng(20240601)
    any_corrected = any_raw = 0
    for _ in range(200):
        pvals, mins = [], []
        for prevalence in rng.uniform(0.05, 0.5, size=20):
            windows = rng.random((25, 7)) < prevalence
            case = rng.integers(0, 7, size=25)
            sets = [
                MatchedSet(int(w[c]), tuple(int(x) for i, x in enumerate(w) if i != c))
                for w, c in zip(windows, case, strict=True)
            ]
            dist = ConditionalDistribution(sets)  # the p-values of exact_conditional, faster
            if dist.informative:
                pvals.append(dist.p_greater())
                mins.append(dist.p_min_greater())
        any_corrected += any(a.significant for a in holm_tarone(pvals, mins, 0.05))
        any_raw += any(p <= 0.05 for p in pvals)
    assert any_corrected <= 16  # 8 %: the 95 % upper Monte Carlo limit when the rate is 5 %
    assert any_raw >= 60
