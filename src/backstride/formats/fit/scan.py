"""One pass over the data records: parse definitions, and locate every data message.

The pass reads only record headers. Data messages are grouped by their layout (the definition
in force), and runs of messages that repeat with a fixed stride -- a run of one layout, or two
layouts alternating, as in record/hrv files -- are measured in C with a strided ``bytes`` slice
instead of one Python step per message. That is exact: a data header byte names its layout,
and the layout fixes the size, so a repeated header at the expected stride is the next message.
Field values are read afterwards, for all layouts of a message at once, by
:mod:`backstride.formats.fit.fields`.

Recovery: an undefined local message type is skipped by searching for the next offset from
which a chain of messages parses; a message cut off by the end of the data ends the part. Both
leave a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from backstride.formats.fit.header import Part
from backstride.formats.fit.profile import TIMESTAMP, WANTED_FIELDS

_BULK = 32  # runs at least this long are kept as (start, count, stride), not expanded
_PROBE = 16  # messages looked at before a strided slice over the rest of the data
_CHAIN = 12  # messages that must parse after an offset for a resync to accept it
_ONE_BYTE = [bytes((value,)) for value in range(256)]
_TIMESTAMP_ONLY = frozenset({TIMESTAMP.num})


@dataclass(frozen=True, slots=True)
class FieldDef:
    """Where a field lies in a message's content, and its FIT base type number."""

    offset: int
    size: int
    base_type: int


@dataclass(frozen=True, slots=True)
class DevFieldDef:
    """A developer field in a message's content; its meaning comes from field_description."""

    dev_index: int
    num: int
    offset: int
    size: int


@dataclass(slots=True, eq=False)
class Layout:
    """One message layout and the content offsets of the messages that use it."""

    global_num: int
    big_endian: bool
    size: int
    fields: dict[int, FieldDef]
    dev_fields: tuple[DevFieldDef, ...]
    offsets: list[int] = field(default_factory=list)
    runs: list[tuple[int, int, int]] = field(default_factory=list)  # (offset, count, stride)

    def add(self, first: int, count: int, stride: int) -> None:
        if count >= _BULK:
            self.runs.append((first, count, stride))
        else:
            self.offsets.extend(range(first, first + count * stride, stride))

    @property
    def count(self) -> int:
        return len(self.offsets) + sum(run[1] for run in self.runs)


@dataclass(slots=True)
class Scan:
    """What the pass found: layouts by global message number, compressed-timestamp messages."""

    layouts: dict[int, list[Layout]] = field(default_factory=dict)
    compressed: list[tuple[int, int]] = field(default_factory=list)  # (offset, 5-bit time)
    warnings: list[str] = field(default_factory=list)


def _leading(data: bytes, first: int, stop: int, stride: int, value: int) -> int:
    """How many of ``data[first::stride]`` before ``stop`` equal ``value``, from the start."""
    probe_stop = min(stop, first + _PROBE * stride)
    probe = data[first:probe_stop:stride]
    count = len(probe) - len(probe.lstrip(_ONE_BYTE[value]))
    if count < len(probe) or probe_stop >= stop:
        return count
    rest = data[probe_stop:stop:stride]
    return count + len(rest) - len(rest.lstrip(_ONE_BYTE[value]))


def _content_size(body: bytes, has_dev_fields: bool) -> int:
    """Content size of the messages a definition describes (``body``: after its header)."""
    count = body[4]
    size = sum(body[6 : 5 + 3 * count : 3])
    if has_dev_fields:
        at = 5 + 3 * count
        size += sum(body[at + 2 : at + 1 + 3 * body[at] : 3])
    return size


def _layout(body: bytes, has_dev_fields: bool) -> Layout:
    """Build a layout from a definition's content (everything after its record header).

    Only the fields backstride reads (profile.WANTED_FIELDS, and every timestamp) are mapped;
    the others count towards the size alone.
    """
    big_endian = body[1] != 0
    global_num = int.from_bytes(body[2:4], "big" if big_endian else "little")
    count = body[4]
    nums, sizes = body[5 : 5 + 3 * count : 3], body[6 : 5 + 3 * count : 3]
    fields: dict[int, FieldDef] = {}
    for num in WANTED_FIELDS.get(global_num, _TIMESTAMP_ONLY):
        at = nums.find(num)
        if at >= 0:
            fields[num] = FieldDef(sum(sizes[:at]), sizes[at], body[7 + 3 * at] & 0x1F)
    offset = sum(sizes)
    dev_fields = []
    if has_dev_fields:
        at = 5 + 3 * count
        for dev_at in range(at + 1, at + 1 + 3 * body[at], 3):
            num, size, index = body[dev_at], body[dev_at + 1], body[dev_at + 2]
            dev_fields.append(DevFieldDef(index, num, offset, size))
            offset += size
    return Layout(global_num, big_endian, offset, fields, tuple(dev_fields))


