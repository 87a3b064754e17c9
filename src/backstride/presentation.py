"""Formatting for people: distances and paces in the runner's units, durations as h:mm:ss.

Conversion happens here and only here; everything else is SI.
"""

from __future__ import annotations

from backstride.model import Units

METRES_PER_MILE = 1609.344


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


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f} %"
