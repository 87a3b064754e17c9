"""The PDF's layout, read back from WeasyPrint's own layout boxes: long unbroken words stay
inside the page, and no heading is left at the foot of a page without its section.

``weasyprint.HTML(...).render()`` lays the report out exactly as :func:`render_pdf` does and
keeps the boxes (``Page._page_box``: positions and widths in CSS pixels), so the tests measure
the rendered pages instead of trusting the stylesheet. Inputs are synthetic: a store without
runs, a diary entry whose location is 161 characters without a space and whose note holds a
140-character word, and report sections written here (a short intro and a chart each, after
filler text of varying length so that headings fall at many heights of the page).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from backstride.model import PainEntry, PainType
from backstride.reports import Block, ReportData, build_report, render_html
from backstride.reports.charts import BLUE, Chart, Panel, Series, SeriesKind, XKind
from backstride.reports.render import breakable
from backstride.store import Store

TODAY = date(2026, 8, 25)
NOW = datetime(2026, 8, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
LOCATION = "L" * 150 + "NOSPACE-END"  # 161 characters
NOTE_WORD = "N" * 136 + "-END"  # 140 characters


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def _pages(html: str) -> list[Any]:
    return [page._page_box for page in HTML(string=html).render().pages]


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    from backstride.services import diary
    from tests.web._data import import_into

    settings = import_into(tmp_path_factory.mktemp("long"), [])
    store = Store.open(settings)
    try:
        entry = PainEntry(
            time_utc=datetime(2026, 8, 20, 18, 0, tzinfo=UTC),
            utc_offset_s=7200,
            score=4,
            pain_type=PainType.DULL,
            location=LOCATION,
            note=f"after the hills {NOTE_WORD} then better",
        )
        diary.log_pain(store, entry)
        return build_report(store, now=NOW, today=TODAY, since=date(2026, 8, 1))
    finally:
        store.close()


def test_long_words_wrap_inside_the_page(long_words: ReportData) -> None:
    pages = _pages(render_html(long_words))
    seen = ""
    for page in pages:
        right = page.content_box_x() + page.width
        for box in _walk(page):
            if isinstance(box, boxes.TextBox):
                assert box.position_x + box.width <= right + 0.5, box.text[:40]
                seen += box.text
    assert "NOSPACE-END" in seen and "N-END" in seen, "the long texts were laid out"


def test_only_long_words_may_break_anywhere() -> None:
    html = str(breakable(f"lower back <b> {LOCATION}"))
    assert html == f'lower back &lt;b&gt; <span class="long">{LOCATION}</span>'


# --- headings --------------------------------------------------------------------------------
def _chart(i: int) -> Chart:
    return Chart(
        id=f"s{i}",
        title=f"Chart {i}",
        x_title="x",
        x_kind=XKind.NUMBER,
        panels=(Panel("y"),),
        series=(Series(f"s{i}", SeriesKind.LINE, (0.0, 1.0, 2.0), (1.0, 2.0, 1.5), BLUE),),
    )


def _flow(page: Any) -> list[tuple[str | None, str, int, int]]:
    """The page's block-level elements in order: (section id, tag, element identity, weight);
    the weight of a paragraph is its lines on this page, of a table, list or chart 2."""
    found: list[tuple[str | None, str, int, int]] = []

    def visit(box: Any, section: str | None) -> None:
        tag = getattr(box, "element_tag", None)
        element = getattr(box, "element", None)
        if tag == "section" and element is not None:
            section = element.get("id")
        if (
            isinstance(box, boxes.BlockLevelBox)
            and tag in ("h2", "h3", "p", "table", "img", "ul")
            and (not found or found[-1][2] != id(element))
        ):
            lines = sum(1 for b in _walk(box) if isinstance(b, boxes.LineBox))
            found.append((section, tag, id(element), lines if tag == "p" else 2))
        for child in getattr(box, "children", None) or ():
            visit(child, section)

    visit(page, None)
    return found


def stranded_headings(html: str) -> list[str]:
    """Headings at the foot of a page followed by less than two lines of their section (or
    nothing), while the section goes on over the page."""
    flows = [_flow(p) for p in _pages(html)]
    found = []
    for flow, following in itertools.pairwise(flows):
        heads = [i for i, block in enumerate(flow) if block[1] in ("h2", "h3")]
        if not heads or not following:
            continue
        last = heads[-1]
        section = flow[last][0]
        after = sum(b[3] for b in flow[last + 1 :] if b[0] == section)
        if after < 2 and following[0][0] == section:
            found.append(f"{section} ({after} line after its heading)")
    return found


def test_no_heading_is_stranded_at_the_foot_of_a_page(long_words: ReportData) -> None:
    extra: list[Block] = []
    for i in range(10):
        extra.append(Block(f"f{i}", f"Filler {i}", lines=("Filler text. " * (25 * i + 10),)))
        extra.append(
            Block(f"s{i}", f"Chart {i}", lines=("One line on the chart.",), chart=_chart(i))
        )
    html = render_html(replace(long_words, extra=tuple(extra)))
    assert stranded_headings(html) == []
