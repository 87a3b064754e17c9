"""The case-crossover analysis: from runs and pain onsets to factors, best-supported first.

For each compared episode (see ``_windows``) and each exposure, a window's value is the share
of its runs that had the exposure (runs where it is unknown are left out; a window with none
known is left out). Using the share rather than "any run had it" keeps the number of runs in a
window from posing as the exposure: two runs in 48 hours are more likely to include a hilly one
than one run is. With one run per window the share is simply yes or no. Each exposure is then
estimated by exact conditional logistic regression (``_exact``) and tested one-sided (does it
come before pain MORE often than chance?), the family of exposures is corrected by Holm's
procedure within Tarone's screen (``_multiplicity``; Westfall and Young's step-down min-p over
relabelled hazard windows, ``_permutation``, on request), and continuous levels give a
descriptive trend (``_trend``). Protective-looking exposures are described, never flagged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from backstride.insight._exact import (
    ConditionalDistribution,
    ExactEstimate,
    MatchedSet,
    estimate_from,
    zero_event_upper,
)
from backstride.insight._explain import (
    TREND_UNITS,
    Counts,
    advice,
    evidence,
    explain,
    fmt_pct,
    label,
)
from backstride.insight._exposures import ExposureTable, exposure_table
from backstride.insight._limits import correlated_pairs, limitations
from backstride.insight._multiplicity import Adjusted, holm_tarone
from backstride.insight._permutation import ExposureColumn, westfall_young
from backstride.insight._records import PainEpisode, RunExposureInput
from backstride.insight._result import Factor, InsightResult, Status
from backstride.insight._settings import InsightSettings, Multiplicity
from backstride.insight._trend import Trend, trend_estimate
from backstride.insight._windows import StrataPlan, plan_strata

FloatArray = npt.NDArray[np.float64]
Share = tuple[int, int] | None  # (runs with the exposure, runs where it is known)


def analyse_triggers(
    runs: Sequence[RunExposureInput],
    onsets: Sequence[datetime | PainEpisode],
    settings: InsightSettings | None = None,
    *,
    trends: bool = True,
) -> InsightResult:
    """What comes before this runner's pain: every built-in exposure, compared.

    ``onsets`` are the times pain episodes began (aware datetimes), or :class:`PainEpisode`
    records that also carry the last painful entry. Settings default to the shipped knowledge.
    ``trends=False`` skips the descriptive dose-response fits (faster; no statsmodels).
    """
    settings = settings or InsightSettings.from_knowledge()
    table = exposure_table(runs, settings.thresholds)
    return analyse_table(table, onsets, settings, trends=trends)


def analyse_table(
    table: ExposureTable,
    onsets: Sequence[datetime | PainEpisode],
    settings: InsightSettings | None = None,
    *,
    trends: bool = True,
) -> InsightResult:
    """The same analysis over a ready exposure table (which may hold extra flag columns)."""
    settings = settings or InsightSettings.from_knowledge()
    episodes = [e if isinstance(e, PainEpisode) else PainEpisode(e) for e in onsets]
    plan = plan_strata(table.start_s, episodes, settings)
    labels = {name: label(name, settings.thresholds) for name in table.flags}
    missing = {name: _missing_share(col) for name, col in table.flags.items()}
    if plan.used < settings.min_episodes:
        return _insufficient(plan, labels, missing, settings)
    parts = {name: _one_exposure(plan, col, settings) for name, col in table.flags.items()}
    sizes = [len(s.windows) for s in plan.strata]
    factors = _factors(parts, sizes, table, plan, labels, settings, trends)
    shares = {name: p.window_shares for name, p in parts.items() if p.estimate is not None}
    pairs = correlated_pairs(shares, settings.together_min_correlation)
    tested = sum(p.estimate is not None for p in parts.values())
    found = sum(f.significant for f in factors)
    return InsightResult(
        status=Status.OK,
        episodes=plan.episodes_total,
        episodes_used=plan.used,
        episodes_needed=0,
        hazard_window_h=settings.hazard_h,
        method=_method(plan.used, tested, settings),
        message=_summary(found),
        factors=factors,
        limitations=limitations(plan, pairs, labels, missing, settings),
    )


@dataclass(frozen=True, slots=True)
class _Part:
    """One exposure's data and exact estimate."""

    estimate: ExactEstimate | None
    counts: Counts
    window_shares: FloatArray  # share per compared window, all strata in order; NaN unknown
    shares: tuple[tuple[Share, ...], ...]  # (exposed, known) runs per window, per stratum
    scale: int  # the lattice of the exact test: window value = share * scale
    distribution: ConditionalDistribution  # the exact null distribution of the test

    def column(self) -> ExposureColumn:
        """The integer window values per stratum, for the relabelling correction."""
        used = tuple(row[0] is not None and any(row[1:]) for row in self.shares)
        values = tuple(
            tuple(_lattice(x, self.scale) for x in row) if inside else tuple(None for _ in row)
            for row, inside in zip(self.shares, used, strict=True)
        )
        return ExposureColumn(values=values, used=used)


