"""Plain words for the analysis: labels, explanations, advice and evidence for each factor.

Numbers in labels and advice come from the knowledge files, so the text always says the
threshold that was used. Advice only names the change that addresses the exposure; the plan
(care) decides how to fit it in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from backstride.insight._exact import ExactEstimate
from backstride.insight._result import Evidence
from backstride.insight._settings import (
    EXPOSURE_ITEMS,
    ExposureThresholds,
    InsightSettings,
    knowledge_item,
    value,
)

LabelFn = Callable[[ExposureThresholds], str]
BIG_RATIO = 20.0  # above this an odds ratio is said in words: the exact number means little

LABELS: Mapping[str, LabelFn] = MappingProxyType(
    {
        "distance_spike": lambda t: (
            f"runs more than {t.spike_above_pct:g} % longer than your longest of the 30 days before"
        ),
        "weekly_increase": lambda t: (
            f"runs that took your last 7 days more than {t.weekly_increase_above_pct:g} % "
            "above the 7 days before"
        ),
        "acwr_high": lambda t: (
            f"runs that left your acute:chronic load ratio at {t.acwr_at_least_ratio:g} or more"
        ),
        "long_run": lambda t: (
            f"runs of at least {t.long_run_median_factor:g} times your usual distance"
        ),
        "consecutive_days": lambda t: (
            f"runs on day {t.min_streak_days} or later of a running streak"
        ),
        "downhill": lambda t: (
            f"runs with {t.downhill_min_steep_descent_s / 60:g} minutes or more of steep descent"
        ),
        "hilly": lambda t: f"runs climbing {t.hilly_min_ascent_m_per_km:g} m or more per km",
        "trail": lambda t: "trail runs",
        "treadmill": lambda t: "treadmill runs",
        "worn_shoes": lambda t: f"runs in shoes past {t.worn_shoes_m / 1000:g} km",
        "low_cadence": lambda t: (
            f"runs at a cadence {t.low_cadence_below_pct:g} % or more below your usual "
            "at that speed"
        ),
        "fast_pace": lambda t: (
            f"runs more than {t.fast_above_median_pct:g} % faster than your usual speed"
        ),
        "heat": lambda t: f"runs at {t.heat_at_least_c:g} °C or more on your device",
        "gct_imbalance": lambda t: (
            f"runs with more than {t.gct_above_pct:g} % of ground contact on one foot"
        ),
    }
)

TREND_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "distance_spike": "% longer than the 30-day longest",
        "weekly_increase": "% more than the previous 7 days",
        "acwr_high": "acute:chronic ratio",
        "long_run": "% of your usual distance",
        "consecutive_days": "days in a row",
        "downhill": "% average descent grade",
        "hilly": "% average climb grade",
        "worn_shoes": "km on the shoe",
        "low_cadence": "% below your usual cadence",
        "fast_pace": "% above your usual speed",
        "heat": "°C",
        "gct_imbalance": "% of contact on the heavier foot",
    }
)


def label(exposure: str, thresholds: ExposureThresholds) -> str:
    """The plain name of an exposure, with its threshold (a generic one for extra columns)."""
    fn = LABELS.get(exposure)
    return fn(thresholds) if fn is not None else f"runs flagged {exposure!r}"


def advice(exposure: str, thresholds: ExposureThresholds) -> str | None:
    """The running change that addresses an exposure, or None for an unknown one."""
    fn = _ADVICE.get(exposure)
    return fn(thresholds) if fn is not None else None


def _cadence_advice(_: ExposureThresholds) -> str:
    low = value("form.cadence_increase", "low_pct")
    high = value("form.cadence_increase", "high_pct")
    return (
        f"Try a cadence {low:g}-{high:g} % above your own usual at the same speed, "
        "landing with the foot under the body; a fixed 180 is not the target."
    )


def _shoe_advice(t: ExposureThresholds) -> str:
    plan_km = value("gear.shoe_retirement", "plan_from_km")
    ratio = value("gear.rotation", "hazard_ratio")
    return (
        f"Plan a new pair from about {plan_km:g} km; runners who rotated two or more pairs "
        f"had fewer injuries (hazard ratio {ratio:g})."
    )


def _spike_advice(t: ExposureThresholds) -> str:
    reference = value("load.single_run_spike", "reference_max_pct")
    return (
        f"Keep each run within {reference:g} % of your longest run of the last 30 days, "
        "and lengthen the long run in small steps."
    )


_ADVICE: Mapping[str, LabelFn] = MappingProxyType(
    {
        "distance_spike": _spike_advice,
        "weekly_increase": lambda t: (
            "Build weekly distance more gradually, with an easier week every few weeks."
        ),
        "acwr_high": lambda t: (
            "Avoid sudden jumps above your usual training: bring the last week's distance "
            "closer to your four-week average."
        ),
        "long_run": lambda t: (
            "Shorten the long run for a few weeks, then lengthen it slowly while the back "
            "stays calm."
        ),
        "consecutive_days": lambda t: (
            "Put a rest or cross-training day after two running days in a row."
        ),
        "downhill": lambda t: (
            "While sore, choose flatter routes or walk steep descents; shorten the stride downhill."
        ),
        "hilly": lambda t: (
            "Choose flatter routes for a few weeks, then bring hills back gradually."
        ),
        "trail": lambda t: "Try a few weeks on smooth, even surfaces and keep logging.",
        "treadmill": lambda t: "Vary the surface: move some runs outdoors and keep logging.",
        "worn_shoes": _shoe_advice,
        "low_cadence": _cadence_advice,
        "fast_pace": lambda t: (
            "Keep fast sessions few and apart, with an easy day or rest after each."
        ),
        "heat": lambda t: "On hot days run shorter or in the cool of the day, and drink.",
        "gct_imbalance": lambda t: (
            "Have your form looked at, and add single-leg strength work for hips and glutes."
        ),
    }
)


def evidence(exposure: str) -> Evidence | None:
    """The knowledge item behind an exposure, or None for an extra column."""
    item_id = EXPOSURE_ITEMS.get(exposure)
    if item_id is None:
        return None
    item = knowledge_item(item_id)
    return Evidence(item.id, item.summary, item.source, item.grade.value, item.contested, item.note)


def fmt_ratio(x: float) -> str:
    """An odds ratio for reading: one decimal from 1 up, two below, whole numbers from 100."""
    if math.isinf(x):
        return "no upper limit"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def fmt_pct(share: float) -> str:
    """A share as a whole percentage, written the project's way ("17 %")."""
    return f"{share * 100:.0f} %"


