"""The part of the FIT profile that backstride reads: message and field numbers, scales, enums.

Numbers, scales and offsets are those of the FIT profile (Garmin FIT SDK 21.218, Profile.xlsx).
A decoded value is ``raw / scale - offset`` in the unit the profile states; the reader converts
to SI (mm -> m, ms -> s) where it builds the model, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from backstride.model import Sport, SubSport

FIT_EPOCH_S: Final = 631_065_600
"""Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z."""

RELATIVE_TIME_LIMIT: Final = 0x1000_0000
"""FIT times below this are seconds since the device powered on, not since the FIT epoch."""

PLAUSIBLE_UNTIL_S: Final = 4_102_444_800
"""2100-01-01T00:00:00Z as Unix seconds: a FIT time at or after it is taken as damage."""

SEMICIRCLE_DEG: Final = 180.0 / 2**31
"""Degrees per semicircle: a FIT position is ``degrees * 2**31 / 180`` as a sint32."""


@dataclass(frozen=True, slots=True)
class BaseType:
    """A FIT base type: its NumPy type code (no byte order), size in bytes and invalid value."""

    code: str
    size: int
    invalid: int | None  # None for floats, whose invalid bit pattern is a NaN


BASE_TYPES: Final[dict[int, BaseType]] = {
    0x00: BaseType("u1", 1, 0xFF),  # enum
    0x01: BaseType("i1", 1, 0x7F),  # sint8
    0x02: BaseType("u1", 1, 0xFF),  # uint8
    0x03: BaseType("i2", 2, 0x7FFF),  # sint16
    0x04: BaseType("u2", 2, 0xFFFF),  # uint16
    0x05: BaseType("i4", 4, 0x7FFF_FFFF),  # sint32
    0x06: BaseType("u4", 4, 0xFFFF_FFFF),  # uint32
    0x07: BaseType("u1", 1, 0x00),  # string (NUL-terminated UTF-8)
    0x08: BaseType("f4", 4, None),  # float32
    0x09: BaseType("f8", 8, None),  # float64
    0x0A: BaseType("u1", 1, 0x00),  # uint8z
    0x0B: BaseType("u2", 2, 0x0000),  # uint16z
    0x0C: BaseType("u4", 4, 0x0000_0000),  # uint32z
    0x0D: BaseType("u1", 1, 0xFF),  # byte
    0x0E: BaseType("i8", 8, 0x7FFF_FFFF_FFFF_FFFF),  # sint64
    0x0F: BaseType("u8", 8, 0xFFFF_FFFF_FFFF_FFFF),  # uint64
    0x10: BaseType("u8", 8, 0x0000_0000_0000_0000),  # uint64z
}
BASE_TYPE_MASK: Final = 0x1F
STRING: Final = 0x07
BYTE: Final = 0x0D


ENUM, SINT8, UINT8, SINT16, UINT16, SINT32, UINT32 = 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
UINT32Z = 0x0C


@dataclass(frozen=True, slots=True)
class Field:
    """A profile field: its number, its profile base type, and ``value = raw / scale - offset``."""

    num: int
    kind: int = UINT8
    scale: float = 1.0
    offset: float = 0.0


# Global message numbers.
FILE_ID: Final = 0
SPORT: Final = 12
SESSION: Final = 18
LAP: Final = 19
RECORD: Final = 20
DEVICE_INFO: Final = 23
ACTIVITY: Final = 34
FILE_CREATOR: Final = 49
FIELD_DESCRIPTION: Final = 206
DEVELOPER_DATA_ID: Final = 207

TIMESTAMP: Final = Field(253, UINT32)
"""Common to every message that has a time: seconds since the FIT epoch (uint32)."""

FILE_ID_FIELDS: Final = {
    "type": Field(0, ENUM),
    "manufacturer": Field(1, UINT16),
    "product": Field(2, UINT16),
    "serial_number": Field(3, UINT32Z),
    "time_created": Field(4, UINT32),
}
FILE_ID_PRODUCT_NAME: Final = 8

DEVICE_INFO_FIELDS: Final = {
    "device_index": Field(0, UINT8),
    "manufacturer": Field(2, UINT16),
    "serial_number": Field(3, UINT32Z),
    "product": Field(4, UINT16),
    "software_version": Field(5, UINT16, 100.0),
}
DEVICE_INFO_PRODUCT_NAME: Final = 27
CREATOR_DEVICE_INDEX: Final = 0

FILE_CREATOR_FIELDS: Final = {"software_version": Field(0, UINT16)}

ACTIVITY_FIELDS: Final = {"timestamp": TIMESTAMP, "local_timestamp": Field(5, UINT32)}

SPORT_FIELDS: Final = {"sport": Field(0, ENUM), "sub_sport": Field(1, ENUM)}

SESSION_FIELDS: Final = {
    "timestamp": TIMESTAMP,
    "start_time": Field(2, UINT32),
    "sport": Field(5, ENUM),
    "sub_sport": Field(6, ENUM),
    "total_elapsed_time": Field(7, UINT32, 1000.0),  # s
    "total_timer_time": Field(8, UINT32, 1000.0),  # s
    "total_distance": Field(9, UINT32, 100.0),  # m
    "total_calories": Field(11, UINT16),  # kcal
    "avg_heart_rate": Field(16, UINT8),  # bpm
    "max_heart_rate": Field(17, UINT8),  # bpm
    "avg_cadence": Field(18, UINT8),  # rpm; avg_running_cadence (strides/min) when running
    "avg_power": Field(20, UINT16),  # W
    "total_ascent": Field(22, UINT16),  # m
    "total_descent": Field(23, UINT16),  # m
    "avg_fractional_cadence": Field(92, UINT8, 128.0),  # rpm
}

LAP_FIELDS: Final = {
    "timestamp": TIMESTAMP,
    "start_time": Field(2, UINT32),
    "total_elapsed_time": Field(7, UINT32, 1000.0),
    "total_timer_time": Field(8, UINT32, 1000.0),
    "total_distance": Field(9, UINT32, 100.0),
    "total_calories": Field(11, UINT16),
    "avg_speed": Field(13, UINT16, 1000.0),  # m/s
    "avg_heart_rate": Field(15, UINT8),
    "max_heart_rate": Field(16, UINT8),
    "avg_cadence": Field(17, UINT8),
    "total_ascent": Field(21, UINT16),
    "total_descent": Field(22, UINT16),
    "sport": Field(25, ENUM),
    "avg_fractional_cadence": Field(80, UINT8, 128.0),
    "enhanced_avg_speed": Field(110, UINT32, 1000.0),  # m/s
}

RECORD_FIELDS: Final = {
    "timestamp": TIMESTAMP,
    "position_lat": Field(0, SINT32),  # semicircles
    "position_long": Field(1, SINT32),  # semicircles
    "altitude": Field(2, UINT16, 5.0, 500.0),  # m
    "heart_rate": Field(3, UINT8),  # bpm
    "cadence": Field(4, UINT8),  # rpm (strides per minute when running)
    "distance": Field(5, UINT32, 100.0),  # m
    "speed": Field(6, UINT16, 1000.0),  # m/s
    "power": Field(7, UINT16),  # W
    "temperature": Field(13, SINT8),  # degrees C
    "vertical_oscillation": Field(39, UINT16, 10.0),  # mm
    "stance_time": Field(41, UINT16, 10.0),  # ms
    "fractional_cadence": Field(53, UINT8, 128.0),  # rpm
    "enhanced_speed": Field(73, UINT32, 1000.0),  # m/s
    "enhanced_altitude": Field(78, UINT32, 5.0, 500.0),  # m
    "vertical_ratio": Field(83, UINT16, 100.0),  # percent
    "stance_time_balance": Field(84, UINT16, 100.0),  # percent (left foot)
    "step_length": Field(85, UINT16, 10.0),  # mm
}
COMPRESSED_SPEED_DISTANCE: Final = 8
"""Record field 8: 3 bytes holding speed (12 bits, 1/100 m/s) then distance (12 bits, 1/16 m,
accumulated with roll-over)."""

FIELD_DESCRIPTION_FIELDS: Final = {
    "developer_data_index": Field(0, UINT8),
    "field_definition_number": Field(1, UINT8),
    "fit_base_type_id": Field(2, UINT8),
    "scale": Field(6, UINT8),
    "offset": Field(7, SINT8),
    "native_mesg_num": Field(14, UINT16),
}
FIELD_DESCRIPTION_NAME: Final = 3
FIELD_DESCRIPTION_UNITS: Final = 8

WANTED_FIELDS: Final = {
    FILE_ID: frozenset({*(f.num for f in FILE_ID_FIELDS.values()), FILE_ID_PRODUCT_NAME}),
    DEVICE_INFO: frozenset(
        {*(f.num for f in DEVICE_INFO_FIELDS.values()), DEVICE_INFO_PRODUCT_NAME, TIMESTAMP.num}
    ),
    FILE_CREATOR: frozenset(f.num for f in FILE_CREATOR_FIELDS.values()),
    ACTIVITY: frozenset(f.num for f in ACTIVITY_FIELDS.values()),
    SPORT: frozenset(f.num for f in SPORT_FIELDS.values()),
    SESSION: frozenset(f.num for f in SESSION_FIELDS.values()),
    LAP: frozenset(f.num for f in LAP_FIELDS.values()),
    RECORD: frozenset({*(f.num for f in RECORD_FIELDS.values()), COMPRESSED_SPEED_DISTANCE}),
    FIELD_DESCRIPTION: frozenset(
        {
            *(f.num for f in FIELD_DESCRIPTION_FIELDS.values()),
            FIELD_DESCRIPTION_NAME,
            FIELD_DESCRIPTION_UNITS,
        }
    ),
}
"""Field numbers read per global message number; other messages only need their timestamp."""

FILE_TYPES: Final = {
    1: "device",
    2: "settings",
    3: "sport",
    4: "activity",
    5: "workout",
    6: "course",
    7: "schedules",
    9: "weight",
    10: "totals",
    11: "goals",
    14: "blood_pressure",
    15: "monitoring",
    20: "activity_summary",
    28: "monitoring_daily",
    32: "monitoring",
    34: "segment",
    35: "segment_list",
    40: "exd_configuration",
}
ACTIVITY_FILE: Final = 4

SPORTS: Final = {
    1: Sport.RUNNING,
    2: Sport.CYCLING,
    3: Sport.TRANSITION,
    5: Sport.SWIMMING,
    10: Sport.TRAINING,
    11: Sport.WALKING,
    12: Sport.CROSS_COUNTRY_SKIING,
    17: Sport.HIKING,
    37: Sport.STAND_UP_PADDLEBOARDING,
}
"""FIT ``sport`` numbers that the model names; every other number (generic included) is OTHER."""


SUB_SPORTS: Final = {
    0: SubSport.GENERIC,
    1: SubSport.TREADMILL,
    2: SubSport.STREET,
    3: SubSport.TRAIL,
    4: SubSport.TRACK,
    6: SubSport.INDOOR,  # indoor_cycling
    7: SubSport.STREET,  # road (cycling)
    14: SubSport.INDOOR,  # indoor_rowing
    25: SubSport.INDOOR,  # indoor_skiing
    27: SubSport.INDOOR,  # indoor_walking
    45: SubSport.INDOOR,  # indoor_running
    58: SubSport.VIRTUAL,  # virtual_activity
}
"""FIT ``sub_sport`` numbers that the model names; every other number is OTHER."""


def sport_of(number: float) -> Sport:
    """The model sport of a FIT sport number (NaN or unknown -> OTHER)."""
    return SPORTS.get(int(number), Sport.OTHER) if number == number else Sport.OTHER


def sub_sport_of(number: float) -> SubSport:
    """The model sub-sport of a FIT sub_sport number (NaN -> GENERIC, unknown -> OTHER)."""
    if number != number:
        return SubSport.GENERIC
    return SUB_SPORTS.get(int(number), SubSport.OTHER)
