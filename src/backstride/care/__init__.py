"""Listening and acting on pain (pure): triage, phases, "should I run today", the plan.

Knowledge comes from :func:`backstride.knowledge.care.load_care`; the services feed the diary,
the triage answers and the runs in. Nothing here touches the store or the faces. backstride
informs and never diagnoses (:data:`DISCLAIMER`).
"""

from backstride.care.answers import (
    answers_as_dict,
    number_from_text,
    parse_answers,
    parse_given_answers,
)
from backstride.care.calendar import plan_calendar
from backstride.care.diary import (
    MAX_DIARY_BYTES,
    NewRows,
    Repeat,
    check_entry,
    decode_diary,
    entry_key,
    format_pain_csv,
    ignored_columns,
    new_rows,
    parse_pain_csv,
    read_pain_csv,
    run_before,
    runs_before,
    tidy_entry,
)
from backstride.care.disclaimer import DISCLAIMER
from backstride.care.dosing import dose_text
from backstride.care.inputs import RecentRun
from backstride.care.load import LoadSummary, cadence_target, summarise_load
from backstride.care.phases import phase_at
from backstride.care.plan import MAX_WEEKS, PlanInputs, build_plan
from backstride.care.progress import next_step, step_history
from backstride.care.signals import SIGNALS, Signal, detect_causes, run_signals
from backstride.care.today import CareState, care_state, should_run_today
from backstride.care.trend import PainTrend, pain_trend
from backstride.care.triage import contraindications, highest_urgency, raised_flags, triage
from backstride.care.triggers import ConfirmedTrigger, TriggerChange, trigger_changes

__all__ = [
    "DISCLAIMER",
    "MAX_DIARY_BYTES",
    "MAX_WEEKS",
    "SIGNALS",
    "CareState",
    "ConfirmedTrigger",
    "LoadSummary",
    "NewRows",
    "PainTrend",
    "PlanInputs",
    "RecentRun",
    "Repeat",
    "Signal",
    "TriggerChange",
    "answers_as_dict",
    "build_plan",
    "cadence_target",
    "care_state",
    "check_entry",
    "contraindications",
    "decode_diary",
    "detect_causes",
    "dose_text",
    "entry_key",
    "format_pain_csv",
    "highest_urgency",
    "ignored_columns",
    "new_rows",
    "next_step",
    "number_from_text",
    "pain_trend",
    "parse_answers",
    "parse_given_answers",
    "parse_pain_csv",
    "phase_at",
    "plan_calendar",
    "raised_flags",
    "read_pain_csv",
    "run_before",
    "run_signals",
    "runs_before",
    "should_run_today",
    "step_history",
    "summarise_load",
    "tidy_entry",
    "triage",
    "trigger_changes",
]
