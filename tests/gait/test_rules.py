"""knowledge/gait.yaml: it loads, every number has its source and grade, angles convert, and
every finding links to a cause that exists in knowledge/causes.yaml."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources
from types import MappingProxyType

import pytest
import yaml

from backstride.errors import KnowledgeError
from backstride.gait.rules import METRIC_CAUSES, METRIC_ITEMS, load_gait_rules, rules_from_items
from backstride.knowledge import Grade, MeasureItem, load_file


def _raw(name: str) -> dict[str, object]:
    text = resources.files("backstride.knowledge").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_the_gait_file_loads_and_every_item_has_source_and_grade() -> None:
    items = load_file("gait.yaml").items
    assert len(items) >= 15
    for item in items:
        assert item.id.startswith("gait.")
        assert item.source.strip() and item.summary.strip()
        if item.id.startswith("gait.method."):
            assert item.grade is Grade.NONE
            assert item.source.startswith("backstride engineering choice")
            assert item.note


def test_angles_stored_in_radians_come_out_in_degrees() -> None:
    rules = load_gait_rules()
    assert rules.angle_deg("gait.foot_strike", "rearfoot_above") == pytest.approx(8.0, abs=1e-3)
    assert rules.angle_deg("gait.foot_strike", "forefoot_below") == pytest.approx(-1.6, abs=1e-3)
    assert rules.angle_deg("gait.trunk_lean", "low_below") == pytest.approx(3.6, abs=1e-3)
    assert rules.angle_deg("gait.trunk_lean", "high_above") == pytest.approx(10.8, abs=1e-3)
    assert rules.cleaning.event_cutoff_hz == pytest.approx(8.0)
    assert rules.min_steps == 7


def test_thresholds_from_lab_studies_say_they_are_3d_marker_figures() -> None:
    items = {i.id: i for i in load_file("gait.yaml").items}
    for item_id in ("gait.foot_strike", "gait.trunk_lean", "gait.pelvic_drop", "gait.knee_flexion"):
        text = f"{items[item_id].summary} {items[item_id].source} {items[item_id].note}"
        assert "3D" in text, item_id


def test_cut_offs_the_literature_does_not_give_are_marked_as_backstride_choices() -> None:
    items = {i.id: i for i in load_file("gait.yaml").items}
    for item_id in ("gait.overstride", "gait.shank_angle", "gait.knee_flexion", "gait.pelvic_drop"):
        assert "backstride choice" in items[item_id].source, item_id
        assert items[item_id].grade is Grade.C


def test_every_metric_has_an_item_and_every_cause_exists() -> None:
    ids = {i.id for i in load_file("gait.yaml").items}
    assert set(METRIC_ITEMS.values()) <= ids
    assert set(METRIC_ITEMS) == set(METRIC_CAUSES)
    cause_ids = {entry["id"] for entry in _raw("causes.yaml")["items"]}  # type: ignore[index, union-attr]
    linked = {c for c in METRIC_CAUSES.values() if c is not None}
    assert linked <= cause_ids, linked - cause_ids
    for cause in (
        "cause.overstriding",
        "cause.heel_strike",
        "cause.trunk_lean",
        "cause.limited_hip_extension",
        "cause.pelvic_drop",
    ):
        assert cause in linked


CUT_OFF = re.compile(r"(^|_)(above|below)(_|$)|share_pct$")


def test_every_flag_cut_off_names_its_source_or_says_it_is_backstrides() -> None:
    """Every value that flags a finding (keys with above/below, or a share) sits in an item that
    either says the cut-off is backstride's own choice (then graded C at best) or cites a study
    (a year in the source) and says whether it is a 3D marker figure."""
    found = 0
    for item in load_file("gait.yaml").items:
        assert isinstance(item, MeasureItem)
        cut_offs = [key for key in item.values if CUT_OFF.search(key)]
        if not cut_offs:
            continue
        found += len(cut_offs)
        text = f"{item.summary} {item.source} {item.note}"
        assert item.source.strip(), item.id
        if "backstride choice" in item.source:
            assert item.grade in (Grade.C, Grade.NONE), item.id
        else:
            assert re.search(r"(19|20)\d\d", item.source), item.id
            assert "3D" in text, item.id
    assert found >= 9  # cadence, overstride, shank, foot strike x2, knee, trunk x2, drop, crossover


def test_a_missing_item_or_value_names_the_file_and_item() -> None:
    items = {i.id: i for i in load_file("gait.yaml").items if isinstance(i, MeasureItem)}
    del items["gait.method.track"]
    with pytest.raises(KnowledgeError, match=r"gait.yaml: item 'gait.method.track'"):
        rules_from_items(items)
    items = {i.id: i for i in load_file("gait.yaml").items if isinstance(i, MeasureItem)}
    contact = items["gait.method.contact"]
    values = dict(contact.values)
    del values["band_ratio"]
    items[contact.id] = dataclasses.replace(contact, values=MappingProxyType(values))
    with pytest.raises(KnowledgeError, match="band_ratio"):
        rules_from_items(items)
