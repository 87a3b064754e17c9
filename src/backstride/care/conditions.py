"""Evaluating the conditions of red flags and contraindications against triage answers.

A yes/no answer that is missing counts as no (the answers record False); a number or choice that
is missing never matches a comparison, so an unknown age raises no age flag.
"""

from __future__ import annotations

from collections.abc import Iterable

from backstride.knowledge.care_fields import AnyOf, Clause, Condition
from backstride.model import TriageAnswers


def clause_holds(clause: Clause, answers: TriageAnswers) -> bool:
    """One test of one answer."""
    answer = getattr(answers, clause.key)
    if clause.op == "is":
        return bool(answer) is clause.value
    if answer is None:
        return False
    if clause.op == "equals":
        return str(answer) == clause.value
    assert isinstance(clause.value, float)
    number = float(answer)
    if clause.op == "above":
        return number > clause.value
    if clause.op == "at_least":
        return number >= clause.value
    return number < clause.value


def holds(condition: Condition, answers: TriageAnswers) -> bool:
    if isinstance(condition, AnyOf):
        return any(clause_holds(c, answers) for c in condition.clauses)
    return clause_holds(condition, answers)


def all_hold(conditions: Iterable[Condition], answers: TriageAnswers) -> bool:
    """True when every condition holds (a ``when`` list)."""
    return all(holds(c, answers) for c in conditions)
