"""The measured risk factors of a period, each beside its rule and evidence grade, for the report.

This module compares the foundation's stored measures (per run, per week, per shoe) with the
thresholds of ``knowledge/measures.yaml`` and words the result for a clinician; it computes no
new measure. A factor is *flagged* when the period holds at least one value past its threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from backstride import presentation as fmt
from backstride.knowledge import MeasureItem, MeasureRules
from backstride.knowledge.care import load_care
from backstride.metrics import ShoeReport, WeekLoad
from backstride.model import Units
from backstride.presentation import plural
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
    what = (
        f"more than {rule.reference_max_pct:g} % longer than the longest of the previous "
        f"{rule.window_days} days"
    )
    if not over:
        text = f"No run was {what}."
    else:
        worst = max(over, key=lambda v: v.spike_pct or 0.0)
        were = "was" if len(over) == 1 else "were"
        text = (
            f"{len(over)} of {plural(len(runs), 'run')} {were} {what}; the largest on "
            f"{worst.local_date} ({fmt.distance(worst.row['distance_m'], units)}, "
            f"{fmt.percent(worst.spike_pct)})."
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
            rules.rest_days.item, "Rest days", _rest_text(few_rest, rules, weeks), bool(few_rest)
        ),
    ]


def _rest_text(hits: Sequence[WeekLoad], rules: MeasureRules, weeks: Sequence[WeekLoad]) -> str:
    """Weeks short of the articles' general minimum of rest days; the plan's stricter minimum
    while sore is named so the two sections do not read as a contradiction."""
    need = rules.rest_days.min_rest_days
    what = "had no rest day" if need == 1 else f"had fewer than {need} rest days"
    counted = [w for w in weeks if w.days_counted == 7]
    sore = load_care().rules.rest_days.sore_min_rest_days
    found = (
        _weeks_text(hits, what, len(counted))
        if hits
        else f"Every complete week had at least {plural(need, 'rest day')} "
        f"({plural(len(counted), 'week')})."
    )
    return (
        f"{found} Judged against the articles' general "
        f"minimum of {plural(need, 'rest day')} a week; while the back is sore the plan asks "
        f"for {sore}."
    )


def _weeks_text(hits: Sequence[WeekLoad], what: str, of: int) -> str:
    if not hits:
        return f"No week {what} (of {of})."
    latest = ", ".join(w.week_start.isoformat() for w in hits[-3:])
    which = "latest: the week of" if len(hits) == 1 else "latest: the weeks of"
    return f"{len(hits)} of {plural(of, 'week')} {what} ({which} {latest})."


def _terrain(runs: Sequence[RunView], rules: MeasureRules) -> list[MeasuredFactor]:
    steep = [float(v.row["steep_descent_s"] or 0.0) for v in runs]
    total = sum(steep)
    grade = abs(rules.steep_descent.grade_pct)
    steep_runs = sum(1 for s in steep if s > 0)
    return [
        _factor(
            rules.steep_descent.item,
            "Steep downhill running",
            f"{fmt.duration(total)} in all on grades steeper than -{grade:g} %, over "
            f"{plural(steep_runs, 'run')}."
            if total > 0
            else f"No running recorded on grades steeper than -{grade:g} %.",
            total > 0,
        ),
        _heat(runs, rules),
    ]


def _heat(runs: Sequence[RunView], rules: MeasureRules) -> MeasuredFactor:
    """The hydration reminder's own rule: a device temperature at or above the threshold, or a
    run lasting at least ``long_run_s`` (elapsed time)."""
    heat = rules.heat
    hot_c = heat.hydration_temperature_c
    hot = [v for v in runs if (v.row["max_temperature_c"] or -99.0) >= hot_c]
    long = [v for v in runs if float(v.row["elapsed_s"] or 0.0) >= heat.long_run_s]
    hours = f"{heat.long_run_s / 3600:g} hour" + ("" if heat.long_run_s == 3600 else "s")
    if not hot and not long:
        text = f"No run reached {hot_c:g} °C on the device or lasted {hours} or more."
    else:
        text = (
            f"{len(hot)} of {plural(len(runs), 'run')} reached {hot_c:g} °C or more on the "
            f"device; {len(long)} lasted {hours} or more."
        )
    return _factor(heat.item, "Heat and long runs", text, bool(hot or long))


def _form(runs: Sequence[RunView], rules: MeasureRules) -> list[MeasuredFactor]:
    cadences = [float(v.row["avg_cadence_spm"]) for v in runs if v.row["avg_cadence_spm"]]
    typical = rules.typical_cadence
    mean = sum(cadences) / len(cadences) if cadences else None
    low = mean is not None and mean < typical.mean_spm - typical.sd_spm
    cadence_text = (
        f"Mean {mean:.0f} spm over {plural(len(cadences), 'run')} in the period; experienced "
        f"runners chose {typical.mean_spm:g} ± {typical.sd_spm:g} spm at about "
        f"{typical.at_speed_mps:g} m/s, so this is {'below' if low else 'not below'} their "
        "usual range. A comparison with other runners, not a target: the plan sets its target from "
        "the runner's own cadence."
        if mean is not None
        else "No cadence recorded."
    )
    balances = [
        float(v.row["stance_time_balance_left_pct"])
        for v in runs
        if v.row["stance_time_balance_left_pct"] is not None
    ]
    off = [b for b in balances if rules.gct_balance.colour(b) != "green"]
    balance_text = (
        f"{len(off)} of {plural(len(balances), 'run')} outside the vendor's green band."
        if balances
        else "No ground-contact balance recorded (needs a running-dynamics sensor)."
    )
    return [
        _factor(typical.item, "Cadence", cadence_text, low),
        _factor(rules.gct_balance.item, "Ground-contact balance", balance_text, bool(off)),
    ]


def _shoes(shoes: Sequence[ShoeReport], rules: MeasureRules, units: Units) -> list[MeasuredFactor]:
    worn = [s for s in shoes if s.advice.value != "ok"]
    rotation = sum(1 for s in shoes if s.in_rotation)
    need = rules.rotation.min_pairs_count
    plan_from = fmt.distance(rules.shoe_retirement.plan_from_km * 1000.0, units, 0)
    return [
        _factor(
            rules.shoe_retirement.item,
            "Shoe wear",
            f"{len(worn)} of {plural(len(shoes), 'pair')} past {plan_from}."
            if shoes
            else "No shoes recorded.",
            bool(worn),
        ),
        _factor(
            rules.rotation.item,
            "Shoe rotation",
            f"{plural(rotation, 'pair')} in use in the last 30 days (fewer injuries with "
            f"{need} or more)."
            if shoes
            else "No shoes recorded, so rotation cannot be judged.",
            bool(shoes) and rotation < need,
        ),
    ]


def measured_factors(
    runs: Sequence[RunView],
    weeks: Sequence[WeekLoad],
    shoes: Sequence[ShoeReport],
    rules: MeasureRules,
    units: Units,
) -> list[MeasuredFactor]:
    """Every measured factor of the period's runs and weeks, flagged ones first; findings and
    the knowledge's rules (written in km) read in ``units``."""
    found = [
        _spikes(runs, rules, units),
        *_weekly(weeks, rules),
        *_terrain(runs, rules),
        *_form(runs, rules),
        *_shoes(shoes, rules, units),
    ]
    shown = [
        replace(f, finding=fmt.in_units(f.finding, units), rule=fmt.in_units(f.rule, units))
        for f in found
    ]
    return sorted(shown, key=lambda f: not f.flagged)
