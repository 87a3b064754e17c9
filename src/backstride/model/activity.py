"""What a recording holds: one or more sport sessions ("activities"), laps, the device."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from backstride.model.stream import Stream


class SourceFormat(StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"


class Sport(StrEnum):
    RUNNING = "running"
    WALKING = "walking"
    HIKING = "hiking"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    TRANSITION = "transition"
    CROSS_COUNTRY_SKIING = "cross_country_skiing"
    STAND_UP_PADDLEBOARDING = "stand_up_paddleboarding"
    TRAINING = "training"
    OTHER = "other"


#: Sports done on foot: cadence counts steps, and the gear worn is a pair of shoes.
FOOT_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})


class SubSport(StrEnum):
    GENERIC = "generic"
    TREADMILL = "treadmill"
    STREET = "street"  # FIT's name for road running
    TRAIL = "trail"
    TRACK = "track"
    INDOOR = "indoor"
    VIRTUAL = "virtual"
    OTHER = "other"


class Surface(StrEnum):
    ROAD = "road"
    TRACK = "track"
    TRAIL = "trail"
    TREADMILL = "treadmill"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Device:
    manufacturer: str | None = None
    product: str | None = None
    serial_number: str | None = None
    software_version: str | None = None


@dataclass(frozen=True, slots=True)
class Lap:
    """One lap as the recording states it. Times are aware UTC datetimes; SI units."""

    start_utc: datetime
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    avg_speed_mps: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    calories_kcal: float | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """One sport session of a recording (a multisport file holds several).

    The summary fields are what the file itself states (None where it states nothing);
    measures computed from the stream live in :class:`backstride.model.RunMeasures`.
    ``utc_offset_s`` is the offset of the local clock where the activity took place, when
    the file tells it or the position implies it; the training day is taken in that time.
    """

    sport: Sport
    sub_sport: SubSport
    start_utc: datetime
    stream: Stream = field(default_factory=Stream.empty)
    laps: tuple[Lap, ...] = ()
    utc_offset_s: int | None = None
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    avg_power_w: float | None = None
    calories_kcal: float | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise ValueError("start_utc must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Recording:
    """Everything decoded from one file: its sessions, the device, and any warnings."""

    format: SourceFormat
    activities: tuple[Activity, ...]
    device: Device | None = None
    warnings: tuple[str, ...] = ()
