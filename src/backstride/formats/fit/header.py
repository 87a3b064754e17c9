"""FIT file headers: find the parts of a (possibly chained) file and check their checksums.

A FIT file is ``header | data records | CRC``; the header (12 or 14 bytes) gives its own size,
the size of the data records and the text ``.FIT``. Several such files may follow each other
("chained"). A 14-byte header carries its own CRC, where 0 means "not computed" (valid).
"""

from __future__ import annotations

from dataclasses import dataclass

from backstride.errors import FileFormatError
from backstride.formats.fit.crc import crc16

_MAGIC = b".FIT"
_MIN_HEADER = 12
_CRC_SIZE = 2


@dataclass(frozen=True, slots=True)
class Part:
    """One FIT file within the bytes: its data records lie in ``[start, end)``."""

    header_at: int
    start: int
    end: int
    open_ended: bool = False  # the header gave no size: the last 2 bytes may be a CRC
    declared_end: int | None = None  # set when the header declares more bytes than there are


def _looks_like_header(data: bytes, at: int) -> bool:
    return at + _MIN_HEADER <= len(data) and data[at + 8 : at + 12] == _MAGIC


def _check_header_crc(data: bytes, at: int, size: int, warnings: list[str]) -> None:
    if size < 14 or at + 14 > len(data):
        return
    stated = int.from_bytes(data[at + 12 : at + 14], "little")
    if stated and stated != crc16(memoryview(data)[at : at + 12]):
        warnings.append(f"header CRC mismatch at byte {at} (header ignored for checks)")


def _part_at(data: bytes, at: int, warnings: list[str]) -> Part:
    size = data[at]
    data_size = int.from_bytes(data[at + 4 : at + 8], "little")
    start = at + max(size, _MIN_HEADER)
    _check_header_crc(data, at, size, warnings)
    if data_size == 0:
        if len(data) > start + _CRC_SIZE:
            warnings.append(f"header at byte {at} declares no data; read on to the end of the file")
        return Part(at, start, max(start, len(data)), open_ended=True)
    end = start + data_size
    if end > len(data):
        return Part(at, start, len(data), declared_end=end + _CRC_SIZE)
    stated = data[end : end + _CRC_SIZE]
    if len(stated) < _CRC_SIZE:
        warnings.append(f"file CRC missing at byte {end}")
    elif crc16(memoryview(data)[at:end]) != int.from_bytes(stated, "little"):
        warnings.append(f"CRC mismatch in the FIT data ending at byte {end}")
    return Part(at, start, end)


def split_parts(data: bytes, path: str, warnings: list[str]) -> list[Part]:
    """The FIT parts of ``data``, in order; warnings collect what was recovered from.

    Raises FileFormatError when the bytes are empty or do not start with a FIT header.
    """
    if not data:
        raise FileFormatError(path, "file is empty", 0)
    if not _looks_like_header(data, 0):
        raise FileFormatError(path, "not a FIT file (no '.FIT' header)", 0)
    parts = [_part_at(data, 0, warnings)]
    at = parts[-1].end + _CRC_SIZE
    while at < len(data):
        if not _looks_like_header(data, at):
            warnings.append(f"{len(data) - at} trailing bytes after byte {at} ignored")
            break
        parts.append(_part_at(data, at, warnings))
        at = parts[-1].end + _CRC_SIZE
    return parts
