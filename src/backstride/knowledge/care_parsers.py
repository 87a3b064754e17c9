"""The care kinds of knowledge file and the parser of each (registered in ``_files.PARSERS``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from backstride.knowledge._items import KnowledgeItem
from backstride.knowledge.care_items import (
    parse_contraindication,
    parse_pain_type,
    parse_phase,
    parse_question,
    parse_red_flag,
    parse_urgency,
)
from backstride.knowledge.plan_items import (
    parse_advice,
    parse_care_rule,
    parse_cause,
    parse_exercise,
)

CARE_PARSERS: Mapping[str, Callable[[Any, str], KnowledgeItem]] = MappingProxyType(
    {
        "questions": parse_question,
        "urgency": parse_urgency,
        "red_flags": parse_red_flag,
        "contraindications": parse_contraindication,
        "pain_types": parse_pain_type,
        "phases": parse_phase,
        "causes": parse_cause,
        "exercises": parse_exercise,
        "care_rules": parse_care_rule,
        "care_advice": parse_advice,
    }
)
