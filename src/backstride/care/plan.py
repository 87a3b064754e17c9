"""The plan: a phase-aware programme of exercises and running for the coming weeks.

Red flags come first: without a triage, or with ``urgent`` or ``emergency``, the plan is withheld
and says why. Otherwise each week takes the tissue phase at its first day (projected from the
onset) and gets:

- the exercises of ``exercises.yaml`` that suit that phase and no active contraindication,
  dosed by the plan step (:mod:`backstride.care.progress`, :mod:`backstride.care.dosing`);
- running: acute, no running (walk and cross-train); subacute, at most
  ``running.subacute_runs`` easy runs, each capped at ``running.easy_run_cap`` of the longest
  run of the last 30 days, growing by ``step_pct`` per week of the return (the only running
  progression); chronic, normal training with the next long run within the spike rule. Triage
  ``soon`` and the lightest step (0) allow easy runs at most; the first week also respects
  today's pain band.

Running changes come from the runner's own data (cadence target, long-run cap, worn shoes, flat
routes while sore, rest days); advice from ``care_advice.yaml`` for the phase.

Confirmed triggers (factors the why-analysis called significant, ``inputs.triggers``) come first
among the running changes: each becomes a dated change computed from ``inputs.runs`` by the rule
of ``trigger_changes.yaml`` (:mod:`backstride.care.triggers`), and plan weeks that start while it
lasts get its limits (flat routes, a cap on each run). A withheld plan stays withheld.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.care.disclaimer import DISCLAIMER
from backstride.care.dosing import exercises_for, left_out
from backstride.care.inputs import RecentRun
from backstride.care.load import LoadSummary
from backstride.care.phases import phase_at
from backstride.care.today import CareState, easy_run_cap_m
from backstride.care.triage import contraindications, with_diary_nerve_signs
from backstride.care.triggers import ConfirmedTrigger, TriggerChange, limit_week, trigger_changes
from backstride.knowledge import KnowledgeItem, MeasureRules
from backstride.knowledge.care import CareKnowledge, CareRules
from backstride.knowledge.triggers import TriggerChanges, load_trigger_changes
from backstride.model import (
    Phase,
    PhaseInfo,
    Plan,
    PlanNote,
    PlanStep,
    PlanWeek,
    RunDecision,
    Urgency,
    WeekRunning,
)

MAX_WEEKS = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanInputs:
    start: date  # the runner's local today
    weeks: int
    state: CareState
    load: LoadSummary
    steps: tuple[PlanStep, ...]  # since the latest triage, oldest first; the last is current
    done_last_7: Mapping[str, int]
    triggers: tuple[ConfirmedTrigger, ...] = ()  # significant factors of `backstride why`
    runs: Sequence[RecentRun] = ()  # the runs the trigger changes are computed from

    @property
    def step(self) -> PlanStep | None:
        """The step in force now (None before any triage)."""
        return self.steps[-1] if self.steps else None


def _withheld(inputs: PlanInputs, reason: str, urgency: Urgency | None) -> Plan:
    return Plan(
        start=inputs.start,
        urgency=urgency,
        withheld=True,
        reason=reason,
        phase=inputs.state.phase,
        step=inputs.step,
        steps=inputs.steps,
        weeks=(),
        running_changes=(),
        advice=(),
        left_out=(),
        cadence=None,
        disclaimer=DISCLAIMER,
    )


def _km(metres: float) -> str:
    return f"{metres / 1000.0:.1f} km"


def _mode(phase: Phase, inputs: PlanInputs, knowledge: CareKnowledge, first: bool) -> RunDecision:
    mode = {
        Phase.ACUTE: RunDecision.CROSS_TRAIN,
        Phase.SUBACUTE: RunDecision.EASY_RUN,
        Phase.CHRONIC: RunDecision.NORMAL,
    }[phase]
    triage = inputs.state.triage
    cautious = (triage is not None and triage.urgency is Urgency.SOON) or (
        inputs.step is not None and inputs.step.step == 0
    )
    if cautious and mode is RunDecision.NORMAL:
        mode = RunDecision.EASY_RUN
    score = inputs.state.trend.current_score
    bands = knowledge.rules.pain_bands
    if first and score is not None and score >= bands.cross_train_from_score:
        mode = min(mode, RunDecision.CROSS_TRAIN, key=lambda d: d.rank)
    elif first and score is not None and score >= bands.easy_run_from_score:
        mode = min(mode, RunDecision.EASY_RUN, key=lambda d: d.rank)  # as `today` says
    return mode


def _week_running(
    mode: RunDecision, return_week: int, inputs: PlanInputs, knowledge: CareKnowledge
) -> WeekRunning:
    load, rules = inputs.load, knowledge.rules
    if mode.rank <= RunDecision.CROSS_TRAIN.rank:
        return WeekRunning(
            mode=mode,
            runs_max_count=0,
            run_cap_m=None,
            long_run_cap_m=None,
            flat_route=True,
            progression=False,
            note="No running this week: walk, move gently and cross-train.",
        )
    if mode is RunDecision.EASY_RUN:
        steps = 0 if inputs.step is None else inputs.step.step - rules.steps.start_step_count
        extra = rules.easy_run.step_pct * max(return_week + steps, 0)
        cap = easy_run_cap_m(load, knowledge, extra)
        runs = rules.subacute_runs.max_runs_count
        return WeekRunning(
            mode=mode,
            runs_max_count=runs,
            run_cap_m=cap,
            long_run_cap_m=cap,
            flat_route=True,
            progression=return_week > 0,
            note=f"Up to {runs} easy runs of at most {_km(cap)}, not on consecutive days, "
            "on flat routes.",
        )
    long_cap = load.long_run_cap_m
    note = "Normal training."
    if long_cap is not None:
        note += f" Long run at most {_km(long_cap)}."
    return WeekRunning(
        mode=mode,
        runs_max_count=None,
        run_cap_m=None,
        long_run_cap_m=long_cap,
        flat_route=bool(inputs.state.trend.current_score),
        progression=False,
        note=note,
    )


def _note(item: KnowledgeItem, text: str) -> PlanNote:
    return PlanNote(item.id, text, item.grade.value)


def _cadence_note(load: LoadSummary, rules: CareRules, measures: MeasureRules) -> PlanNote:
    c, step = load.cadence, measures.cadence_increase
    if c is None:
        text = "Cadence: none of your runs records it, so no target can be set from your data."
    else:
        text = (
            f"Cadence: your average is {c.own_spm:.0f} steps/min over {c.runs_count} runs; aim "
            f"for {c.low_spm:.0f}-{c.high_spm:.0f} (+{step.low_pct:g}-{step.high_pct:g} %), "
            "in small steps."
        )
    return _note(rules.cadence_target.item, text)


def _long_run_note(load: LoadSummary, rules: CareRules, measures: MeasureRules) -> PlanNote:
    if load.longest_recent_m is None or load.long_run_cap_m is None:
        cap = _km(rules.easy_run.no_recent_run_m)
        return _note(rules.long_run_cap, f"No run in the last 30 days: start with {cap} at most.")
    text = (
        f"Next long run at most {_km(load.long_run_cap_m)}: "
        f"{measures.spike.reference_max_pct:g} % over your longest run of the last 30 days "
        f"({_km(load.longest_recent_m)})."
    )
    return _note(rules.long_run_cap, text)


def _flat_note(load: LoadSummary, rules: CareRules) -> PlanNote:
    text = (
        f"While sore, run flat routes (at most {rules.flat_route.max_descent_per_km_m:g} m of "
        "descent per km) or on a treadmill."
    )
    if load.recent_descent_per_km_m is not None:
        text += (
            f" Your runs of the last 30 days averaged {load.recent_descent_per_km_m:.0f} m per km."
        )
    return _note(rules.flat_route.item, text)


def _rest_note(load: LoadSummary, sore: bool, rules: CareRules, measures: MeasureRules) -> PlanNote:
    need = rules.rest_days.sore_min_rest_days if sore else measures.rest_days.min_rest_days
    days = "day" if need == 1 else "days"
    text = f"Keep at least {need} {days} a week free of running."
    if load.rest_days_last_7 is not None:
        text += f" The last 7 days had {load.rest_days_last_7} without a run."
    return _note(rules.rest_days.item if sore else measures.rest_days.item, text)


def _running_changes(
    inputs: PlanInputs, phase: Phase, knowledge: CareKnowledge, measures: MeasureRules
) -> tuple[PlanNote, ...]:
    """Running changes computed from the runner's own data (module docstring)."""
    load, rules = inputs.load, knowledge.rules
    sore = phase is not Phase.CHRONIC or bool(inputs.state.trend.current_score)
    notes = [_cadence_note(load, rules, measures), _long_run_note(load, rules, measures)]
    if load.worn_shoes:
        worn = ", ".join(load.worn_shoes)
        notes.append(
            _note(
                measures.shoe_retirement.item, f"Shoes past their range: {worn}. Plan a new pair."
            )
        )
    if sore:
        notes.append(_flat_note(load, rules))
    notes.append(_rest_note(load, sore, rules, measures))
    return tuple(notes)


