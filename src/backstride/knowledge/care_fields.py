"""Field checks shared by the care knowledge kinds, and the small condition language.

A condition list (``when``) holds clauses that must all be true. A clause names an answer key
and one test: ``is`` (true/false), ``above`` / ``at_least`` / ``below`` (numbers) or ``equals``
(a choice); ``any_of`` holds clauses of which one must be true. Which keys exist is checked by
:mod:`backstride.knowledge.care` against the triage questions; evaluating a condition is the
care layer's job (``backstride.care.conditions``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeAlias

from backstride.knowledge._items import fail, unit_suffix

#: Unit suffixes a care value may end in, beyond the shared ones: points of the 0-10 pain scale.
EXTRA_SUFFIXES = frozenset({"score"})

COMPARISONS = ("is", "above", "at_least", "below", "equals")


@dataclass(frozen=True, slots=True)
class Clause:
    """One test of one answer: ``key`` ``op`` ``value`` (op is one of :data:`COMPARISONS`)."""

    key: str
    op: str
    value: bool | float | str


@dataclass(frozen=True, slots=True)
class AnyOf:
    """True when at least one of its clauses is true."""

    clauses: tuple[Clause, ...]


Condition: TypeAlias = Clause | AnyOf


def text(raw: Mapping[str, Any], key: str, file: str, item_id: str) -> str:
    """A required non-empty text, whitespace folded."""
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(file, item_id, f"needs a non-empty text {key!r}")
    return " ".join(value.split())


def optional_text(raw: Mapping[str, Any], key: str, file: str, item_id: str) -> str | None:
    return text(raw, key, file, item_id) if raw.get(key) is not None else None


def texts(
    raw: Mapping[str, Any], key: str, file: str, item_id: str, *, required: bool = True
) -> tuple[str, ...]:
    """A list of non-empty texts (an empty tuple when absent and not required)."""
    value = raw.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise fail(file, item_id, f"{key!r} must be a non-empty list of texts")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(file, item_id, f"every entry of {key!r} must be a non-empty text")
    return tuple(" ".join(v.split()) for v in value)


def choice(
    raw: Mapping[str, Any], key: str, allowed: Iterable[str], file: str, item_id: str
) -> str:
    """A text that must be one of ``allowed``."""
    options = tuple(allowed)
    value = raw.get(key)
    if value not in options:
        raise fail(file, item_id, f"{key!r} must be one of {', '.join(options)}, got {value!r}")
    return str(value)


def number(value: Any, file: str, item_id: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(file, item_id, f"{key!r} must be a number, got {value!r}")
    return float(value)


def optional_number(raw: Mapping[str, Any], key: str, file: str, item_id: str) -> float | None:
    return None if raw.get(key) is None else number(raw[key], file, item_id, key)


def whole(value: Any, file: str, item_id: str, key: str, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise fail(file, item_id, f"{key!r} must be a whole number >= {minimum}, got {value!r}")
    return value


def flag(raw: Mapping[str, Any], key: str, file: str, item_id: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise fail(file, item_id, f"{key!r} must be true or false, got {value!r}")
    return value


def has_unit(key: str) -> bool:
    """True when a value name ends in a known unit (or in ``_score``, points of 0-10)."""
    return unit_suffix(key) is not None or key.rsplit("_", 1)[-1] in EXTRA_SUFFIXES


def values(raw: Mapping[str, Any], key: str, file: str, item_id: str) -> Mapping[str, float]:
    """A non-empty mapping of numbers whose names end in their unit."""
    found = raw.get(key)
    if not isinstance(found, Mapping) or not found:
        raise fail(file, item_id, f"needs a non-empty mapping {key!r}")
    out: dict[str, float] = {}
    for name, value in found.items():
        if not isinstance(name, str) or not has_unit(name):
            raise fail(file, item_id, f"value name {name!r} must end in a unit")
        out[name] = number(value, file, item_id, f"{key}.{name}")
    return MappingProxyType(out)


def _clause(raw: Any, file: str, item_id: str) -> Clause:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str):
        raise fail(file, item_id, f"a condition needs a 'key' and one test, got {raw!r}")
    ops = [op for op in COMPARISONS if op in raw]
    extra = set(raw) - {"key", *COMPARISONS}
    if len(ops) != 1 or extra:
        raise fail(file, item_id, f"condition on {raw['key']!r} needs exactly one of {COMPARISONS}")
    op = ops[0]
    value = raw[op]
    if op == "is" and not isinstance(value, bool):
        raise fail(file, item_id, f"'is' on {raw['key']!r} must be true or false")
    if op == "equals" and not isinstance(value, str):
        raise fail(file, item_id, f"'equals' on {raw['key']!r} must be a text")
    if op in {"above", "at_least", "below"}:
        value = number(value, file, item_id, f"{raw['key']}.{op}")
    return Clause(raw["key"], op, value)


def _condition(raw: Any, file: str, item_id: str) -> Condition:
    if isinstance(raw, Mapping) and set(raw) == {"any_of"}:
        options = raw["any_of"]
        if not isinstance(options, list) or len(options) < 2:
            raise fail(file, item_id, "'any_of' needs a list of at least two conditions")
        return AnyOf(tuple(_clause(c, file, item_id) for c in options))
    return _clause(raw, file, item_id)


def conditions(raw: Mapping[str, Any], key: str, file: str, item_id: str) -> tuple[Condition, ...]:
    """The ``when`` list: all of its conditions must hold."""
    found = raw.get(key)
    if not isinstance(found, list) or not found:
        raise fail(file, item_id, f"needs a non-empty list {key!r} of conditions")
    return tuple(_condition(c, file, item_id) for c in found)


def clauses_of(conds: Iterable[Condition]) -> tuple[Clause, ...]:
    """Every clause, with ``any_of`` groups opened."""
    out: list[Clause] = []
    for cond in conds:
        out.extend(cond.clauses if isinstance(cond, AnyOf) else (cond,))
    return tuple(out)
