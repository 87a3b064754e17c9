"""Shared helpers for the care tests: the shipped care knowledge and answer strategies."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st

from backstride.knowledge.care import CareKnowledge, load_care
from backstride.knowledge.care_items import QuestionItem, QuestionType


@pytest.fixture(scope="session")
def knowledge() -> CareKnowledge:
    return load_care()


def answer_strategy(q: QuestionItem) -> st.SearchStrategy[Any]:
    """Valid values for one question (None: unknown)."""
    if q.type is QuestionType.YES_NO:
        return st.one_of(st.none(), st.booleans())
    if q.type is QuestionType.CHOICE:
        return st.one_of(st.none(), st.sampled_from(q.choices))
    assert q.minimum is not None and q.maximum is not None
    if q.whole:
        return st.one_of(st.none(), st.integers(int(q.minimum), int(q.maximum)))
    return st.one_of(
        st.none(), st.floats(q.minimum, q.maximum, allow_nan=False, allow_infinity=False)
    )


def answers_strategy() -> st.SearchStrategy[dict[str, Any]]:
    """Any valid answers mapping: each key present or not, with any valid value."""
    care = load_care()
    return st.fixed_dictionaries({}, optional={q.key: answer_strategy(q) for q in care.questions})
