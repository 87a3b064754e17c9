"""The records of the knowledge files and the checks every item passes.

Every knowledge file is a YAML mapping ``{kind: str, version: int, items: [...]}``. The part of
an item that every kind shares (id, summary, source, grade, contested, note) is checked by
:func:`base_fields`; each kind adds its own fields through a parser registered in
``backstride.knowledge._files``. Errors name the file and the item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeAlias

from backstride.errors import KnowledgeError


class Grade(StrEnum):
    """How strong the evidence behind an item is (see ``shared/domain.md``)."""

    A = "A"  # trial or strong cohort
    B = "B"  # lab, case-control or observational
    C = "C"  # expert opinion, vendor percentile or article claim without outcome evidence
    NONE = "-"  # not a claim: a method or engineering choice, or a clinical matter


#: Unit suffixes a value key may end with, and the unit each one means.
UNIT_SUFFIXES: Mapping[str, str] = MappingProxyType(
    {
        "pct": "percent",
        "days": "days",
        "km": "kilometres",
        "m": "metres",
        "s": "seconds",
        "mps": "metres per second",
        "spm": "steps per minute",
        "c": "degrees Celsius",
        "bpm": "beats per minute",
        "ratio": "dimensionless ratio",
        "factor": "dimensionless factor",
        "count": "count",
    }
)

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_BASE_KEYS = frozenset({"id", "summary", "source", "grade", "contested", "note"})

Number: TypeAlias = float
Band: TypeAlias = Mapping[str, float | None]
Value: TypeAlias = float | tuple[float, ...] | tuple[Band, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeItem:
    """One fact, rule or choice, with where it comes from and how strong it is."""

    id: str
    summary: str
    source: str
    grade: Grade
    file: str  # the knowledge file it was read from
    contested: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasureItem(KnowledgeItem):
    """A threshold or setting read by ``backstride.metrics``; each value key ends in its unit."""

    values: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))

    def unit_of(self, key: str) -> str:
        """The unit of a value (or of a band field) named ``key``, from its suffix."""
        return UNIT_SUFFIXES[unit_suffix(key) or ""]


def unit_suffix(key: str) -> str | None:
    """The longest known unit suffix of ``key`` (``"window_days"`` -> ``"days"``), or None."""
    parts = key.split("_")
    for start in range(1, len(parts)):
        suffix = "_".join(parts[start:])
        if suffix in UNIT_SUFFIXES:
            return suffix
    return None


def fail(file: str, item_id: str | None, reason: str) -> KnowledgeError:
    """A KnowledgeError whose message names the file and, when known, the item."""
    where = f"{file}: item {item_id!r}" if item_id else file
    return KnowledgeError(f"{where}: {reason}")


def _text(raw: Mapping[str, Any], key: str, file: str, item_id: str | None) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(file, item_id, f"needs a non-empty text {key!r}")
    return " ".join(value.split())


def base_fields(raw: Any, file: str, allowed_extra: frozenset[str]) -> dict[str, Any]:
    """Check the fields every knowledge item has; return them as keyword arguments.

    Raises KnowledgeError (naming ``file`` and the item) for a missing or empty id, summary or
    source, a grade outside A/B/C/-, a ``contested`` that is not a boolean, a contested item
    without a note, or a key that neither the base nor the kind (``allowed_extra``) knows.
    """
    if not isinstance(raw, Mapping):
        raise fail(file, None, f"an item must be a mapping, got {type(raw).__name__}")
    raw_id = raw.get("id")
    item_id = raw_id if isinstance(raw_id, str) else None
    if item_id is None or not _ID.match(item_id):
        raise fail(file, item_id, "needs an id like 'group.name' (lower case, dotted)")
    unknown = sorted(set(raw) - _BASE_KEYS - allowed_extra)
    if unknown:
        raise fail(file, item_id, f"unknown field(s) {', '.join(map(str, unknown))}")
    grade = raw.get("grade")
    if grade not in {g.value for g in Grade}:
        raise fail(file, item_id, f"grade must be one of A, B, C, '-', got {grade!r}")
    contested = raw.get("contested", False)
    if not isinstance(contested, bool):
        raise fail(file, item_id, "'contested' must be true or false")
    note = _text(raw, "note", file, item_id) if "note" in raw else None
    if contested and note is None:
        raise fail(file, item_id, "a contested item needs a note saying who disagrees")
    return {
        "id": item_id,
        "summary": _text(raw, "summary", file, item_id),
        "source": _text(raw, "source", file, item_id),
        "grade": Grade(grade),
        "file": file,
        "contested": contested,
        "note": note,
    }


def _number(value: Any, file: str, item_id: str, key: str, *, nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(file, item_id, f"value {key!r} must be a number, got {value!r}")
    return float(value)


def _checked_key(key: Any, file: str, item_id: str) -> str:
    if not isinstance(key, str) or unit_suffix(key) is None:
        known = ", ".join(UNIT_SUFFIXES)
        raise fail(file, item_id, f"value name {key!r} must end in a unit ({known})")
    return key


def _band(raw: Any, file: str, item_id: str, key: str) -> Band:
    if not isinstance(raw, Mapping) or not raw:
        raise fail(file, item_id, f"each entry of {key!r} must be a non-empty mapping")
    return MappingProxyType(
        {
            _checked_key(k, file, item_id): _number(v, file, item_id, f"{key}.{k}", nullable=True)
            for k, v in raw.items()
        }
    )


def _value(raw: Any, file: str, item_id: str, key: Any) -> tuple[str, Value]:
    if isinstance(raw, list):
        if not raw:
            raise fail(file, item_id, f"value {key!r} is an empty list")
        if all(isinstance(x, Mapping) for x in raw):
            return str(key), tuple(_band(x, file, item_id, str(key)) for x in raw)
        name = _checked_key(key, file, item_id)
        return name, tuple(_number(x, file, item_id, name) for x in raw)
    name = _checked_key(key, file, item_id)
    return name, _number(raw, file, item_id, name)


def parse_measure_item(raw: Any, file: str) -> MeasureItem:
    """A ``measures`` item: the base fields plus a non-empty ``values`` mapping."""
    base = base_fields(raw, file, frozenset({"values"}))
    values = raw.get("values")
    if not isinstance(values, Mapping) or not values:
        raise fail(file, base["id"], "needs a non-empty mapping 'values'")
    parsed = dict(_value(v, file, base["id"], k) for k, v in values.items())
    return MeasureItem(values=MappingProxyType(parsed), **base)
