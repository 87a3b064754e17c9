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
#: A number as texts write it: "800", "3.0", "1,000" (thousands separated by commas).
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: "<n> km", or a range "<a>-<b> km", "<a>–<b> km", "<a> to <b> km" (both ends are distances).
_KM = re.compile(
    rf"(?<![\w.,])(?P<low>{_NUMBER})(?:(?P<sep>\s?[–-]\s?| to )(?P<high>{_NUMBER}))? ?km\b"
)
_PER_KM = re.compile(rf"(?<![\w.,])(?P<m>{_NUMBER}) m (?P<words>(?:[a-z]+ ){{0,4}}?)per km\b")


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


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _shown(value: float, decimals: int, grouped: bool) -> str:
    return f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"


def in_units(text: str, units: Units) -> str:
    """``text`` with each "<n> km" (or range of them) and "<n> m [up to four words] per km" in
    ``units`` (unchanged for km). A distance keeps the decimals it was written with, and at
    least one below 10 (1 km is 0.6 mi, not 1 mi); both ends of a range are converted with the
    same decimals; "1,000" is read and written with its separator."""
    if units == Units.KM:
        return text
    per = metres_per_unit(units)

    def rate(m: re.Match[str]) -> str:
        metres = _value(m["m"]) * per / 1000.0
        shown = _shown(metres, _decimals(m["m"]), "," in m["m"])
        return f"{shown} m {m['words']}per mile"

    def distance(m: re.Match[str]) -> str:
        ends = [e for e in (m["low"], m["high"]) if e is not None]
        values = [_value(e) * 1000.0 / per for e in ends]
        decimals = max(max(_decimals(e) for e in ends), 1 if min(values) < 10 else 0)
        shown = [_shown(v, decimals, "," in e) for v, e in zip(values, ends, strict=True)]
        joined = f"{shown[0]}{m['sep']}{shown[1]}" if len(shown) == 2 else shown[0]
        return f"{joined} {units.value}"

    return _KM.sub(distance, _PER_KM.sub(rate, text))
