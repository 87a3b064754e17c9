"""Time helpers: the local clock of an activity when its file does not state it."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from backstride.model import Activity, Channel


@cache
def _finder() -> Any:
    from timezonefinder import TimezoneFinder

    # in memory: the data is read once and no file stays open for the life of the process
    return TimezoneFinder(in_memory=True)


def zone_at(lat_deg: float, lon_deg: float) -> str | None:
    """The IANA time-zone name at a position (offline lookup), or None at sea or on bad input."""
    if not (np.isfinite(lat_deg) and np.isfinite(lon_deg)):
        return None
    if not (-90.0 <= lat_deg <= 90.0 and -180.0 <= lon_deg <= 180.0):
        return None
    name = _finder().timezone_at(lng=float(lon_deg), lat=float(lat_deg))
    return str(name) if name else None


def offset_in_zone(zone: str, when_utc: datetime) -> int | None:
    """UTC offset in seconds of ``zone`` at the instant ``when_utc``."""
    try:
        offset = when_utc.astimezone(ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return None if offset is None else int(offset.total_seconds())


def first_position(activity: Activity) -> tuple[float, float] | None:
    lat = activity.stream.get(Channel.LAT_DEG)
    lon = activity.stream.get(Channel.LON_DEG)
    if lat is None or lon is None:
        return None
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    return None if ok.size == 0 else (float(lat[ok[0]]), float(lon[ok[0]]))


def local_offset(activity: Activity, fallback_zone: str | None) -> int | None:
    """The activity's local UTC offset: the file's own, else from where it started, else the
    runner's home zone (profile), else None (the caller then treats the day as UTC)."""
    if activity.utc_offset_s is not None:
        return activity.utc_offset_s
    pos = first_position(activity)
    zone = zone_at(*pos) if pos else None
    zone = zone or fallback_zone
    return offset_in_zone(zone, activity.start_utc) if zone else None
