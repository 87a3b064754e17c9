"""Triage answers from a mapping (a JSON file or the interactive prompts), checked strictly.

An unknown key or a value of the wrong kind or out of range raises InputValueError naming the
key: backstride never guesses what an answer meant. ``null`` means unknown, like a missing key.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from backstride.errors import InputValueError
from backstride.knowledge.care import CareKnowledge
from backstride.knowledge.care_items import QuestionItem, QuestionType
from backstride.model import PainType, TriageAnswers


def _number(q: QuestionItem, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputValueError(f"triage answer {q.key!r} must be a number, got {value!r}")
    assert q.minimum is not None and q.maximum is not None  # checked when the file loaded
    if not q.minimum <= value <= q.maximum:
        limits = f"{q.minimum:g} to {q.maximum:g}"
        raise InputValueError(f"triage answer {q.key!r} must lie from {limits}, got {value!r}")
    if q.whole:
        if not float(value).is_integer():
            raise InputValueError(f"triage answer {q.key!r} must be a whole number, got {value!r}")
        return int(value)
    return float(value)


def answer_value(q: QuestionItem, value: Any) -> Any:
    """One answer checked against its question; returns the value TriageAnswers holds."""
    if q.type is QuestionType.YES_NO:
        if not isinstance(value, bool):
            raise InputValueError(f"triage answer {q.key!r} must be true or false, got {value!r}")
        return value
    if q.type is QuestionType.NUMBER:
        return _number(q, value)
    if not isinstance(value, str) or value not in q.choices:
        options = ", ".join(q.choices)
        raise InputValueError(f"triage answer {q.key!r} must be one of {options}, got {value!r}")
    return PainType(value) if q.key == "pain_type" else value


def parse_answers(raw: Any, knowledge: CareKnowledge) -> TriageAnswers:
    """TriageAnswers from a mapping of answer key to value; InputValueError names a bad key."""
    if not isinstance(raw, Mapping):
        raise InputValueError("triage answers must be a JSON object of answer keys and values")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        q = knowledge.question(str(key))
        if q is None:
            known = ", ".join(sorted(x.key for x in knowledge.questions))
            raise InputValueError(f"unknown triage answer key {key!r}; known keys: {known}")
        if value is not None:
            values[q.key] = answer_value(q, value)
    return TriageAnswers(**values)


def parse_given_answers(raw: Any, knowledge: CareKnowledge) -> TriageAnswers:
    """Answers a runner has just given: as :func:`parse_answers`, but an answer set that says
    nothing at all (no key, or every value null) is refused. Saved as a triage, it would replace
    the latest one, warning signs included, with "nothing needs a clinician"; an explicit
    ``false`` is an answer and is accepted."""
    if isinstance(raw, Mapping) and all(value is None for value in raw.values()):
        raise InputValueError(
            "no triage answers given: answer the questions (false for no) so that warning signs "
            "can be checked; `backstride triage` without --answers asks them one by one"
        )
    return parse_answers(raw, knowledge)


def answers_as_dict(answers: TriageAnswers) -> dict[str, Any]:
    """The answers that say something (not no or unknown), as JSON values; parses back."""
    out: dict[str, Any] = {}
    for field in dataclasses.fields(TriageAnswers):
        value = getattr(answers, field.name)
        if value is None or value is False:
            continue
        out[field.name] = str(value) if isinstance(value, PainType) else value
    return out


def number_from_text(q: QuestionItem, text: str) -> float | int | None:
    """A typed answer to a number question: empty means unknown; else checked like JSON."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise InputValueError(f"triage answer {q.key!r} must be a number, got {text!r}") from None
    return _number(q, int(value) if value.is_integer() else value)
