"""Formatting for people: distances and paces in the runner's units, durations as h:mm:ss.

Conversion happens here and only here; everything else is SI. Texts that other modules write
with distances in kilometres (the plan's running changes, the why-analysis's labels, the
knowledge's thresholds) are shown in the runner's units by :func:`in_units`, which rewrites
"3.0 km" as "1.9 mi" and "10 m of descent per km" as "16 m of descent per mile".
"""

from __future__ import annotations

import re

from backstride.model import Units

METRES_PER_MILE = 1609.344
_KM = re.compile(r"(?<![\w.])(\d+(?:\.(\d+))?) km\b")
_PER_KM = re.compile(r"(?<![\w.])(\d+(?:\.(\d+))?) m ((?:[a-z]+ ){0,4}?)per km\b")


def metres_per_unit(units: Units) -> float:
    return METRES_PER_MILE if units == Units.MI else 1000.0


def distance(distance_m: float | None, units: Units, digits: int = 2, unit: bool = True) -> str:
    if distance_m is None:
        return "-"
    text = f"{distance_m / metres_per_unit(units):.{digits}f}"
    return f"{text} {units.value}" if unit else text


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    total = round(seconds)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def pace(speed_mps: float | None, units: Units, unit: bool = True) -> str:
    """Pace as m:ss per km or per mile."""
    if not speed_mps or speed_mps <= 0:
        return "-"
    per_unit_s = metres_per_unit(units) / speed_mps
    m, s = divmod(round(per_unit_s), 60)
    return f"{m}:{s:02d}/{units.value}" if unit else f"{m}:{s:02d}"


def number(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}{suffix}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 run``, ``2 runs``; ``many`` for irregular plurals (``activity``/``activities``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f} %"


def _number(value: float, decimals: str | None) -> str:
    digits = len(decimals) if decimals else 0
    return f"{value:.{digits}f}"


def in_units(text: str, units: Units) -> str:
    """``text`` with each "<n> km" and "<n> m [up to four words] per km" in ``units``
    (unchanged for km)."""
    if units == Units.KM:
        return text
    per = metres_per_unit(units)

    def rate(m: re.Match[str]) -> str:
        metres = float(m.group(1)) * per / 1000.0
        return f"{_number(metres, m.group(2))} m {m.group(3)}per mile"

    def distance(m: re.Match[str]) -> str:
        value = float(m.group(1)) * 1000.0 / per
        return f"{_number(value, m.group(2))} {units.value}"

    return _KM.sub(distance, _PER_KM.sub(rate, text))
