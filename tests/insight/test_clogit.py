"""The one-covariate conditional logit agrees with hand-computed cases and with statsmodels."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.discrete.conditional_models import ConditionalLogit

from backstride.insight._clogit import fit_one


def test_matched_pairs_give_the_ratio_of_discordant_pairs() -> None:
    """Pairs (case first): 6 where only the case was exposed, 2 where only the control was,
    3 concordant. The conditional MLE is log(6/2), its SE sqrt(1/6 + 1/2) (Breslow & Day)."""
    sets = [[1.0, 0.0]] * 6 + [[0.0, 1.0]] * 2 + [[1.0, 1.0]] * 3
    fitted = fit_one(sets)
    assert fitted is not None
    assert fitted[0] == pytest.approx(math.log(3.0), abs=1e-9)
    assert fitted[1] == pytest.approx(math.sqrt(1 / 6 + 1 / 2), rel=1e-9)


def test_no_finite_maximum_gives_none_or_a_useless_interval() -> None:
    separated = fit_one([[1.0, 0.0, 0.0]] * 5)  # the case always has the highest value
    assert separated is None or separated[1] > 1e3
    assert fit_one([[2.0, 2.0]] * 5) is None  # no information at all
    assert fit_one([]) is None


def _loglik(sets: list[list[float]], b: float) -> float:
    return sum(b * s[0] - math.log(sum(math.exp(b * v) for v in s)) for s in sets)


sets_strategy = st.lists(
    st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0, 3.5]), min_size=2, max_size=14),
    min_size=3,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(sets_strategy)
def test_agrees_with_statsmodels(sets: list[list[float]]) -> None:
    """Random matched sets of a few levels: wherever statsmodels converges to an interior
    maximum, the estimate and its standard error agree."""
    sets = [s for s in sets if max(s) != min(s)]
    if len(sets) < 3:
        return
    endog = np.concatenate([[1.0] + [0.0] * (len(s) - 1) for s in sets])
    exog = np.concatenate([np.asarray(s) for s in sets])[:, None]
    groups = np.concatenate([np.full(len(s), k) for k, s in enumerate(sets)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ConditionalLogit(endog, exog, groups=groups)
        result = model.fit(disp=0)
    beta, se = float(result.params[0]), float(result.bse[0])
    at_max = abs(float(model.score(result.params)[0])) < 1e-6 and se < 5.0
    ours = fit_one(sets)
    if ours is not None and ours[1] < 5.0:  # an answer: the likelihood is at its maximum
        h = 1e-5
        slope = (_loglik(sets, ours[0] + h) - _loglik(sets, ours[0] - h)) / (2 * h)
        assert abs(slope) < 1e-4
    if not at_max:
        return
    assert ours is not None
    assert ours[0] == pytest.approx(beta, abs=1e-4 * (1 + abs(beta)))
    assert ours[1] == pytest.approx(se, rel=1e-3)
