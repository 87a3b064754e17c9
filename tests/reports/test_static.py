"""Static charts (matplotlib SVG) for the report: same series as the browser, drawn visibly."""

from __future__ import annotations

import re
from datetime import date, timedelta

from backstride.reports.charts import BLUE, VERMILLION, Chart, Panel, Series, SeriesKind, XKind
from backstride.reports.static import render_svg, svg_data_uri


def _bar_widths(svg: str) -> list[float]:
    widths = []
    for d in re.findall(r'<g id="patch_\d+">\s*<path d="([^"]+)"', svg):
        xs = [float(x) for x in re.findall(r"([\d.]+) [\d.]+", d)]
        widths.append(max(xs) - min(xs))
    return widths


def test_daily_bars_on_calendar_days_have_width() -> None:
    """40 synthetic bars every other day; each must be drawn wider than a hairline."""
    days = tuple(date(2026, 6, 1) + timedelta(days=2 * i) for i in range(40))
    chart = Chart(
        "d",
        "daily",
        "day",
        XKind.DATE,
        (Panel("km"),),
        (Series("km", SeriesKind.BAR, days, (5.0,) * 40, BLUE),),
    )
    widths = _bar_widths(render_svg(chart))
    visible = [w for w in widths if 3.0 < w < 50.0]  # not hairlines, not the axes' own patch
    assert len(visible) >= 40


def test_every_series_name_and_panel_title_is_drawn() -> None:
    chart = Chart(
        "f",
        "Forest",
        "odds ratio",
        XKind.LOG,
        (Panel("", categories=("hills", "spikes")),),
        (
            Series(
                "odds ratio (95 % CI)",
                SeriesKind.MARKERS,
                (2.0, 4.0),
                ("hills", "spikes"),
                VERMILLION,
                x_low=(1.1, 2.1),
                x_high=(3.6, 8.5),
            ),
        ),
        vline=1.0,
    )
    svg = render_svg(chart)
    for text in ("Forest", "odds ratio (95 % CI)", "hills", "spikes"):
        assert text in svg
    assert svg_data_uri(svg).startswith("data:image/svg+xml;base64,")
