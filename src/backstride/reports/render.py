"""The report as one HTML document (charts as inline SVG images) or as a PDF.

PDF route: WeasyPrint (PyPI, BSD licence; needs Debian's Pango libraries, ``libpango-1.0-0``
and ``libpangoft2-1.0-0``). It lays out the same HTML with CSS paged media (A4 pages, page
numbers, no page break inside a table row or chart), works offline, and needs no browser
process; a headless Chromium printing the page would also work but makes a browser a runtime
dependency of a command-line report.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from backstride.errors import BackstrideError, InputValueError
from backstride.reports.document import ReportData
from backstride.reports.static import render_svg, svg_data_uri

HTML_SUFFIXES = frozenset({".html", ".htm"})


class PdfUnavailableError(BackstrideError):
    """WeasyPrint or the Pango libraries it needs are missing."""


class ReportPathError(InputValueError):
    """A ``--out`` path the report cannot be written to; carries the path and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write the report to {str(path)!r}: {reason}")


def check_destination(out: Path) -> None:
    """Refuse, before any work, a path that is a folder, has another suffix than .html, .htm
    or .pdf, or lies under something that is not a folder. Whether the folder is writable is
    only known on writing (:func:`write_report`)."""
    if out.is_dir():
        raise ReportPathError(out, "it is a folder; give a file name ending in .html or .pdf")
    if out.suffix.lower() not in HTML_SUFFIXES | {".pdf"}:
        raise InputValueError(f"the report is written as .html or .pdf, not {out.name!r}")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ReportPathError(out, f"{str(parent)!r} is not a folder")
            break


#: Words longer than this (a location or shoe name typed without spaces) may break anywhere.
LONG_WORD_CHARS = 24
_SPACE = re.compile(r"(\s+)")


def breakable(text: object) -> Markup:
    """``text`` escaped, each word longer than :data:`LONG_WORD_CHARS` in a ``span.long``
    that the stylesheet lets break anywhere (``overflow-wrap: anywhere``). Only those words
    get it: on a whole table cell it would let the table squeeze every column to one letter."""
    long_word = Markup('<span class="long">{}</span>')
    return Markup("").join(
        long_word.format(part) if len(part) > LONG_WORD_CHARS else escape(part)
        for part in _SPACE.split(str(text))
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("backstride.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["breakable"] = breakable
    return env


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
    """Write the report to ``out``: HTML for .html/.htm, PDF for .pdf (an existing file is
    replaced); a path that cannot be written raises :class:`ReportPathError`."""
    check_destination(out)
    html = render_html(data)
    content = render_pdf(html) if out.suffix.lower() == ".pdf" else html.encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as exc:
        raise ReportPathError(out, exc.strerror or type(exc).__name__) from None
    return out
