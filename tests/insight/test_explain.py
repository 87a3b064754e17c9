"""The plain sentences: one for each kind of result, with the numbers that back it."""

from __future__ import annotations

import dataclasses
import math

import pytest

from backstride.errors import KnowledgeError
from backstride.insight import ExactEstimate, InsightSettings
from backstride.insight._explain import Counts, _fill, advice, explain, fmt_ratio, label
from backstride.knowledge.triggers import load_trigger_changes

SETTINGS = InsightSettings.from_knowledge()
NAME = "runs with 5 minutes or more of steep descent"


def estimate(odds: float, low: float, high: float) -> ExactEstimate:
    return ExactEstimate(
        odds_ratio=odds,
        ci_low=low,
        ci_high=high,
        p_greater=0.01,
        p_value=0.02,
        p_min_greater=0.001,
        p_min=0.002,
        informative=20,
        median_unbiased=False,
    )


def say(
    est: ExactEstimate | None, significant: bool, counts: Counts, zero: float | None = None
) -> str:
    text: str = explain(NAME, est, significant, counts, zero, SETTINGS, 12)
    return text


def test_a_significant_trigger_is_said_with_its_numbers() -> None:
    text = say(estimate(4.0, 2.1, 8.5), True, Counts(9, 24, True))
    assert "about 4.0 times as often as" in text
    assert "95 % CI 2.1-8.5" in text and "9 of 24 episodes" in text
    assert "12 things tested at once" in text
    huge = say(estimate(300.0, 25.0, math.inf), True, Counts(20, 20, True))
    assert "far more often (odds ratio above 20)" in huge and "CI 25.0 or more" in huge


def test_not_significant_results_say_why() -> None:
    unadjusted = say(estimate(2.5, 1.1, 5.0), False, Counts(8, 24, True))
    assert "may be chance" in unadjusted
    unclear = say(estimate(1.3, 0.6, 2.9), False, Counts(5, 24, True))
    assert unclear.startswith("No clear link") and "includes 1" in unclear
    less = say(estimate(0.3, 0.1, 0.8), False, Counts(2, 24, True))
    assert "less often" in less and "does not call this protective" in less


def test_zero_events_use_the_rule_of_three() -> None:
    text = say(estimate(0.1, 0.0, 0.9), False, Counts(0, 30, True), zero=0.0950)
    assert "None of your 30 compared episodes" in text and "about 10 %" in text


def test_untested_exposures_get_a_reason() -> None:
    assert "lack" in say(None, False, Counts(0, 0, False))
    assert "you had no" in say(None, False, Counts(0, 12, False))
    assert "cannot be told apart" in say(None, False, Counts(12, 12, True))


@pytest.mark.parametrize(
    ("x", "text"), [(math.inf, "no upper limit"), (250.4, "250"), (4.04, "4.0"), (0.456, "0.46")]
)
def test_ratio_formatting(x: float, text: str) -> None:
    assert fmt_ratio(x) == text


def test_labels_and_advice_come_from_the_knowledge_file_with_their_thresholds() -> None:
    th = dataclasses.replace(SETTINGS.thresholds, downhill_min_steep_descent_s=600.0)
    assert label("downhill", th) == "runs with 10 minutes or more of steep descent"
    assert label("my_column", th) == "runs flagged 'my_column'"
    assert advice("my_column", th) is None
    item = load_trigger_changes()["worn_shoes"]
    assert advice("worn_shoes", th) == item.advice.format(
        plan_from_km=480, rotation_hazard_ratio=0.614
    )


def test_a_sentence_asking_for_an_unknown_number_names_its_item() -> None:
    item = dataclasses.replace(load_trigger_changes()["downhill"], label="over {nothing_m:g}")
    with pytest.raises(KnowledgeError, match=r"trigger\.downhill"):
        _fill(item, item.label, SETTINGS.thresholds)
