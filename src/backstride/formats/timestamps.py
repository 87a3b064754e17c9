"""ISO 8601 timestamps as written in GPX and TCX files, to seconds since the Unix epoch (UTC).

Accepted: ``Z`` or ``z``, numeric offsets (``+02:00``, ``+0200``, ``-03``), fractional seconds
of any length, a space instead of ``T``, and no zone at all (taken as UTC, as the GPX 1.1 and
TCX schemas prescribe UTC). Python 3.11's ``datetime.fromisoformat`` does the parsing.

Instants outside 1970-2100 are refused as garbage (GPS receivers without a fix write such
dates) so that every later datetime operation stays in range.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

EARLIEST_S = 0.0  # 1970-01-01T00:00:00Z
LATEST_S = 4_102_444_800.0  # 2100-01-01T00:00:00Z


def _parse_as_written(text: str | None) -> datetime | None:
    """The datetime the text states, naive when it states no zone; None when it is not one."""
    if not text:
        return None
    text = text.strip()
    if text.endswith("z"):
        text = text[:-1] + "Z"
    try:
        moment = datetime.fromisoformat(text)
        seconds = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    except (ValueError, OverflowError):
        return None
    return moment if EARLIEST_S <= seconds < LATEST_S else None


def parse_datetime(text: str | None) -> datetime | None:
    """The instant a timestamp names as an aware datetime (naive text taken as UTC), or None.

    The datetime keeps the offset the text states.
    """
    moment = _parse_as_written(text)
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def epoch_s(text: str | None) -> float:
    """Seconds since 1970-01-01T00:00:00Z, or NaN when the text is not a timestamp."""
    moment = parse_datetime(text)
    return math.nan if moment is None else moment.timestamp()


def stated_offset_s(text: str | None) -> int | None:
    """The UTC offset (seconds) a timestamp states with a numeric offset; None for ``Z`` or none.

    ``Z`` means the writer converted to UTC, so it says nothing about the local clock; an explicit
    ``+00:00`` is taken as a statement that local time was UTC.
    """
    moment = _parse_as_written(text)
    if moment is None or text is None or text.strip()[-1:] in ("Z", "z"):
        return None
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds())


def utc_from_epoch(seconds: float) -> datetime:
    """An aware UTC datetime from seconds since the epoch."""
    return datetime.fromtimestamp(seconds, tz=UTC)