def _how_often(odds_ratio: float) -> str:
    """ "about 4.0 times as often as", or words for a ratio too large to mean much."""
    if odds_ratio >= BIG_RATIO:
        return f"far more often (odds ratio above {BIG_RATIO:g}) than"
    return f"about {fmt_ratio(odds_ratio)} times as often as"


@dataclass(frozen=True, slots=True)
class Counts:
    """Episode counts behind one factor."""

    exposed: int  # compared episodes with the exposure in the hazard window
    compared: int  # compared episodes where the exposure was known
    ever_exposed: bool  # any compared window (hazard or control) had it


def explain(
    name: str,
    est: ExactEstimate | None,
    significant: bool,
    counts: Counts,
    zero_share: float | None,
    settings: InsightSettings,
    tested_count: int,
) -> str:
    """One or two plain sentences on what the data say about one exposure."""
    hours = f"{settings.hazard_h:g} hours"
    if est is None:
        return _untested(name, counts, hours)
    ci = _ci(est, settings.confidence)
    seen = f"{counts.exposed} of {counts.compared} episodes began within {hours} after one"
    if significant:
        return (
            f"Your pain followed {name} {_how_often(est.odds_ratio)} your other weeks would "
            f"suggest ({ci}; {seen}). This holds after allowing for the "
            f"{tested_count} things tested at once."
        )
    if counts.exposed == 0 and zero_share is not None:
        return (
            f"None of your {counts.compared} compared episodes began within {hours} after "
            f"{name}, though you had them at other times: at most about {fmt_pct(zero_share)} of "
            f"episodes could follow them (rule of three; odds ratio at most "
            f"{fmt_ratio(est.ci_high)})."
        )
    if est.ci_high < 1:
        return (
            f"Your pain followed {name} less often than your other weeks would suggest (odds "
            f"ratio {fmt_ratio(est.odds_ratio)}, {ci}). backstride looks for what comes before "
            "pain, so it does not call this protective."
        )
    caution = (
        f"alone it looks like a link, but with {tested_count} things tested at once it may "
        "be chance"
        if est.ci_low > 1
        else "the interval includes 1, so chance explains it as well"
    )
    return (
        f"No clear link: your pain followed {name} {fmt_ratio(est.odds_ratio)} times as often as "
        f"your other weeks would suggest ({ci}; {seen}); {caution}."
    )


def _ci(est: ExactEstimate, confidence: float) -> str:
    """ "95 % CI 2.1-8.5", or "95 % CI 2.1 or more" when the upper limit is unbounded."""
    level = fmt_pct(confidence)
    if math.isinf(est.ci_high):
        return f"{level} CI {fmt_ratio(est.ci_low)} or more"
    return f"{level} CI {fmt_ratio(est.ci_low)}-{fmt_ratio(est.ci_high)}"


def _untested(name: str, counts: Counts, hours: str) -> str:
    if counts.compared == 0:
        return (
            f"Not compared: the recordings around your episodes lack what it takes to spot {name}."
        )
    if not counts.ever_exposed:
        return f"Not compared: you had no {name} around your episodes."
    return (
        f"Not compared: {name} came as often in the {hours} before pain as in the same hours "
        "of earlier weeks in every episode, so they cannot be told apart."
    )