def _trigger_notes(changes: Sequence[TriggerChange]) -> tuple[PlanNote, ...]:
    return tuple(c.note for c in changes)


def _advice(phase: Phase, knowledge: CareKnowledge) -> tuple[PlanNote, ...]:
    return tuple(
        PlanNote(a.id, a.summary, a.grade.value) for a in knowledge.advice if phase in a.phases
    )


def build_plan(
    inputs: PlanInputs,
    knowledge: CareKnowledge,
    measures: MeasureRules,
    changes: TriggerChanges | None = None,
) -> Plan:
    """The plan for ``inputs.weeks`` weeks from ``inputs.start`` (see the module docstring);
    ``changes``: the trigger changes by exposure (default: ``trigger_changes.yaml``)."""
    triage = inputs.state.triage
    if triage is None:
        reason = (
            "Answer the triage first (`backstride triage`): warning signs come before any plan."
        )
        return _withheld(inputs, reason, None)
    if triage.urgency.withholds_plan:
        advice = knowledge.urgency[triage.urgency].advice
        reason = (
            f"Triage reached {triage.urgency}: {advice} No plan until a clinician has seen you."
        )
        return _withheld(inputs, reason, triage.urgency)
    items = load_trigger_changes() if changes is None else changes
    confirmed = trigger_changes(inputs.triggers, items, inputs.runs, inputs.load, inputs.start)
    answers = with_diary_nerve_signs(triage.answers, inputs.state.trend.latest)
    active = {c.id for c in contraindications(answers, knowledge)}
    step = inputs.step.step if inputs.step is not None else knowledge.rules.steps.start_step_count
    weeks, return_week = [], 0
    first_phase = inputs.state.phase.tissue or Phase.SUBACUTE
    for index in range(inputs.weeks):
        start = inputs.start + timedelta(days=7 * index)
        info = _phase_in(inputs.state.phase, 7 * index, knowledge)
        phase = info.tissue or Phase.SUBACUTE
        mode = _mode(phase, inputs, knowledge, first=index == 0)
        running = limit_week(_week_running(mode, return_week, inputs, knowledge), start, confirmed)
        return_week += mode is RunDecision.EASY_RUN
        exercises = exercises_for(knowledge, phase, active, step, index, start, inputs.done_last_7)
        weeks.append(
            PlanWeek(
                index=index + 1,
                start=start,
                tissue_phase=info.tissue,
                clinical_phase=info.clinical,
                exercises=exercises,
                running=running,
            )
        )
    return Plan(
        start=inputs.start,
        urgency=triage.urgency,
        withheld=False,
        reason=None
        if inputs.state.phase.tissue
        else "Onset unknown: the plan assumes the subacute phase.",
        phase=inputs.state.phase,
        step=inputs.step,
        steps=inputs.steps,
        weeks=tuple(weeks),
        running_changes=_trigger_notes(confirmed)
        + _running_changes(inputs, first_phase, knowledge, measures),
        advice=_advice(first_phase, knowledge),
        left_out=left_out(knowledge, active),
        cadence=inputs.load.cadence,
        disclaimer=DISCLAIMER,
    )


def _phase_in(phase: PhaseInfo, days: int, knowledge: CareKnowledge) -> PhaseInfo:
    if phase.days_since_onset is None:
        return phase
    return phase_at(phase.days_since_onset + days, knowledge.phases)
