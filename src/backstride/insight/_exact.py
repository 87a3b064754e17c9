"""Exact conditional logistic regression for one exposure in matched sets.

Each matched set (one pain episode) holds one case window (the hazard window) and its control
windows; each window has an exposure value ``v / scale`` with integer ``v`` (a share of runs, so
a lattice). The conditional logistic model says the case is window i with probability
``exp(beta * x_i) / sum_j exp(beta * x_j)`` (Breslow & Day 1980, ch. 7); the odds ratio is
``exp(beta)``. The sufficient statistic ``T = sum of case values`` has, given the sets, the
distribution of a sum of independent per-set draws; under ``beta`` it is the null distribution
exponentially tilted: ``P_beta(T = t) ~ P_0(T = t) * exp(beta * t / scale)``. So one convolution
gives every tail probability, for any ``beta``:

- p-values: one-sided ``P_0(T >= t_obs)`` against "the exposure comes before the case more
  often" (what backstride tests), and two-sided, twice the smaller tail (capped at 1);
- confidence limits: the beta where the upper (lower) tail reaches (1 - confidence) / 2;
- estimate: the conditional maximum likelihood ``E_beta[T] = t_obs``, or, when ``t_obs`` sits at
  the end of its range and that is infinite, the median-unbiased estimate (Hirji, Tsiatis &
  Mehta 1989) where ``P_beta(T >= t_obs)`` (or ``<=``) is one half.

For 1:1 matching and a yes/no exposure the estimate is the ratio of discordant pairs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq

FloatArray = npt.NDArray[np.float64]
BETA_LIMIT = 700.0  # |log odds ratio| beyond which the odds ratio is taken as 0 or infinite


def logsumexp(x: FloatArray) -> float:
    """log(sum(exp(x))) without overflow; -inf for an empty or all -inf array."""
    if x.size == 0:
        return -math.inf
    top = float(np.max(x))
    if not math.isfinite(top):
        return top
    return top + math.log(float(np.sum(np.exp(x - top))))


@dataclass(frozen=True, slots=True)
class MatchedSet:
    """One episode: the case window's integer value and its controls' values."""

    case: int
    controls: tuple[int, ...]

    @property
    def informative(self) -> bool:
        """True when the windows differ; a set of equal windows says nothing about beta."""
        return any(c != self.case for c in self.controls)


@dataclass(frozen=True, slots=True)
class ExactEstimate:
    """Odds ratio per unit of exposure, its exact confidence limits and p-value.

    ``p_greater`` is the one-sided p-value for an odds ratio above 1, ``p_value`` the two-sided
    one. ``p_min_greater`` and ``p_min`` are the smallest values each could take whatever the
    outcome (used by Tarone's screen). ``median_unbiased`` is True where the maximum likelihood
    estimate is infinite and the median-unbiased one is reported instead.
    """

    odds_ratio: float
    ci_low: float
    ci_high: float
    p_greater: float
    p_value: float
    p_min_greater: float
    p_min: float
    informative: int
    median_unbiased: bool


class ConditionalDistribution:
    """The exact distribution of the sufficient statistic over the informative sets."""

    def __init__(self, sets: Sequence[MatchedSet], scale: int = 1) -> None:
        if scale < 1:
            raise ValueError("scale must be a positive integer")
        pmf = np.ones(1, dtype=np.float64)
        observed = 0
        used = 0
        for s in sets:
            if not s.informative:
                continue
            values = np.array((s.case, *s.controls), dtype=np.int64)
            low = int(values.min())
            counts = np.bincount(values - low).astype(np.float64)
            pmf = np.convolve(pmf, counts / counts.sum())
            observed += s.case - low
            used += 1
        with np.errstate(divide="ignore"):
            self.log_p0: FloatArray = np.log(pmf)
        self.support: FloatArray = np.arange(len(pmf), dtype=np.float64)
        self.observed = observed
        self.informative = used
        self.scale = scale

    @property
    def top(self) -> int:
        return len(self.support) - 1

    def _log_tilted(self, beta: float) -> FloatArray:
        lw = self.log_p0 + (beta / self.scale) * self.support
        result: FloatArray = lw - logsumexp(lw)
        return result

    def upper(self, beta: float) -> float:
        """P_beta(T >= observed)."""
        return float(np.exp(logsumexp(self._log_tilted(beta)[self.observed :])))

    def lower(self, beta: float) -> float:
        """P_beta(T <= observed)."""
        return float(np.exp(logsumexp(self._log_tilted(beta)[: self.observed + 1])))

    def mean(self, beta: float) -> float:
        """E_beta[T]."""
        return float(np.exp(self._log_tilted(beta)) @ self.support)

    def p_value(self) -> float:
        """Two-sided exact p-value for beta = 0: twice the smaller tail, at most 1."""
        return min(1.0, 2.0 * min(self.upper(0.0), self.lower(0.0)))

    def p_greater(self) -> float:
        """One-sided exact p-value against beta > 0: P_0(T >= observed)."""
        return min(1.0, self.upper(0.0))

    def p_min_greater(self) -> float:
        """The smallest one-sided p-value any outcome could give: P_0(T = top)."""
        return min(1.0, math.exp(float(self.log_p0[-1])))

    def p_min(self) -> float:
        """The smallest two-sided p-value any outcome could give (T at either end)."""
        ends = math.exp(float(self.log_p0[0])), math.exp(float(self.log_p0[-1]))
        return min(1.0, 2.0 * min(ends))


def exact_conditional(
    sets: Sequence[MatchedSet], scale: int = 1, confidence: float = 0.95
) -> ExactEstimate | None:
    """Exact conditional estimate for one exposure; None when no set is informative."""
    return estimate_from(ConditionalDistribution(sets, scale), confidence)


def estimate_from(dist: ConditionalDistribution, confidence: float = 0.95) -> ExactEstimate | None:
    """The exact estimate from a ready distribution; None when no set is informative."""
    if dist.informative == 0:
        return None
    tail = (1.0 - confidence) / 2.0
    t, top = dist.observed, dist.top
    if 0 < t < top:
        beta = _solve(dist.mean, float(t), increasing=True)
    elif t == top:
        beta = _solve(dist.upper, 0.5, increasing=True)
    else:
        beta = _solve(dist.lower, 0.5, increasing=False)
    low = -math.inf if t == 0 else _solve(dist.upper, tail, increasing=True)
    high = math.inf if t == top else _solve(dist.lower, tail, increasing=False)
    return ExactEstimate(
        odds_ratio=_exp(beta),
        ci_low=_exp(low),
        ci_high=_exp(high),
        p_greater=dist.p_greater(),
        p_value=dist.p_value(),
        p_min_greater=dist.p_min_greater(),
        p_min=dist.p_min(),
        informative=dist.informative,
        median_unbiased=t in (0, top),
    )


def _solve(f: Callable[[float], float], target: float, *, increasing: bool) -> float:
    """The beta where the monotone ``f`` equals ``target`` (+-inf beyond BETA_LIMIT)."""
    sign = 1.0 if increasing else -1.0

    def g(beta: float) -> float:
        return sign * (f(beta) - target)

    lo, hi = -1.0, 1.0
    while g(lo) > 0:
        if lo < -BETA_LIMIT:
            return -math.inf
        lo *= 2.0
    while g(hi) < 0:
        if hi > BETA_LIMIT:
            return math.inf
        hi *= 2.0
    return float(brentq(g, lo, hi, xtol=1e-10, rtol=1e-12))


def _exp(beta: float) -> float:
    if beta > BETA_LIMIT:
        return math.inf
    if beta < -BETA_LIMIT:
        return 0.0
    return math.exp(beta)


def zero_event_upper(n: int, confidence: float = 0.95) -> float:
    """Upper confidence limit of a proportion after 0 events in ``n`` trials (about 3/n).

    Exact one-sided limit 1 - (1 - confidence)^(1/n); Hanley & Lippman-Hand 1983.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    return float(1.0 - (1.0 - confidence) ** (1.0 / n))
