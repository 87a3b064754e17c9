"""A :class:`~backstride.reports.charts.Chart` as a Plotly figure (``{"data", "layout"}`` JSON).

The browser draws it with the plotly.min.js bundled in the ``plotly`` package, served by this
app (no CDN). Panels are stacked y axes sharing one x axis; the first panel sits on top.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from backstride.reports.charts import GREY, Chart, Panel, Series, SeriesKind, XKind, XValue

GAP = 0.06  # vertical space between panels, as a fraction of the plot height
PANEL_PX = 190  # pixel height of a panel of relative height 1
LOG_TICKS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"

_MODES = {
    SeriesKind.LINE: "lines",
    SeriesKind.MARKERS: "markers",
    SeriesKind.LINE_MARKERS: "lines+markers",
}


def _x(value: XValue) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _axis(index: int) -> str:
    """Plotly's name of the y axis of panel ``index``: y, y2, y3 ..."""
    return "y" if index == 0 else f"y{index + 1}"


def _layout_key(index: int) -> str:
    return "yaxis" if index == 0 else f"yaxis{index + 1}"


def domains(heights: Sequence[float]) -> list[tuple[float, float]]:
    """The [bottom, top] paper fraction of each panel, first panel on top, ``GAP`` between."""
    n = len(heights)
    free = max(0.0, 1.0 - GAP * (n - 1))
    total = sum(heights) or 1.0
    out: list[tuple[float, float]] = []
    top = 1.0
    for h in heights:
        bottom = max(0.0, top - free * h / total)
        out.append((round(bottom, 4), round(top, 4)))
        top = bottom - GAP
    return out


def plain(text: str) -> str:
    """``text`` as Plotly shows it literally: Plotly reads a subset of HTML in every label
    (links, styles), and labels can hold what a runner typed (a pain location, a shoe name)."""
    return html.escape(text, quote=False)


def _trace(s: Series) -> dict[str, Any]:
    trace: dict[str, Any] = {
        "name": plain(s.name),
        "x": [_x(v) for v in s.x],
        "y": list(s.y),
        "yaxis": _axis(s.panel),
        "xaxis": "x",
        "showlegend": s.show_legend,
    }
    if s.kind == SeriesKind.BAR:
        trace.update(type="bar", marker={"color": s.colour})
        if s.horizontal:
            trace["orientation"] = "h"
    else:
        trace.update(type="scatter", mode=_MODES[s.kind])
        trace["line"] = {"color": s.colour, "width": 2}
        trace["marker"] = {"color": s.colour, "symbol": s.symbol, "size": s.size}
    if s.hover:
        trace["hovertext"] = [plain(h) for h in s.hover]
        trace["hovertemplate"] = "%{hovertext}<extra></extra>"
    if s.x_low and s.x_high:
        trace["error_x"] = {
            "type": "data",
            "symmetric": False,
            "array": [_minus(hi, x) for hi, x in zip(s.x_high, s.x, strict=True)],
            "arrayminus": [_minus(x, lo) for lo, x in zip(s.x_low, s.x, strict=True)],
            "color": s.colour,
            "thickness": 2,
            "width": 6,
        }
    return trace


def _minus(a: XValue | float | None, b: XValue | float | None) -> float | None:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) - float(b)
    return None


def _y_axis(panel: Panel, domain: tuple[float, float]) -> dict[str, Any]:
    axis: dict[str, Any] = {
        "title": {"text": plain(panel.y_title)},
        "domain": list(domain),
        "anchor": "x",
        "zeroline": False,
        "gridcolor": "#e5e5e5",
        "automargin": True,
    }
    if panel.reversed:
        axis["autorange"] = "reversed"
    if panel.y_range is not None:
        axis["range"] = list(panel.y_range)
    if panel.categories:
        axis.update(type="category", categoryorder="array", categoryarray=list(panel.categories))
    return axis


def _shapes(chart: Chart) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for i, panel in enumerate(chart.panels):
        for band in panel.bands:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "yref": _axis(i),
                    "y0": band.low,
                    "y1": band.high,
                    "fillcolor": band.colour,
                    "opacity": 0.15,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
            notes.append(
                {
                    "xref": "paper",
                    "x": 0.005,
                    "xanchor": "left",
                    "yref": _axis(i),
                    "y": band.high,
                    "yanchor": "bottom",
                    "text": plain(band.label),
                    "showarrow": False,
                    "font": {"size": 11, "color": "#333"},
                }
            )
    if chart.vline is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "x0": chart.vline,
                "x1": chart.vline,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": GREY, "width": 1, "dash": "dash"},
            }
        )
    return shapes, notes


def figure(chart: Chart) -> dict[str, Any]:
    """The Plotly figure of ``chart``: traces, stacked y axes, bands, caption."""
    heights = chart.panel_heights()
    plot_px = PANEL_PX * sum(heights)
    legend = any(s.show_legend for s in chart.series)
    bottom_px = 120 if legend else 70
    layout: dict[str, Any] = {
        "title": {"text": plain(chart.title), "x": 0, "xanchor": "left"},
        "font": {"family": FONT, "size": 13},
        "height": int(plot_px + 50 + bottom_px),
        "margin": {"l": 70, "r": 20, "t": 50, "b": bottom_px},
        # below the x axis title: 75 px under the plot area, whatever the chart's height
        "legend": {"orientation": "h", "x": 0, "yanchor": "top", "y": -75.0 / plot_px},
        "barmode": "overlay",
        "hovermode": "closest",
        "plot_bgcolor": "white",
        "xaxis": {
            "title": {"text": plain(chart.x_title)},
            "type": {"date": "date", "number": "linear", "log": "log"}[chart.x_kind.value],
            "gridcolor": "#e5e5e5",
            "zeroline": False,
            "anchor": _axis(len(chart.panels) - 1),
        },
    }
    if chart.x_range is not None:
        layout["xaxis"]["range"] = [_x(v) for v in chart.x_range]
    if chart.x_kind == XKind.LOG:
        layout["xaxis"]["tickvals"] = list(LOG_TICKS)
        layout["xaxis"]["ticktext"] = [f"{t:g}" for t in LOG_TICKS]
    for i, (panel, dom) in enumerate(zip(chart.panels, domains(heights), strict=True)):
        layout[_layout_key(i)] = _y_axis(panel, dom)
    if chart.equal_aspect:
        layout["yaxis"]["scaleanchor"] = "x"
        layout["yaxis"]["scaleratio"] = 1
    shapes, notes = _shapes(chart)
    layout["shapes"] = shapes
    layout["annotations"] = notes
    if chart.is_empty:
        layout["annotations"].append(
            {"text": "nothing to draw yet", "showarrow": False, "xref": "paper", "yref": "paper"}
        )
    return {"data": [_trace(s) for s in chart.series], "layout": layout}
