"""Conditional logistic regression with one covariate, fitted by Newton's method over all
matched sets at once.

The model (Chamberlain's fixed-effects logit; Breslow & Day 1980, ch. 7): in each matched set
the hazard window is the one case among its windows, chosen with probability
``exp(b x_case) / sum_j exp(b x_j)``. The log-likelihood is concave in ``b``; its score is
``sum_sets (x_case - E_b[x])`` and its information ``sum_sets Var_b[x]``, both computed here on
one padded (sets x windows) array. Newton steps are halved while the likelihood would fall.

This does what statsmodels' ``ConditionalLogit`` does for a single covariate (a test checks
that the two agree), about 30 times faster: the per-set Python loops of the general model cost
a third of the Why page (``bench/pages.py``, docs/benchmarks.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

MAX_ITER = 60
TOLERANCE = 1e-10  # on the Newton step, relative to 1 + |b|
MAX_HALVINGS = 30


def _moments(
    b: float, x: NDArray[np.float64], mask: NDArray[np.bool_]
) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    """Log-likelihood without the case term, and each set's mean and variance of x under b."""
    eta = np.where(mask, b * x, -np.inf)
    top = eta.max(axis=1, keepdims=True)
    w = np.exp(eta - top)
    total = w.sum(axis=1)
    p = w / total[:, None]
    mean = (p * x).sum(axis=1)
    var = np.maximum((p * (x - mean[:, None]) ** 2).sum(axis=1), 0.0)
    log_norm = float((np.log(total) + top[:, 0]).sum())
    return log_norm, mean, var


def fit_one(sets: Sequence[Sequence[float]]) -> tuple[float, float] | None:
    """The maximum-likelihood ``b`` and its standard error (from the observed information),
    over matched sets whose first value is the hazard window's; None when there is no
    information or Newton's method fails. When the exposure separates the windows there is no
    finite maximum: the answer is then None or an enormous standard error, which callers reject
    (see ``_trend.MAX_SE``)."""
    if not sets:
        return None
    width = max(len(s) for s in sets)
    x = np.zeros((len(sets), width), dtype=np.float64)
    mask = np.zeros((len(sets), width), dtype=bool)
    for i, s in enumerate(sets):
        x[i, : len(s)] = s
        mask[i, : len(s)] = True
    case_sum = float(x[:, 0].sum())
    b = 0.0
    log_norm, mean, var = _moments(b, x, mask)
    loglik = b * case_sum - log_norm
    for _ in range(MAX_ITER):
        info = float(var.sum())
        if not info > 0.0:
            return None
        step = (case_sum - float(mean.sum())) / info
        for _ in range(MAX_HALVINGS):
            trial = b + step
            t_norm, t_mean, t_var = _moments(trial, x, mask)
            t_loglik = trial * case_sum - t_norm
            if t_loglik >= loglik - 1e-12 * abs(loglik):
                break
            step /= 2.0
        else:
            return None
        b, loglik, mean, var = trial, t_loglik, t_mean, t_var
        if abs(step) <= TOLERANCE * (1.0 + abs(b)):
            info = float(var.sum())
            if not (info > 0.0 and math.isfinite(b)):
                return None
            return b, 1.0 / math.sqrt(info)
    return None