def _forget(layout: Layout | None, offset: int) -> None:
    """Remove the message at content ``offset`` if it is the last one ``layout`` holds."""
    if layout is None:
        return
    if layout.offsets and layout.offsets[-1] == offset:
        layout.offsets.pop()
    elif layout.runs:
        first, count, stride = layout.runs[-1]
        if first + (count - 1) * stride == offset:
            layout.runs[-1] = (first, count - 1, stride)


def _definition_end(data: bytes, p: int, end: int) -> int | None:
    """Where the definition message at ``p`` ends, or None when it runs past ``end``."""
    if p + 6 > end:
        return None
    stop = p + 6 + 3 * data[p + 5]
    if data[p] & 0x20:
        if stop >= end:
            return None
        stop += 1 + 3 * data[stop]
    return stop if stop <= end else None


def _headers_of(local: int) -> tuple[int, ...]:
    """Every record header byte that names data of local type ``local``.

    Normal headers keep the type in the low 4 bits (bits 4-5 are reserved and ignored, as
    the SDK does); compressed-timestamp headers (bit 7) keep types 0-3 in bits 5-6.
    """
    normal = (local, local | 0x10, local | 0x20, local | 0x30)
    if local > 3:
        return normal
    return normal + tuple(0x80 | local << 5 | offset for offset in range(32))


_DEFINITION = -1
_COMPRESSED = -1
"""A compressed-timestamp header's step is stored as ``_COMPRESSED - step`` (below -1), so
that the hot loop tells every special header apart with one test (``step <= 0``)."""


class _Cut(Exception):
    """The data ends inside the message at ``at``."""

    def __init__(self, at: int) -> None:
        super().__init__(at)
        self.at = at


