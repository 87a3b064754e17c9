"""The file's own statements: file type, device, local-time offset, sport, sessions, laps."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from backstride.formats.fit.fields import (
    FloatArray,
    IntArray,
    Source,
    read_strings,
    read_table,
)
from backstride.formats.fit.names import garmin_product_name, manufacturer_name
from backstride.formats.fit.profile import (
    ACTIVITY,
    ACTIVITY_FIELDS,
    CREATOR_DEVICE_INDEX,
    DEVICE_INFO,
    DEVICE_INFO_FIELDS,
    DEVICE_INFO_PRODUCT_NAME,
    FILE_CREATOR,
    FILE_CREATOR_FIELDS,
    FILE_ID,
    FILE_ID_FIELDS,
    FILE_ID_PRODUCT_NAME,
    LAP,
    LAP_FIELDS,
    SESSION,
    SESSION_FIELDS,
    SPORT,
    SPORT_FIELDS,
    Field,
)
from backstride.formats.fit.scan import Scan
from backstride.model import Device

_GARMIN_FAMILY = frozenset({1, 13, 15, 89})  # garmin, dynastream_oem, dynastream, tacx
_QUARTER_HOUR_S = 900
_MAX_UTC_OFFSET_S = 14 * 3600


@dataclass(frozen=True, slots=True)
class Messages:
    """Columns of one message type in file order (NaN = the message does not state it)."""

    offsets: IntArray
    columns: dict[str, FloatArray]

    def __len__(self) -> int:
        return len(self.offsets)

    def value(self, name: str, row: int) -> float | None:
        """One field of one message; None when absent or invalid."""
        value = float(self.columns[name][row])
        return None if math.isnan(value) else value


def messages(source: Source, scan: Scan, global_num: int) -> Messages:
    """The sessions, laps, ... of a file: see the ``*_FIELDS`` tables in the profile."""
    wanted = {SESSION: SESSION_FIELDS, LAP: LAP_FIELDS, SPORT: SPORT_FIELDS}[global_num]
    return Messages(*read_table(source, scan, global_num, wanted))


def _first_string(source: Source, scan: Scan, global_num: int, field_num: int) -> str | None:
    found = read_strings(source, scan, global_num, field_num)
    return found[min(found)] if found else None


def _first_values(
    source: Source, scan: Scan, global_num: int, wanted: Mapping[str, Field]
) -> dict[str, float | None]:
    columns = read_table(source, scan, global_num, wanted)[1]
    return {
        name: float(column[0]) if len(column) and not np.isnan(column[0]) else None
        for name, column in columns.items()
    }


def file_type(source: Source, scan: Scan) -> int | None:
    """The ``type`` of the first file_id message (4 = activity); None when not stated."""
    stated = _first_values(source, scan, FILE_ID, FILE_ID_FIELDS)["type"]
    return None if stated is None else int(stated)


def _creator(source: Source, scan: Scan) -> dict[str, float | None]:
    columns = read_table(source, scan, DEVICE_INFO, DEVICE_INFO_FIELDS)[1]
    rows = np.flatnonzero(columns["device_index"] == CREATOR_DEVICE_INDEX)
    if not len(rows):
        return dict.fromkeys(DEVICE_INFO_FIELDS)
    row = int(rows[0])
    return {
        name: None if np.isnan(column[row]) else float(column[row])
        for name, column in columns.items()
    }


def _product(manufacturer: int | None, product: int | None, name: str | None) -> str | None:
    if manufacturer in _GARMIN_FAMILY and product is not None:
        return garmin_product_name(product) or name or str(product)
    return name or (str(product) if product else None)


def _as_int(value: float | None) -> int | None:
    return None if value is None else int(value)


def device(source: Source, scan: Scan) -> Device | None:
    """The recording device from file_id, completed by the creator's device_info.

    Manufacturer and product are profile names ("garmin", "fenix5"); a product outside the
    Garmin family is its product_name string when the file gives one, else its number.
    """
    stated = _first_values(source, scan, FILE_ID, FILE_ID_FIELDS)
    creator = _creator(source, scan)
    maker = _as_int(stated["manufacturer"] or creator["manufacturer"])
    product = _as_int(stated["product"] if stated["product"] is not None else creator["product"])
    name = _first_string(source, scan, FILE_ID, FILE_ID_PRODUCT_NAME) or _first_string(
        source, scan, DEVICE_INFO, DEVICE_INFO_PRODUCT_NAME
    )
    serial = _as_int(stated["serial_number"] or creator["serial_number"])
    version = creator["software_version"]
    if version is None:
        raw = _first_values(source, scan, FILE_CREATOR, FILE_CREATOR_FIELDS)["software_version"]
        version = None if raw is None else raw / 100.0
    found = Device(
        manufacturer=None if not maker else manufacturer_name(maker) or str(maker),
        product=_product(maker, product, name),
        serial_number=None if serial is None else str(serial),
        software_version=None if version is None else f"{version:g}",
    )
    return None if found == Device() else found


def utc_offset_s(source: Source, scan: Scan) -> int | None:
    """Local clock minus UTC from the activity message, rounded to 15 min; None if absent."""
    stated = _first_values(source, scan, ACTIVITY, ACTIVITY_FIELDS)
    utc, local = stated["timestamp"], stated["local_timestamp"]
    if utc is None or local is None:
        return None
    offset = round((local - utc) / _QUARTER_HOUR_S) * _QUARTER_HOUR_S
    return offset if abs(offset) <= _MAX_UTC_OFFSET_S else None
