"""A :class:`~backstride.reports.charts.Chart` as a static SVG drawn by matplotlib (for the report).

Same panels, series and colours as the browser's Plotly figure, sized for an A4 page. Uses the
object-oriented ``Figure`` API with the Agg canvas only: no pyplot state, no display, no
browser (Plotly's own static export needs kaleido and a browser download).
"""

from __future__ import annotations

import base64
import io
import itertools
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from backstride.reports.charts import GREY, Chart, Series, SeriesKind, XKind

WIDTH_IN = 7.0  # fits an A4 page with 2 cm margins
PANEL_IN = 1.7
_MARKERS = {"circle": "o", "triangle-up": "^", "square": "s", "diamond": "D", "x": "x"}
_RC: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: smaller, and searchable in the PDF
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e5e5",
}


def _bar_width(xs: Sequence[Any]) -> Any:
    """80 % of the smallest spacing between bars (a day, a week ...), in the x axis's units."""
    ordered = sorted(xs)
    gaps = [b - a for a, b in itertools.pairwise(ordered)]
    positive = [g for g in gaps if g]
    if not positive:
        return timedelta(days=0.8) if isinstance(xs[0], date) else 0.8
    return min(positive) * 0.8


def _as_datetime(value: Any) -> Any:
    """A calendar day as midnight (matplotlib gives bars on ``date`` values no width)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)  # noqa: DTZ001 (a local day)
    return value


def _draw(ax: Axes, s: Series) -> None:
    xs: list[Any] = [_as_datetime(x) for x in s.x]
    if not xs:
        return
    ys: list[Any] = [float("nan") if v is None else v for v in s.y]
    label = s.name if s.show_legend else None
    if s.kind == SeriesKind.BAR and s.horizontal:
        ax.barh(ys, xs, color=s.colour, label=label, height=0.6)
        return
    if s.kind == SeriesKind.BAR:
        ax.bar(xs, ys, width=_bar_width(xs), color=s.colour, label=label, align="center")
        return
    marker = _MARKERS.get(s.symbol, "o") if s.kind != SeriesKind.LINE else None
    style = "none" if s.kind == SeriesKind.MARKERS else "-"
    if s.x_low and s.x_high:
        lo: list[Any] = [
            x - (low if low is not None else x) for x, low in zip(xs, s.x_low, strict=True)
        ]
        hi: list[Any] = [
            (high if high is not None else x) - x for x, high in zip(xs, s.x_high, strict=True)
        ]
        ax.errorbar(
            xs,
            ys,
            xerr=[lo, hi],
            fmt=marker or "o",
            color=s.colour,
            label=label,
            capsize=3,
            markersize=s.size * 0.7,
            linestyle="none",
        )
        return
    ax.plot(
        xs,
        ys,
        linestyle=style,
        marker=marker,
        color=s.colour,
        label=label,
        markersize=s.size * 0.6,
        linewidth=1.2,
    )


def _axes(chart: Chart) -> tuple[Figure, list[Axes]]:
    heights = chart.panel_heights()
    width = WIDTH_IN * 0.7 if chart.equal_aspect else WIDTH_IN
    fig = Figure(figsize=(width, 1.2 + PANEL_IN * sum(heights)), layout="constrained")
    grid = fig.add_gridspec(len(chart.panels), 1, height_ratios=list(heights))
    axes: list[Axes] = []
    for i in range(len(chart.panels)):
        axes.append(fig.add_subplot(grid[i, 0], sharex=axes[0] if axes else None))
    return fig, axes


def render_svg(chart: Chart) -> str:
    """The chart as an SVG document (text)."""
    with rc_context(_RC):
        fig, axes = _axes(chart)
        for s in chart.series:
            _draw(axes[s.panel], s)
        for ax, panel in zip(axes, chart.panels, strict=True):
            ax.set_ylabel(panel.y_title)
            for band in panel.bands:
                ax.axhspan(band.low, band.high, color=band.colour, alpha=0.15, linewidth=0)
                ax.annotate(
                    band.label,
                    (0.005, band.high),
                    xycoords=("axes fraction", "data"),
                    fontsize=7,
                    va="bottom",
                )
            if panel.y_range is not None:
                ax.set_ylim(*panel.y_range)
            if panel.reversed:
                ax.invert_yaxis()
        _finish(chart, fig, axes)
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
    return buf.getvalue()


def _finish(chart: Chart, fig: Figure, axes: list[Axes]) -> None:
    fig.suptitle(chart.title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    last = axes[-1]
    last.set_xlabel(chart.x_title)
    if chart.x_kind == XKind.LOG:
        last.set_xscale("log")
    if chart.x_range is not None:
        last.set_xlim(*(_as_datetime(v) for v in chart.x_range))
    if chart.vline is not None:
        for ax in axes:
            ax.axvline(chart.vline, color=GREY, linestyle="--", linewidth=0.8)
    if chart.equal_aspect:
        axes[0].set_aspect("equal", adjustable="datalim")
    if chart.x_kind == XKind.DATE:
        fig.autofmt_xdate(rotation=0, ha="center")
    if chart.is_empty:
        axes[0].text(0.5, 0.5, "nothing to draw yet", transform=axes[0].transAxes, ha="center")
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    if handles:
        fig.legend(loc="outside lower center", ncols=min(2, len(handles)), frameon=False)


def svg_data_uri(svg: str) -> str:
    """A ``data:`` URI of an SVG, for an ``<img>`` (keeps each chart's ids to itself)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
