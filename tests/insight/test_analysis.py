"""The whole analysis on small synthetic histories whose answer is clear by construction."""

from __future__ import annotations

import dataclasses
import json

import pytest

from backstride.insight import (
    InsightResult,
    InsightSettings,
    Multiplicity,
    PainEpisode,
    RunExposureInput,
    Status,
    analyse_triggers,
)
from tests.insight._make import at, run

ONSET_DAYS = [30 + 16 * k for k in range(16)]  # 16 onsets, 16 days apart


def history(onset_days: list[int]) -> list[RunExposureInput]:
    """An 8 km run every day at 07:00 for 300 days, 3 m/s, 165 spm.

    The run on each onset's day (12 h before the onset) is steep downhill and hilly; the run 12
    days after each onset is hot (30 degC against 15). Nothing else differs.
    """
    before = set(onset_days)
    hot = {d + 12 for d in onset_days}
    runs = []
    for d in range(300):
        fields: dict[str, float] = {
            "avg_cadence_spm": 165.0,
            "steep_descent_s": 0.0,
            "ascent_m": 0.0,
            "avg_temperature_c": 15.0,
        }
        if d in before:
            fields.update(steep_descent_s=900.0, ascent_m=300.0)
        if d in hot:
            fields["avg_temperature_c"] = 30.0
        runs.append(run(d, 8000.0, **fields))
    return runs


def episodes(onset_days: list[int]) -> list[PainEpisode]:
    return [PainEpisode(at(d + 0.5), at(d + 2.5)) for d in onset_days]


@pytest.fixture(scope="module")
def result() -> InsightResult:
    return analyse_triggers(history(ONSET_DAYS), episodes(ONSET_DAYS))


def test_planted_trigger_is_found_first(result: InsightResult) -> None:
    """Every hazard window holds the downhill run (a share of 1/2: two runs per 2 days) and no
    control window does: downhill and hilly lead, significant, lower limit above 1."""
    assert result.status is Status.OK
    assert result.episodes == result.episodes_used == 16
    top = result.factors[:2]
    assert {f.id for f in top} == {"downhill", "hilly"}
    for f in top:
        assert f.significant
        assert f.ci_low is not None and f.ci_low > 1
        assert f.exposed_episodes == f.compared_episodes == 16
        assert "more often (odds ratio above 20)" in f.explanation
        assert f.advice and f.evidence and f.evidence.source
    assert not any(f.significant for f in result.factors[2:])


def test_factors_sorted_best_supported_first(result: InsightResult) -> None:
    keys = [
        (not f.significant, not f.tested, f.p_value if f.p_value is not None else 1.0)
        for f in result.factors
    ]
    assert keys == sorted(keys)
    assert len(result.factors) == 14


def test_rule_of_three_when_never_before_pain(result: InsightResult) -> None:
    """Heat came 12 days after each onset (after the pain and its 7-day wash-out), so never in a
    hazard window but in some controls."""
    heat = next(f for f in result.factors if f.id == "heat")
    assert heat.exposed_episodes == 0
    assert heat.zero_event_share_max == pytest.approx(1 - 0.05 ** (1 / heat.compared_episodes))
    assert "rule of three" in heat.explanation
    assert not heat.significant


def test_travelling_together_and_other_limits_are_named(result: InsightResult) -> None:
    ids = [x.id for x in result.limitations]
    assert "together:downhill+hilly" in ids
    assert {"recall", "small_numbers", "time_trend", "weekday", "running_itself"} <= set(ids)


def test_untested_exposures_say_why(result: InsightResult) -> None:
    trail = next(f for f in result.factors if f.id == "trail")
    assert not trail.tested and trail.odds_ratio is None
    assert trail.explanation.startswith("Not compared")


