"""Small wording helpers for the report: plurals, sentence joins, distances in the runner's units.

Texts that other modules already wrote in kilometres (the plan's running changes, the
why-analysis's labels) are shown in the profile's units by :func:`in_units`, which rewrites
"3.0 km" as "1.9 mi" and "10 m of descent per km" as "16 m of descent per mile".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from backstride import presentation as fmt
from backstride.model import Units

_KM = re.compile(r"(?<![\w.])(\d+(?:\.(\d+))?) km\b")
_PER_KM = re.compile(r"(?<![\w.])(\d+(?:\.(\d+))?) m ((?:of [a-z ]+? )?)per km\b")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 run``, ``2 runs``; ``many`` for irregular plurals (``analysis``/``analyses``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def join_sentences(parts: Iterable[str]) -> str:
    """Sentences joined by a space, each ending in a full stop (never ``.;``)."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in kept)


def _number(value: float, decimals: str | None) -> str:
    digits = len(decimals) if decimals else 0
    return f"{value:.{digits}f}"


def in_units(text: str, units: Units) -> str:
    """``text`` with each "<n> km" and "<n> m ... per km" in ``units`` (unchanged for km)."""
    if units == Units.KM:
        return text
    per = fmt.metres_per_unit(units)

    def rate(m: re.Match[str]) -> str:
        metres = float(m.group(1)) * per / 1000.0
        return f"{_number(metres, m.group(2))} m {m.group(3)}per mile"

    def distance(m: re.Match[str]) -> str:
        value = float(m.group(1)) * 1000.0 / per
        return f"{_number(value, m.group(2))} {units.value}"

    return _KM.sub(distance, _PER_KM.sub(rate, text))
