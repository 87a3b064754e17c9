"""Knowledge kinds that build a plan: exercises, causes, care rules and care advice.

Files ``exercises.yaml``, ``causes.yaml``, ``care_rules.yaml`` and ``care_advice.yaml``. Value
names end in their unit (``hold_s``, ``above_pct``, ``min_change_score``). Where a number repeats
one of ``measures.yaml``, ``agrees_with`` names it as ``"<item id>:<value name>"`` and
:func:`backstride.knowledge.care.build_care` checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from backstride.knowledge import care_fields as f
from backstride.knowledge._items import KnowledgeItem, base_fields, fail, unit_suffix
from backstride.model import Phase


class Category(StrEnum):
    STRENGTH = "strength"
    STRETCH = "stretch"
    MOBILITY = "mobility"
    RELEASE = "release"
    WARM_UP = "warm_up"
    CARDIO = "cardio"


class FoundBy(StrEnum):
    """How a cause can be seen: in the runs automatically, or only another way."""

    RUNS = "runs"
    LOAD_TABLE = "load_table"  # shown in `backstride load`, no fixed threshold
    VIDEO = "video"
    SELF_TEST = "self_test"
    SELF_REPORT = "self_report"
    CLINICIAN = "clinician"


class Topic(StrEnum):
    ACTIVITY = "activity"
    PAIN_RELIEF = "pain_relief"
    RUNNING_FORM = "running_form"
    TRAINING = "training"
    GEAR = "gear"
    OUTLOOK = "outlook"


_DOSE_KEYS = ("sets_count", "reps_count", "hold_s", "times_per_day_count", "days_per_week_count")
_STEP_KEYS = ("sets_count", "reps_count", "hold_s")
_OPS = ("above", "at_least", "below")


@dataclass(frozen=True, slots=True)
class ExerciseDose:
    """A dose per session; ``days_per_week`` sessions a week, ``times_per_day`` a day."""

    sets: int | None
    reps: int | None
    hold_s: float | None
    times_per_day: int
    days_per_week: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseItem(KnowledgeItem):
    """One exercise: how to do it (own words), its dose, how it steps up, when to leave it out."""

    name: str
    category: Category
    targets: tuple[str, ...]
    how: str
    dose: ExerciseDose
    per_side: bool
    step: Mapping[str, float]  # added per plan step (sets_count, reps_count, hold_s)
    most: Mapping[str, float]  # never more than this
    least: Mapping[str, float]  # never less than this (default: half the starting dose)
    progression: str
    phases: tuple[Phase, ...]
    contraindications: tuple[str, ...]  # ids of contraindication items


@dataclass(frozen=True, slots=True)
class Threshold:
    """``value`` compared with ``op`` (above, at_least, below); ``name`` is the file's key."""

    name: str
    op: str
    value: float

    def crossed(self, measured: float) -> bool:
        if self.op == "above":
            return measured > self.value
        if self.op == "at_least":
            return measured >= self.value
        return measured < self.value

    @property
    def unit(self) -> str:
        return self.name[len(self.op) + 1 :]


@dataclass(frozen=True, slots=True, kw_only=True)
class CauseItem(KnowledgeItem):
    """A cause the articles name, how it is seen, and what to do about it."""

    found_by: FoundBy
    measure: str | None  # for found_by runs: the signal's name, ending in its unit
    threshold: Threshold | None
    advice: str
    how_to_check: str | None
    agrees_with: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CareRuleItem(KnowledgeItem):
    """A number the care logic uses (pain bands, caps, windows), or a rule built on measures."""

    values: Mapping[str, float]
    based_on: tuple[str, ...]  # ids of the items (often in measures.yaml) it builds on


@dataclass(frozen=True, slots=True, kw_only=True)
class AdviceItem(KnowledgeItem):
    """A piece of care advice (the summary is the advice) and the tissue phases it suits."""

    topic: Topic
    phases: tuple[Phase, ...]


def _phases(raw: Mapping[str, Any], file: str, item_id: str) -> tuple[Phase, ...]:
    names = f.texts(raw, "phases", file, item_id)
    known = {p.value for p in Phase}
    bad = [n for n in names if n not in known]
    if bad:
        raise fail(file, item_id, f"unknown phase(s) {', '.join(bad)}")
    return tuple(Phase(n) for n in names)


def _numbers(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], file: str, item_id: str
) -> Mapping[str, float]:
    found = raw.get(key, {})
    if not isinstance(found, Mapping):
        raise fail(file, item_id, f"{key!r} must be a mapping")
    unknown = sorted(set(found) - set(allowed))
    if unknown:
        raise fail(file, item_id, f"{key!r} has unknown name(s) {', '.join(map(str, unknown))}")
    out = {k: f.number(v, file, item_id, f"{key}.{k}") for k, v in found.items()}
    if any(v < 0 for v in out.values()):
        raise fail(file, item_id, f"{key!r} values must not be negative")
    return MappingProxyType(out)


