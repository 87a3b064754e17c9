"""Any record layout the FIT protocol allows decodes to the official SDK's values.

The real files fix a few layouts per maker. These files are written by ``fitwriter`` from values
and layouts hypothesis draws: byte order per definition, field order, local message numbers
(shared with other messages and redefined in mid-file), fields the profile does not know, base
types wider than the profile's, invalid values, repeated timestamps, and developer fields (as
Stryd writes power, form power and leg spring stiffness). Each file is decoded by
the official SDK (the reference) and by backstride, both as raw record values and as the
activity's streams, and they must agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from garmin_fit_sdk import Decoder, Stream
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backstride.formats.fit import read_fit
from backstride.formats.fit.reader import record_values
from tests.formats.fit.conftest import FIT_EPOCH_S, first_value, unix
from tests.formats.fit.fitwriter import BASE_TYPES, Definition, Field, fit_file
from tests.formats.fit.test_fit_vs_sdk import _compare, _first_of

RECORD, EVENT, FILE_ID, FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 20, 21, 0, 206, 207
TIMESTAMP = 253
#: Record fields written: number -> (SDK name, profile base type, wider base types allowed).
FIELDS: dict[int, tuple[str, int, tuple[int, ...]]] = {
    0: ("position_lat", 0x85, ()),
    1: ("position_long", 0x85, ()),
    2: ("altitude", 0x84, (0x86,)),
    3: ("heart_rate", 0x02, (0x84,)),
    4: ("cadence", 0x02, (0x84,)),
    5: ("distance", 0x86, ()),
    6: ("speed", 0x84, (0x86,)),
    7: ("power", 0x84, (0x86,)),
    13: ("temperature", 0x01, (0x83,)),
    39: ("vertical_oscillation", 0x84, ()),
    41: ("stance_time", 0x84, ()),
    42: ("stance_time_balance", 0x84, ()),
    53: ("fractional_cadence", 0x02, ()),
    73: ("enhanced_speed", 0x86, ()),
    78: ("enhanced_altitude", 0x86, ()),
    83: ("vertical_ratio", 0x84, ()),
    85: ("step_length", 0x84, ()),
}
UNKNOWN_NUMS = st.integers(230, 250)
#: Developer fields an app may add to records: (name, units, base type, native field number),
#: as Stryd and others write them; backstride reads the first three, the SDK is the reference.
DEVELOPER: list[tuple[str, str, int, int | None]] = [
    ("Power", "Watts", 0x84, 7),
    ("Form Power", "Watts", 0x84, None),
    ("Leg Spring Stiffness", "KN/m", 0x88, None),
    ("Cadence", "RPM", 0x02, None),
    ("Vertical Oscillation", "Centimeters", 0x88, None),
]
_DESCRIPTION = (
    Field(0, 0x02),  # developer_data_index
    Field(1, 0x02),  # field_definition_number
    Field(2, 0x02),  # fit_base_type_id
    Field(3, 0x07, 32),  # field_name
    Field(8, 0x07, 16),  # units
    Field(14, 0x84),  # native_mesg_num
    Field(15, 0x02),  # native_field_num
)
#: Compared as the SDK gives them after expanding components (speed and altitude into their
#: enhanced fields), first name first.
COMPARED = [
    (name,)
    for name, _, _ in FIELDS.values()
    if name not in ("speed", "altitude", "enhanced_speed", "enhanced_altitude")
] + [("enhanced_speed", "speed"), ("enhanced_altitude", "altitude")]
START = 1_000_000_000  # FIT seconds: 2021-09-08


@st.composite
def record_definition(draw: st.DrawFn) -> tuple[Definition, set[int]]:
    """A record definition: timestamp plus a subset of FIELDS in any order, maybe wider types,
    maybe unknown byte fields."""
    nums = draw(st.sets(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=len(FIELDS)))
    fields = [Field(TIMESTAMP, 0x86)]
    for num in sorted(nums):
        _, base, wider = FIELDS[num]
        fields.append(Field(num, draw(st.sampled_from((base, *wider)))))
    unknown = draw(st.sets(UNKNOWN_NUMS, max_size=2))
    fields += [Field(num, 0x0D, draw(st.integers(1, 5))) for num in sorted(unknown)]
    order = draw(st.permutations(fields))
    local = draw(st.integers(0, 15))
    big = draw(st.booleans())
    return Definition(local, RECORD, tuple(order), big_endian=big), set(nums)


def value_of(field: Field) -> st.SearchStrategy[int | None]:
    """A valid value of the field's base type in the profile's range, or None (invalid)."""
    fmt, size, invalid = BASE_TYPES[field.base_type]
    signed = fmt.islower()
    bits = 8 * size
    low, high = (-(2 ** (bits - 1)) + 1, 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    if field.num in FIELDS:
        _, profile, _ = FIELDS[field.num]
        p_fmt, p_size, _ = BASE_TYPES[profile]
        p_bits = 8 * p_size
        high = min(high, 2 ** (p_bits - 1) - 1 if p_fmt.islower() else 2**p_bits - 1)
        if signed:
            low = max(low, -(2 ** (p_bits - 1)) + 1)
    if field.num == 0:  # a latitude lies within +-90 degrees (2**30 semicircles)
        low, high = max(low, -(2**30)), min(high, 2**30)
    values = st.integers(low, high).filter(lambda v: v != invalid)
    return st.one_of(st.none(), values, values, values)


@st.composite
def fit_files(draw: st.DrawFn, min_step: int = 0) -> bytes:
    """A FIT activity file of records (at least one), with an event now and then; records
    ``min_step`` or more seconds apart (0: times may repeat)."""
    file_id = Definition(draw(st.integers(0, 15)), FILE_ID, (Field(0, 0x00), Field(4, 0x86)))
    body = bytearray(file_id.encode() + file_id.data({0: 4, 4: START}))
    event = Definition(
        draw(st.integers(0, 15)), EVENT, (Field(TIMESTAMP, 0x86), Field(0, 0x00), Field(1, 0x00))
    )
    developer = draw(developer_fields())
    if developer:
        body += developer_messages(draw, developer)
    time = START
    current: Definition | None = None
    for _ in range(draw(st.integers(1, 3))):
        definition, _ = draw(record_definition())
        if developer:
            chosen = draw(
                st.lists(st.sampled_from(developer), unique=True, max_size=len(developer))
            )
            definition = Definition(
                definition.local,
                RECORD,
                definition.fields,
                definition.big_endian,
                tuple(field for field, _ in chosen),
            )
        body += definition.encode()
        current = definition
        for _ in range(draw(st.integers(1, 12))):
            if draw(st.integers(0, 5)) == 0:  # an event between records, maybe on the same local
                body += event.encode() + event.data({TIMESTAMP: time, 0: 0, 1: 0})
                if event.local == current.local:
                    body += current.encode()
            time += draw(st.integers(min_step, 3))
            values: dict[int, Any] = {TIMESTAMP: time}
            for field in current.fields:
                if field.num == TIMESTAMP:
                    continue
                if field.count > 1:
                    values[field.num] = draw(
                        st.lists(value_of(field), min_size=field.count, max_size=field.count)
                    )
                else:
                    values[field.num] = draw(value_of(field))
            for field in current.developer_fields:
                values[field.key] = draw(developer_value(field))
            for legacy, enhanced in ((6, 73), (2, 78)):  # a device writing both agrees with itself
                if values.get(legacy) is not None and values.get(enhanced) is not None:
                    values[enhanced] = values[legacy]
            body += current.data(values)
    return fit_file(bytes(body))


@st.composite
def developer_fields(draw: st.DrawFn) -> list[tuple[Field, tuple[str, str, int, int | None]]]:
    """None to all of DEVELOPER, each with a field number and one of two developer indexes."""
    kinds = draw(st.lists(st.sampled_from(DEVELOPER), unique=True, max_size=len(DEVELOPER)))
    nums = draw(st.lists(st.integers(0, 40), unique=True, min_size=len(kinds), max_size=len(kinds)))
    return [
        (Field(num, kind[2], developer=draw(st.integers(0, 1))), kind)
        for num, kind in zip(nums, kinds, strict=True)
    ]


def developer_messages(
    draw: st.DrawFn, developer: list[tuple[Field, tuple[str, str, int, int | None]]]
) -> bytes:
    """The developer_data_id and field_description messages that make the fields readable."""
    ids = Definition(
        draw(st.integers(0, 15)), DEVELOPER_DATA_ID, (Field(3, 0x02), Field(1, 0x0D, 16))
    )
    out = bytearray(ids.encode())
    for index in (0, 1):
        out += ids.data({3: index, 1: [draw(st.integers(0, 254)) for _ in range(16)]})
    big = draw(st.booleans())
    described = Definition(draw(st.integers(0, 15)), FIELD_DESCRIPTION, _DESCRIPTION, big)
    out += described.encode()
    for field, (name, units, base, native) in developer:
        out += described.data(
            {0: field.developer, 1: field.num, 2: base, 3: name, 8: units, 14: 20, 15: native}
        )
    return bytes(out)


def developer_value(field: Field) -> st.SearchStrategy[Any]:
    if field.base_type == 0x88:
        return st.one_of(st.none(), st.floats(0.0, 50.0, width=32))
    return value_of(Field(-1, field.base_type))  # -1: no profile range applies


def _sdk_value(row: dict[str, Any], names: tuple[str, ...]) -> float | None:
    for name in names:
        value = first_value(row.get(name))
        if value is not None:
            return float(value)
    return None


def sdk_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(merge_heart_rates=False, enable_crc_check=True)
    assert errors == []
    _drop_invalid_developer_values(messages)
    return messages


def _drop_invalid_developer_values(messages: dict[str, list[dict[str, Any]]]) -> None:
    """The SDK (21.x) keeps a developer field's invalid value (0xFFFF for a uint16: its decoder
    notes "possible point to scrub invalids"); the FIT protocol's invalid values hold for every
    field, and backstride reads them as missing. Drop them on the SDK's side."""
    invalid = {
        d["key"]: BASE_TYPES[d["fit_base_type_id"]][2]
        for d in messages.get("field_description_mesgs", [])
        if d.get("fit_base_type_id") in BASE_TYPES and BASE_TYPES[d["fit_base_type_id"]][0] != "f"
    }
    for record in messages.get("record_mesgs", []):
        fields = record.get("developer_fields", {})
        for key in [k for k, v in fields.items() if k in invalid and v == invalid[k]]:
            del fields[key]


LAYOUTS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LAYOUTS
@given(fit_files())
def test_raw_record_values_equal_the_sdk(data: bytes) -> None:
    records = sdk_messages(data)["record_mesgs"]
    columns = record_values(data, "layout.fit")
    assert len(columns["timestamp"]) == len(records)
    times = np.asarray([unix(r["timestamp"]) - FIT_EPOCH_S for r in records], float)
    assert np.array_equal(columns["timestamp"], times)
    for names in COMPARED:
        expected = np.asarray(
            [np.nan if (v := _sdk_value(r, names)) is None else v for r in records]
        )
        got = _first_of(columns, names, len(records))
        assert np.allclose(got, expected, rtol=1e-9, atol=0, equal_nan=True), names


@LAYOUTS
@given(fit_files(min_step=1))
def test_streams_equal_the_sdk(data: bytes) -> None:
    """Times do not repeat here: where they do, the reader merges whole samples and the SDK's
    rows merge field by field, which can pair one record's cadence with another's fraction
    (repeated times are compared raw above, and on real files)."""
    messages = sdk_messages(data)
    assume(len({r["timestamp"] for r in messages["record_mesgs"]}) >= 2)  # else not an activity
    _compare("layout.fit", read_fit(data, "layout.fit").activities, messages)
