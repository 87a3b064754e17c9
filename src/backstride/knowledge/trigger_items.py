"""Knowledge kind ``trigger_changes``: what to say about each exposure, and how a confirmed one
changes the plan.

One item per exposure of the why-analysis (file ``trigger_changes.yaml``). Fields besides the
shared ones (id, summary, source, grade, contested, note):

- ``exposure``: the exposure's id in ``backstride.insight`` (``downhill``);
- ``cause``: the cause in ``causes.yaml`` it belongs to (``cause.downhill``);
- ``label``, ``advice``: sentences with ``{placeholders}`` that the insight layer fills from
  the exposure thresholds (so a sentence always states the threshold used) and from ``uses``,
  a mapping ``name: "<item id>:<value name>"`` of other knowledge numbers;
- ``change``: how the plan change is computed, one of :class:`ChangeKind`; ``values``: its
  numbers, names ending in their unit (``weeks_count`` says for how long); ``text`` the plan
  note, and ``fallback`` the note when the runner's data lack what ``change`` needs.

The summary, source and grade are those of the change (the recommendation), not of the exposure.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from backstride.knowledge import care_fields as f
from backstride.knowledge._items import KnowledgeItem, base_fields, fail


class ChangeKind(StrEnum):
    """How a confirmed trigger's plan change is computed from the runner's own data."""

    FLAT_ROUTES = "flat_routes"  # descent cap: lower of the limit and the runner's own median
    RUN_CAP = "run_cap"  # each run at most a share of the longest run of the spike window
    LONG_RUN_CAP = "long_run_cap"  # each run below a factor of the runner's median distance
    WEEKLY_CAP = "weekly_cap"  # 7-day distance at most a share of the recent average week
    RETIRE_SHOES = "retire_shoes"  # the pairs in use past their range, by name
    CADENCE = "cadence"  # the plan's cadence target (+5-10 % of the runner's own)
    PACE_CAP = "pace_cap"  # no run faster than a share above the runner's median speed
    NOTE = "note"  # a dated change with no figure of the runner's to compute


#: Names each change kind computes for its ``text`` (besides ``start``, ``until``, ``weeks``
#: and the item's own ``values``).
COMPUTED: Mapping[ChangeKind, frozenset[str]] = MappingProxyType(
    {
        ChangeKind.FLAT_ROUTES: frozenset({"descent_cap_m_per_km", "own_descent_m_per_km"}),
        ChangeKind.RUN_CAP: frozenset({"cap_km", "longest_km"}),
        ChangeKind.LONG_RUN_CAP: frozenset({"cap_km", "median_km"}),
        ChangeKind.WEEKLY_CAP: frozenset({"cap_km", "average_week_km"}),
        ChangeKind.RETIRE_SHOES: frozenset({"shoes"}),
        ChangeKind.CADENCE: frozenset({"own_spm", "low_spm", "high_spm"}),
        ChangeKind.PACE_CAP: frozenset({"pace_cap", "median_pace"}),
        ChangeKind.NOTE: frozenset(),
    }
)

#: Values each change kind needs (besides ``weeks_count``).
REQUIRED: Mapping[ChangeKind, frozenset[str]] = MappingProxyType(
    {
        ChangeKind.FLAT_ROUTES: frozenset(
            {"max_descent_per_km_m", "lowest_cap_per_km_m", "median_window_days"}
        ),
        ChangeKind.RUN_CAP: frozenset({"cap_of_longest_pct"}),
        ChangeKind.LONG_RUN_CAP: frozenset({"cap_of_median_factor", "median_window_days"}),
        ChangeKind.WEEKLY_CAP: frozenset({"cap_of_average_pct", "reference_days"}),
        ChangeKind.RETIRE_SHOES: frozenset(),
        ChangeKind.CADENCE: frozenset(),
        ChangeKind.PACE_CAP: frozenset({"faster_than_median_pct", "median_window_days"}),
        ChangeKind.NOTE: frozenset(),
    }
)

DATES = frozenset({"start", "until", "weeks"})

_EXTRA = frozenset(
    {"exposure", "cause", "label", "advice", "uses", "change", "values", "text", "fallback"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerChangeItem(KnowledgeItem):
    """An exposure's words and the plan change that addresses it once it is confirmed."""

    exposure: str
    cause: str
    label: str
    advice: str
    uses: Mapping[str, str]  # placeholder -> "<item id>:<value name>"
    change: ChangeKind
    values: Mapping[str, float]
    text: str
    fallback: str

    @property
    def weeks(self) -> int:
        """How many weeks the change lasts."""
        return int(self.values["weeks_count"])


def placeholders(template: str) -> frozenset[str]:
    """The field names a ``str.format`` template uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _uses(raw: Mapping[str, Any], file: str, item_id: str) -> Mapping[str, str]:
    found = raw.get("uses", {})
    if not isinstance(found, Mapping):
        raise fail(file, item_id, "'uses' must be a mapping of name: '<item id>:<value>'")
    out: dict[str, str] = {}
    for name, ref in found.items():
        if not isinstance(name, str) or not isinstance(ref, str) or ref.count(":") != 1:
            raise fail(file, item_id, f"'uses' entry {name!r} must be '<item id>:<value>'")
        out[name] = ref
    return MappingProxyType(out)


def _template(
    raw: Mapping[str, Any], key: str, allowed: frozenset[str], file: str, iid: str
) -> str:
    text = f.text(raw, key, file, iid)
    try:
        names = placeholders(text)
    except ValueError as exc:
        raise fail(file, iid, f"{key!r} is not a valid template ({exc})") from exc
    unknown = sorted(names - allowed)
    if unknown:
        raise fail(file, iid, f"{key!r} uses unknown name(s) {', '.join(unknown)}")
    return text


def parse_trigger_change(raw: Any, file: str) -> TriggerChangeItem:
    """A ``trigger_changes`` item (see the module docstring); KnowledgeError naming the item."""
    base = base_fields(raw, file, _EXTRA)
    iid = base["id"]
    kind = ChangeKind(f.choice(raw, "change", [k.value for k in ChangeKind], file, iid))
    values = f.values(raw, "values", file, iid)
    weeks = values.get("weeks_count")
    if weeks is None or weeks < 1 or weeks != int(weeks):
        raise fail(file, iid, "values need a whole weeks_count of 1 or more")
    missing = sorted(REQUIRED[kind] - set(values))
    if missing:
        raise fail(file, iid, f"change {kind.value} needs value(s) {', '.join(missing)}")
    own = DATES | frozenset(values)
    return TriggerChangeItem(
        exposure=f.text(raw, "exposure", file, iid),
        cause=f.text(raw, "cause", file, iid),
        label=f.text(raw, "label", file, iid),
        advice=f.text(raw, "advice", file, iid),
        uses=_uses(raw, file, iid),
        change=kind,
        values=values,
        text=_template(raw, "text", own | COMPUTED[kind], file, iid),
        fallback=_template(raw, "fallback", own, file, iid),
        **base,
    )
