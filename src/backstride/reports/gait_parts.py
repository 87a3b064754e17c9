"""Gait parts shared by the report and the web pages: form over time next to the pain diary,
and one analysis's findings as table rows with the cause and advice each links to.

Inputs are the stored analyses (:class:`backstride.services.gait.PastAnalysis`, their result
JSON as :mod:`backstride.gait.results` writes it) and the diary's entries; nothing is measured
again here. Dates are the day each video was filmed, on the runner's clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from backstride.care.diary import local_time
from backstride.errors import KnowledgeError
from backstride.knowledge.care import load_care
from backstride.model import PainEntry
from backstride.reports.charts import (
    BLUE,
    GREEN,
    ORANGE,
    PURPLE,
    VERMILLION,
    Band,
    Chart,
    Panel,
    Series,
    SeriesKind,
    XKind,
)

if TYPE_CHECKING:
    from backstride.services.gait import PastAnalysis


@dataclass(frozen=True, slots=True)
class FormMeasure:
    """A metric drawn over time: its name in the result, the panel title, the unit it must
    have, and its colour."""

    name: str
    title: str
    unit: str
    colour: str


#: The form measures shown over time (side view: cadence, overstride, trunk lean; rear view:
#: pelvic drop; cadence from both), each in its own panel, pain below.
FORM_MEASURES: tuple[FormMeasure, ...] = (
    FormMeasure("cadence", "cadence (steps/min)", "spm", BLUE),
    FormMeasure("overstride", "heel ahead of hip (leg lengths)", "leg_length", ORANGE),
    FormMeasure("trunk_lean", "trunk lean (deg)", "deg", GREEN),
    FormMeasure("pelvic_drop", "pelvic drop (deg)", "deg", PURPLE),
)

_UNIT_TEXT = {"spm": "steps/min", "deg": "°", "leg_length": "leg lengths", "cm": "cm", "m": "m"}


def metric_label(name: str) -> str:
    from backstride.gait.results import LABELS

    return LABELS.get(name, name.replace("_", " "))


def value_text(value: Any, unit: str) -> str:
    """A metric's value for people: 165 steps/min, 6.0°, 0.28 leg lengths, 4.1 cm."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "-"
    shown = _UNIT_TEXT.get(unit, unit.replace("_", " "))
    if unit == "spm":
        return f"{value:.0f} {shown}"
    if unit == "deg":
        return f"{value:.1f}{shown}"
    if unit == "leg_length":
        return f"{value:.2f} {shown}"
    return f"{value:.3g} {shown}".strip()


def filmed_local(analysis: PastAnalysis, zone: tzinfo) -> datetime | None:
    """When the analysed video was filmed (else analysed), on the runner's clock."""
    when = analysis.when_utc
    return None if when is None else when.astimezone(zone)


def in_period(
    analyses: Sequence[PastAnalysis], since: date | None, until: date, zone: tzinfo
) -> list[PastAnalysis]:
    """The analyses filmed from ``since`` (None: any time) to ``until``, local days, in order."""
    kept = []
    for a in analyses:
        when = filmed_local(a, zone)
        if when is not None and (since is None or since <= when.date()) and when.date() <= until:
            kept.append(a)
    return sorted(kept, key=lambda a: (a.when_utc, a.id or 0))


def ok_band(name: str) -> Band | None:
    """The range in which a form measure is not flagged, read from ``knowledge/gait.yaml``
    (thresholds from 3D marker studies, or backstride's stated choice); None for a measure
    whose range is open-ended (cadence) or whose thresholds the file does not hold."""
    from backstride.gait.rules import load_gait_rules

    rules = load_gait_rules()
    try:
        if name == "trunk_lean":
            low = rules.angle_deg("gait.trunk_lean", "low_below")
            high = rules.angle_deg("gait.trunk_lean", "high_above")
        elif name == "pelvic_drop":
            low, high = 0.0, rules.angle_deg("gait.pelvic_drop", "high_above")
        elif name == "overstride":
            low, high = 0.0, rules.number("gait.overstride", "high_above_ratio")
        else:
            return None
    except KnowledgeError:
        return None
    return Band(round(low, 3), round(high, 3), "not flagged")


