"""Make distinct copies of a real FIT file by moving every absolute timestamp by a fixed amount.

Used by the import benchmark to build many different activities from a few real recordings.
Walks the FIT structure (headers, definitions, data messages; chained files too), adds the shift to
every date_time field that the FIT profile defines for the messages below, and rewrites each CRC.
Compressed-timestamp headers need nothing: they are offsets from the last full timestamp.
"""

from __future__ import annotations

import struct

from backstride.formats.fit.crc import crc16

# (global message number, field number) of date_time fields; 253 is the timestamp of any message.
DATE_FIELDS = {(0, 4), (18, 2), (19, 2), (34, 5), (21, 3)}
TIMESTAMP = 253
RELATIVE_LIMIT = 0x10000000  # smaller values are seconds since device power-on, not dates
INVALID = 0xFFFFFFFF


def shift(data: bytes, seconds: int) -> bytes:
    """A copy of ``data`` with every absolute FIT timestamp moved by ``seconds``."""
    out = bytearray(data)
    pos = 0
    while pos + 12 <= len(out) and out[pos + 8 : pos + 12] == b".FIT":
        header_size = out[pos]
        data_size = struct.unpack_from("<I", out, pos + 4)[0]
        start, end = pos + header_size, pos + header_size + data_size
        _shift_messages(out, start, end, seconds)
        struct.pack_into("<H", out, end, crc16(out[pos:end]))
        pos = end + 2
    return bytes(out)


def _shift_messages(out: bytearray, pos: int, end: int, seconds: int) -> None:
    layouts: dict[int, tuple[str, list[tuple[int, int]], int]] = {}
    while pos < end:
        header = out[pos]
        pos += 1
        if header & 0x80:  # compressed timestamp data message
            endian, patches, size = layouts[(header >> 5) & 0x3]
        elif header & 0x40:  # definition
            endian = ">" if out[pos + 1] else "<"
            global_num = struct.unpack_from(endian + "H", out, pos + 2)[0]
            n = out[pos + 4]
            fields = [tuple(out[pos + 5 + 3 * i : pos + 8 + 3 * i]) for i in range(n)]
            pos += 5 + 3 * n
            size = sum(f[1] for f in fields)
            if header & 0x20:
                n_dev = out[pos]
                size += sum(out[pos + 2 + 3 * i] for i in range(n_dev))
                pos += 1 + 3 * n_dev
            patches, offset = [], 0
            for num, fsize, _base in fields:
                if fsize == 4 and (num == TIMESTAMP or (global_num, num) in DATE_FIELDS):
                    patches.append((offset, fsize))
                offset += fsize
            layouts[header & 0xF] = (endian, patches, size)
            continue
        else:
            endian, patches, size = layouts[header & 0xF]
        for offset, _ in patches:
            value = struct.unpack_from(endian + "I", out, pos + offset)[0]
            if RELATIVE_LIMIT <= value != INVALID:
                struct.pack_into(endian + "I", out, pos + offset, value + seconds)
        pos += size
