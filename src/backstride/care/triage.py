"""Triage: red flags first, the urgency they reach, the phase, and what the pain is linked with.

The rule (``shared/domain.md`` section 3): every red flag whose conditions hold is reported, and
the urgency is the highest level any of them reaches (``self_care`` when none does). Nothing
else in backstride can lower it: possible causes, the diary and the runs only add information.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime

from backstride.care.conditions import all_hold
from backstride.care.disclaimer import DISCLAIMER
from backstride.care.phases import phase_at
from backstride.knowledge.care import CareKnowledge
from backstride.knowledge.care_items import ContraindicationItem, PainTypeItem, RedFlagItem
from backstride.model import (
    PainEntry,
    PainType,
    PossibleCause,
    TriageAnswers,
    TriageResult,
    Urgency,
)


def raised_flags(answers: TriageAnswers, knowledge: CareKnowledge) -> tuple[RedFlagItem, ...]:
    """Every red flag whose conditions all hold, in file order (most urgent groups first)."""
    return tuple(flag for flag in knowledge.red_flags if all_hold(flag.when, answers))


def highest_urgency(levels: Iterable[Urgency]) -> Urgency:
    """The most urgent of ``levels``; ``self_care`` when there are none."""
    return max(levels, key=lambda u: u.rank, default=Urgency.SELF_CARE)


def with_diary_nerve_signs(answers: TriageAnswers, latest: PainEntry | None) -> TriageAnswers:
    """The answers with the nerve signs of the latest diary entry added: pain below the knee,
    numbness or tingling, or radiating pain in the diary leave out the same exercises as when
    the triage reported them (an answer is only ever added, never taken away)."""
    if latest is None:
        return answers
    radiating = latest.pain_type is PainType.RADIATING
    return dataclasses.replace(
        answers,
        radiates_below_knee=answers.radiates_below_knee or bool(latest.radiates_below_knee),
        numbness_or_tingling=answers.numbness_or_tingling or bool(latest.numbness_or_tingling),
        pain_type=PainType.RADIATING if radiating else answers.pain_type,
    )


def contraindications(
    answers: TriageAnswers, knowledge: CareKnowledge
) -> tuple[ContraindicationItem, ...]:
    """The contraindications that hold for these answers."""
    return tuple(c for c in knowledge.contraindications.values() if all_hold(c.when, answers))


def _pain_type_cause(item: PainTypeItem, why: str) -> PossibleCause:
    return PossibleCause(
        id=item.id,
        summary=f"Often linked with {', '.join(item.linked_with)}; only an examination can tell.",
        grade=item.grade.value,
        source=item.source,
        found_in="answers",
        detail=why,
    )


def answer_causes(answers: TriageAnswers, knowledge: CareKnowledge) -> tuple[PossibleCause, ...]:
    """What the described pain is often linked with (the pain type; nerve signs add radiating)."""
    found: list[PossibleCause] = []
    if answers.pain_type is not None:
        item = knowledge.pain_types[answers.pain_type]
        found.append(_pain_type_cause(item, f"you described the pain as {answers.pain_type}"))
    nerve_signs = answers.radiates_below_knee or answers.numbness_or_tingling
    if nerve_signs and answers.pain_type is not PainType.RADIATING:
        item = knowledge.pain_types[PainType.RADIATING]
        found.append(_pain_type_cause(item, "pain below the knee or numbness or tingling"))
    return tuple(found)


def triage(
    answers: TriageAnswers,
    knowledge: CareKnowledge,
    now: datetime,
    run_causes: Sequence[PossibleCause] = (),
) -> TriageResult:
    """Triage the answers at ``now``; ``run_causes`` are causes found in the runner's runs."""
    flags = raised_flags(answers, knowledge)
    urgency = highest_urgency(f.urgency for f in flags)
    return TriageResult(
        urgency=urgency,
        red_flags=tuple(f.id for f in flags),
        advice=knowledge.urgency[urgency].advice,
        phase=phase_at(answers.onset_days_ago, knowledge.phases),
        possible_causes=(*answer_causes(answers, knowledge), *run_causes),
        disclaimer=DISCLAIMER,
        answers=answers,
        assessed_utc=now,
    )
