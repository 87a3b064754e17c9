"""The runner's profile."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Units(StrEnum):
    KM = "km"
    MI = "mi"


@dataclass(frozen=True, slots=True)
class Profile:
    height_m: float | None = None
    weight_kg: float | None = None
    birth_year: int | None = None
    units: Units = Units.KM
    max_hr_bpm: float | None = None
    resting_hr_bpm: float | None = None
    timezone: str | None = None  # IANA name used when a file gives no local offset
