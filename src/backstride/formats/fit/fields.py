"""Read field values of many messages at once, straight from the file's bytes.

For every NumPy type a FIT field can have, :class:`Source` keeps a read-only view of the
whole file with a stride of one byte (``view('<u4')[i]`` is the little-endian uint32 that
starts at byte ``i``). Reading a field of n messages is then one gather at ``offsets +
field offset``, whatever the layouts: a table of one global message number, spread over many
layouts (devices redefine records often), costs a few NumPy calls per field, not per layout.
Invalid values (the base type's sentinel, e.g. 0xFF for a uint8) become NaN; then ``value =
raw / scale - offset``.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from backstride.formats.fit.profile import BASE_TYPE_MASK, BASE_TYPES, STRING, BaseType, Field
from backstride.formats.fit.scan import FieldDef, Layout, Scan

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_UINT8 = BASE_TYPES[0x02]


class Source:
    """The bytes of a FIT file, with typed one-byte-stride views made on first use."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._views: dict[str, npt.NDArray[np.generic]] = {}

    def view(self, code: str) -> npt.NDArray[np.generic]:
        """The file as values of NumPy type ``code`` (e.g. ``'>i4'``) starting at every byte."""
        found = self._views.get(code)
        if found is None:
            count = max(len(self.data) - np.dtype(code).itemsize + 1, 0)
            found = np.ndarray((count,), dtype=code, buffer=self.data, strides=(1,))
            self._views[code] = found
        return found

    def values(self, positions: IntArray, base: BaseType, big_endian: bool) -> FloatArray:
        """float64 values of type ``base`` at byte ``positions``; invalid values -> NaN."""
        return _checked(self.view((">" if big_endian else "<") + base.code)[positions], base)


def _checked(raw: npt.NDArray[np.generic], base: BaseType) -> FloatArray:
    """Raw values as float64, the base type's invalid value as NaN."""
    out = raw.astype(np.float64)
    if base.invalid is not None:
        out[raw == base.invalid] = np.nan
    return out


def offsets_of(layout: Layout) -> IntArray:
    """Content offsets of every message of ``layout``, ascending."""
    pieces = [np.asarray(layout.offsets, dtype=np.int64)]
    pieces += [
        np.arange(first, first + count * stride, stride, dtype=np.int64)
        for first, count, stride in layout.runs
    ]
    offsets = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
    offsets.sort()
    return offsets


def numeric_type(definition: FieldDef) -> BaseType | None:
    """The type to read a numeric field with; None when the field cannot hold a number.

    An array field (size a multiple of the type's) is read as its first element; a field
    whose size is not a whole number of values ("misaligned") holds no usable number.
    """
    if definition.base_type == STRING:
        return None
    base = BASE_TYPES.get(definition.base_type & BASE_TYPE_MASK, _UINT8)
    if definition.size < base.size or definition.size % base.size:
        return None
    return base


@dataclass(frozen=True, slots=True)
class Plan:
    """How to read one column from one layout: type, byte order, offset in the content, and
    the conversion ``raw / scale - offset``."""

    base: BaseType
    big_endian: bool
    at: int
    scale: float = 1.0
    offset: float = 0.0


Locate = Callable[[Layout], Plan | None]
"""Where a column lies in a layout (None: the layout does not have it)."""

Extra = Callable[[Source, IntArray, Layout], dict[str, FloatArray]]
"""Computes extra columns for the messages of one layout at the given content offsets."""


def field_plan(spec: Field) -> Locate:
    """Locate a profile field: read with the type its definition declares (as the SDK does)."""

    def locate(layout: Layout) -> Plan | None:
        definition = layout.fields.get(spec.num)
        base = None if definition is None else numeric_type(definition)
        if base is None or definition is None:
            return None
        return Plan(base, layout.big_endian, definition.offset, spec.scale, spec.offset)

    return locate


def read_column(
    source: Source, offsets: IntArray, owner: npt.NDArray[np.intp], plans: list[Plan | None]
) -> FloatArray:
    """One column for messages at ``offsets`` whose layouts (indices ``owner``) have ``plans``."""
    groups: dict[tuple[BaseType, bool, float, float], list[int]] = {}
    for index, plan in enumerate(plans):
        if plan is not None:
            key = (plan.base, plan.big_endian, plan.scale, plan.offset)
            groups.setdefault(key, []).append(index)
    if len(groups) == 1 and None not in plans:
        (base, big_endian, scale, shift), _ = next(iter(groups.items()))
        starts = [plan.at for plan in plans if plan is not None]
        positions = offsets + (starts[0] if len(set(starts)) == 1 else np.asarray(starts)[owner])
        return _convert(source.values(positions, base, big_endian), scale, shift)
    column = np.full(len(offsets), np.nan)
    for (base, big_endian, scale, shift), members in groups.items():
        shifts = np.zeros(len(plans), dtype=np.int64)
        for index in members:
            plan = plans[index]
            assert plan is not None
            shifts[index] = plan.at
        rows = np.flatnonzero(np.isin(owner, members))
        raw = source.values(offsets[rows] + shifts[owner[rows]], base, big_endian)
        column[rows] = _convert(raw, scale, shift)
    return column


