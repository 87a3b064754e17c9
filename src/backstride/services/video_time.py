"""When a video was filmed, from its MP4 / QuickTime container: the ``mvhd`` box's creation time.

OpenCV does not expose container metadata, and no small library was at hand (pymediainfo ships
a 15 MB native library for one field; hachoir and mutagen are GPL; pymp4 pins a 2017 release
of construct), so this reads the one box itself.

The layout (ISO/IEC 14496-12, section 4.2 box header and 8.2.2 movie header; the QuickTime File
Format uses the same boxes): a file is a sequence of boxes, each a 32-bit big-endian size and a
4-byte type (size 1: a 64-bit size follows; size 0: the box runs to the end of the file). The
``moov`` box holds ``mvhd``: 1 byte version, 3 bytes flags, then the creation time in seconds
since 1904-01-01 00:00 UTC (32 bits in version 0, 64 bits in version 1). 0 means unknown. The
standard says UTC; a few cameras write their local clock instead, which the runner can correct
with ``backstride gait --recorded``.

Hostile input: every size is checked against the file and the enclosing box, at most
:data:`MAX_BOXES` headers are read and nothing is read whole, so a crafted file costs a few
small reads and gives None rather than an error.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

#: The epoch of MP4 and QuickTime times.
MP4_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
#: Box headers read at most (top level and inside ``moov`` together).
MAX_BOXES = 1024
#: Times before this are treated as unset clocks (a camera that never had its date set).
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def _header(f: BinaryIO, start: int, end: int) -> tuple[bytes, int, int] | None:
    """(type, payload start, box end) of the box at ``start``, or None when malformed."""
    if end - start < 8:
        return None
    f.seek(start)
    head = f.read(8)
    if len(head) < 8:
        return None
    size, kind = struct.unpack(">I4s", head)
    payload = start + 8
    if size == 1:
        large = f.read(8)
        if len(large) < 8:
            return None
        size = struct.unpack(">Q", large)[0]
        payload = start + 16
    elif size == 0:
        size = end - start
    if size < payload - start or start + size > end:
        return None
    return kind, payload, start + size


def _find(f: BinaryIO, kind: bytes, start: int, end: int, budget: list[int]) -> tuple[int, int]:
    """(payload start, end) of the first box of ``kind`` between ``start`` and ``end``."""
    pos = start
    while pos < end and budget[0] > 0:
        budget[0] -= 1
        found = _header(f, pos, end)
        if found is None:
            break
        box, payload, box_end = found
        if box == kind:
            return payload, box_end
        pos = box_end
    return -1, -1


def _mvhd_time(f: BinaryIO, payload: int, end: int) -> int | None:
    f.seek(payload)
    head = f.read(min(12, end - payload))
    if len(head) < 8:
        return None
    version = head[0]
    if version == 0:
        return int(struct.unpack(">I", head[4:8])[0])
    if version == 1 and len(head) == 12:
        return int(struct.unpack(">Q", head[4:12])[0])
    return None


def creation_time(f: BinaryIO, size: int, now: datetime) -> datetime | None:
    """The movie header's creation time of the MP4/MOV in ``f`` (``size`` bytes), as aware UTC;
    None when there is none, it is unset (0, before 1990) or later than ``now`` plus a day."""
    budget = [MAX_BOXES]
    moov, moov_end = _find(f, b"moov", 0, size, budget)
    if moov < 0:
        return None
    mvhd, mvhd_end = _find(f, b"mvhd", moov, moov_end, budget)
    if mvhd < 0:
        return None
    seconds = _mvhd_time(f, mvhd, mvhd_end)
    if not seconds:
        return None
    try:
        when = MP4_EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None
    if when < EARLIEST or when > now + timedelta(days=1):
        return None
    return when


def video_creation_time(path: Path, now: datetime) -> datetime | None:
    """:func:`creation_time` of a file; None too when it cannot be read."""
    try:
        with path.open("rb") as f:
            return creation_time(f, path.stat().st_size, now)
    except OSError:
        return None
