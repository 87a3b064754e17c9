"""A minimal FIT encoder for tests: definitions and data messages written byte by byte.

It writes what the FIT protocol allows and real devices vary: either byte order per definition,
any field order, any local message number, redefinitions in mid-file, fields the profile does not
know, and a field's base type other than the profile's. Only tests use it, to make files whose
layouts the real files in ../shared/data do not cover; each file is also decoded by the official
SDK, which is the reference.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from backstride.formats.fit.crc import crc16

#: Base types by code: (struct format character, size in bytes, invalid value).
BASE_TYPES: dict[int, tuple[str, int, int]] = {
    0x00: ("B", 1, 0xFF),  # enum
    0x01: ("b", 1, 0x7F),  # sint8
    0x02: ("B", 1, 0xFF),  # uint8
    0x07: ("s", 1, 0x00),  # string (UTF-8, NUL-padded to the field's size)
    0x83: ("h", 2, 0x7FFF),  # sint16
    0x84: ("H", 2, 0xFFFF),  # uint16
    0x85: ("i", 4, 0x7FFF_FFFF),  # sint32
    0x86: ("I", 4, 0xFFFF_FFFF),  # uint32
    0x88: ("f", 4, 0xFFFF_FFFF),  # float32 (invalid: all bits set)
    0x0A: ("B", 1, 0x00),  # uint8z
    0x8B: ("H", 2, 0x0000),  # uint16z
    0x8C: ("I", 4, 0x0000_0000),  # uint32z
    0x0D: ("B", 1, 0xFF),  # byte
}

Value = int | float | str | list[int | None] | None


@dataclass(frozen=True, slots=True)
class Field:
    num: int
    base_type: int
    count: int = 1  # values in the field (an array when more than one; bytes of a string)
    developer: int | None = None  # the developer data index of a developer field

    @property
    def size(self) -> int:
        return BASE_TYPES[self.base_type][1] * self.count

    @property
    def key(self) -> int | tuple[int, int]:
        """How :meth:`Definition.data` finds the field's value: its number, or (index, number)
        for a developer field."""
        return self.num if self.developer is None else (self.developer, self.num)

    def encode(self, value: Value, order: str) -> bytes:
        fmt, _, invalid = BASE_TYPES[self.base_type]
        if fmt == "s":
            raw = b"" if value is None else str(value).encode()[: self.size - 1]
            return raw.ljust(self.size, b"\0")
        items = value if isinstance(value, list) else [value] * self.count
        if fmt == "f":
            return b"".join(
                b"\xff" * 4 if v is None else struct.pack(f"{order}f", v) for v in items
            )
        return struct.pack(
            f"{order}{self.count}{fmt}", *(invalid if v is None else v for v in items)
        )


@dataclass(frozen=True, slots=True)
class Definition:
    local: int
    global_num: int
    fields: tuple[Field, ...]
    big_endian: bool = False
    developer_fields: tuple[Field, ...] = ()

    def encode(self) -> bytes:
        order = ">" if self.big_endian else "<"
        head = struct.pack(
            f"{order}BBBHB",
            0x40 | (0x20 if self.developer_fields else 0) | self.local,
            0,
            1 if self.big_endian else 0,
            self.global_num,
            len(self.fields),
        )
        body = b"".join(bytes((f.num, f.size, f.base_type)) for f in self.fields)
        if self.developer_fields:
            body += bytes((len(self.developer_fields),))
            body += b"".join(
                bytes((f.num, f.size, f.developer or 0)) for f in self.developer_fields
            )
        return head + body

    def data(self, values: dict[int | tuple[int, int], Value]) -> bytes:
        """A data message; a field missing from ``values`` or None is written invalid."""
        order = ">" if self.big_endian else "<"
        out = bytearray((self.local,))
        for f in (*self.fields, *self.developer_fields):
            out += f.encode(values.get(f.key), order)
        return bytes(out)


def fit_file(body: bytes, profile_version: int = 2132) -> bytes:
    """A whole FIT file: a 14-byte header with its CRC, ``body``, and the file CRC."""
    head = struct.pack("<BBHI4s", 14, 0x20, profile_version, len(body), b".FIT")
    head += struct.pack("<H", crc16(head))
    whole = head + body
    return whole + struct.pack("<H", crc16(whole))
