"""Knowledge kinds about the runner's answers: questions, urgency, red flags, pain, phases.

Each kind is a YAML file (``questions.yaml``, ``urgency.yaml``, ``red_flags.yaml``,
``contraindications.yaml``, ``pain_types.yaml``, ``phases.yaml``) whose items carry the base
fields (id, summary, source, grade) plus the kind's own, checked here. How the kinds fit together
(every condition names a question, every urgency level exists once) is checked by
:func:`backstride.knowledge.care.build_care`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from backstride.knowledge import care_fields as f
from backstride.knowledge._items import KnowledgeItem, base_fields, fail
from backstride.model import Clock, PainType, Phase, Urgency


class QuestionType(StrEnum):
    YES_NO = "yes_no"
    NUMBER = "number"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionItem(KnowledgeItem):
    """One triage question in backstride's own words; its answer key is the id after "question."."""

    key: str
    prompt: str
    type: QuestionType
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    unit: str | None = None
    choices: tuple[str, ...] = ()
    ask_if: str | None = None  # only asked when this yes/no answer is yes


@dataclass(frozen=True, slots=True, kw_only=True)
class UrgencyItem(KnowledgeItem):
    """One urgency level: what to do, in plain words."""

    level: Urgency
    advice: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RedFlagItem(KnowledgeItem):
    """A warning sign: when every condition holds, triage reaches at least ``urgency``."""

    urgency: Urgency
    when: tuple[f.Condition, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContraindicationItem(KnowledgeItem):
    """A state in which some exercises are left out of the plan (they name this item's id)."""

    when: tuple[f.Condition, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PainTypeItem(KnowledgeItem):
    """How a type of pain feels and what it is often linked with (never a diagnosis)."""

    pain_type: PainType
    linked_with: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseItem(KnowledgeItem):
    """One phase on one clock, from ``from_days`` to ``until_days``; the day where two phases
    meet belongs to the later one unless the earlier ``includes_until`` it."""

    clock: Clock
    phase: Phase
    from_days: float
    until_days: float | None
    focus: str
    includes_until: bool = False

    def holds_until(self, days: float) -> bool:
        """Whether ``days`` lies before this phase's end (its last day included when it is)."""
        if self.until_days is None:
            return True
        return days <= self.until_days if self.includes_until else days < self.until_days


def parse_question(raw: Any, file: str) -> QuestionItem:
    extra = frozenset({"prompt", "type", "min", "max", "whole", "unit", "choices", "ask_if"})
    base = base_fields(raw, file, extra)
    item_id = base["id"]
    kind = QuestionType(f.choice(raw, "type", [t.value for t in QuestionType], file, item_id))
    choices = f.texts(raw, "choices", file, item_id, required=kind is QuestionType.CHOICE)
    if choices and kind is not QuestionType.CHOICE:
        raise fail(file, item_id, "only a choice question has 'choices'")
    minimum = f.optional_number(raw, "min", file, item_id)
    maximum = f.optional_number(raw, "max", file, item_id)
    if kind is QuestionType.NUMBER and (minimum is None or maximum is None or minimum > maximum):
        raise fail(file, item_id, "a number question needs 'min' <= 'max'")
    if not item_id.startswith("question.") or item_id.count(".") != 1:
        raise fail(file, item_id, "a question's id is 'question.<answer key>'")
    return QuestionItem(
        key=item_id.split(".", 1)[1],
        prompt=f.text(raw, "prompt", file, item_id),
        type=kind,
        minimum=minimum,
        maximum=maximum,
        whole=f.flag(raw, "whole", file, item_id, default=False),
        unit=f.optional_text(raw, "unit", file, item_id),
        choices=choices,
        ask_if=f.optional_text(raw, "ask_if", file, item_id),
        **base,
    )


def parse_urgency(raw: Any, file: str) -> UrgencyItem:
    base = base_fields(raw, file, frozenset({"level", "advice"}))
    level = f.choice(raw, "level", [u.value for u in Urgency], file, base["id"])
    return UrgencyItem(level=Urgency(level), advice=f.text(raw, "advice", file, base["id"]), **base)


def parse_red_flag(raw: Any, file: str) -> RedFlagItem:
    base = base_fields(raw, file, frozenset({"urgency", "when"}))
    level = Urgency(f.choice(raw, "urgency", [u.value for u in Urgency], file, base["id"]))
    if level is Urgency.SELF_CARE:
        raise fail(file, base["id"], "a red flag must raise the urgency above self_care")
    return RedFlagItem(urgency=level, when=f.conditions(raw, "when", file, base["id"]), **base)


def parse_contraindication(raw: Any, file: str) -> ContraindicationItem:
    base = base_fields(raw, file, frozenset({"when"}))
    return ContraindicationItem(when=f.conditions(raw, "when", file, base["id"]), **base)


def parse_pain_type(raw: Any, file: str) -> PainTypeItem:
    base = base_fields(raw, file, frozenset({"pain_type", "linked_with"}))
    kind = f.choice(raw, "pain_type", [p.value for p in PainType], file, base["id"])
    return PainTypeItem(
        pain_type=PainType(kind), linked_with=f.texts(raw, "linked_with", file, base["id"]), **base
    )


def parse_phase(raw: Any, file: str) -> PhaseItem:
    fields = frozenset({"clock", "phase", "from_days", "until_days", "includes_until", "focus"})
    base = base_fields(raw, file, fields)
    item_id = base["id"]
    start = f.number(raw.get("from_days"), file, item_id, "from_days")
    end = f.optional_number(raw, "until_days", file, item_id)
    if start < 0 or (end is not None and end <= start):
        raise fail(file, item_id, "needs 0 <= from_days < until_days (until_days null: no end)")
    return PhaseItem(
        clock=Clock(f.choice(raw, "clock", [c.value for c in Clock], file, item_id)),
        phase=Phase(f.choice(raw, "phase", [p.value for p in Phase], file, item_id)),
        from_days=start,
        until_days=end,
        focus=f.text(raw, "focus", file, item_id),
        includes_until=f.flag(raw, "includes_until", file, item_id, default=False),
        **base,
    )
