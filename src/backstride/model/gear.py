"""Shoes and other gear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Gear:
    id: int
    name: str
    added_utc: datetime
    retired_utc: datetime | None = None
    brand: str | None = None
    model: str | None = None
    start_distance_m: float = 0.0  # distance already on the shoe before backstride knew it