def _metric(result: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    metrics = result.get("metrics")
    found = metrics.get(name) if isinstance(metrics, Mapping) else None
    return found if isinstance(found, Mapping) else None


def _form_series(
    measure: FormMeasure, analyses: Sequence[PastAnalysis], zone: tzinfo, panel: int
) -> Series | None:
    xs: list[datetime] = []
    ys: list[float] = []
    hover: list[str] = []
    for a in analyses:
        m = _metric(a.result, measure.name)
        when = filmed_local(a, zone)
        value = None if m is None else m.get("value")
        if m is None or when is None or m.get("unit") != measure.unit:
            continue
        if not isinstance(value, int | float):
            continue
        xs.append(when.replace(tzinfo=None))
        ys.append(float(value))
        conf = m.get("confidence")
        hover.append(
            f"{when:%Y-%m-%d} {a.result.get('view', '?')} view: {value_text(value, measure.unit)}"
            f" ({m.get('flag') or 'not judged'}"
            + (f", confidence {conf:.0%})" if isinstance(conf, int | float) else ")")
        )
    if not xs:
        return None
    return Series(
        name=metric_label(measure.name),
        kind=SeriesKind.LINE_MARKERS,
        x=tuple(xs),
        y=tuple(ys),
        colour=measure.colour,
        panel=panel,
        hover=tuple(hover),
        show_legend=False,
    )


def gait_chart(
    analyses: Sequence[PastAnalysis],
    entries: Sequence[PainEntry],
    zone: tzinfo,
    since: date | None,
    until: date,
) -> Chart:
    """Form over time (one panel per measure that has values) above the pain diary's scores,
    sharing the date axis; x is local time, the day each video was filmed."""
    chosen = in_period(analyses, since, until, zone)
    panels: list[Panel] = []
    series: list[Series] = []
    for measure in FORM_MEASURES:
        found = _form_series(measure, chosen, zone, len(panels))
        if found is not None:
            band = ok_band(measure.name)
            panels.append(Panel(measure.title, bands=() if band is None else (band,)))
            series.append(found)
    if not panels:
        panels.append(Panel(FORM_MEASURES[0].title))
    pain = [
        e
        for e in entries
        if (since is None or since <= local_time(e).date()) and local_time(e).date() <= until
    ]
    series.append(
        Series(
            name="pain score",
            kind=SeriesKind.LINE_MARKERS,
            x=tuple(local_time(e).replace(tzinfo=None) for e in pain),
            y=tuple(float(e.score) for e in pain),
            colour=VERMILLION,
            panel=len(panels),
            hover=tuple(f"{local_time(e):%Y-%m-%d %H:%M}: {e.score}/10" for e in pain),
            show_legend=False,
        )
    )
    panels.append(Panel("pain (0-10)", y_range=(-0.3, 10.3)))
    return Chart(
        x_range=_span([x for s in series for x in s.x], since, until),
        id="gait",
        title="Running form over time, with pain",
        x_title="local date (of filming)",
        x_kind=XKind.DATE,
        panels=tuple(panels),
        series=tuple(series),
        caption="Medians over the steps of each video; shaded: the range that is not flagged "
        "(thresholds from 3D marker studies); pain scores from the diary below.",
    )


#: Days shown before the first point when the chart has no period start.
LEAD_DAYS = 7


def _span(xs: Sequence[Any], since: date | None, until: date) -> tuple[datetime, datetime] | None:
    """From the period's first day (or a week before the first point) to the end of ``until``:
    a single video never stretches over the whole axis."""
    days = [x.date() if isinstance(x, datetime) else x for x in xs if isinstance(x, date)]
    first = since or (min(days) - timedelta(days=LEAD_DAYS) if days else None)
    if first is None:
        return None
    last = max([until, *days]) + timedelta(days=1)
    return datetime.combine(first, time()), datetime.combine(last, time())


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One metric of one analysis, ready to show, with the cause it links to."""

    name: str
    label: str
    value: str
    unit: str
    flag: str
    confidence: float | None
    source: str
    cause_id: str | None
    cause: str | None  # the cause's summary
    advice: str | None
    grade: str | None
    rule: str | None = None  # the summary of the knowledge item in ``source``

    @property
    def flagged(self) -> bool:
        """True when the measure was judged and not found ok (as :func:`flags_text` counts)."""
        return self.flag not in NOT_FLAGGED


#: Flags that mean a measure is not flagged: judged ok, or not judged at all.
NOT_FLAGGED = frozenset({"ok", "not judged"})


def _rule_summary(item_id: str) -> str | None:
    """The summary of the gait knowledge item ``item_id`` (None when it has none)."""
    from backstride.gait.rules import load_gait_rules

    try:
        return load_gait_rules().item(item_id).summary
    except KnowledgeError:
        return None


def finding_rows(result: Mapping[str, Any]) -> list[FindingRow]:
    """Every metric of a stored result, with its rule, and the cause and advice from the
    knowledge base."""
    from backstride.gait.rules import METRIC_CAUSES

    causes = {c.id: c for c in load_care().causes}
    metrics = result.get("metrics")
    rows = []
    for name, m in (metrics or {}).items() if isinstance(metrics, Mapping) else ():
        if not isinstance(m, Mapping):
            continue
        unit = str(m.get("unit") or "")
        cause_id = METRIC_CAUSES.get(name)
        cause = causes.get(cause_id) if cause_id else None
        conf = m.get("confidence")
        source = str(m.get("source") or "")
        rows.append(
            FindingRow(
                name=name,
                label=metric_label(name),
                value=value_text(m.get("value"), unit),
                unit=_UNIT_TEXT.get(unit, unit),
                flag=str(m.get("flag") or "not judged"),
                confidence=float(conf) if isinstance(conf, int | float) else None,
                source=source,
                cause_id=cause_id,
                cause=None if cause is None else cause.summary,
                advice=None if cause is None else cause.advice,
                grade=None if cause is None else cause.grade.value,
                rule=_rule_summary(source) if source else None,
            )
        )
    return rows


def flags_text(result: Mapping[str, Any]) -> str:
    """The metrics flagged other than "ok", in words ("trunk lean high, ...")."""
    metrics = result.get("metrics")
    if not isinstance(metrics, Mapping):
        return ""
    return ", ".join(
        f"{metric_label(name)} {m['flag']}"
        for name, m in metrics.items()
        if isinstance(m, Mapping) and m.get("flag") not in (None, "ok")
    )
