"""Exact conditional logistic regression, checked on cases whose answer is known by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from backstride.insight import (
    ConditionalDistribution,
    MatchedSet,
    exact_conditional,
    zero_event_upper,
)


def test_exposed_before_every_onset_and_never_in_controls() -> None:
    """3 onsets, each hazard window exposed, 4 unexposed controls each.

    By hand: per set P(case exposed) = e^b / (e^b + 4). T = 3 is the top of its range, so the
    MLE is infinite and the median-unbiased estimate solves (e^b / (e^b + 4))^3 = 1/2; the lower
    95 % limit solves (...)^3 = 0.025; P_0(T = 3) = (1/5)^3 = 1/125.
    """
    est = exact_conditional([MatchedSet(1, (0, 0, 0, 0))] * 3)
    assert est is not None
    q_half, q_low = 0.5 ** (1 / 3), 0.025 ** (1 / 3)
    assert est.median_unbiased
    assert est.odds_ratio == pytest.approx(4 * q_half / (1 - q_half), rel=1e-6)
    assert est.ci_low == pytest.approx(4 * q_low / (1 - q_low), rel=1e-6)
    assert est.ci_low > 1
    assert math.isinf(est.ci_high)
    assert est.p_greater == pytest.approx(1 / 125)
    assert est.p_value == pytest.approx(2 / 125)
    assert est.p_min_greater == pytest.approx(1 / 125)


def test_one_to_one_matching_gives_ratio_of_discordant_pairs() -> None:
    """6 pairs exposed only in the hazard window, 2 only in the control, 5 concordant.

    The conditional MLE for 1:1 matching is n10 / n01 = 3; concordant pairs carry no
    information; the exact test and limits are those of a binomial on the 8 discordant pairs
    with p = OR / (1 + OR) (checked against scipy's Clopper-Pearson interval).
    """
    sets = [MatchedSet(1, (0,))] * 6 + [MatchedSet(0, (1,))] * 2
    sets += [MatchedSet(1, (1,))] * 3 + [MatchedSet(0, (0,))] * 2
    est = exact_conditional(sets)
    assert est is not None
    assert est.odds_ratio == pytest.approx(3.0, rel=1e-9)
    assert est.informative == 8
    binom = binomtest(6, 8)
    ci = binom.proportion_ci(method="exact")
    assert est.ci_low == pytest.approx(ci.low / (1 - ci.low), rel=1e-6)
    assert est.ci_high == pytest.approx(ci.high / (1 - ci.high), rel=1e-6)
    assert est.p_value == pytest.approx(binom.pvalue)
    assert est.p_greater == pytest.approx(binomtest(6, 8, alternative="greater").pvalue)


def test_never_before_an_onset_gives_zero_lower_limit() -> None:
    """Exposure only in controls: T = 0, so the lower limit is 0 and the estimate is below 1."""
    est = exact_conditional([MatchedSet(0, (1, 0, 0))] * 10)
    assert est is not None
    assert est.ci_low == 0.0
    assert est.odds_ratio < 1
    assert est.p_greater == 1.0


def test_no_informative_set_gives_nothing() -> None:
    assert exact_conditional([MatchedSet(1, (1, 1)), MatchedSet(0, (0,))]) is None
    assert exact_conditional([]) is None


def test_matches_statsmodels_conditional_logit() -> None:
    """The conditional MLE equals statsmodels' ConditionalLogit on random 1:4 sets with shares.

    Made with numpy (seed 3): 40 sets, 5 windows each, window values in {0, 1/2, 1}.
    """
    from statsmodels.discrete.conditional_models import ConditionalLogit

    rng = np.random.default_rng(3)
    values = rng.integers(0, 3, size=(40, 5))
    values[:, 0] = np.minimum(values[:, 0] + rng.integers(0, 2, size=40), 2)  # a mild effect
    sets = [MatchedSet(int(v[0]), tuple(int(x) for x in v[1:])) for v in values]
    est = exact_conditional(sets, scale=2)
    assert est is not None and not est.median_unbiased
    endog = np.tile([1.0, 0, 0, 0, 0], 40)
    groups = np.repeat(np.arange(40), 5)
    fit = ConditionalLogit(endog, values.reshape(-1, 1) / 2.0, groups=groups).fit(disp=0)
    assert math.log(est.odds_ratio) == pytest.approx(float(fit.params[0]), abs=1e-4)


def test_zero_event_bound_is_about_three_over_n() -> None:
    """Rule of three: no event in n gives an upper 95 % limit of 1 - 0.05^(1/n), about 3/n."""
    assert zero_event_upper(1) == pytest.approx(0.95)
    for n in (30, 100, 1000):
        assert zero_event_upper(n) == pytest.approx(1 - 0.05 ** (1 / n))
        assert zero_event_upper(n) == pytest.approx(3 / n, rel=0.1)
    with pytest.raises(ValueError):
        zero_event_upper(0)


matched_sets = st.lists(
    st.builds(
        MatchedSet,
        st.integers(0, 2),
        st.lists(st.integers(0, 2), min_size=1, max_size=5).map(tuple),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(matched_sets)
def test_estimate_limits_and_p_values_agree(sets: list[MatchedSet]) -> None:
    """For any data: low <= estimate <= high; 1 lies outside the 95 % interval exactly when the
    two-sided p-value is below 0.05; no p-value is below its attainable minimum."""
    est = exact_conditional(sets, scale=2)
    if est is None:
        assert not any(s.informative for s in sets)
        return
    assert est.ci_low <= est.odds_ratio * (1 + 1e-9)
    assert est.odds_ratio <= est.ci_high * (1 + 1e-9)
    if abs(est.p_value - 0.05) > 1e-6:
        assert (est.p_value < 0.05) == (est.ci_low > 1 or est.ci_high < 1)
    assert est.p_value >= est.p_min - 1e-12
    assert est.p_greater >= est.p_min_greater - 1e-12
    assert 0 <= est.p_greater <= 1


@settings(max_examples=60, deadline=None)
@given(matched_sets, st.integers(2, 5))
def test_scaling_the_lattice_changes_nothing(sets: list[MatchedSet], k: int) -> None:
    """Values v at scale s and k*v at scale k*s are the same exposure: same answer."""
    scaled = [MatchedSet(s.case * k, tuple(c * k for c in s.controls)) for s in sets]
    a, b = exact_conditional(sets), exact_conditional(scaled, scale=k)
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert b.odds_ratio == pytest.approx(a.odds_ratio, rel=1e-6)
        assert b.p_value == pytest.approx(a.p_value, rel=1e-9)


def test_null_distribution_sums_to_one_and_tilts() -> None:
    """The null pmf is a probability distribution, and its tilted mean rises with beta."""
    dist = ConditionalDistribution([MatchedSet(1, (0, 2)), MatchedSet(0, (1,))], scale=2)
    assert float(np.exp(dist.log_p0).sum()) == pytest.approx(1.0)
    means = [dist.mean(b) for b in (-2.0, 0.0, 2.0)]
    assert means[0] < means[1] < means[2]
    with pytest.raises(ValueError):
        ConditionalDistribution([], scale=0)
