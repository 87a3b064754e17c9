"""Dose-response: conditional logistic regression on a continuous exposure level.

Descriptive only: the odds ratio per step of the level (say, per 10 % of spike) with a Wald
95 % interval, from statsmodels' ConditionalLogit (Chamberlain's fixed-effects logit). It is
not part of the family of significance tests, so it carries no p-value.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

MIN_SETS = 5  # fewer informative episodes than this give no trend
MAX_SE = 5.0  # a standard error above this (log odds per step) means near-separated data


@dataclass(frozen=True, slots=True)
class Trend:
    """Odds ratio per ``step`` of the exposure's level, with its confidence interval."""

    step: float
    unit: str
    odds_ratio: float
    ci_low: float
    ci_high: float


def trend_estimate(
    sets: Sequence[Sequence[float]], step: float, unit: str, confidence: float = 0.95
) -> Trend | None:
    """Fit the trend over matched sets (first value of each set is the hazard window).

    Returns None with fewer than MIN_SETS informative sets, or when the fit does not converge
    or is nearly separated (standard error above MAX_SE: the interval would say nothing).
    """
    informative = [s for s in sets if len(s) > 1 and max(s) != min(s)]
    if len(informative) < MIN_SETS:
        return None
    endog = np.concatenate([[1.0] + [0.0] * (len(s) - 1) for s in informative])
    exog = np.concatenate([np.asarray(s, dtype=np.float64) for s in informative]) / step
    groups = np.concatenate([np.full(len(s), k) for k, s in enumerate(informative)])
    fitted = _fit(endog, exog, groups)
    if fitted is None:
        return None
    beta, se = fitted
    z = float(norm.ppf(0.5 + confidence / 2.0))
    return Trend(step, unit, _exp(beta), _exp(beta - z * se), _exp(beta + z * se))


def _fit(
    endog: NDArray[Any], exog: NDArray[Any], groups: NDArray[Any]
) -> tuple[float, float] | None:
    from statsmodels.discrete.conditional_models import ConditionalLogit  # slow import: lazy

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = ConditionalLogit(endog, exog[:, None], groups=groups)
            result = model.fit(disp=0)
            score = float(model.score(result.params)[0])
        except (np.linalg.LinAlgError, ValueError):
            return None
    beta, se = float(result.params[0]), float(result.bse[0])
    if caught or not (math.isfinite(beta) and math.isfinite(se)) or se > MAX_SE:
        return None
    if abs(score) > 1e-3 * max(1.0, abs(beta)):  # not at the maximum: no answer
        return None
    return beta, se


def _exp(x: float) -> float:
    return math.exp(x) if x < 700 else math.inf
