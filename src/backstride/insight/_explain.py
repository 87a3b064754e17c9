"""Plain words for the analysis: labels, explanations, advice and evidence for each factor.

Labels and advice are sentences of ``knowledge/trigger_changes.yaml``; their numbers are filled
from the exposure thresholds (and other knowledge values the item names), so the text always
says the threshold that was used. Advice only names the change that addresses the exposure; the
plan (care) turns a confirmed trigger into a dated change computed from the runner's data.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from backstride.errors import KnowledgeError
from backstride.insight._exact import ExactEstimate
from backstride.insight._result import Evidence
from backstride.insight._settings import (
    EXPOSURE_ITEMS,
    ExposureThresholds,
    InsightSettings,
    knowledge_item,
    value,
)
from backstride.knowledge.trigger_items import TriggerChangeItem
from backstride.knowledge.triggers import load_trigger_changes

BIG_RATIO = 20.0  # above this an odds ratio is said in words: the exact number means little

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


def threshold_names(thresholds: ExposureThresholds) -> dict[str, float]:
    """The numbers a label or advice sentence of ``trigger_changes.yaml`` may state: every
    threshold field, plus the same thresholds in the units a runner reads (minutes, km)."""
    names: dict[str, float] = {
        f.name: float(getattr(thresholds, f.name)) for f in dataclasses.fields(thresholds)
    }
    names["downhill_min_steep_descent_min"] = thresholds.downhill_min_steep_descent_s / 60.0
    names["worn_shoes_km"] = thresholds.worn_shoes_m / 1000.0
    names["max_streak_days"] = float(thresholds.min_streak_days - 1)
    return names


def _fill(item: TriggerChangeItem, template: str, thresholds: ExposureThresholds) -> str:
    """Fill a sentence of the knowledge file; KnowledgeError naming the item when it asks for a
    number that does not exist."""
    names: dict[str, float] = threshold_names(thresholds)
    for name, ref in item.uses.items():
        item_id, key = ref.split(":")
        names[name] = value(item_id, key)
    try:
        return template.format(**names)
    except (KeyError, ValueError, IndexError) as exc:
        raise KnowledgeError(
            f"{item.file}: item {item.id!r}: sentence needs an unknown number ({exc})"
        ) from exc


def label(exposure: str, thresholds: ExposureThresholds) -> str:
    """The plain name of an exposure, with its threshold (a generic one for extra columns)."""
    item = load_trigger_changes().get(exposure)
    return _fill(item, item.label, thresholds) if item is not None else f"runs flagged {exposure!r}"


def advice(exposure: str, thresholds: ExposureThresholds) -> str | None:
    """The running change that addresses an exposure, or None for an unknown one."""
    item = load_trigger_changes().get(exposure)
    return _fill(item, item.advice, thresholds) if item is not None else None


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