def _one_exposure(plan: StrataPlan, flags: FloatArray, settings: InsightSettings) -> _Part:
    per_stratum = [[_share(flags, w) for w in s.windows] for s in plan.strata]
    flat = np.array(
        [np.nan if x is None else x[0] / x[1] for row in per_stratum for x in row],
        dtype=np.float64,
    )
    kept = [row for row in per_stratum if row[0] is not None and any(row[1:])]
    scale = math.lcm(*(x[1] for row in kept for x in row if x is not None)) if kept else 1
    sets = tuple(_matched(row, scale) for row in kept)
    counts = Counts(
        exposed=sum(s.case > 0 for s in sets),
        compared=len(sets),
        ever_exposed=any(s.case > 0 or any(c > 0 for c in s.controls) for s in sets),
    )
    dist = ConditionalDistribution(sets, scale)
    estimate = estimate_from(dist, settings.confidence)
    shares = tuple(tuple(row) for row in per_stratum)
    return _Part(estimate, counts, flat, shares, scale, dist)


def _share(flags: FloatArray, window: npt.NDArray[np.intp]) -> Share:
    values = flags[window]
    known = values[np.isfinite(values)]
    if known.size == 0:
        return None
    return int(np.count_nonzero(known)), int(known.size)


def _lattice(x: Share, scale: int) -> int | None:
    """A window's share on the integer lattice ``k / scale`` (None when unknown)."""
    return None if x is None else x[0] * (scale // x[1])


def _matched(row: Sequence[Share], scale: int) -> MatchedSet:
    ints = [_lattice(x, scale) for x in row]
    case = ints[0]
    if case is None:
        raise ValueError("a matched set needs a known hazard window")
    return MatchedSet(case, tuple(v for v in ints[1:] if v is not None))


def _factors(
    parts: Mapping[str, _Part],
    sizes: Sequence[int],
    table: ExposureTable,
    plan: StrataPlan,
    labels: Mapping[str, str],
    settings: InsightSettings,
    trends: bool,
) -> tuple[Factor, ...]:
    adjusted = _adjust(parts, sizes, settings)
    factors = []
    for name, part in parts.items():
        trend = _trend(name, table, plan, settings) if trends else None
        factors.append(
            _factor(name, labels[name], part, adjusted.get(name), trend, settings, len(adjusted))
        )
    return tuple(sorted(factors, key=_rank))


def _adjust(
    parts: Mapping[str, _Part], sizes: Sequence[int], settings: InsightSettings
) -> dict[str, Adjusted]:
    """The family-wise correction over the tested exposures' one-sided exact p-values."""
    tested = {n: p.estimate for n, p in parts.items() if p.estimate is not None}
    if settings.multiplicity is Multiplicity.HOLM_TARONE:
        results = holm_tarone(
            [e.p_greater for e in tested.values()],
            [e.p_min_greater for e in tested.values()],
            settings.family_error,
        )
        return dict(zip(tested, results, strict=True))
    step = westfall_young(
        [parts[n].column() for n in tested],
        sizes,
        draws=settings.permutation_draws,
        seed=settings.permutation_seed,
        distributions=[parts[n].distribution for n in tested],
    )
    return {
        n: Adjusted(p_adjusted=p, significant=p <= settings.family_error, testable=True)
        for n, p in zip(tested, step.p_adjusted, strict=True)
    }


def _factor(
    name: str,
    text: str,
    part: _Part,
    adj: Adjusted | None,
    trend: Trend | None,
    settings: InsightSettings,
    tested_count: int,
) -> Factor:
    est, counts = part.estimate, part.counts
    # the 95 % interval must agree: a step-down procedure at its last step can pass a
    # one-sided p near 5 %
    significant = adj is not None and adj.significant and est is not None and est.ci_low > 1
    zero = None
    if est is not None and counts.exposed == 0 and counts.ever_exposed:
        zero = zero_event_upper(counts.compared, settings.zero_event_confidence)
    return Factor(
        id=name,
        label=text,
        odds_ratio=None if est is None else est.odds_ratio,
        ci_low=None if est is None else est.ci_low,
        ci_high=None if est is None else est.ci_high,
        p_value=None if est is None else est.p_greater,
        p_adjusted=None if adj is None else adj.p_adjusted,
        significant=significant,
        exposed_episodes=counts.exposed,
        compared_episodes=counts.compared,
        explanation=explain(text, est, significant, counts, zero, settings, tested_count),
        advice=advice(name, settings.thresholds),
        evidence=evidence(name),
        trend=trend,
        zero_event_share_max=zero,
    )


def _rank(f: Factor) -> tuple[int, int, float, str]:
    """Significant first, then tested ones by p-value, then the untested, by id."""
    p = f.p_value if f.p_value is not None else 1.0
    return (0 if f.significant else 1, 0 if f.tested else 1, p, f.id)


def _trend(
    name: str, table: ExposureTable, plan: StrataPlan, settings: InsightSettings
) -> Trend | None:
    levels = table.levels.get(name)
    step = settings.trend_steps.get(name)
    if levels is None or step is None:
        return None
    sets = []
    for s in plan.strata:
        means = [_mean(levels[w]) for w in s.windows]
        if means[0] is None:
            continue
        row = [means[0], *(m for m in means[1:] if m is not None)]
        if len(row) > 1:
            sets.append(row)
    return trend_estimate(sets, step, TREND_UNITS.get(name, ""), settings.confidence)


def _mean(values: FloatArray) -> float | None:
    known = values[np.isfinite(values)]
    return float(known.mean()) if known.size else None


def _missing_share(flags: FloatArray) -> float:
    return float(np.mean(~np.isfinite(flags))) if flags.size else 0.0


def _insufficient(
    plan: StrataPlan,
    labels: Mapping[str, str],
    missing: Mapping[str, float],
    settings: InsightSettings,
) -> InsightResult:
    needed = settings.min_episodes - plan.used
    return InsightResult(
        status=Status.INSUFFICIENT_DATA,
        episodes=plan.episodes_total,
        episodes_used=plan.used,
        episodes_needed=needed,
        hazard_window_h=settings.hazard_h,
        method=_method(plan.used, 0, settings),
        message=(
            f"Not enough data yet: {plan.used} pain episode(s) can be compared and "
            f"{settings.min_episodes} are needed before backstride names any trigger. "
            f"Log {needed} more: keep recording your pain, and your pain-free days too."
        ),
        factors=(),
        limitations=limitations(plan, (), labels, missing, settings),
    )


def _method(used: int, tested: int, settings: InsightSettings) -> str:
    hours = f"{settings.hazard_h:g} hours"
    days = f"{settings.referent_s / 86_400.0:g} days"
    window = f"{settings.hazard_h:g}-hour"
    return (
        f"Case-crossover (Maclure 1991): the runs in the {hours} before each of {used} pain "
        f"onsets were compared with your own runs in the other {window} windows of the {days} "
        "before it. Exact conditional logistic regression gives each odds ratio with its "
        f"{fmt_pct(settings.confidence)} confidence interval; {_correction(settings)} across "
        f"the {tested} exposures that could be tested keeps the chance of any false "
        f"'significant' finding at or below {fmt_pct(settings.family_error)}."
    )


def _correction(settings: InsightSettings) -> str:
    if settings.multiplicity is Multiplicity.HOLM_TARONE:
        return "Holm's correction"
    return (
        "Westfall and Young's step-down correction (the hazard windows relabelled at random "
        f"{settings.permutation_draws} times)"
    )


def _summary(found: int) -> str:
    if found == 0:
        return (
            "Nothing stood out: no exposure came before your pain clearly more often than at "
            "other times."
        )
    return f"{found} exposure(s) came before your pain more often than chance explains."
