"""The shapes of the JSON API, for its OpenAPI description. SI units; ``*_text`` for display."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from backstride.store import MAX_ROW_ID

#: An id in a URL path: a larger one than the store holds cannot name a row, and the database
#: driver cannot even ask for it.
RowId = Annotated[int, Path(ge=0, le=MAX_ROW_ID)]


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ProfileOut(_Out):
    height_m: float | None
    weight_kg: float | None
    birth_year: int | None
    units: str = Field(description="km or mi: the units every page shows")
    max_hr_bpm: float | None
    resting_hr_bpm: float | None
    timezone: str | None


class ProfileIn(BaseModel):
    """Fields to change; a missing field stays as it is."""

    model_config = ConfigDict(extra="forbid")
    height_cm: float | None = None
    weight_kg: float | None = None
    birth_year: int | None = None
    units: str | None = Field(None, description="km or mi")
    max_hr: float | None = None
    resting_hr: float | None = None
    timezone: str | None = Field(None, description="IANA name, e.g. Europe/Berlin")


class RunOut(_Out):
    """One activity: the foundation's run JSON (see ``backstride runs --json``) plus texts."""

    id: int
    source: str
    start_utc: str
    utc_offset_s: int | None
    local_date: str = Field(description="training day in the run's local time")
    name: str | None
    sport: str
    sub_sport: str
    shoe: str | None
    spike_pct: float | None = Field(description="vs the longest run of the previous 30 days")
    distance_m: float
    elapsed_s: float
    moving_s: float
    avg_speed_mps: float | None
    ascent_m: float | None
    descent_m: float | None
    avg_cadence_spm: float | None
    avg_hr_bpm: float | None
    training_load: float | None
    surface: str
    start_text: str
    distance_text: str
    pace_text: str


class RunList(BaseModel):
    total: int
    offset: int
    limit: int
    units: str
    runs: list[RunOut]


class RunDetail(RunOut):
    laps: list[dict[str, Any]]
    channels: list[str] = Field(description="stream channels with at least one value")


class WeekOut(_Out):
    week_start: str = Field(description="Monday of the week, local time")
    distance_m: float
    duration_s: float
    runs: int
    change_pct: float | None
    longest_run_m: float | None
    long_run_share: float | None
    rest_days: int
    acwr: float | None = Field(description="acute:chronic workload ratio (contested)")
    monotony: float | None
    strain: float | None


class LoadOut(BaseModel):
    units: str
    weeks: list[WeekOut]
    acwr: dict[str, Any]
    weekly_increase_high_pct: float


class ShoeOut(_Out):
    id: int
    name: str
    distance_m: float
    runs: int
    first_use: str | None
    last_use: str | None
    advice: str
    advice_grade: str
    in_rotation: bool
    retired: bool


class ShoesOut(BaseModel):
    units: str
    shoes: list[ShoeOut]
    rule: dict[str, Any]


class ImportJobOut(BaseModel):
    id: str
    state: str = Field(description="running, done or failed")
    files: int = Field(description="files uploaded")
    done: int = Field(description="activity files handled so far")
    total: int = Field(description="activity files expected (an estimate for archives)")
    current: str | None
    error: str | None
    report: dict[str, Any] | None = Field(
        description="as `backstride import --json`: imported, skipped, failed"
    )
    started_utc: str
    finished_utc: str | None


class Figure(BaseModel):
    """A Plotly figure: draw it with ``Plotly.newPlot(div, data, layout)``."""

    data: list[dict[str, Any]]
    layout: dict[str, Any]


class GaitAnalysisOut(_Out):
    """One running-form analysis as listed (``backstride gait VIDEO``)."""

    id: int
    recorded_utc: str | None = Field(description="when the video was filmed (UTC)")
    recorded_local: str | None = Field(description="the same on the runner's clock")
    recorded_from: str = Field(description="given, container, file or analysed")
    analysed_utc: str | None
    video_name: str
    view: str | None = Field(description="side or rear")
    steps: int | None = Field(description="foot contacts found, both feet")
    cadence_spm: float | None
    flags_text: str
    warnings: list[str]
    files_missing: bool = Field(description="the analysis's folder is gone; figures remain")
    page_url: str
    summary_url: str | None
    video_url: str | None


class GaitFindingOut(_Out):
    """One metric of an analysis with the cause and advice it links to."""

    name: str
    label: str
    value_text: str
    unit: str
    flag: str = Field(description="ok, low, high, a foot-strike pattern, or 'not judged'")
    confidence: float | None = Field(description="0 to 1")
    source: str = Field(description="knowledge item holding the thresholds and citation")
    cause_id: str | None
    cause: str | None
    advice: str | None
    grade: str | None = Field(description="evidence grade A, B or C of the cause")


class GaitDetailOut(GaitAnalysisOut):
    """An analysis in full: the stored result JSON and every finding."""

    result: dict[str, Any] = Field(
        description='{"view", "fps", "steps", "cadence_spm", "metrics", "warnings"}'
    )
    findings: list[GaitFindingOut]
