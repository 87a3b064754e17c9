"""The report's gait sections: form over time next to pain, and the latest analysis in full.

Reads the stored analyses that :func:`backstride.services.gait.list_analyses` lists (their
result JSON: view, steps, cadence and per-metric value, unit, confidence, flag and the
knowledge item behind it) and shows them as they are; nothing is re-measured here. An
analysis belongs to the period by the local day its video was filmed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, tzinfo
from typing import TYPE_CHECKING, Any

from backstride.model import PainEntry
from backstride.presentation import plural
from backstride.reports.blocks import Block
from backstride.reports.gait_parts import (
    FindingRow,
    filmed_local,
    finding_rows,
    flags_text,
    gait_chart,
    in_period,
    value_text,
)
from backstride.reports.wording import join_sentences

if TYPE_CHECKING:
    from backstride.services.gait import PastAnalysis

TITLE = "Gait"
LATEST_TITLE = "Gait: the latest analysis in full"


def _row(a: PastAnalysis, zone: tzinfo) -> tuple[str, ...]:
    when = filmed_local(a, zone)
    r = a.result
    steps = r.get("steps")
    return (
        "?" if when is None else f"{when:%Y-%m-%d}",
        a.video_name or a.video_stem or "-",
        str(r.get("view", "?")),
        str(steps) if isinstance(steps, int) else "-",
        *(
            value_text(_value(r, name), unit)
            for name, unit in (
                ("cadence", "spm"),
                ("overstride", "leg_length"),
                ("trunk_lean", "deg"),
                ("pelvic_drop", "deg"),
            )
        ),
        flags_text(r) or "none",
    )


def _value(result: Mapping[str, Any], name: str) -> Any:
    metrics = result.get("metrics")
    m = metrics.get(name) if isinstance(metrics, Mapping) else None
    return m.get("value") if isinstance(m, Mapping) else None


def gait_block(
    analyses: Sequence[PastAnalysis],
    since: date,
    today: date,
    entries: Sequence[PainEntry] = (),
    zone: tzinfo | None = None,
) -> Block:
    """The analyses filmed within ``since``..``today`` (local days in ``zone``, default UTC):
    a chart of form over time above the pain scores, and one table row per analysis."""
    zone = zone or UTC
    within = in_period(analyses, since, today, zone)
    if not within:
        return Block("gait", TITLE, empty="No gait recordings analysed in the period.")
    lines = [
        f"{plural(len(within), 'video analysis', 'video analyses')} filmed in the period; each "
        "figure is the median over the steps of one video. The values come from 2D video: the "
        "thresholds behind the flags come from 3D marker studies."
    ]
    missing = [a for a in within if a.files_missing]
    if missing:
        lines.append(f"{len(missing)} of them have lost their video files; their figures stay.")
    return Block(
        "gait",
        TITLE,
        lines=tuple(lines),
        columns=(
            "filmed",
            "video",
            "view",
            "steps",
            "cadence",
            "heel ahead of hip",
            "trunk lean",
            "pelvic drop",
            "flags",
        ),
        rows=tuple(_row(a, zone) for a in within),
        chart=gait_chart(within, entries, zone, since, today),
    )


def _advice(f: FindingRow) -> str:
    """The advice of a flagged measure with the cause it links to, in words."""
    if not f.flagged or f.advice is None:
        return ""
    return f"{f.advice} Linked cause: {(f.cause or '').rstrip('. ')} (grade {f.grade})."


def gait_latest_block(
    analyses: Sequence[PastAnalysis],
    since: date,
    today: date,
    zone: tzinfo | None = None,
    running_withheld: str | None = None,
) -> Block | None:
    """Every metric of the latest analysis of the period, with confidence, flag, the rule it is
    judged by and, for flagged measures only, the cause and advice it links to; None when the
    period has none. ``running_withheld``: the line shown instead of any running advice (red
    flags)."""
    zone = zone or UTC
    within = in_period(analyses, since, today, zone)
    if not within:
        return None
    latest = within[-1]
    r = latest.result
    when = filmed_local(latest, zone)
    lines = [
        f"Filmed {when:%Y-%m-%d} ({latest.video_name or latest.video_stem or 'a video'}): "
        f"{r.get('view', '?')} view, {r.get('steps', '?')} foot contacts, cadence "
        f"{value_text(r.get('cadence_spm'), 'spm')}. Each flag compares the video with the "
        "rule beside it; advice is shown only for flagged measures."
    ]
    warnings = r.get("warnings") or []
    if isinstance(warnings, list) and warnings:
        lines.append("Limits of this clip: " + join_sentences(str(w) for w in warnings))
    findings = finding_rows(r)
    if running_withheld is not None:
        lines.append(running_withheld)
    elif not any(_advice(f) for f in findings):
        lines.append("No measure is flagged, so no advice follows from this clip.")
    columns = ("measure", "median over steps", "confidence", "flag", "rule")
    rows = tuple(
        (
            f.label,
            f.value,
            "-" if f.confidence is None else f"{f.confidence:.0%}",
            f.flag,
            f.rule or "-",
            *(() if running_withheld is not None else (_advice(f),)),
        )
        for f in findings
    )
    return Block(
        "gait_latest",
        LATEST_TITLE,
        lines=tuple(lines),
        columns=columns if running_withheld is not None else (*columns, "advice"),
        rows=rows,
    )
