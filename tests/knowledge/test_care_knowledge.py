"""The care knowledge: every item has a source and a grade, and the kinds fit together."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from backstride.care import SIGNALS
from backstride.errors import KnowledgeError
from backstride.knowledge import (
    Grade,
    KnowledgeItem,
    MeasureItem,
    load_file,
    load_rules,
    parse_text,
)
from backstride.knowledge.care import CARE_FILES, build_care, load_care
from backstride.knowledge.plan_items import FoundBy
from backstride.model import PainType, Phase, TriageAnswers

OWN_FILES = tuple(name for name in CARE_FILES if name != "measures.yaml")


def shipped(name: str) -> Any:
    text = resources.files("backstride.knowledge").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@pytest.mark.parametrize("name", OWN_FILES)
def test_every_care_item_has_a_source_and_an_evidence_grade(name: str) -> None:
    """Read twice: through the checked loader, and as raw YAML independent of it."""
    items = load_file(name).items
    assert items
    for item in items:
        assert item.source.strip() and item.summary.strip(), item.id
        assert item.grade in set(Grade), item.id
    for entry in shipped(name)["items"]:
        assert isinstance(entry.get("source"), str) and entry["source"].strip(), entry["id"]
        assert entry.get("grade") in {"A", "B", "C", "-"}, entry["id"]


def test_all_care_items_are_reachable_from_the_typed_view() -> None:
    loaded = {i.id for name in OWN_FILES for i in load_file(name).items}
    assert {i.id for i in load_care().items()} == loaded
    assert len(loaded) > 100


@pytest.mark.parametrize("name", OWN_FILES)
@pytest.mark.parametrize("field", ["source", "grade", "summary"])
def test_removing_a_base_field_from_any_care_item_is_caught(name: str, field: str) -> None:
    raw = shipped(name)
    for entry in raw["items"]:
        broken = {k: v for k, v in entry.items() if k != field}
        text = yaml.safe_dump({**raw, "items": [broken]})
        with pytest.raises(KnowledgeError) as err:
            parse_text(text, f"broken-{name}")
        assert entry["id"] in str(err.value) and f"broken-{name}" in str(err.value)


def test_graded_claims_and_choices() -> None:
    """Engineering choices are graded '-' and say so; claims with a grade cite something."""
    for item in load_care().items():
        if item.grade is Grade.NONE:
            assert "backstride" in item.source or item.id.startswith(("phase.", "cause.")), item.id
        if item.source.startswith("backstride engineering choice"):
            assert item.grade is Grade.NONE and item.note, item.id


def test_one_question_per_answer_key_and_the_phases_tile_both_clocks() -> None:
    care = load_care()
    assert [q.key for q in care.questions] != []
    assert {q.key for q in care.questions} == set(TriageAnswers.keys())
    assert set(care.pain_types) == set(PainType)
    for clock in ("tissue", "clinical"):
        chain = [p for p in care.phases if p.clock == clock]
        assert [p.phase for p in chain] == list(Phase)
    tissue = {p.phase: (p.from_days, p.until_days) for p in care.phases if p.clock == "tissue"}
    assert tissue == {"acute": (0, 3), "subacute": (3, 42), "chronic": (42, None)}
    clinical = {p.phase: (p.from_days, p.until_days) for p in care.phases if p.clock == "clinical"}
    assert clinical == {"acute": (0, 42), "subacute": (42, 84), "chronic": (84, None)}


def test_causes_in_runs_use_signals_that_exist_and_repeat_measures_exactly() -> None:
    care = load_care()
    rules = load_rules()
    in_runs = [c for c in care.causes if c.found_by is FoundBy.RUNS]
    assert {c.measure for c in in_runs} <= SIGNALS
    assert {c.measure for c in in_runs} == SIGNALS  # every signal serves some cause
    measures = {i.id: i for i in rules.items()}
    for cause in in_runs:
        if cause.agrees_with:
            item_id, _, key = cause.agrees_with.partition(":")
            assert isinstance(measures[item_id], MeasureItem)
            assert measures[item_id].values[key] == cause.threshold.value  # type: ignore[union-attr]


def test_every_exercise_of_the_domain_list_is_in_the_library() -> None:
    ids = {e.id.removeprefix("exercise.") for e in load_care().exercises}
    named = {
        "plank", "side_plank", "bird_dog", "dead_bug", "russian_twist", "superman",
        "mountain_climber", "glute_bridge", "hip_thrust", "squat", "lunge", "back_extension",
        "banded_glute_activation", "hamstring_stretch", "hip_flexor_stretch", "cat_cow",
        "torso_twist", "supine_twist", "seated_forward_fold", "legs_up_the_wall",
        "glute_ball_release", "foam_rolling", "dynamic_warm_up",
    }  # fmt: skip
    assert named <= ids
    fold = next(e for e in load_care().exercises if e.id == "exercise.seated_forward_fold")
    assert "contra.disc_herniation" in fold.contraindications


def test_every_phase_has_exercises_and_the_acute_ones_are_gentle() -> None:
    care = load_care()
    for phase in Phase:
        assert [e for e in care.exercises if phase in e.phases], phase
    acute = [e for e in care.exercises if Phase.ACUTE in e.phases]
    assert {e.category.value for e in acute} <= {"mobility", "cardio"}


def _items_with(name: str, change: dict[str, Any], item_id: str) -> list[KnowledgeItem]:
    """The shipped care items with one item of one file changed (read through the parser)."""
    items: list[KnowledgeItem] = []
    for file in CARE_FILES:
        raw = shipped(file)
        if file == name:
            raw["items"] = [{**e, **change} if e["id"] == item_id else e for e in raw["items"]]
        items.extend(parse_text(yaml.safe_dump(raw), file).items)
    return items


@pytest.mark.parametrize(
    ("file", "item_id", "change", "message"),
    [
        ("red_flags.yaml", "red_flag.fever", {"when": [{"key": "fevre", "is": True}]}, "fevre"),
        ("red_flags.yaml", "red_flag.fever", {"when": [{"key": "fever", "above": 3}]}, "fever"),
        (
            "red_flags.yaml",
            "red_flag.fever",
            {"when": [{"key": "pain_type", "equals": "hot"}]},
            "hot",
        ),
        ("exercises.yaml", "exercise.plank", {"contraindications": ["contra.nope"]}, "contra.nope"),
        ("causes.yaml", "cause.single_run_spike", {"threshold": {"above_pct": 12}}, "differs"),
        ("phases.yaml", "phase.tissue_subacute", {"from_days": 4}, "gaps"),
        ("care_rules.yaml", "running.long_run_cap", {"based_on": ["load.nothing"]}, "load.nothing"),
        ("questions.yaml", "question.age", {"ask_if": "age"}, "ask_if"),
    ],
)
def test_pieces_that_do_not_fit_together_are_caught(
    file: str, item_id: str, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(KnowledgeError, match=message):
        build_care(_items_with(file, change, item_id))


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("red_flags", "urgency: self_care\n    when: [{key: fever, is: true}]", "above self_care"),
        ("red_flags", "urgency: urgent\n    when: []", "when"),
        (
            "red_flags",
            "urgency: urgent\n    when: [{key: fever, is: yes, below: 2}]",
            "exactly one",
        ),
        ("questions", "prompt: Why?\n    type: number", "min"),
        ("exercises", "name: X\n    category: dance", "category"),
        (
            "causes",
            "found_by: runs\n    advice: Do.\n    measure: spike_pct\n    threshold: {above_km: 3}",
            "unit",
        ),
        ("causes", "found_by: video\n    advice: Do.", "how_to_check"),
        ("care_rules", "values: {window: 3}", "unit"),
        ("care_advice", "topic: activity\n    phases: [soon]", "phase"),
        (
            "phases",
            "clock: tissue\n    phase: acute\n    from_days: 5\n    until_days: 2\n    focus: x",
            "from_days",
        ),
    ],
)
def test_a_broken_care_item_names_the_file_and_item(kind: str, fields: str, message: str) -> None:
    text = (
        f"kind: {kind}\nversion: 1\nitems:\n  - id: test.item\n    summary: S.\n"
        f"    source: Someone 2020.\n    grade: C\n    {fields}\n"
    )
    with pytest.raises(KnowledgeError, match=message) as err:
        parse_text(text, "broken.yaml")
    assert "broken.yaml" in str(err.value) and "test.item" in str(err.value)
