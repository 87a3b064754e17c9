"""Synthetic inputs for the care tests (runs, diary entries) with a fixed clock.

The runs are made up: a runner with a steady 10 km and a weekly long run, cadence values chosen
by each test, so that expected caps and targets can be worked out by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from backstride.care import (
    CareState,
    LoadSummary,
    PlanInputs,
    RecentRun,
    care_state,
    parse_answers,
    summarise_load,
    triage,
)
from backstride.knowledge import load_rules
from backstride.knowledge.care import load_care
from backstride.model import PainEntry, PainType, PlanStep

NOW = datetime(2026, 9, 1, 7, 0, tzinfo=UTC)


def runs_every_other_day(
    days: int = 60, cadence: float | None = 165.0, long_m: float = 16_000.0
) -> list[RecentRun]:
    """A run every second day up to two days before NOW: 8 km, every fourth one ``long_m``."""
    out = []
    for k, back in enumerate(range(days, 1, -2)):
        start = NOW - timedelta(days=back)
        out.append(
            RecentRun(
                id=k + 1,
                start_utc=start,
                local_date=start.date(),
                distance_m=long_m if k % 4 == 3 else 8_000.0,
                elapsed_s=3000.0,
                avg_cadence_spm=cadence,
                descent_m_per_km=6.0,
            )
        )
    return out


def load_of(runs: Sequence[RecentRun], now: datetime = NOW) -> LoadSummary:
    return summarise_load(runs, [], [], {}, now, load_care().rules, load_rules())


def state_for(
    answers: dict[str, Any] | None, pain: Sequence[PainEntry] = (), now: datetime = NOW
) -> CareState:
    care = load_care()
    result = None
    if answers is not None:
        result = triage(parse_answers(answers, care), care, now - timedelta(minutes=5))
    return care_state(result, pain, now, care)


def pain(score: int, hours_ago: float, now: datetime = NOW) -> PainEntry:
    return PainEntry(
        time_utc=now - timedelta(hours=hours_ago),
        score=score,
        pain_type=PainType.DULL,
        location="lower back",
    )


def inputs_for(
    answers: dict[str, Any] | None,
    runs: Sequence[RecentRun] | None = None,
    pain_entries: Sequence[PainEntry] = (),
    weeks: int = 4,
    step: int = 1,
) -> PlanInputs:
    runs = runs_every_other_day() if runs is None else runs
    return PlanInputs(
        start=NOW.date(),
        weeks=weeks,
        state=state_for(answers, pain_entries),
        load=load_of(runs),
        steps=(PlanStep(step, None, NOW, "test"),),
        done_last_7={},
    )
