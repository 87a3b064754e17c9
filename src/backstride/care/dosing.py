"""Choosing the exercises for a phase, leaving out the contraindicated, and dosing them by step.

Dose at step ``s`` (the plan starts at ``start``): each of sets, reps and hold is its starting
value plus ``(s - start)`` times the exercise's ``step`` increment, never above its ``most`` and
never below its ``least`` (half the starting value where the knowledge gives none: a stretch
keeps the shortest hold its source gives). An exercise without increments loses one set (down to 1)
below the start. Sessions are spread over each week by ``days_per_week``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from datetime import date, timedelta

from backstride.knowledge.care import CareKnowledge
from backstride.knowledge.plan_items import ExerciseItem
from backstride.model import Dose, LeftOut, Phase, PlannedExercise

#: Which days of a plan week (0 = its first day) hold the sessions, by sessions per week.
SPREAD: Mapping[int, tuple[int, ...]] = {
    1: (2,),
    2: (1, 4),
    3: (0, 2, 4),
    4: (0, 2, 4, 6),
    5: (0, 1, 2, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def _stepped(exercise: ExerciseItem, key: str, base: float | None, k: int) -> float | None:
    if base is None:
        return None
    value = base + k * exercise.step.get(key, 0.0)
    most = exercise.most.get(key)
    if most is not None:
        value = min(value, max(most, base))
    return max(value, min(exercise.least.get(key, base / 2.0), base))


def dose_at(exercise: ExerciseItem, step: int, start: int) -> Dose:
    """The dose of ``exercise`` at plan step ``step`` (see the module docstring)."""
    base, k = exercise.dose, step - start
    reps = _stepped(exercise, "reps_count", base.reps, k)
    hold = _stepped(exercise, "hold_s", base.hold_s, k)
    sets = _stepped(exercise, "sets_count", base.sets, k)
    if k < 0 and not exercise.step and sets is not None:
        sets = max(sets - 1, 1)
    return Dose(
        sets=None if sets is None else max(math.floor(sets), 1),
        reps=None if reps is None else max(math.ceil(reps), 1),
        hold_s=None if hold is None else float(round(hold)),
        per_side=exercise.per_side,
        times_per_day=base.times_per_day,
    )


def session_days(start: date, days_per_week: int) -> tuple[date, ...]:
    """The dates of one plan week (from ``start``) that hold the sessions."""
    return tuple(start + timedelta(days=d) for d in SPREAD[days_per_week])


def left_out(knowledge: CareKnowledge, active: Collection[str]) -> tuple[LeftOut, ...]:
    """Every exercise of the library that an active contraindication rules out, and why."""
    out = []
    for ex in knowledge.exercises:
        hit = next((c for c in ex.contraindications if c in active), None)
        if hit is not None:
            out.append(LeftOut(ex.id, ex.name, knowledge.contraindications[hit].summary))
    return tuple(out)


def _rotated(items: list[ExerciseItem], most: int, week: int) -> list[ExerciseItem]:
    """At most ``most`` of ``items``, starting ``week * most`` places in (wrapping), in order."""
    if len(items) <= most:
        return items
    start = (week * most) % len(items)
    picked = {(start + k) % len(items) for k in range(most)}
    return [ex for i, ex in enumerate(items) if i in picked]


def choose(
    knowledge: CareKnowledge, phase: Phase, active: Collection[str], week: int
) -> list[ExerciseItem]:
    """The exercises of one plan week: those that suit ``phase`` and no active contraindication,
    at most ``plan.session_size`` of each category, rotating through the library by week."""
    size = knowledge.rules.session_size
    fits = [
        ex
        for ex in knowledge.exercises
        if phase in ex.phases and not set(ex.contraindications) & set(active)
    ]
    chosen: set[str] = set()
    for category in dict.fromkeys(ex.category for ex in fits):
        group = [ex for ex in fits if ex.category is category]
        chosen.update(ex.id for ex in _rotated(group, size.most(category.value), week))
    return [ex for ex in fits if ex.id in chosen]


def exercises_for(
    knowledge: CareKnowledge,
    phase: Phase,
    active: Collection[str],
    step: int,
    week: int,
    week_start: date,
    done: Mapping[str, int],
) -> tuple[PlannedExercise, ...]:
    """The exercises of plan week ``week`` (0-based, from ``week_start``), dosed for ``step``."""
    start = knowledge.rules.steps.start_step_count
    return tuple(
        PlannedExercise(
            id=ex.id,
            name=ex.name,
            category=ex.category.value,
            targets=ex.targets,
            how=ex.how,
            dose=dose_at(ex, step, start),
            days=session_days(week_start, ex.dose.days_per_week),
            progression=ex.progression,
            done_last_7_days=done.get(ex.id, 0),
        )
        for ex in choose(knowledge, phase, active, week)
    )


def dose_text(dose: Dose) -> str:
    """A dose in words: "3 x 20 s", "2 x 10 reps each side", "15 min", "... twice a day"."""
    parts = []
    if dose.reps is not None:
        parts.append(f"{dose.reps} reps")
    if dose.hold_s is not None:
        minutes, seconds = divmod(int(dose.hold_s), 60)
        if minutes and seconds:
            parts.append(f"{minutes} min {seconds} s")
        else:
            parts.append(f"{minutes} min" if minutes else f"{seconds} s")
    text = " of ".join(parts)
    if dose.sets is not None and dose.sets > 1:
        text = f"{dose.sets} x {text}"
    if dose.per_side:
        text += " each side"
    if dose.times_per_day == 2:
        text += ", twice a day"
    elif dose.times_per_day > 2:
        text += f", {dose.times_per_day} times a day"
    return text
