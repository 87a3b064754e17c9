"""Training days: the calendar day of a run in the local time where it took place."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from backstride.errors import InputValueError

#: Real UTC offsets lie within -12 h .. +14 h; anything beyond a day is an error.
MAX_OFFSET_S = 24 * 3600


def local_date(start_utc: datetime, utc_offset_s: int | None) -> date:
    """The training day of a run starting at ``start_utc`` (aware), in its local time.

    ``utc_offset_s`` is the local clock's offset from UTC in seconds (east positive); None means
    the local time is unknown and the UTC day is used.
    """
    if start_utc.tzinfo is None:
        raise InputValueError("start_utc must be timezone-aware")
    offset = 0 if utc_offset_s is None else int(utc_offset_s)
    if abs(offset) >= MAX_OFFSET_S:
        raise InputValueError(f"UTC offset of {offset} s is more than a day")
    return (start_utc.astimezone(UTC) + timedelta(seconds=offset)).date()


def week_start(day: date) -> date:
    """The Monday of the week holding ``day`` (ISO weeks start on Monday)."""
    return day - timedelta(days=day.weekday())
