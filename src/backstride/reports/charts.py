"""Charts described once, drawn twice: interactive in the browser (Plotly) and static in the report.

A :class:`Chart` names its panels (stacked vertically, sharing the x axis) and its series in
display units; :mod:`backstride.web.figures` turns it into a Plotly figure and
:mod:`backstride.reports.static` into an SVG with matplotlib, so the two always show the same
data in the same colours. No plotting library is imported here.

Colours are the Okabe-Ito palette, chosen to stay distinct for the common kinds of colour
blindness (Okabe M, Ito K. Color Universal Design, 2002; https://jfly.uni-koeln.de/color/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeAlias

#: The Okabe-Ito palette by name.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
BLUE = OKABE_ITO["blue"]
SKY = OKABE_ITO["sky_blue"]
ORANGE = OKABE_ITO["orange"]
GREEN = OKABE_ITO["green"]
VERMILLION = OKABE_ITO["vermillion"]
PURPLE = OKABE_ITO["purple"]
BLACK = OKABE_ITO["black"]
GREY = "#777777"

XValue: TypeAlias = float | str | date | datetime
YValue: TypeAlias = float | str | None


class SeriesKind(StrEnum):
    BAR = "bar"
    LINE = "line"
    MARKERS = "markers"
    LINE_MARKERS = "line_markers"


class XKind(StrEnum):
    DATE = "date"
    NUMBER = "number"
    LOG = "log"


@dataclass(frozen=True, slots=True)
class Band:
    """A shaded horizontal range of a panel (for example the ACWR's so-called sweet spot)."""

    low: float
    high: float
    label: str
    colour: str = GREEN


@dataclass(frozen=True, slots=True)
class Panel:
    """One stacked plot area with its own y axis; ``categories`` makes the y axis categorical."""

    y_title: str
    reversed: bool = False
    bands: tuple[Band, ...] = ()
    y_range: tuple[float, float] | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Series:
    """One trace. ``x_low``/``x_high`` draw horizontal error bars (a confidence interval);
    ``horizontal`` bars run along x from categories on y."""

    name: str
    kind: SeriesKind
    x: tuple[XValue, ...]
    y: tuple[YValue, ...]
    colour: str
    panel: int = 0
    hover: tuple[str, ...] = ()
    x_low: tuple[float | None, ...] = ()
    x_high: tuple[float | None, ...] = ()
    symbol: str = "circle"
    size: float = 7.0
    show_legend: bool = True
    horizontal: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """A figure: stacked panels sharing x, series in display units, an optional caption.

    ``equal_aspect`` keeps one x unit as long as one y unit (a GPS track in local metres);
    ``vline`` draws a vertical reference line at that x (an odds ratio of 1); ``x_range`` fixes
    the x axis (a period of dates) instead of fitting it to the data.
    """

    id: str
    title: str
    x_title: str
    x_kind: XKind
    panels: tuple[Panel, ...]
    series: tuple[Series, ...]
    caption: str | None = None
    equal_aspect: bool = False
    vline: float | None = None
    x_range: tuple[XValue, XValue] | None = None

    @property
    def is_empty(self) -> bool:
        return not any(len(s.x) for s in self.series)

    def panel_heights(self) -> tuple[float, ...]:
        """Relative heights: the first panel is the main one and gets more room."""
        n = len(self.panels)
        if n == 1:
            return (1.0,)
        return (1.6, *([1.0] * (n - 1)))


def finite_or_none(values: Sequence[float | None]) -> tuple[float | None, ...]:
    """NaN and infinities become None (JSON has no NaN; both renderers leave a gap)."""
    return tuple(v if v is not None and v == v and abs(v) != float("inf") else None for v in values)