def _dose(raw: Mapping[str, Any], file: str, item_id: str) -> ExerciseDose:
    numbers = _numbers(raw, "dose", _DOSE_KEYS, file, item_id)
    days = int(numbers.get("days_per_week_count", 0))
    if not 1 <= days <= 7:
        raise fail(file, item_id, "dose needs days_per_week_count between 1 and 7")
    if "reps_count" not in numbers and "hold_s" not in numbers:
        raise fail(file, item_id, "dose needs reps_count or hold_s")
    sets, reps = numbers.get("sets_count"), numbers.get("reps_count")
    return ExerciseDose(
        sets=None if sets is None else int(sets),
        reps=None if reps is None else int(reps),
        hold_s=numbers.get("hold_s"),
        times_per_day=int(numbers.get("times_per_day_count", 1)),
        days_per_week=days,
    )


def parse_exercise(raw: Any, file: str) -> ExerciseItem:
    extra = frozenset(
        {"name", "category", "targets", "how", "dose", "per_side", "step", "most", "least"}
        | {"progression", "phases", "contraindications"}
    )
    base = base_fields(raw, file, extra)
    item_id = base["id"]
    return ExerciseItem(
        name=f.text(raw, "name", file, item_id),
        category=Category(f.choice(raw, "category", [c.value for c in Category], file, item_id)),
        targets=f.texts(raw, "targets", file, item_id),
        how=f.text(raw, "how", file, item_id),
        dose=_dose(raw, file, item_id),
        per_side=f.flag(raw, "per_side", file, item_id, default=False),
        step=_numbers(raw, "step", _STEP_KEYS, file, item_id),
        most=_numbers(raw, "most", _STEP_KEYS, file, item_id),
        least=_numbers(raw, "least", _STEP_KEYS, file, item_id),
        progression=f.text(raw, "progression", file, item_id),
        phases=_phases(raw, file, item_id),
        contraindications=f.texts(raw, "contraindications", file, item_id, required=False),
        **base,
    )


def _threshold(raw: Mapping[str, Any], file: str, item_id: str) -> Threshold | None:
    found = raw.get("threshold")
    if found is None:
        return None
    if not isinstance(found, Mapping) or len(found) != 1:
        raise fail(file, item_id, "'threshold' must be one entry like {above_pct: 10}")
    ((name, value),) = found.items()
    op = next((o for o in _OPS if str(name).startswith(o + "_")), None)
    if op is None or not f.has_unit(str(name)):
        raise fail(file, item_id, f"threshold name {name!r} must be <above|at_least|below>_<unit>")
    return Threshold(str(name), op, f.number(value, file, item_id, str(name)))


def parse_cause(raw: Any, file: str) -> CauseItem:
    extra = frozenset({"found_by", "measure", "threshold", "advice", "how_to_check", "agrees_with"})
    base = base_fields(raw, file, extra)
    item_id = base["id"]
    found_by = FoundBy(f.choice(raw, "found_by", [x.value for x in FoundBy], file, item_id))
    measure = f.optional_text(raw, "measure", file, item_id)
    threshold = _threshold(raw, file, item_id)
    how = f.optional_text(raw, "how_to_check", file, item_id)
    if found_by is FoundBy.RUNS:
        if measure is None or threshold is None or unit_suffix(measure) is None:
            raise fail(
                file, item_id, "a cause found in runs needs a measure with a unit and a threshold"
            )
        if threshold.unit != unit_suffix(measure):
            raise fail(file, item_id, f"threshold unit {threshold.unit!r} differs from {measure!r}")
    elif how is None:
        raise fail(file, item_id, "a cause not found in runs needs 'how_to_check'")
    return CauseItem(
        found_by=found_by,
        measure=measure,
        threshold=threshold,
        advice=f.text(raw, "advice", file, item_id),
        how_to_check=how,
        agrees_with=f.optional_text(raw, "agrees_with", file, item_id),
        **base,
    )


def parse_care_rule(raw: Any, file: str) -> CareRuleItem:
    base = base_fields(raw, file, frozenset({"values", "based_on"}))
    item_id = base["id"]
    numbers = f.values(raw, "values", file, item_id) if "values" in raw else MappingProxyType({})
    based_on = f.texts(raw, "based_on", file, item_id, required=False)
    if not numbers and not based_on:
        raise fail(file, item_id, "a care rule needs 'values', 'based_on' or both")
    return CareRuleItem(values=numbers, based_on=based_on, **base)


def parse_advice(raw: Any, file: str) -> AdviceItem:
    base = base_fields(raw, file, frozenset({"topic", "phases"}))
    topic = Topic(f.choice(raw, "topic", [t.value for t in Topic], file, base["id"]))
    return AdviceItem(topic=topic, phases=_phases(raw, file, base["id"]), **base)