class _Scanner:
    """Walks the data records with three tables indexed by the record header byte:
    ``step`` (1 + content size; 0 = undefined, -1 = a definition), ``dest`` (the layout) and
    ``adds`` (the append method of the layout's offset list)."""

    def __init__(self, data: bytes, everything: bool) -> None:
        self.data = data
        self.everything = everything  # locate messages backstride does not read, too
        self.scan = Scan()
        self.known: dict[tuple[int, bytes], Layout] = {}
        self.adds: list[Callable[[int], None] | None] = []

    def part(self, part: Part) -> None:
        step = [0] * 256
        step[0x40:0x80] = [_DEFINITION] * 0x40
        dest: list[Layout | None] = [None] * 256
        adds: list[Callable[[int], None] | None] = [None] * 256
        self.adds = adds
        try:
            stop = self._walk(part.start, part.end, step, dest, adds)
        except _Cut as cut:
            stop = cut.at
        warnings = self.scan.warnings
        if part.declared_end is not None:
            warnings.append(
                f"truncated at byte {len(self.data)} (the header declares "
                f"{part.declared_end} bytes); decoded up to byte {stop}"
            )
        elif stop < part.end and not (part.open_ended and part.end - stop <= 2):
            warnings.append(f"truncated at byte {stop}: the last message is incomplete")

    def _walk(
        self,
        p: int,
        end: int,
        step: list[int],
        dest: list[Layout | None],
        adds: list[Callable[[int], None] | None],
    ) -> int:
        """Scan ``[p, end)``; return where scanning stopped (raise _Cut when cut short).

        The loop is the hot path of the reader: a message nobody reads costs three steps.
        """
        data = self.data
        last = -1  # header of the data message just before p; -1 when there is none
        while p < end:
            h = data[p]
            size = step[h]
            if size <= 0:
                p = self._special(p, end, step, dest, last)
                last = -1
                continue
            q = p + size
            if q > end:
                return p
            if q < end and data[q] == h and self._run(q, size, end):
                count = _leading(data, p, end - size + 1, size, h)
                layout = dest[h]
                assert layout is not None
                if adds[h] is not None:
                    layout.add(p + 1, count, size)
                p, last = p + count * size, h
                continue
            add = adds[h]
            if add is None:
                p, last = q, h
            elif (
                last >= 0 and q < end and data[q] == last and self._cycles(p, size, last, end, step)
            ):
                p, last = self._pair(p, end, last, step, dest)
            else:
                add(p + 1)
                p, last = q, h
        return p

    def _special(
        self, p: int, end: int, step: list[int], dest: list[Layout | None], last: int
    ) -> int:
        """A definition, an undefined type or a compressed-timestamp header at ``p``.

        ``last`` is the header of the data message just before ``p`` (-1: none).
        """
        data = self.data
        h, size = data[p], step[data[p]]
        if size == 0:
            if last >= 0:  # it ran into the undefined header: it is likely damaged too
                _forget(dest[last], p - step[last] + 1)
            return self._resync(p, end, step)
        if size == _DEFINITION:
            stop = _definition_end(data, p, end)
            if stop is None:
                raise _Cut(p)
            self._install(h & 0x0F, self._known_layout(p, stop), step, dest, self.adds)
            return stop
        size = _COMPRESSED - size  # compressed-timestamp header: the size is stored negated
        if p + size > end:
            raise _Cut(p)
        layout = dest[h]
        assert layout is not None
        layout.offsets.append(p + 1)
        self.scan.compressed.append((p + 1, h & 0x1F))
        return p + size

    def _run(self, q: int, size: int, end: int) -> bool:
        """Whether the message at ``q`` (same header as the one before) starts a run of three
        more: worth one strided slice instead of Python steps."""
        data, h = self.data, self.data[q]
        return q + 2 * size < end and data[q + size] == h and data[q + 2 * size] == h

    def _cycles(self, p: int, size: int, other: int, end: int, step: list[int]) -> bool:
        """Whether header h at ``p``, then ``other``, repeat for three whole cycles."""
        data, h = self.data, self.data[p]
        period = size + step[other]
        third = p + 2 * period
        return (
            third + period <= end
            and data[p + period] == h
            and data[p + period + size] == other
            and data[third] == h
            and data[third + size] == other
        )

    def _pair(
        self, p: int, end: int, other: int, step: list[int], dest: list[Layout | None]
    ) -> tuple[int, int]:
        """Two layouts alternating from ``p``: take every whole cycle at once.

        Returns the next offset and the header of the last message taken.
        """
        data = self.data
        h = data[p]
        size = step[h]
        period = size + step[other]
        stop = end - period + 1
        count = min(
            _leading(data, p, stop, period, h),
            _leading(data, p + size, stop + size, period, other),
        )
        first, second = dest[h], dest[other]
        assert first is not None and second is not None
        first.add(p + 1, count, period)
        second.add(p + size + 1, count, period)
        return p + count * period, other

    def _known_layout(self, p: int, stop: int) -> Layout:
        flags = self.data[p] & 0x20
        key = (flags, self.data[p + 1 : stop])
        layout = self.known.get(key)
        if layout is None:
            layout = _layout(key[1], bool(flags))
            self.known[key] = layout
            self.scan.layouts.setdefault(layout.global_num, []).append(layout)
        return layout

    def _install(
        self,
        local: int,
        layout: Layout,
        step: list[int],
        dest: list[Layout | None],
        adds: list[Callable[[int], None] | None],
    ) -> None:
        wanted = self.everything or layout.global_num in WANTED_FIELDS
        for header in _headers_of(local):
            step[header] = 1 + layout.size if header < 0x80 else _COMPRESSED - 1 - layout.size
            dest[header] = layout
            adds[header] = layout.offsets.append if wanted else None

    def _resync(self, p: int, end: int, step: list[int]) -> int:
        """After an undefined local type at ``p``: the next offset where messages parse again."""
        for q in range(p + 1, end):
            if self._chain_ok(q, end, step):
                self.scan.warnings.append(
                    f"skipped {q - p} unreadable bytes at byte {p} (undefined local message "
                    "type) and the message before them"
                )
                return q
        self.scan.warnings.append(
            f"stopped at byte {p}: undefined local message type, nothing readable after it"
        )
        return end

    def _chain_ok(self, q: int, end: int, step: list[int]) -> bool:
        """Whether ``_CHAIN`` messages (or all up to ``end``) parse one after another from q.

        Half of all byte values are compressed-timestamp headers, so those count only in
        files that have used them before; definitions must have a zero reserved byte and an
        architecture of 0 or 1.
        """
        data = self.data
        sizes: dict[int, int] = {}
        for _ in range(_CHAIN):
            if q == end:
                return True
            h = data[q]
            size = sizes.get(h, step[h])
            if size == _DEFINITION:
                stop = _definition_end(data, q, end)
                if stop is None or data[q + 1] != 0 or data[q + 2] > 1:
                    return False
                content = _content_size(data[q + 1 : stop], bool(h & 0x20))
                sizes.update(dict.fromkeys(_headers_of(h & 0x0F), 1 + content))
                q = stop
                continue
            if size < _DEFINITION:  # a compressed-timestamp header: only where the file has some
                size = _COMPRESSED - size if self.scan.compressed else 0
            if size == 0 or q + size > end:
                return False
            q += size
        return True


def scan(data: bytes, parts: list[Part]) -> Scan:
    """Locate the messages backstride reads in the given parts of ``data``.

    Messages of other types are stepped over, except in files with compressed-timestamp
    headers: there every message's timestamp counts, so the scan is repeated locating all.
    """
    for everything in (False, True):
        scanner = _Scanner(data, everything)
        for part in parts:
            scanner.part(part)
        if not scanner.scan.compressed:
            break
    return scanner.scan
