"""The report as one HTML document (charts as inline SVG images) or as a PDF.

PDF route: WeasyPrint (PyPI, BSD licence; needs Debian's Pango libraries, ``libpango-1.0-0``
and ``libpangoft2-1.0-0``). It lays out the same HTML with CSS paged media (A4 pages, page
numbers, no page break inside a table row or chart), works offline, and needs no browser
process; a headless Chromium printing the page would also work but makes a browser a runtime
dependency of a command-line report.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from backstride.errors import BackstrideError, InputValueError
from backstride.reports.document import ReportData
from backstride.reports.static import render_svg, svg_data_uri

HTML_SUFFIXES = frozenset({".html", ".htm"})


class PdfUnavailableError(BackstrideError):
    """WeasyPrint or the Pango libraries it needs are missing."""


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("backstride.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def chart_images(data: ReportData) -> dict[str, str]:
    """Each chart of the report as an SVG ``data:`` URI, keyed by its section (``load`` too)."""
    images = {"load": svg_data_uri(render_svg(data.load))}
    for block in (data.pain, data.triage, data.why, data.plan, data.gait, *data.extra):
        if block.chart is not None:
            images[block.id] = svg_data_uri(render_svg(block.chart))
    return images


def render_html(data: ReportData) -> str:
    """The whole report as a self-contained HTML document."""
    template = _environment().get_template("report.html")
    return template.render(data=data, images=chart_images(data))


def render_pdf(html: str) -> bytes:
    """The HTML report laid out as A4 PDF pages by WeasyPrint."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailableError(
            "PDF output needs WeasyPrint and Pango: pip install 'backstride[web]' and "
            f"apt-get install libpango-1.0-0 libpangoft2-1.0-0 ({exc}); or write --out FILE.html"
        ) from None
    pdf = HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def write_report(data: ReportData, out: Path) -> Path:
    """Write the report to ``out``: HTML for .html/.htm, PDF for .pdf."""
    suffix = out.suffix.lower()
    if suffix not in HTML_SUFFIXES | {".pdf"}:
        raise InputValueError(f"the report is written as .html or .pdf, not {out.name!r}")
    html = render_html(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        out.write_bytes(render_pdf(html))
    else:
        out.write_text(html, encoding="utf-8")
    return out
