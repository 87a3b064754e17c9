"""Developer fields: what field_description messages say, and which ones backstride keeps.

A developer field (Connect IQ apps, Stryd) is described in the file itself by a
field_description message: its number, base type, name, units, and optionally a scale and
offset. backstride keeps the running-power fields by name and units: "Power" (W, only when the
record has no native power), "Form Power" (W) and "Leg Spring Stiffness" (kN/m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.formats.fit.fields import (
    Locate,
    Plan,
    Source,
    numeric_type,
    read_strings,
    read_table,
)
from backstride.formats.fit.profile import (
    FIELD_DESCRIPTION,
    FIELD_DESCRIPTION_FIELDS,
    FIELD_DESCRIPTION_NAME,
    FIELD_DESCRIPTION_UNITS,
)
from backstride.formats.fit.scan import FieldDef, Layout, Scan
from backstride.model import Channel

DEV_POWER_W = "dev_power_w"
"""Intermediate column: developer power, used as Channel.POWER_W only without native power."""

_CHANNELS: dict[tuple[str, str], str] = {
    ("power", "watts"): DEV_POWER_W,
    ("power", "w"): DEV_POWER_W,
    ("formpower", "watts"): Channel.FORM_POWER_W,
    ("formpower", "w"): Channel.FORM_POWER_W,
    ("legspringstiffness", "kn/m"): Channel.LEG_SPRING_STIFFNESS_KN_M,
}


@dataclass(frozen=True, slots=True)
class DevField:
    """One field_description: where a developer field's values go, and how to scale them."""

    base_type: int
    channel: str | None
    scale: float
    offset: float


def _key(text: str | None) -> str:
    return "".join((text or "").lower().split()).replace("_", "")


def field_descriptions(source: Source, scan: Scan) -> dict[tuple[int, int], DevField]:
    """Developer fields by (developer data index, field number); later descriptions win."""
    offsets, columns = read_table(source, scan, FIELD_DESCRIPTION, FIELD_DESCRIPTION_FIELDS)
    names = read_strings(source, scan, FIELD_DESCRIPTION, FIELD_DESCRIPTION_NAME)
    units = read_strings(source, scan, FIELD_DESCRIPTION, FIELD_DESCRIPTION_UNITS)
    found: dict[tuple[int, int], DevField] = {}
    for row, offset in enumerate(offsets.tolist()):
        index = columns["developer_data_index"][row]
        number = columns["field_definition_number"][row]
        base_type = columns["fit_base_type_id"][row]
        if np.isnan(index) or np.isnan(number) or np.isnan(base_type):
            continue
        scale, shift = columns["scale"][row], columns["offset"][row]
        found[(int(index), int(number))] = DevField(
            base_type=int(base_type) & 0x1F,
            channel=_CHANNELS.get((_key(names.get(offset)), _key(units.get(offset)))),
            scale=1.0 if np.isnan(scale) or scale == 0 else float(scale),
            offset=0.0 if np.isnan(shift) else float(shift),
        )
    return found


def developer_columns(described: dict[tuple[int, int], DevField]) -> dict[str, Locate]:
    """Where each kept developer channel lies in a layout (first described field wins)."""

    def locator(channel: str) -> Locate:
        def locate(layout: Layout) -> Plan | None:
            for dev in layout.dev_fields:
                meaning = described.get((dev.dev_index, dev.num))
                if meaning is None or meaning.channel != channel:
                    continue
                base = numeric_type(FieldDef(dev.offset, dev.size, meaning.base_type))
                if base is not None:
                    return Plan(base, layout.big_endian, dev.offset, meaning.scale, meaning.offset)
            return None

        return locate

    channels = {meaning.channel for meaning in described.values() if meaning.channel}
    return {channel: locator(channel) for channel in sorted(channels)}