def test_json_has_the_issue_shape(result: InsightResult) -> None:
    doc = json.loads(json.dumps(result.to_json()))  # JSON-safe: no inf or nan
    assert doc["status"] == "ok" and doc["episodes"] == 16
    assert doc["method"].startswith("Case-crossover")
    keys = {"id", "label", "odds_ratio", "ci_low", "ci_high", "p_value", "significant"}
    keys |= {"exposed_episodes", "explanation", "advice", "evidence"}
    for factor in doc["factors"]:
        assert keys <= set(factor)
    assert doc["factors"][0]["evidence"]["grade"] in {"A", "B", "C", "-"}


def test_too_few_episodes_asks_for_more() -> None:
    """5 compared episodes against a minimum of 15: no factor is named."""
    few = ONSET_DAYS[:5]
    out = analyse_triggers(history(few), episodes(few), trends=False)
    assert out.status is Status.INSUFFICIENT_DATA
    assert out.factors == ()
    assert out.episodes_used == 5 and out.episodes_needed == 10
    assert "Log 10 more" in out.message
    assert out.to_json()["status"] == "insufficient_data"


def test_bare_onset_times_are_accepted_and_window_can_change() -> None:
    """Onsets as datetimes; a 24 h window still holds the run 12 h before each onset."""
    settings = InsightSettings.from_knowledge().with_hazard_hours(24)
    out = analyse_triggers(
        history(ONSET_DAYS), [at(d + 0.5) for d in ONSET_DAYS], settings, trends=False
    )
    assert out.hazard_window_h == 24
    assert "24 hours" in out.method
    downhill = next(f for f in out.factors if f.id == "downhill")
    assert downhill.significant  # one run per window now: share 1 in every hazard window


def test_trend_is_reported_for_a_dose() -> None:
    """Descent varies from run to run and is higher before onsets: a positive trend.

    Made by hand: descent per km is (7 x day) mod 40 m, so 0-39 m in a scrambled order; the
    run on each onset's day has 20 m plus 2 m per onset index (20-50 m): higher on average,
    with much overlap.
    """
    runs = []
    for d in range(300):
        per_km = float((7 * d) % 40)
        if d in ONSET_DAYS:
            per_km = 20.0 + 2 * ONSET_DAYS.index(d)
        runs.append(run(d, 8000.0, descent_m=per_km * 8, avg_cadence_spm=165.0))
    out = analyse_triggers(runs, episodes(ONSET_DAYS))
    downhill = next(f for f in out.factors if f.id == "downhill")
    assert downhill.trend is not None
    assert downhill.trend.unit == "% average descent grade"
    assert downhill.trend.odds_ratio > 1
    assert downhill.trend.ci_low <= downhill.trend.odds_ratio <= downhill.trend.ci_high


def test_shipped_correction_is_holm(result: InsightResult) -> None:
    assert InsightSettings.from_knowledge().multiplicity is Multiplicity.HOLM_TARONE
    assert "Holm" in result.method


def test_relabelling_correction_is_reproducible_and_named() -> None:
    """Downhill and hilly have the same window values here, so every relabelling moves them
    together and they share one adjusted p-value; with 16 episodes the relabellings are drawn
    (14^16 in all), the seed is fixed, and the smallest adjusted p-value is 1 / 4001."""
    settings = dataclasses.replace(
        InsightSettings.from_knowledge(), multiplicity=Multiplicity.WESTFALL_YOUNG
    )
    out = analyse_triggers(history(ONSET_DAYS), episodes(ONSET_DAYS), settings, trends=False)
    by_id = {f.id: f for f in out.factors}
    assert by_id["downhill"].p_adjusted == by_id["hilly"].p_adjusted == pytest.approx(1 / 4001)
    assert {f.id for f in out.factors if f.significant} == {"downhill", "hilly"}
    assert "Westfall and Young" in out.method
    again = analyse_triggers(history(ONSET_DAYS), episodes(ONSET_DAYS), settings, trends=False)
    assert [f.p_adjusted for f in again.factors] == [f.p_adjusted for f in out.factors]
