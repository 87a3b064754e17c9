"""Use cases of care: triage, "should I run today", the plan, adherence, the plan calendar.

``now`` is an aware datetime in the runner's local offset (its date is the runner's today).
Triage answers are stored as given; reading the latest triage evaluates them again with the
current knowledge, and never reports a lower urgency than the one stored.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from backstride import presentation as fmt
from backstride.care import (
    MAX_WEEKS,
    CareState,
    PlanInputs,
    answers_as_dict,
    build_plan,
    care_state,
    detect_causes,
    parse_answers,
    plan_calendar,
    run_signals,
    should_run_today,
    step_history,
    triage,
)
from backstride.care.triggers import ConfirmedTrigger
from backstride.errors import FileFormatError, InputValueError, NotFoundError
from backstride.knowledge.care import CareKnowledge, load_care
from backstride.knowledge.plan_items import ExerciseItem
from backstride.model import (
    PainEntry,
    Plan,
    PlanStep,
    PossibleCause,
    TodayAdvice,
    TriageAnswers,
    TriageResult,
    Units,
    Urgency,
)
from backstride.services.care_inputs import CareHistory as CareHistory
from backstride.services.diary import list_pain
from backstride.services.insight import triggers_from_views
from backstride.store import Store
from backstride.store.care import CareStore, StoredTriage


def _run_causes(
    past: CareHistory, answers: TriageAnswers, at: datetime, knowledge: CareKnowledge
) -> tuple[PossibleCause, ...]:
    """Causes found in the runs of the window before the pain's onset (or before ``at``)."""
    h = past.at(at)
    onset = at - timedelta(days=answers.onset_days_ago or 0.0)
    window_days = knowledge.rules.recent_runs.window_days
    return detect_causes(
        run_signals(h.runs, h.weeks, h.shoes, onset, window_days), knowledge.causes
    )


def run_triage(store: Store, answers: TriageAnswers, now: datetime) -> TriageResult:
    """Triage the answers, add the causes seen in the runs before onset, and save it."""
    knowledge = load_care()
    causes = _run_causes(CareHistory(store), answers, now, knowledge)
    result = triage(answers, knowledge, now, causes)
    CareStore(store).add_triage(
        now, answers_as_dict(answers), result.urgency.value, result.red_flags
    )
    return result


def _evaluate(stored: StoredTriage, past: CareHistory, knowledge: CareKnowledge) -> TriageResult:
    answers = parse_answers(stored.answers, knowledge)
    causes = _run_causes(past, answers, stored.time_utc, knowledge)
    result = triage(answers, knowledge, stored.time_utc, causes)
    then = Urgency(stored.urgency)
    if then.rank > result.urgency.rank:  # the knowledge changed since: never report lower
        flags = tuple(dict.fromkeys((*stored.red_flags, *result.red_flags)))
        advice = knowledge.urgency[then].advice
        result = dataclasses.replace(result, urgency=then, red_flags=flags, advice=advice)
    return result


def latest_triage(store: Store, past: CareHistory | None = None) -> TriageResult | None:
    """The most recent triage, evaluated again (see the module docstring); None if never done.

    ``past``: the history already read for this request, if any (see :class:`CareHistory`);
    the same holds for :func:`today` and :func:`plan`.
    """
    stored = CareStore(store).latest_triage()
    if stored is None:
        return None
    history = past or CareHistory(store)
    return history.keep(
        ("triage", stored.time_utc), lambda: _evaluate(stored, history, load_care())
    )


def _pain(past: CareHistory) -> list[PainEntry]:
    """The diary, read (and its run links brought up to date) once per history."""
    return past.keep("pain", lambda: list_pain(past.store, past.runs))


def _state(past: CareHistory, now: datetime, knowledge: CareKnowledge) -> CareState:
    return care_state(latest_triage(past.store, past), _pain(past), now, knowledge)


