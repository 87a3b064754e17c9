"""Record messages as columns in file order: raw profile values, before any model conversion.

Besides plain fields this resolves the two FR70-era encodings that the official SDK does not
read: compressed-timestamp record headers (a 5-bit offset from the last full timestamp) and
the 3-byte ``compressed_speed_distance`` field (12-bit speed in 1/100 m/s, 12-bit distance in
1/16 m that rolls over and is accumulated).
"""

from __future__ import annotations

import numpy as np

from backstride.formats.fit.developer import DevField, developer_columns
from backstride.formats.fit.fields import (
    FloatArray,
    IntArray,
    Source,
    numeric_type,
    offsets_of,
    read_table,
)
from backstride.formats.fit.profile import (
    COMPRESSED_SPEED_DISTANCE,
    RECORD,
    RECORD_FIELDS,
    TIMESTAMP,
)
from backstride.formats.fit.scan import Layout, Scan

CSD_SPEED = "compressed_speed"  # m/s
CSD_DISTANCE = "compressed_distance"  # m, accumulated
_CSD_RAW = "compressed_distance_raw"  # 12-bit counts of 1/16 m


def _compressed_speed_distance(
    source: Source, offsets: IntArray, layout: Layout
) -> dict[str, FloatArray]:
    definition = layout.fields.get(COMPRESSED_SPEED_DISTANCE)
    if definition is None or definition.size < 3:
        return {}
    octets = source.view("u1")
    at = offsets + definition.offset
    first, second, third = (octets[at + i].astype(np.int64) for i in range(3))
    invalid = (first == 0xFF) & (second == 0xFF) & (third == 0xFF)
    speed = (first | ((second & 0x0F) << 8)) / 100.0
    distance = ((second >> 4) | (third << 4)).astype(np.float64)
    speed[invalid] = np.nan
    distance[invalid] = np.nan
    return {CSD_SPEED: speed, _CSD_RAW: distance}


def _accumulate(raw: FloatArray, bits: int, scale: float) -> FloatArray:
    """Unroll a counter of ``bits`` bits that wraps around (NaN = no value), then scale."""
    out = np.full(len(raw), np.nan)
    valid = ~np.isnan(raw)
    counts = raw[valid].astype(np.int64)
    if len(counts):
        steps = np.diff(counts) & ((1 << bits) - 1)
        out[valid] = (counts[0] + np.concatenate(([0], np.cumsum(steps)))) / scale
    return out


def _compressed_times(source: Source, scan: Scan) -> dict[int, float]:
    """FIT times of compressed-header messages, by content offset (FIT spec, "Compressed
    Timestamp Header"): each adds its 5-bit offset to the last full timestamp seen."""
    events: list[tuple[int, float, int]] = [
        (offset, np.nan, bits) for offset, bits in scan.compressed
    ]
    for layouts in scan.layouts.values():
        for layout in layouts:
            definition = layout.fields.get(TIMESTAMP.num)
            base = None if definition is None else numeric_type(definition)
            if definition is None or base is None or not layout.count:
                continue
            offsets = offsets_of(layout)
            stamps = source.values(offsets + definition.offset, base, layout.big_endian)
            events.extend((int(o), float(t), -1) for o, t in zip(offsets, stamps, strict=True))
    events.sort(key=lambda event: event[0])
    resolved: dict[int, float] = {}
    last: int | None = None
    for offset, stamp, bits in events:
        if bits < 0:
            last = None if np.isnan(stamp) else int(stamp)
        elif last is not None:
            time = (last & ~0x1F) + bits + (0x20 if bits < (last & 0x1F) else 0)
            resolved[offset] = float(time)
            last = time
    return resolved


def record_columns(
    source: Source, scan: Scan, described: dict[tuple[int, int], DevField]
) -> tuple[IntArray, dict[str, FloatArray]]:
    """Every record message's values in file order, keyed by profile field name.

    ``timestamp`` is FIT time (s since the FIT epoch, or relative when < 0x10000000);
    ``compressed_speed``/``compressed_distance`` hold the expanded compressed field; developer
    channels are keyed by their model channel name.
    """

    compressed = any(
        COMPRESSED_SPEED_DISTANCE in layout.fields for layout in scan.layouts.get(RECORD, [])
    )
    offsets, columns = read_table(
        source,
        scan,
        RECORD,
        RECORD_FIELDS,
        virtual=developer_columns(described),
        extra=_compressed_speed_distance if compressed else None,
    )
    if _CSD_RAW in columns:
        columns[CSD_DISTANCE] = _accumulate(columns.pop(_CSD_RAW), 12, 16.0)
    if scan.compressed:
        resolved = _compressed_times(source, scan)
        stamps = columns["timestamp"]
        for row, offset in enumerate(offsets.tolist()):
            if offset in resolved and np.isnan(stamps[row]):
                stamps[row] = resolved[offset]
    return offsets, columns
