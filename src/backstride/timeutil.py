"""Time helpers: the local clock of an activity when its file does not state it."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import tzfpy

from backstride.model import Activity, Channel, Profile


def zone_at(lat_deg: float, lon_deg: float) -> str | None:
    """The IANA time-zone name at a position (offline lookup; at sea the nautical zone, such as
    ``Etc/GMT+2``), or None on bad input.

    tzfpy rather than timezonefinder: the same boundary data (timezone-boundary-builder) behind
    a Rust lookup that is ready in about 0.09 s instead of 1.0-1.3 s, a cost every import
    process paid for its first file without a UTC offset. The two agreed on 99.6 % of 5,000
    random points in 2026-12; most of the rest is Xinjiang, which newer boundary data give to
    Asia/Shanghai rather than Asia/Urumqi.
    """
    if not (np.isfinite(lat_deg) and np.isfinite(lon_deg)):
        return None
    if not (-90.0 <= lat_deg <= 90.0 and -180.0 <= lon_deg <= 180.0):
        return None
    name = tzfpy.get_tz(float(lon_deg), float(lat_deg))
    return str(name) if name else None


def profile_zone(profile: Profile) -> tzinfo:
    """The runner's time zone: the profile's IANA zone, else this machine's local zone."""
    if profile.timezone:
        try:
            return ZoneInfo(profile.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    zone = datetime.now(UTC).astimezone().tzinfo
    return zone if zone is not None else UTC


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
