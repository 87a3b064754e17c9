"""The report for a physiotherapist (``backstride report``) and the charts it shares with the web.

:func:`build_report` gathers a period's content from the services, :func:`render_html` and
:func:`write_report` turn it into one HTML document or an A4 PDF. Charts are described once
(:mod:`.charts`) and drawn by matplotlib here and by Plotly in the browser.
"""

from backstride.reports.blocks import Block, Fact
from backstride.reports.charts import OKABE_ITO, Band, Chart, Panel, Series, SeriesKind, XKind
from backstride.reports.document import ReportData, build_report, default_since
from backstride.reports.factors import MeasuredFactor, measured_factors
from backstride.reports.render import (
    PdfUnavailableError,
    ReportPathError,
    check_destination,
    render_html,
    render_pdf,
    write_report,
)

__all__ = [
    "OKABE_ITO",
    "Band",
    "Block",
    "Chart",
    "Fact",
    "MeasuredFactor",
    "Panel",
    "PdfUnavailableError",
    "ReportData",
    "ReportPathError",
    "Series",
    "SeriesKind",
    "XKind",
    "build_report",
    "check_destination",
    "default_since",
    "measured_factors",
    "render_html",
    "render_pdf",
    "write_report",
]
