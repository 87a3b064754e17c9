"""What the analysis cannot know, said plainly: exposures that travel together, recall, small
numbers, episodes left out, missing values, time trends, and running itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from backstride.insight._result import Limitation
from backstride.insight._settings import InsightSettings
from backstride.insight._windows import StrataPlan

FloatArray = npt.NDArray[np.float64]
MIN_WINDOWS = 10  # fewer windows known for both exposures give no correlation
MISSING_SHARE = 0.5  # name an exposure when it is unknown for more than this share of runs

_ALWAYS = (
    Limitation(
        "recall",
        "Onset times come from your diary: an entry made hours after the pain began moves the "
        "window that is searched, and an episode that was never logged is missing.",
    ),
    Limitation(
        "time_trend",
        "Control windows lie only in the weeks before each onset. When training changes steadily "
        "(a build-up, the seasons) or a habit lasts for weeks (one pair of shoes, a block of "
        "treadmill running), the days just before pain resemble each other more than chance "
        "says, and such exposures can look like triggers a little more often than the stated "
        "5 %.",
    ),
    Limitation(
        "weekday",
        "If your pain tends to start on certain weekdays for reasons other than running (work, "
        "other sport), the runs of the days before will look like triggers.",
    ),
    Limitation(
        "running_itself",
        "Only runs are compared with runs: whether running at all brings the pain on is not "
        "tested here, and exposures that mean more running (streaks, weekly increases) can stand "
        "in for running itself.",
    ),
    Limitation(
        "not_proof",
        "A pattern in your own data is not proof of cause. Change one thing at a time and keep "
        "logging to see whether the pattern holds.",
    ),
)


def correlated_pairs(
    shares: Mapping[str, FloatArray], min_correlation: float
) -> tuple[tuple[str, str, float], ...]:
    """Pairs of exposures whose window shares correlate at ``min_correlation`` or more.

    ``shares`` holds, per exposure, one value per compared window (the same windows in the
    same order for every exposure; NaN where unknown). Pearson correlation over the windows
    where both are known; pairs known together in fewer than MIN_WINDOWS windows, or constant
    there, are skipped. Sorted strongest first.
    """
    names = sorted(shares)
    if len(names) < 2:
        return ()
    r = _pairwise_pearson(np.vstack([shares[n] for n in names]))
    found = [
        (names[i], names[j], float(r[i, j]))
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if np.isfinite(r[i, j]) and r[i, j] >= min_correlation
    ]
    return tuple(sorted(found, key=lambda x: -x[2]))


def _pairwise_pearson(rows: FloatArray) -> FloatArray:
    """Correlation of every pair of rows over the columns where both are finite (else NaN)."""
    known = np.isfinite(rows).astype(np.float64)
    x = np.where(known > 0, rows, 0.0)
    n = known @ known.T
    with np.errstate(divide="ignore", invalid="ignore"):
        sums = x @ known.T  # [a, b]: sum of a where both known
        squares = (x * x) @ known.T
        mean_a, mean_b = sums / n, sums.T / n
        var_a = squares / n - mean_a**2
        var_b = squares.T / n - mean_b**2
        cov = (x @ x.T) / n - mean_a * mean_b
        r: FloatArray = cov / np.sqrt(var_a * var_b)
    usable = (n >= MIN_WINDOWS) & (var_a > 1e-12) & (var_b > 1e-12)
    return np.where(usable, r, np.nan)


def limitations(
    plan: StrataPlan,
    pairs: Sequence[tuple[str, str, float]],
    labels: Mapping[str, str],
    missing: Mapping[str, float],
    settings: InsightSettings,
) -> tuple[Limitation, ...]:
    """Every limitation that applies, the data-specific ones first.

    ``labels``: exposure id -> plain name; ``missing``: exposure id -> share of runs where it
    is unknown.
    """
    found = [
        Limitation(
            f"together:{a}+{b}",
            f"{_cap(labels[a])} and {labels[b]} went together in your data (correlation "
            f"{r:.2f}): backstride cannot tell which of the two, if either, matters.",
        )
        for a, b, r in pairs
    ]
    found += _episode_limits(plan, settings)
    found += [
        Limitation(
            f"missing:{name}",
            f"{_cap(labels[name])}: unknown for {share * 100:.0f} % of your runs (the "
            "recordings lack the value), so the comparison uses the rest.",
        )
        for name, share in sorted(missing.items())
        if share > MISSING_SHARE
    ]
    return (*found, *_ALWAYS)


def _episode_limits(plan: StrataPlan, settings: InsightSettings) -> list[Limitation]:
    found = []
    hours = f"{settings.hazard_h:g} hours"
    if plan.used < settings.well_powered_episodes:
        found.append(
            Limitation(
                "small_numbers",
                f"With {plan.used} compared episodes only strong triggers are likely to show: "
                f"about {settings.well_powered_episodes} are needed before one that quadruples "
                "the odds of pain is usually found. A factor not flagged here is not shown to "
                "be harmless.",
            )
        )
    if plan.without_run:
        found.append(
            Limitation(
                "no_run_before",
                f"{plan.without_run} of your {plan.episodes_total} episodes began with no run in "
                f"the {hours} before: running may not be what brought those on, and they are "
                "left out of the comparison.",
            )
        )
    left = plan.before_history + plan.without_control
    if left:
        found.append(
            Limitation(
                "left_out",
                f"{left} episode(s) could not be compared: too early in your history, or every "
                "control week overlapped another episode or held no run.",
            )
        )
    return found


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
