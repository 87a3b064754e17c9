"""The report's wording: factor findings, units, plurals and sentence joins.

Inputs are synthetic: run rows are plain mappings holding the columns the factors read, weeks
are ``WeekLoad`` records written out by hand, with the values stated next to each.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from backstride.knowledge import load_rules
from backstride.knowledge.care import load_care
from backstride.metrics import WeekLoad
from backstride.model import Units
from backstride.presentation import METRES_PER_MILE, in_units, plural
from backstride.reports import measured_factors
from backstride.reports.wording import join_sentences
from backstride.services.history import RunView

MONDAY = date(2026, 6, 1)


def run(day: int, distance_m: float, *, spike: float | None = None, **row: Any) -> RunView:
    """A run on ``MONDAY + day``: 20 °C, 30 minutes unless given."""
    values: dict[str, Any] = {
        "id": 100 + day,
        "distance_m": distance_m,
        "steep_descent_s": 0.0,
        "max_temperature_c": 20.0,
        "elapsed_s": 1800.0,
        "avg_cadence_spm": 166.0,
        "stance_time_balance_left_pct": None,
    }
    values.update(row)
    return RunView(values, spike, MONDAY + timedelta(days=day))  # type: ignore[arg-type]


def week(start: date, runs: int, rest_days: int, acwr: float | None = 1.0) -> WeekLoad:
    return WeekLoad(
        week_start=start,
        distance_m=runs * 5000.0,
        duration_s=runs * 1800.0,
        runs=runs,
        change_pct=None,
        longest_run_m=5000.0 if runs else None,
        long_run_share=0.2 if runs else None,
        rest_days=rest_days,
        longest_streak_days=1,
        acwr=acwr,
        monotony=None,
        strain=None,
        training_load=None,
        days_counted=7,
    )


def findings(
    runs: list[RunView], weeks: list[WeekLoad] | None = None, units: Units = Units.KM
) -> dict[str, Any]:
    found = measured_factors(runs, weeks or [], [], load_rules(), units)
    return {f.label: f for f in found}


def test_spike_finding_has_its_predicate() -> None:
    runs = [run(0, 5000), run(2, 5000), run(9, 8000, spike=60.0)]
    text = findings(runs)["Single-run spikes"].finding
    assert text.startswith(
        "1 of 3 runs was more than 10 % longer than the longest of the previous 30 days; "
        "the largest on 2026-06-10 (8.00 km, +60 %)."
    )


def test_rest_days_say_no_rest_day_and_name_the_plans_minimum() -> None:
    weeks = [week(MONDAY, 7, 0), week(MONDAY + timedelta(days=7), 3, 4)]
    text = findings([run(0, 5000)], weeks)["Rest days"].finding
    assert text.startswith("1 of 2 weeks had no rest day (latest: the week of 2026-06-01).")
    assert "fewer than 1" not in text
    sore = load_care().rules.rest_days.sore_min_rest_days
    assert f"while the back is sore the plan asks for {sore}" in text
    calm = findings([run(0, 5000)], weeks[1:])["Rest days"]
    assert not calm.flagged and calm.finding.startswith("Every complete week had at least 1 rest")


def test_no_shoes_means_no_rotation_flag() -> None:
    rotation = findings([run(0, 5000)])["Shoe rotation"]
    assert not rotation.flagged and "No shoes recorded" in rotation.finding


def test_heat_finding_applies_its_own_rule_temperature_or_an_hour() -> None:
    rule = load_rules().heat
    assert "25 degC or more, or a run of an hour or more" in rule.item.summary
    assert (rule.hydration_temperature_c, rule.long_run_s) == (25, 3600)
    label = "Heat and long runs"
    cool_short = findings([run(0, 5000)])[label]
    assert not cool_short.flagged
    long_cool = findings([run(0, 12000, elapsed_s=3700.0)])[label]
    assert long_cool.flagged and "1 lasted 1 hour or more" in long_cool.finding
    hot_short = findings([run(0, 5000, max_temperature_c=27.0)])[label]
    assert hot_short.flagged and "1 of 1 run reached 25 °C" in hot_short.finding


def test_steep_descent_without_any_says_so() -> None:
    text = findings([run(0, 5000)])["Steep downhill running"].finding
    assert text == "No running recorded on grades steeper than -5 %."


def test_distances_follow_the_profiles_units() -> None:
    from backstride.metrics import ShoeAdvice, ShoeReport

    shoe = ShoeReport(1, 600_000.0, 80, None, None, ShoeAdvice.PLAN_REPLACEMENT, True, "C")
    found = measured_factors([run(0, 8046.72, spike=20.0)], [], [shoe], load_rules(), Units.MI)
    by_label = {f.label: f.finding for f in found}
    assert by_label["Shoe wear"] == "1 of 1 pair past 298 mi."
    assert "(5.00 mi, +20 %)" in by_label["Single-run spikes"]
    rules = {f.label: f.rule for f in found}
    assert "(298-497 mi)" in rules["Shoe wear"] and " km" not in " ".join(rules.values())


def test_km_texts_from_other_modules_read_in_miles() -> None:
    assert in_units("start with 3.0 km at most", Units.MI) == "start with 1.9 mi at most"
    assert (
        in_units("flat routes (at most 10 m of descent per km) or", Units.MI)
        == "flat routes (at most 16 m of descent per mile) or"
    )
    assert in_units("Runs in shoes past 800 km: unknown", Units.MI) == (
        "Runs in shoes past 497 mi: unknown"
    )
    assert in_units("3.0 km and 10 m per km", Units.KM) == "3.0 km and 10 m per km"
    assert in_units("runs climbing 20 m or more per km", Units.MI) == (
        "runs climbing 32 m or more per mile"
    )


def test_km_ranges_separators_and_small_distances_read_in_miles() -> None:
    """Both ends of a range are distances (the shoe range "480-800 km" once read "480-497 mi");
    "1,000 km" is one number; a small whole distance keeps a decimal (1 km is not 1 mi)."""
    assert in_units("replace every 480-800 km (grade C)", Units.MI) == (
        "replace every 298-497 mi (grade C)"
    )
    assert in_units("480–800 km", Units.MI) == "298–497 mi"
    assert in_units("from 5 to 8 km", Units.MI) == "from 3.1 to 5.0 mi"
    assert in_units("1,000 km and 2,000 km", Units.MI) == "621 mi and 1,243 mi"
    assert in_units("5 × 1 km, a 12km run", Units.MI) == "5 × 0.6 mi, a 7.5 mi run"
    assert in_units("weeks 1-4: 20 km", Units.MI) == "weeks 1-4: 12 mi"


@given(
    st.floats(min_value=0.0, max_value=99_999.0),
    st.integers(min_value=0, max_value=2),
    st.booleans(),
)
def test_any_distance_in_km_reads_as_the_same_distance_in_miles(
    km: float, decimals: int, as_range: bool
) -> None:
    written = f"{km:.{decimals}f}"
    text = f"about {written} km a week" if not as_range else f"about 1-{written} km a week"
    shown = in_units(text, Units.MI)
    number = shown.removeprefix("about ").removesuffix(" mi a week").split("-")[-1]
    miles = float(number.replace(",", ""))
    shown_decimals = len(number.partition(".")[2])
    assert shown_decimals >= decimals and (miles >= 10 or shown_decimals >= 1)
    assert abs(miles - float(written) * 1000.0 / METRES_PER_MILE) <= 0.5 * 10**-shown_decimals
    assert in_units(text, Units.KM) == text


def test_plural_and_sentences() -> None:
    assert plural(1, "video analysis", "video analyses") == "1 video analysis"
    assert plural(2, "video analysis", "video analyses") == "2 video analyses"
    assert plural(0, "run") == "0 runs"
    assert join_sentences(["Leg angles are from the left leg.", "At 30 fps", ""]) == (
        "Leg angles are from the left leg. At 30 fps."
    )


def test_cadence_factor_states_its_basis_beside_the_plans_target() -> None:
    """The factor compares with other runners (165 ± 8), the plan aims above the runner's own
    cadence: the finding says which basis it uses so the two do not read as a contradiction."""
    low = findings([run(0, 5000, avg_cadence_spm=150.0)])["Cadence"]
    usual = findings([run(0, 5000, avg_cadence_spm=169.0)])["Cadence"]
    assert low.flagged and "so this is below their usual range" in low.finding
    assert not usual.flagged and "not below their usual range" in usual.finding
    assert "not a target: the plan sets its target from the runner's own cadence" in (usual.finding)
