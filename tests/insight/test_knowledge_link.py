"""exposures.yaml: every exposure and setting is there with a source, and agrees with
measures.yaml where both state the same threshold."""

from __future__ import annotations

import pytest

from backstride.insight import EXPOSURE_IDS, EXPOSURE_ITEMS, ExposureThresholds, InsightSettings
from backstride.insight._explain import advice, label
from backstride.knowledge import Grade, MeasureItem, all_items, load_file


def item(item_id: str) -> MeasureItem:
    found = {i.id: i for i in all_items()}[item_id]
    assert isinstance(found, MeasureItem)
    return found


def test_every_item_has_a_source_and_a_grade() -> None:
    items = load_file("exposures.yaml").items
    assert items
    for i in items:
        assert i.source.strip() and isinstance(i.grade, Grade)
        if i.source.startswith("backstride engineering choice"):
            assert i.grade is Grade.NONE


def test_every_exposure_has_item_label_and_advice() -> None:
    th = ExposureThresholds.from_knowledge()
    assert set(EXPOSURE_ITEMS) == set(EXPOSURE_IDS)
    for name in EXPOSURE_IDS:
        item(EXPOSURE_ITEMS[name])
        assert "flagged" not in label(name, th)
        assert advice(name, th)


@pytest.mark.parametrize(
    ("mine", "key", "theirs", "their_key"),
    [
        ("exposure.distance_spike", "above_pct", "load.single_run_spike", "reference_max_pct"),
        ("exposure.acwr_high", "at_least_ratio", "load.acwr", "danger_ratio"),
        ("exposure.acwr_high", "acute_days", "load.acwr", "acute_days"),
        ("exposure.acwr_high", "chronic_days", "load.acwr", "chronic_days"),
        ("exposure.weekly_increase", "above_pct", "load.weekly_increase", "high_increase_pct"),
        ("exposure.heat", "at_least_c", "environment.heat", "hydration_temperature_c"),
        ("exposure.gct_imbalance", "above_pct", "form.gct_balance", "green_max_pct"),
        ("exposure.worn_shoes", "past_range_km", "gear.shoe_retirement", "past_range_km"),
        ("exposure.downhill", "steep_grade_pct", "terrain.steep_descent", "grade_pct"),
    ],
)
def test_shared_thresholds_agree(mine: str, key: str, theirs: str, their_key: str) -> None:
    assert item(mine).values[key] == item(theirs).values[their_key]


def test_settings_are_read_in_si() -> None:
    s = InsightSettings.from_knowledge()
    assert s.hazard_s == 2 * 86_400 and s.referent_s == 28 * 86_400
    assert s.family_error == pytest.approx(0.05) and s.confidence == pytest.approx(0.95)
    assert s.thresholds.worn_shoes_m == 800_000
    assert s.thresholds.downhill_fallback_m_per_km == pytest.approx(20.0)
    assert set(s.trend_steps) <= set(EXPOSURE_IDS)
