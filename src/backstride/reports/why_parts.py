"""The why-analysis shown to people: factors with their confidence intervals, as a chart, rows and
a report section. Everything shown comes from the insight analysis's :class:`InsightResult`.

With enough episodes the chart is a forest plot: each tested exposure's odds ratio with its 95 %
confidence interval on a log axis, a dashed line at 1 (no difference), significant factors in
vermillion. With too few episodes it shows how many pain episodes could be compared against how
many the analysis needs, which is the runner's next step.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from backstride.insight import Factor, InsightResult, Status
from backstride.reports.blocks import Block
from backstride.reports.charts import (
    BLUE,
    GREY,
    VERMILLION,
    Chart,
    Panel,
    Series,
    SeriesKind,
    XKind,
)
from backstride.store import Store

WhyProvider = Callable[[Store, datetime], InsightResult]
SERVICE_MODULE = "backstride.services.insight"
SERVICE_NAME = "why"
COLUMNS = ("factor", "odds ratio (95 % CI)", "p (Holm)", "episodes with it", "evidence")


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def ci_text(f: Factor) -> str:
    """``4.0 (2.1-8.5)``; an open upper limit shows as ∞; "not testable" when untested."""
    if not f.tested or f.odds_ratio is None:
        return "not testable"
    high = _finite(f.ci_high)
    low = _finite(f.ci_low)
    return (
        f"{f.odds_ratio:.2g} ({'-' if low is None else f'{low:.2g}'}–"
        f"{'∞' if high is None else f'{high:.2g}'})"
    )


def factor_row(f: Factor) -> tuple[str, ...]:
    evidence = "-"
    if f.evidence is not None:
        evidence = f.evidence.grade + (", contested" if f.evidence.contested else "")
    p = "-" if f.p_adjusted is None else f"{f.p_adjusted:.3f}"
    return (
        f.label + (" ⚑" if f.significant else ""),
        ci_text(f),
        p,
        f"{f.exposed_episodes} of {f.compared_episodes}",
        evidence,
    )


def _forest(result: InsightResult) -> Chart:
    tested = [f for f in result.factors if f.tested and f.odds_ratio is not None]
    tested.reverse()  # best-supported on top of a categorical axis drawn bottom-up
    series = []
    for significant, colour, name in (
        (False, BLUE, "not significant"),
        (True, VERMILLION, "significant"),
    ):
        chosen = [f for f in tested if f.significant == significant]
        if not chosen:
            continue
        series.append(
            Series(
                name=f"odds ratio, 95 % CI ({name})",
                kind=SeriesKind.MARKERS,
                x=tuple(float(f.odds_ratio or 1.0) for f in chosen),
                y=tuple(f.label for f in chosen),
                colour=colour,
                x_low=tuple(_finite(f.ci_low) for f in chosen),
                x_high=tuple(_finite(f.ci_high) for f in chosen),
                hover=tuple(f"{f.label}: {ci_text(f)}; {f.explanation}" for f in chosen),
                symbol="diamond" if significant else "circle",
                size=10,
            )
        )
    return Chart(
        id="why",
        title="What comes before your pain",
        x_title="odds ratio (log scale; 1 = no difference)",
        x_kind=XKind.LOG,
        panels=(Panel("", categories=tuple(f.label for f in tested)),),
        series=tuple(series),
        vline=1.0,
        caption=f"{result.episodes_used} pain episodes compared. {result.method}",
    )


def _progress(result: InsightResult) -> Chart:
    needed = result.episodes_used + max(result.episodes_needed, 0)
    return Chart(
        id="why",
        title="Pain episodes the analysis can compare",
        x_title="pain episodes",
        x_kind=XKind.NUMBER,
        panels=(Panel("", categories=("needed", "compared")),),
        series=(
            Series(
                "needed",
                SeriesKind.BAR,
                (float(needed),),
                ("needed",),
                GREY,
                show_legend=False,
                horizontal=True,
            ),
            Series(
                "compared",
                SeriesKind.BAR,
                (float(result.episodes_used),),
                ("compared",),
                BLUE,
                show_legend=False,
                horizontal=True,
            ),
        ),
        caption=result.message,
    )


def why_chart(result: InsightResult) -> Chart:
    """The forest plot, or the episodes still needed when there is not enough data."""
    if result.status == Status.OK:
        return _forest(result)
    return _progress(result)


def why_block(result: InsightResult | None) -> Block:
    """The report's why-analysis section (its texts come in the runner's units from
    :func:`backstride.services.insight.why`)."""
    title = "What comes before the pain"
    if result is None:
        return Block("why", title, empty="No why-analysis (no pain diary to compare runs with).")
    lines = [result.message]
    if result.status == Status.OK:
        lines.append(result.method)
    lines += [f"Cannot know: {x.text}" for x in result.limitations]
    rows = tuple(factor_row(f) for f in result.factors)
    return Block(
        "why",
        title,
        lines=tuple(lines),
        columns=COLUMNS if rows else (),
        rows=rows,
        chart=why_chart(result),
    )


def result_json(result: InsightResult) -> dict[str, Any]:
    """The analysis's own JSON (``backstride why --json``) plus display texts per factor."""
    out = result.to_json()
    for item, f in zip(out["factors"], result.factors, strict=True):
        item["ci_text"] = ci_text(f)
    return out


def default_provider() -> WhyProvider | None:
    """``backstride.services.insight.why`` when it exists, else None."""
    try:
        module = importlib.import_module(SERVICE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == SERVICE_MODULE:
            return None
        raise
    found = getattr(module, SERVICE_NAME, None)
    return found if callable(found) else None
