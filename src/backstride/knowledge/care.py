"""The typed view of the care knowledge that ``backstride.care`` reads, checked as a whole.

:func:`build_care` takes the checked items of the care files (plus ``measures.yaml``, whose
numbers some care items repeat or build on) and checks how they fit together: one question per
triage answer key, conditions that name real questions with tests that fit their type, one
urgency level of each kind, one item per pain type, phases that tile each clock from day 0,
contraindications that exist, and repeated numbers that agree. Errors name the file and item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, TypeVar, get_type_hints

from backstride.knowledge._files import load_file
from backstride.knowledge._items import KnowledgeItem, MeasureItem, fail
from backstride.knowledge.care_fields import Clause, clauses_of
from backstride.knowledge.care_items import (
    ContraindicationItem,
    PainTypeItem,
    PhaseItem,
    QuestionItem,
    QuestionType,
    RedFlagItem,
    UrgencyItem,
)
from backstride.knowledge.plan_items import AdviceItem, CareRuleItem, CauseItem, ExerciseItem
from backstride.model import Clock, PainType, Phase, TriageAnswers, Urgency

#: The knowledge files the care layer reads (measures.yaml for the numbers it builds on).
CARE_FILES = (
    "questions.yaml",
    "urgency.yaml",
    "red_flags.yaml",
    "contraindications.yaml",
    "pain_types.yaml",
    "phases.yaml",
    "causes.yaml",
    "exercises.yaml",
    "care_rules.yaml",
    "care_advice.yaml",
    "measures.yaml",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CareRule:
    """Base of every care rule: the knowledge item it was read from."""

    item: CareRuleItem


@dataclass(frozen=True, slots=True, kw_only=True)
class PainChangeRule(CareRule):
    min_change_score: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PainBandsRule(CareRule):
    easy_run_from_score: int
    cross_train_from_score: int
    rest_from_score: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PainTrendRule(CareRule):
    window_days: int
    current_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowRule(CareRule):
    window_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageAgeRule(CareRule):
    max_age_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CadenceTargetRule(CareRule):
    window_days: int
    min_runs_count: int
    fallback_runs_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EasyRunRule(CareRule):
    start_pct: float
    step_pct: float
    most_pct: float
    no_recent_run_m: float


@dataclass(frozen=True, slots=True, kw_only=True)
class FlatRouteRule(CareRule):
    max_descent_per_km_m: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RestDaysRule(CareRule):
    sore_min_rest_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SubacuteRunsRule(CareRule):
    max_runs_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StepRule(CareRule):
    start_step_count: int
    max_step_count: int
    up_min_done_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSizeRule(CareRule):
    strength_count: int
    stretch_count: int
    mobility_count: int
    release_count: int
    warm_up_count: int
    cardio_count: int

    def most(self, category: str) -> int:
        """How many exercises of ``category`` a plan week holds at most."""
        return int(getattr(self, f"{category}_count"))


@dataclass(frozen=True, slots=True)
class CareRules:
    """Every number of ``care_rules.yaml`` the care logic reads, each with its item."""

    pain_change: PainChangeRule
    pain_bands: PainBandsRule
    pain_trend: PainTrendRule
    diary_link: WindowRule
    recent_runs: WindowRule
    triage_age: TriageAgeRule
    cadence_target: CadenceTargetRule
    easy_run: EasyRunRule
    flat_route: FlatRouteRule
    rest_days: RestDaysRule
    subacute_runs: SubacuteRunsRule
    steps: StepRule
    session_size: SessionSizeRule
    long_run_cap: CareRuleItem  # no numbers of its own: the spike rule of measures.yaml


#: The knowledge item behind each field of :class:`CareRules`.
CARE_RULE_ITEMS: Mapping[str, str] = MappingProxyType(
    {
        "pain_change": "care.pain_change",
        "pain_bands": "care.today_pain_bands",
        "pain_trend": "care.pain_trend",
        "diary_link": "care.diary_link",
        "recent_runs": "care.recent_runs",
        "triage_age": "care.triage_age",
        "cadence_target": "running.cadence_target",
        "easy_run": "running.easy_run_cap",
        "flat_route": "running.flat_route",
        "rest_days": "running.rest_days_when_sore",
        "subacute_runs": "running.subacute_runs",
        "steps": "plan.progression",
        "session_size": "plan.session_size",
        "long_run_cap": "running.long_run_cap",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CareKnowledge:
    """Everything the care layer knows, checked; items in file order."""

    questions: tuple[QuestionItem, ...]
    urgency: Mapping[Urgency, UrgencyItem]
    red_flags: tuple[RedFlagItem, ...]
    contraindications: Mapping[str, ContraindicationItem]
    pain_types: Mapping[PainType, PainTypeItem]
    phases: tuple[PhaseItem, ...]
    causes: tuple[CauseItem, ...]
    exercises: tuple[ExerciseItem, ...]
    advice: tuple[AdviceItem, ...]
    rules: CareRules

    def question(self, key: str) -> QuestionItem | None:
        return next((q for q in self.questions if q.key == key), None)

    def items(self) -> tuple[KnowledgeItem, ...]:
        """Every care item (not the measures it builds on)."""
        rules = tuple(
            r if isinstance(r, CareRuleItem) else r.item
            for r in (getattr(self.rules, fl.name) for fl in dataclasses.fields(CareRules))
        )
        return (
            *self.questions,
            *self.urgency.values(),
            *self.red_flags,
            *self.contraindications.values(),
            *self.pain_types.values(),
            *self.phases,
            *self.causes,
            *self.exercises,
            *self.advice,
            *rules,
        )


T = TypeVar("T", bound=KnowledgeItem)
R = TypeVar("R", bound=CareRule)


def _of(items: Iterable[KnowledgeItem], cls: type[T]) -> tuple[T, ...]:
    return tuple(i for i in items if isinstance(i, cls))


def _check_questions(questions: Sequence[QuestionItem]) -> None:
    file = questions[0].file if questions else "questions.yaml"
    keys = [q.key for q in questions]
    missing = sorted(set(TriageAnswers.keys()) - set(keys))
    extra = sorted(set(keys) - set(TriageAnswers.keys()))
    if missing or extra:
        raise fail(file, None, f"questions missing {missing}, unknown {extra}")
    yes_no = {q.key for q in questions if q.type is QuestionType.YES_NO}
    for q in questions:
        if q.ask_if is not None and q.ask_if not in yes_no:
            raise fail(q.file, q.id, f"ask_if {q.ask_if!r} is not a yes/no question")
    choice = next(q for q in questions if q.key == "pain_type")
    if set(choice.choices) != {p.value for p in PainType}:
        raise fail(choice.file, choice.id, "choices must be the pain types")


def _check_clause(
    item: KnowledgeItem, clause: Clause, questions: Mapping[str, QuestionItem]
) -> None:
    q = questions.get(clause.key)
    if q is None:
        raise fail(item.file, item.id, f"condition names unknown answer {clause.key!r}")
    fits = {
        QuestionType.YES_NO: clause.op == "is",
        QuestionType.NUMBER: clause.op in {"above", "at_least", "below"},
        QuestionType.CHOICE: clause.op == "equals" and clause.value in q.choices,
    }[q.type]
    if not fits:
        raise fail(item.file, item.id, f"test {clause.op!r} {clause.value!r} does not fit {q.id}")


def _check_phases(phases: Sequence[PhaseItem]) -> None:
    for clock in Clock:
        chain = sorted((p for p in phases if p.clock is clock), key=lambda p: p.from_days)
        file = chain[0].file if chain else "phases.yaml"
        if [p.phase for p in chain] != list(Phase):
            raise fail(file, None, f"the {clock} clock needs acute, subacute, chronic in order")
        ends = [p.until_days for p in chain]
        starts = [p.from_days for p in chain]
        if starts[0] != 0 or ends[-1] is not None or starts[1:] != ends[:-1]:
            raise fail(file, None, f"the {clock} phases must run from day 0 without gaps")


def _one_each(items: Sequence[T], attr: str, wanted: Iterable[Any], what: str) -> Mapping[Any, T]:
    found = {getattr(i, attr): i for i in items}
    file = items[0].file if items else what
    if len(found) != len(items) or set(found) != set(wanted):
        raise fail(file, None, f"needs exactly one item for each {what}")
    return MappingProxyType(found)


def _check_agreement(causes: Sequence[CauseItem], by_id: Mapping[str, KnowledgeItem]) -> None:
    for cause in causes:
        if cause.agrees_with is None:
            continue
        other_id, _, key = cause.agrees_with.partition(":")
        other = by_id.get(other_id)
        if not isinstance(other, MeasureItem) or key not in other.values:
            raise fail(cause.file, cause.id, f"agrees_with names no value {cause.agrees_with!r}")
        if cause.threshold is None or other.values[key] != cause.threshold.value:
            raise fail(cause.file, cause.id, f"threshold differs from {cause.agrees_with}")


def _rule(cls: type[R], item: CareRuleItem) -> R:
    hints = get_type_hints(cls)
    kwargs: dict[str, Any] = {"item": item}
    for fl in dataclasses.fields(cls):
        if fl.name == "item":
            continue
        value = item.values.get(fl.name)
        if value is None:
            raise fail(item.file, item.id, f"needs the value {fl.name!r}")
        if hints[fl.name] is int:
            if not value.is_integer():
                raise fail(item.file, item.id, f"value {fl.name!r} must be a whole number")
            value = int(value)
        kwargs[fl.name] = value
    return cls(**kwargs)


def _rules(items: Sequence[CareRuleItem], by_id: Mapping[str, KnowledgeItem]) -> CareRules:
    found = {i.id: i for i in items}
    for item in items:
        for other in item.based_on:
            if other not in by_id:
                raise fail(item.file, item.id, f"based_on names unknown item {other!r}")
    hints = get_type_hints(CareRules)
    kwargs: dict[str, Any] = {}
    for fl in dataclasses.fields(CareRules):
        rule_item = found.get(CARE_RULE_ITEMS[fl.name])
        if rule_item is None:
            raise fail("care_rules.yaml", CARE_RULE_ITEMS[fl.name], "is missing; care needs it")
        cls = hints[fl.name]
        kwargs[fl.name] = rule_item if cls is CareRuleItem else _rule(cls, rule_item)
    return CareRules(**kwargs)


def build_care(items: Sequence[KnowledgeItem]) -> CareKnowledge:
    """CareKnowledge from checked items; KnowledgeError when they do not fit together."""
    by_id = {i.id: i for i in items}
    questions = _of(items, QuestionItem)
    _check_questions(questions)
    by_key = {q.key: q for q in questions}
    contra = {c.id: c for c in _of(items, ContraindicationItem)}
    conditional: tuple[RedFlagItem | ContraindicationItem, ...] = (
        *_of(items, RedFlagItem),
        *contra.values(),
    )
    for item in conditional:
        for clause in clauses_of(item.when):
            _check_clause(item, clause, by_key)
    exercises = _of(items, ExerciseItem)
    for ex in exercises:
        unknown = sorted(set(ex.contraindications) - set(contra))
        if unknown:
            raise fail(ex.file, ex.id, f"unknown contraindication(s) {', '.join(unknown)}")
    phases = _of(items, PhaseItem)
    _check_phases(phases)
    causes = _of(items, CauseItem)
    _check_agreement(causes, by_id)
    return CareKnowledge(
        questions=questions,
        urgency=_one_each(_of(items, UrgencyItem), "level", Urgency, "urgency level"),
        red_flags=_of(items, RedFlagItem),
        contraindications=MappingProxyType(contra),
        pain_types=_one_each(_of(items, PainTypeItem), "pain_type", PainType, "pain type"),
        phases=phases,
        causes=causes,
        exercises=exercises,
        advice=_of(items, AdviceItem),
        rules=_rules(_of(items, CareRuleItem), by_id),
    )


@cache
def load_care() -> CareKnowledge:
    """The shipped care knowledge, checked once and cached."""
    return build_care(tuple(item for name in CARE_FILES for item in load_file(name).items))
