"""trigger_changes.yaml: every exposure has its words and its plan change, with a source and a
grade, a cause that exists, sentences that fill, and numbers that agree with the items they
repeat."""

from __future__ import annotations

import pytest

from backstride.errors import KnowledgeError
from backstride.insight import EXPOSURE_IDS, ExposureThresholds
from backstride.insight._explain import advice, label, threshold_names
from backstride.knowledge import Grade, MeasureItem, all_items, parse_text
from backstride.knowledge.plan_items import CareRuleItem, CauseItem
from backstride.knowledge.trigger_items import (
    COMPUTED,
    DATES,
    REQUIRED,
    TriggerChangeItem,
    placeholders,
)
from backstride.knowledge.triggers import build_trigger_changes, load_trigger_changes

ITEMS = load_trigger_changes()
BY_ID = {i.id: i for i in all_items()}


def number(item_id: str, key: str) -> float:
    item = BY_ID[item_id]
    assert isinstance(item, MeasureItem | CareRuleItem | TriggerChangeItem)
    found = item.values[key]
    assert isinstance(found, float)
    return found


def test_every_exposure_has_advice_with_a_source_grade_and_an_existing_cause() -> None:
    assert set(ITEMS) == set(EXPOSURE_IDS)
    for exposure, item in ITEMS.items():
        assert item.id == f"trigger.{exposure}"
        assert item.advice and item.source and isinstance(item.grade, Grade)
        assert isinstance(BY_ID[item.cause], CauseItem), item.cause
        if item.source.startswith("backstride engineering choice"):
            assert item.grade is Grade.NONE
        assert item.weeks >= 1


def test_labels_and_advice_fill_and_state_their_threshold() -> None:
    th = ExposureThresholds.from_knowledge()
    names = set(threshold_names(th))
    for exposure, item in ITEMS.items():
        assert placeholders(item.label) <= names | set(item.uses)
        assert placeholders(item.advice) <= names | set(item.uses)
        assert "{" not in label(exposure, th) and "{" not in (advice(exposure, th) or "{")
    assert "5 minutes or more of steep descent" in label("downhill", th)
    assert "shoes past 800 km" in label("worn_shoes", th)
    assert "day 3 or later" in label("consecutive_days", th)
    assert "5-10 % above your own usual" in (advice("low_cadence", th) or "")


def test_plan_sentences_use_only_what_their_change_computes() -> None:
    for item in ITEMS.values():
        assert REQUIRED[item.change] <= set(item.values)
        own = DATES | set(item.values)
        assert placeholders(item.text) <= own | COMPUTED[item.change]
        assert placeholders(item.fallback) <= own


@pytest.mark.parametrize(
    ("exposure", "key", "other", "other_key", "how"),
    [
        ("distance_spike", "cap_of_longest_pct", "load.single_run_spike", "reference_max_pct", 100),
        ("long_run", "cap_of_median_factor", "exposure.long_run", "median_factor", 0),
        ("fast_pace", "faster_than_median_pct", "exposure.fast_pace", "above_median_pct", 0),
        ("heat", "at_least_c", "exposure.heat", "at_least_c", 0),
        ("downhill", "max_descent_per_km_m", "running.flat_route", "max_descent_per_km_m", 0),
        ("hilly", "max_descent_per_km_m", "running.flat_route", "max_descent_per_km_m", 0),
        ("downhill", "lowest_cap_per_km_m", "trigger.hilly", "lowest_cap_per_km_m", 0),
        ("worn_shoes", "past_range_km", "gear.shoe_retirement", "past_range_km", 0),
        ("consecutive_days", "max_streak_days", "exposure.consecutive_days", "min_streak_days", -1),
    ],
)
def test_repeated_numbers_agree(
    exposure: str, key: str, other: str, other_key: str, how: int
) -> None:
    """``how``: the offset between the two (110 % cap = 100 + 10 % spike; a streak of 3 is
    avoided by running at most 2 days in a row)."""
    assert ITEMS[exposure].values[key] == number(other, other_key) + how


GOOD = """
kind: trigger_changes
version: 1
items:
  - id: trigger.test
    exposure: downhill
    cause: cause.downhill
    label: downhill runs
    advice: go flat
    change: note
    values: {weeks_count: 2}
    text: From {start} to {until}, flat.
    fallback: flat
    summary: s
    source: src
    grade: C
"""


def test_a_good_item_parses() -> None:
    item = parse_text(GOOD, "t.yaml").items[0]
    assert build_trigger_changes([item], all_items())["downhill"].weeks == 2


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("change: note", "change: teleport", "change"),
        ("weeks_count: 2", "weeks_count: 0", "weeks_count"),
        ("weeks_count: 2", "days_count: 2", "weeks_count"),
        ("change: note", "change: run_cap", "cap_of_longest_pct"),
        ("text: From {start} to {until}, flat.", "text: at most {cap_km} km", "cap_km"),
        ("fallback: flat", "fallback: '{start'", "template"),
        ("grade: C", "grade: Z", "grade"),
        ("source: src", "source: ''", "source"),
    ],
)
def test_bad_items_are_refused_by_name(old: str, new: str, says: str) -> None:
    with pytest.raises(KnowledgeError, match=says) as err:
        parse_text(GOOD.replace(old, new), "t.yaml")
    assert "trigger.test" in str(err.value) or "t.yaml" in str(err.value)


def test_a_missing_cause_or_a_second_item_for_one_exposure_is_refused() -> None:
    bad = parse_text(GOOD.replace("cause.downhill", "cause.nothing"), "t.yaml").items
    with pytest.raises(KnowledgeError, match=r"cause\.nothing"):
        build_trigger_changes(bad, all_items())
    item = parse_text(GOOD, "t.yaml").items[0]
    with pytest.raises(KnowledgeError, match="two items"):
        build_trigger_changes([item, item], all_items())
