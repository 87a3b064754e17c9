"""Exposure rules on the session summaries of the real FIT runs in ../shared/data.

The values are those that a reference decoder found in the real files (manifest.json, made
with the official SDK when the data set was collected), so the rules meet real numbers:
running cadence in strides per minute (x 2 for steps), stance-time balance, sub-sports.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backstride.insight import (
    ExposureThresholds,
    PainEpisode,
    RunExposureInput,
    Status,
    analyse_triggers,
    exposure_table,
)
from backstride.model import SubSport
from tests.conftest import DATA


def real_runs() -> dict[str, RunExposureInput]:
    """One record per running session of a real FIT file with a creation time."""
    manifest: list[dict[str, Any]] = json.loads((DATA / "manifest.json").read_text("utf-8"))
    out = {}
    for entry in manifest:
        fit = entry.get("fit") or {}
        created = (fit.get("file_id") or {}).get("time_created")
        if not isinstance(created, str) or "-" not in created:
            continue
        start = datetime.fromisoformat(created).astimezone(UTC)
        for i, s in enumerate(fit.get("sessions") or []):
            if s.get("sport") != "running" or not s.get("total_distance"):
                continue
            strides = s.get("avg_running_cadence")
            out[f"{entry['file']}#{i}"] = RunExposureInput(
                start_utc=start + timedelta(seconds=i),
                local_date=start.date(),
                distance_m=float(s["total_distance"]),
                moving_s=s.get("total_timer_time"),
                avg_cadence_spm=2.0 * strides if strides else None,
                sub_sport=SubSport(s["sub_sport"]) if s.get("sub_sport") else SubSport.GENERIC,
                stance_time_balance_left_pct=s.get("avg_stance_time_balance"),
            )
    return out


@pytest.fixture(scope="module")
def runs() -> dict[str, RunExposureInput]:
    found = real_runs()
    assert len(found) >= 15
    return found


def flag(runs: dict[str, RunExposureInput], name: str, file: str) -> float | None:
    keys = list(runs)
    table = exposure_table(list(runs.values()), ExposureThresholds.from_knowledge())
    order = sorted(range(len(keys)), key=lambda i: runs[keys[i]].start_utc)
    index = order.index(keys.index(file))
    value = float(table.flags[name][index])
    return None if math.isnan(value) else value


def test_stance_time_balance_of_real_runs(runs: dict[str, RunExposureInput]) -> None:
    """Fenix 5: 52.39 % left (beyond 50.7); Stryd/Garmin treadmill run: 49.91 % (50.09 right)."""
    assert flag(runs, "gct_imbalance", "fit/fitparse__garmin-fenix-5-run.fit#0") == 1.0
    assert flag(runs, "gct_imbalance", "fit/sportslib__6860622783.fit#0") == 0.0
    assert flag(runs, "gct_imbalance", "fit/runpandas__run.fit#0") is None


def test_surface_tags_of_real_runs(runs: dict[str, RunExposureInput]) -> None:
    assert flag(runs, "treadmill", "fit/sportslib__6860622783.fit#0") == 1.0
    assert flag(runs, "trail", "fit/sportslib__6909950168.fit#0") == 1.0
    assert flag(runs, "trail", "fit/runpandas__run.fit#0") == 0.0


def test_real_history_with_few_episodes_is_insufficient(runs: dict[str, RunExposureInput]) -> None:
    """Real runs spread over years and two made-up onsets: nothing can be named."""
    history = list(runs.values())
    onsets = [PainEpisode(r.start_utc + timedelta(hours=20)) for r in history[:2]]
    out = analyse_triggers(history, onsets, trends=False)
    assert out.status is Status.INSUFFICIENT_DATA
    assert out.episodes == 2 and out.episodes_needed >= 8
