"""Shoe wear and rotation from gear records and the runs logged in each pair.

Retirement advice (knowledge ``gear.shoe_retirement``, grade C): the articles' 300-500 miles
(480-800 km) comes from machine wear tests of midsoles, with no injury outcome behind it.
Rotation (knowledge ``gear.rotation``, grade B; Malisoux et al., Scand J Med Sci Sports
2015;25:110: parallel use of several pairs, hazard ratio 0.614): a pair is *in rotation* when
it is not retired and a run was logged in it within ``method.rotation_window`` (30 days) up to
and including ``today``. A run's day is its UTC date (``uses`` carry no local offset).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from backstride.knowledge import MeasureRules
from backstride.model import Gear


class ShoeAdvice(StrEnum):
    OK = "ok"
    PLAN_REPLACEMENT = "plan a replacement"
    PAST_RANGE = "past its range"


@dataclass(frozen=True, slots=True)
class ShoeReport:
    """One pair: distance (including what it had before backstride), use and advice."""

    gear_id: int
    distance_m: float
    runs: int
    first_use: datetime | None  # aware UTC start of the first run logged in it
    last_use: datetime | None
    advice: ShoeAdvice
    in_rotation: bool
    advice_grade: str  # evidence grade of the retirement rule ("C")


def shoe_advice(distance_m: float, rules: MeasureRules) -> ShoeAdvice:
    """ "ok" below 480 km, "plan a replacement" from 480 km, "past its range" from 800 km."""
    rule = rules.shoe_retirement
    if distance_m >= rule.past_range_m:
        return ShoeAdvice.PAST_RANGE
    return ShoeAdvice.PLAN_REPLACEMENT if distance_m >= rule.plan_from_m else ShoeAdvice.OK


def _in_window(when: datetime, today: date, window_days: int) -> bool:
    day = when.date()
    return today - timedelta(days=window_days) < day <= today


def _retired_by(gear: Gear, today: date) -> bool:
    return gear.retired_utc is not None and gear.retired_utc.date() <= today


def shoe_usage(
    gear: Sequence[Gear],
    uses: Sequence[tuple[int, datetime, float]],
    rules: MeasureRules,
    today: date,
) -> list[ShoeReport]:
    """A report per pair of ``gear`` (same order) from ``uses``: (gear_id, start_utc, distance_m).

    Uses naming an unknown gear id are ignored; runs after ``today`` still add distance.
    """
    window = rules.rotation_window.window_days
    by_gear: dict[int, list[tuple[datetime, float]]] = {g.id: [] for g in gear}
    for gear_id, start, distance in uses:
        if gear_id in by_gear:
            by_gear[gear_id].append((start, distance))
    reports = []
    for g in gear:
        logged = by_gear[g.id]
        starts = [s for s, _ in logged]
        total = g.start_distance_m + sum(d for _, d in logged)
        recent = any(_in_window(s, today, window) for s in starts)
        reports.append(
            ShoeReport(
                gear_id=g.id,
                distance_m=total,
                runs=len(logged),
                first_use=min(starts) if starts else None,
                last_use=max(starts) if starts else None,
                advice=shoe_advice(total, rules),
                in_rotation=recent and not _retired_by(g, today),
                advice_grade=rules.shoe_retirement.item.grade.value,
            )
        )
    return reports


def rotation_count(
    gear: Sequence[Gear],
    uses: Sequence[tuple[int, datetime, float]],
    rules: MeasureRules,
    today: date,
) -> int:
    """How many pairs are in rotation today (see the module docstring); Malisoux 2015 saw fewer
    injuries with ``rules.rotation.min_pairs_count`` (2) or more."""
    return sum(r.in_rotation for r in shoe_usage(gear, uses, rules, today))
