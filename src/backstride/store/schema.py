"""The one relational schema, written so that it runs on SQLite and on PostgreSQL.

Times are stored as aware UTC datetimes (see :class:`UTCDateTime`); lengths in metres, durations in
seconds. Per-sample streams are not in the database: they live in one Arrow IPC file per activity
(``stream_key`` names it), which keeps the database small and lets a cohort job read them directly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from backstride.model.care import MAX_LOCATION_CHARS


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite stores it naive, in UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("format", String(8), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("imported_utc", UTCDateTime, nullable=False),
    Column("warnings", JSON, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("manufacturer", String(64)),
    Column("product", String(64)),
    Column("serial_number", String(64)),
    Column("software_version", String(32)),
    UniqueConstraint("manufacturer", "product", "serial_number", name="uq_devices_identity"),
)

gear = Table(
    "gear",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("brand", String(100)),
    Column("model", String(100)),
    Column("added_utc", UTCDateTime, nullable=False),
    Column("retired_utc", UTCDateTime),
    Column("start_distance_m", Float, nullable=False, default=0.0),
)

profile = Table(
    "profile",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("height_m", Float),
    Column("weight_kg", Float),
    Column("birth_year", Integer),
    Column("units", String(2), nullable=False, default="km"),
    Column("max_hr_bpm", Float),
    Column("resting_hr_bpm", Float),
    Column("timezone", String(64)),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("session_index", Integer, nullable=False),
    Column("device_id", Integer, ForeignKey("devices.id")),
    Column("gear_id", Integer, ForeignKey("gear.id", ondelete="SET NULL")),
    Column("sport", String(32), nullable=False),
    Column("sub_sport", String(32), nullable=False),
    Column("start_utc", UTCDateTime, nullable=False),
    Column("utc_offset_s", Integer),
    Column("name", Text),
    Column("surface_override", String(16)),
    Column("stream_key", String(80)),
    Column("n_samples", Integer, nullable=False),
    # what the file states
    Column("file_elapsed_s", Float),
    Column("file_timer_s", Float),
    Column("file_distance_m", Float),
    Column("calories_kcal", Float),
    # measures (backstride.model.RunMeasures)
    Column("distance_m", Float, nullable=False),
    Column("elapsed_s", Float, nullable=False),
    Column("moving_s", Float, nullable=False),
    Column("avg_speed_mps", Float),
    Column("ascent_m", Float),
    Column("descent_m", Float),
    Column("descent_m_per_km", Float),
    Column("steep_descent_s", Float),
    Column("avg_cadence_spm", Float),
    Column("cadence_by_speed", JSON, nullable=False),
    Column("avg_step_length_m", Float),
    Column("step_length_height_ratio", Float),
    Column("avg_vertical_oscillation_m", Float),
    Column("avg_vertical_ratio_pct", Float),
    Column("avg_stance_time_s", Float),
    Column("stance_time_balance_left_pct", Float),
    Column("avg_power_w", Float),
    Column("avg_temperature_c", Float),
    Column("max_temperature_c", Float),
    Column("avg_hr_bpm", Float),
    Column("max_hr_bpm", Float),
    Column("hr_zone_s", JSON, nullable=False),
    Column("training_load", Float),
    Column("surface", String(16), nullable=False),
    UniqueConstraint("source_id", "session_index", name="uq_activities_source_session"),
    Index("ix_activities_start", "start_utc"),
    Index("ix_activities_sport_start", "sport", "start_utc"),
)

laps = Table(
    "laps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    Column("lap_index", Integer, nullable=False),
    Column("start_utc", UTCDateTime, nullable=False),
    Column("elapsed_s", Float),
    Column("timer_s", Float),
    Column("distance_m", Float),
    Column("avg_speed_mps", Float),
    Column("avg_hr_bpm", Float),
    Column("max_hr_bpm", Float),
    Column("avg_cadence_spm", Float),
    Column("ascent_m", Float),
    Column("descent_m", Float),
    Column("calories_kcal", Float),
    Index("ix_laps_activity", "activity_id"),
)


# --- care: pain diary, triage, plan state (issue 3) ------------------------------------------------
pain_entries = Table(
    "pain_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("time_utc", UTCDateTime, nullable=False),
    Column("utc_offset_s", Integer),
    Column("score", Integer, nullable=False),
    Column("pain_type", String(16), nullable=False),
    Column("location", String(MAX_LOCATION_CHARS), nullable=False),
    Column("radiates_below_knee", Boolean),
    Column("numbness_or_tingling", Boolean),
    Column("note", Text),
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="SET NULL")),
    Index("ix_pain_entries_time", "time_utc"),
)

triage_results = Table(
    "triage_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("time_utc", UTCDateTime, nullable=False),
    Column("answers", JSON, nullable=False),
    Column("urgency", String(16), nullable=False),
    Column("red_flags", JSON, nullable=False),
    Index("ix_triage_results_time", "time_utc"),
)

plan_adherence = Table(
    "plan_adherence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("time_utc", UTCDateTime, nullable=False),
    Column("exercise_id", String(80), nullable=False),
    Index("ix_plan_adherence_time", "time_utc"),
)


# --- gait: running-form analyses from video (issue 6) -----------------------------------------
#: One row per stored analysis. The big files (annotated video, summary image, result.json) stay
#: in ``folder`` (relative to the backstride home, POSIX separators); ``result`` repeats the
#: result JSON so that lists and charts need no file reads. ``recorded_from`` says where
#: ``recorded_utc`` came from: "given", "container", "file" or "analysed" (see
#: :mod:`backstride.services.gait`).
gait_analyses = Table(
    "gait_analyses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("analysed_utc", UTCDateTime, nullable=False),
    Column("recorded_utc", UTCDateTime, nullable=False),
    Column("recorded_from", String(16), nullable=False),
    Column("view", String(8), nullable=False),
    Column("video_name", Text, nullable=False),
    Column("folder", String(400), nullable=False, unique=True),
    Column("steps", Integer, nullable=False),
    Column("cadence_spm", Float),
    Column("result", JSON, nullable=False),
    Index("ix_gait_analyses_recorded", "recorded_utc"),
)
