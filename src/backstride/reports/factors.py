"""The measured risk factors of a period, each beside its rule and evidence grade, for the report.

This module compares the foundation's stored measures (per run, per week, per shoe) with the
thresholds of ``knowledge/measures.yaml`` and words the result for a clinician; it computes no
new measure. A factor is *flagged* when the period holds at least one value past its threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backstride import presentation as fmt
from backstride.knowledge import MeasureItem, MeasureRules
from backstride.metrics import ShoeReport, WeekLoad
from backstride.model import Units
from backstride.services.history import RunView


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasuredFactor:
    """One factor: what was measured in the period and the knowledge item it is judged by."""

    id: str
    label: str
    finding: str
    flagged: bool
    rule: str
    grade: str
    contested: bool
    source: str


def _factor(item: MeasureItem, label: str, finding: str, flagged: bool) -> MeasuredFactor:
    return MeasuredFactor(
        id=item.id,
        label=label,
        finding=finding,
        flagged=flagged,
        rule=item.summary,
        grade=item.grade.value,
        contested=item.contested,
        source=item.source,
    )


def _spikes(runs: Sequence[RunView], rules: MeasureRules, units: Units) -> MeasuredFactor:
    rule = rules.spike
    over = [v for v in runs if v.spike_pct is not None and v.spike_pct > rule.reference_max_pct]
    if not over:
        text = f"No run was more than {rule.reference_max_pct:g} % longer than the longest of the previous {rule.window_days} days."
    else:
        worst = max(over, key=lambda v: v.spike_pct or 0.0)
        text = (
            f"{len(over)} of {len(runs)} runs were; the largest on {worst.local_date} "
            f"({fmt.distance(worst.row['distance_m'], units)}, {fmt.percent(worst.spike_pct)})."
        )
    return _factor(rule.item, "Single-run spikes", text, bool(over))


def _weekly(weeks: Sequence[WeekLoad], rules: MeasureRules) -> list[MeasuredFactor]:
    active = [w for w in weeks if w.runs]
    rise = rules.weekly_increase.high_increase_pct
    rises = [w for w in active if w.change_pct is not None and w.change_pct > rise]
    danger = rules.acwr.danger_ratio
    high_acwr = [w for w in weeks if w.acwr is not None and w.acwr >= danger]
    share = rules.long_run_share.high_share_pct / 100.0
    long_share = [w for w in active if w.long_run_share is not None and w.long_run_share > share]
    few_rest = [
        w for w in weeks if w.days_counted == 7 and w.rest_days < rules.rest_days.min_rest_days
    ]
    return [
        _factor(
            rules.weekly_increase.item,
            "Weekly distance rises",
            _weeks_text(rises, f"rose more than {rise:g} % on the week before", len(active)),
            bool(rises),
        ),
        _factor(
            rules.acwr.item,
            "Acute:chronic workload ratio",
            _weeks_text(high_acwr, f"ended with a ratio of {danger:g} or more", len(weeks)),
            bool(high_acwr),
        ),
        _factor(
            rules.long_run_share.item,
            "Long-run share",
            _weeks_text(long_share, f"had a longest run over {share:.0%} of the week", len(active)),
            bool(long_share),
        ),
        _factor(
            rules.rest_days.item,
            "Rest days",
            _weeks_text(
                few_rest, f"had fewer than {rules.rest_days.min_rest_days} rest day", len(weeks)
            ),
            bool(few_rest),
        ),
    ]


def _weeks_text(hits: Sequence[WeekLoad], what: str, of: int) -> str:
    if not hits:
        return f"No week {what} (of {of})."
    latest = ", ".join(w.week_start.isoformat() for w in hits[-3:])
    return f"{len(hits)} of {of} weeks {what} (latest weeks of {latest})."


def _terrain(runs: Sequence[RunView], rules: MeasureRules) -> list[MeasuredFactor]:
    steep = [float(v.row["steep_descent_s"] or 0.0) for v in runs]
    total = sum(steep)
    hot_c = rules.heat.hydration_temperature_c
    hot = [v for v in runs if (v.row["max_temperature_c"] or -99.0) >= hot_c]
    grade = abs(rules.steep_descent.grade_pct)
    return [
        _factor(
            rules.steep_descent.item,
            "Steep downhill running",
            f"{fmt.duration(total)} in all on grades steeper than -{grade:g} %, "
            f"over {sum(1 for s in steep if s > 0)} runs.",
            total > 0,
        ),
        _factor(
            rules.heat.item,
            "Heat",
            f"{len(hot)} runs reached {hot_c:g} °C or more on the device."
            if hot
            else "No run with a device temperature reading at or above the threshold.",
            bool(hot),
        ),
    ]


def _form(runs: Sequence[RunView], rules: MeasureRules) -> list[MeasuredFactor]:
    cadences = [float(v.row["avg_cadence_spm"]) for v in runs if v.row["avg_cadence_spm"]]
    typical = rules.typical_cadence
    cadence_text = (
        f"Mean {sum(cadences) / len(cadences):.0f} spm over {len(cadences)} runs; experienced "
        f"runners chose {typical.mean_spm:g} ± {typical.sd_spm:g} spm at about "
        f"{typical.at_speed_mps:g} m/s."
        if cadences
        else "No cadence recorded."
    )
    low = bool(cadences) and sum(cadences) / len(cadences) < typical.mean_spm - typical.sd_spm
    balances = [
        float(v.row["stance_time_balance_left_pct"])
        for v in runs
        if v.row["stance_time_balance_left_pct"] is not None
    ]
    off = [b for b in balances if rules.gct_balance.colour(b) != "green"]
    balance_text = (
        f"{len(off)} of {len(balances)} runs outside the vendor's green band."
        if balances
        else "No ground-contact balance recorded (needs a running-dynamics sensor)."
    )
    return [
        _factor(typical.item, "Cadence", cadence_text, low),
        _factor(rules.gct_balance.item, "Ground-contact balance", balance_text, bool(off)),
    ]


def _shoes(shoes: Sequence[ShoeReport], rules: MeasureRules) -> list[MeasuredFactor]:
    worn = [s for s in shoes if s.advice.value != "ok"]
    rotation = sum(1 for s in shoes if s.in_rotation)
    need = rules.rotation.min_pairs_count
    return [
        _factor(
            rules.shoe_retirement.item,
            "Shoe wear",
            f"{len(worn)} of {len(shoes)} pairs past {rules.shoe_retirement.plan_from_km:g} km."
            if shoes
            else "No shoes recorded.",
            bool(worn),
        ),
        _factor(
            rules.rotation.item,
            "Shoe rotation",
            f"{rotation} pairs in use in the last 30 days (fewer injuries with {need} or more).",
            rotation < need,
        ),
    ]


def measured_factors(
    runs: Sequence[RunView],
    weeks: Sequence[WeekLoad],
    shoes: Sequence[ShoeReport],
    rules: MeasureRules,
    units: Units,
) -> list[MeasuredFactor]:
    """Every measured factor of the period's runs and weeks, flagged ones first."""
    found = [
        _spikes(runs, rules, units),
        *_weekly(weeks, rules),
        *_terrain(runs, rules),
        *_form(runs, rules),
        *_shoes(shoes, rules),
    ]
    return sorted(found, key=lambda f: not f.flagged)
