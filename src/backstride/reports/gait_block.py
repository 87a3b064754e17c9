"""The report's gait section: the latest video analysis of the period, when there is one.

Reads the stored analyses that :func:`backstride.services.gait.list_analyses` lists (their
``result.json``: view, steps, cadence and per-metric value, unit, confidence, flag and the
knowledge item behind it) and shows them as they are; nothing is re-measured here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from backstride.reports.blocks import Block

if TYPE_CHECKING:
    from backstride.services.gait import PastAnalysis

TITLE = "Gait"


def _number(value: Any, unit: str) -> str:
    if not isinstance(value, int | float):
        return "-"
    return f"{value:.3g} {unit}".strip()


def _label(name: str) -> str:
    from backstride.gait.results import LABELS

    return LABELS.get(name, name.replace("_", " "))


def _rows(metrics: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for name, m in metrics.items():
        if not isinstance(m, Mapping):
            continue
        confidence = m.get("confidence")
        rows.append(
            (
                _label(name),
                _number(m.get("value"), str(m.get("unit") or "")),
                f"{confidence:.0%}" if isinstance(confidence, int | float) else "-",
                str(m.get("flag") or ""),
                str(m.get("source") or ""),
            )
        )
    return tuple(rows)


def gait_block(analyses: Sequence[PastAnalysis], since: date, today: date) -> Block:
    """The latest analysis made within ``since``..``today`` (UTC days), with every metric."""
    within = [
        a
        for a in analyses
        if a.analysed_utc is not None and since <= a.analysed_utc.date() <= today
    ]
    if not within:
        return Block("gait", TITLE, empty="No gait recordings analysed in the period.")
    latest = within[-1]
    r = latest.result
    assert latest.analysed_utc is not None
    lines = [
        f"{len(within)} video analyses in the period; the latest, of "
        f"{latest.video_stem or 'a video'} on {latest.analysed_utc:%Y-%m-%d}: "
        f"{r.get('view', '?')} view, {r.get('steps', '?')} foot contacts, cadence "
        f"{_number(r.get('cadence_spm'), 'steps/min')}.",
    ]
    warnings = r.get("warnings") or []
    if isinstance(warnings, list) and warnings:
        lines.append("Limits of this clip: " + "; ".join(str(w) for w in warnings))
    metrics = r.get("metrics")
    rows = _rows(metrics) if isinstance(metrics, Mapping) else ()
    return Block(
        "gait",
        TITLE,
        lines=tuple(lines),
        columns=("measure", "median over steps", "confidence", "flag", "knowledge item"),
        rows=rows,
    )