def _convert(values: FloatArray, scale: float, offset: float) -> FloatArray:
    if scale != 1.0:
        values /= scale
    if offset:
        values -= offset
    return values


_SMALL_TABLE = 24
"""Tables of at most this many messages (sessions, laps, file_id...) are read value by value
with ``struct``: for a handful of values that is faster than setting up NumPy calls."""
_STRUCT_CODES = {"u1": "B", "i1": "b", "u2": "H", "i2": "h", "u4": "I", "i4": "i"}
_STRUCT_CODES |= {"u8": "Q", "i8": "q", "f4": "f", "f8": "d"}


@cache
def _struct(base: BaseType, big_endian: bool) -> struct.Struct:
    return struct.Struct((">" if big_endian else "<") + _STRUCT_CODES[base.code])


def _read_small(
    source: Source, offsets: IntArray, owner: npt.NDArray[np.intp], plans: list[Plan | None]
) -> FloatArray:
    """:func:`read_column` for a few messages, one ``struct`` read per value."""
    values = []
    data = source.data
    for offset, index in zip(offsets.tolist(), owner.tolist(), strict=True):
        plan = plans[index]
        if plan is None:
            values.append(math.nan)
            continue
        raw = _struct(plan.base, plan.big_endian).unpack_from(data, offset + plan.at)[0]
        if raw == plan.base.invalid:
            values.append(math.nan)
        else:
            values.append(raw / plan.scale - plan.offset)
    return np.asarray(values, dtype=np.float64)


def read_table(
    source: Source,
    scan: Scan,
    global_num: int,
    wanted: Mapping[str, Field],
    virtual: Mapping[str, Locate] | None = None,
    extra: Extra | None = None,
) -> tuple[IntArray, dict[str, FloatArray]]:
    """The wanted fields of every message of one global number, in file order.

    Returns the content offsets (ascending) and one float64 column per wanted field, NaN
    where a message does not state it. ``virtual`` columns are located per layout by the
    caller (developer fields); ``extra`` computes columns per layout (compressed fields).
    """
    layouts = [layout for layout in scan.layouts.get(global_num, []) if layout.count]
    pieces = [offsets_of(layout) for layout in layouts]
    if not pieces:
        return np.zeros(0, dtype=np.int64), {name: np.zeros(0) for name in wanted}
    offsets = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
    owner = np.repeat(np.arange(len(layouts)), [len(piece) for piece in pieces])
    if len(pieces) > 1:
        order = np.argsort(offsets, kind="stable")
        offsets, owner = offsets[order], owner[order]
    locators = {name: field_plan(spec) for name, spec in wanted.items()}
    locators.update(virtual or {})
    columns = {}
    small = len(offsets) <= _SMALL_TABLE
    for name, locate in locators.items():
        plans = [locate(layout) for layout in layouts]
        if name in wanted or any(plans):
            read = _read_small if small else read_column
            columns[name] = read(source, offsets, owner, plans)
    if extra is not None:
        for index, layout in enumerate(layouts):
            rows = np.flatnonzero(owner == index)
            for name, values in extra(source, offsets[rows], layout).items():
                column = columns.get(name)
                if column is None:
                    column = columns[name] = np.full(len(offsets), np.nan)
                column[rows] = values
    return offsets, columns


def read_strings(source: Source, scan: Scan, global_num: int, field_num: int) -> dict[int, str]:
    """A string field of every message of one global number, by content offset.

    Strings are UTF-8, cut at the first NUL (an unterminated one fills its field); invalid
    bytes are replaced, empty strings left out.
    """
    found: dict[int, str] = {}
    for layout in scan.layouts.get(global_num, []):
        definition = layout.fields.get(field_num)
        if definition is None or not layout.count:
            continue
        for offset in offsets_of(layout).tolist():
            start = offset + definition.offset
            raw = source.data[start : start + definition.size]
            text = raw.split(b"\0", 1)[0].decode("utf-8", errors="replace").strip()
            if text:
                found[offset] = text
    return found
