"""Dose-response: conditional logistic regression on a continuous exposure level.

Descriptive only: the odds ratio per step of the level (say, per 10 % of spike) with a Wald
95 % interval, from the one-covariate conditional logit of :mod:`._clogit` (Chamberlain's
fixed-effects logit; it agrees with statsmodels' ConditionalLogit, a test checks). It is not
part of the family of significance tests, so it carries no p-value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import norm

from backstride.insight._clogit import fit_one

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
    scaled = [[v / step for v in s] for s in informative]
    fitted = fit_one(scaled)
    if fitted is None or not (math.isfinite(fitted[1]) and fitted[1] <= MAX_SE):
        return None
    beta, se = fitted
    z = float(norm.ppf(0.5 + confidence / 2.0))
    return Trend(step, unit, _exp(beta), _exp(beta - z * se), _exp(beta + z * se))


def _exp(x: float) -> float:
    return math.exp(x) if x < 700 else math.inf