def today(store: Store, now: datetime, past: CareHistory | None = None) -> TodayAdvice:
    """Should I run today? (:func:`backstride.care.should_run_today`)."""
    knowledge = load_care()
    past = past or CareHistory(store)
    state = _state(past, now, knowledge)
    return should_run_today(state, past.load(now, knowledge), knowledge, past.rules)


def plan(store: Store, now: datetime, weeks: int, past: CareHistory | None = None) -> Plan:
    """The plan for ``weeks`` weeks from today. Looking at it changes nothing stored: its step
    is replayed from the latest triage, the diary and the recorded exercise sessions
    (:func:`backstride.care.progress.step_history`).

    Unless the plan is withheld, the why-analysis runs on the history already read (no trends)
    and its significant factors become dated running changes (:mod:`backstride.care.triggers`).
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise InputValueError(f"--weeks must be from 1 to {MAX_WEEKS}, got {weeks}")
    knowledge = load_care()
    past = past or CareHistory(store)
    state = _state(past, now, knowledge)
    rows = CareStore(store)
    history: tuple[PlanStep, ...] = ()
    triggers: tuple[ConfirmedTrigger, ...] = ()
    if state.triage is not None and not state.triage.urgency.withholds_plan:
        start = state.triage.assessed_utc
        scores = [(e.time_utc, e.score) for e in _pain(past) if e.time_utc <= now]
        sessions = [t for t, _ in rows.adherence_since(start) if t <= now]
        history = step_history(
            start, state.triage.answers.pain_score, scores, sessions, knowledge.rules
        )
        triggers = triggers_from_views(past.views, store.gear_list(), _pain(past), now)
    recent = rows.adherence_since(now - timedelta(days=7))
    inputs = PlanInputs(
        start=now.date(),
        weeks=weeks,
        state=state,
        load=past.load(now, knowledge),
        steps=history,
        done_last_7=Counter(exercise for _, exercise in recent),
        triggers=triggers,
        runs=past.runs,
    )
    return in_runner_units(build_plan(inputs, knowledge, past.rules), store.profile().units)


def in_runner_units(plan: Plan, units: Units) -> Plan:
    """The plan with the distances in its texts in the runner's units (the plan writes them in
    km; its numbers stay SI)."""
    if units is Units.KM:
        return plan

    def say(text: str) -> str:
        return fmt.in_units(text, units)

    return dataclasses.replace(
        plan,
        reason=None if plan.reason is None else say(plan.reason),
        weeks=tuple(
            dataclasses.replace(w, running=dataclasses.replace(w.running, note=say(w.running.note)))
            for w in plan.weeks
        ),
        running_changes=tuple(
            dataclasses.replace(n, text=say(n.text)) for n in plan.running_changes
        ),
        advice=tuple(dataclasses.replace(n, text=say(n.text)) for n in plan.advice),
    )


def find_exercise(name: str, knowledge: CareKnowledge) -> ExerciseItem:
    """An exercise by id ("exercise.plank"), short id ("plank", "glute-bridge") or name."""
    wanted = name.strip().casefold()
    short = wanted.removeprefix("exercise.").replace("-", "_").replace(" ", "_")
    for ex in knowledge.exercises:
        if short == ex.id.removeprefix("exercise.") or wanted == ex.name.casefold():
            return ex
    known = ", ".join(ex.id.removeprefix("exercise.") for ex in knowledge.exercises)
    raise NotFoundError(f"no exercise {name!r}; known: {known}")


def plan_done(store: Store, name: str, now: datetime) -> tuple[ExerciseItem, int]:
    """Record one session of an exercise; returns it and its sessions in the last 7 days."""
    exercise = find_exercise(name, load_care())
    rows = CareStore(store)
    rows.add_adherence(now, exercise.id)
    recent = rows.adherence_since(now - timedelta(days=7))
    return exercise, sum(1 for _, ex in recent if ex == exercise.id)


def write_calendar(result: Plan, path: Path, now: datetime) -> None:
    """Write the plan as an iCalendar file."""
    data = plan_calendar(result, now)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise FileFormatError(str(path), f"cannot be written ({exc})") from exc
