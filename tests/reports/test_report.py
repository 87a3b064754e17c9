"""The physiotherapist's report over the sample history: its sections hold data, HTML and PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from backstride.errors import InputValueError
from backstride.knowledge import load_rules
from backstride.reports import ReportData, build_report, render_html, render_pdf, write_report
from backstride.reports.static import render_svg
from backstride.store import Store

if TYPE_CHECKING:
    from backstride.services.gait import PastAnalysis

TODAY = date(2026, 8, 25)
NOW = datetime(2026, 8, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def report(store: Store) -> ReportData:
    return build_report(store, now=NOW, today=TODAY, since=date(2026, 6, 1))


def sections(html: str) -> dict[str, str]:
    """The text of each ``<section data-section=...>``, tags removed."""
    found = re.findall(r'<section id="[^"]+" data-section="([^"]+)">(.*?)</section>', html, re.S)
    return {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)) for name, body in found}


def test_report_data_covers_the_period(report: ReportData) -> None:
    facts = {f.label: f.value for f in report.who}
    assert facts["runs in the period"] == "36"
    assert facts["first and last run"] == "2026-06-02 to 2026-08-23"
    assert report.weeks[0].week_start == date(2026, 6, 1)
    assert sum(w.runs for w in report.weeks) == 36
    flagged = {f.id for f in report.factors if f.flagged}
    assert "load.single_run_spike" in flagged, "the samples hold a deliberate 60 % spike"
    grades = {f.id: f.grade for f in report.factors}
    rules = load_rules()
    assert grades["load.single_run_spike"] == rules.spike.item.grade.value
    assert grades["load.acwr"] == rules.acwr.item.grade.value
    assert [f.flagged for f in report.factors] == sorted(
        (f.flagged for f in report.factors), reverse=True
    )


def test_since_narrows_the_period(store: Store) -> None:
    later = build_report(store, now=NOW, today=TODAY, since=date(2026, 8, 1))
    facts = {f.label: f.value for f in later.who}
    assert facts["runs in the period"] == "9"
    assert all(w.week_start >= date(2026, 7, 27) for w in later.weeks)


def test_html_sections_hold_data(report: ReportData) -> None:
    html = render_html(report)
    found = sections(html)
    assert list(found) == ["who", "pain", "triage", "factors", "why", "plan", "gait"]
    assert "36" in found["who"]
    assert "2026-08-17" in found["pain"], "the weekly table lists the period's weeks"
    assert "Single-run spikes" in found["factors"] and "Frandsen" in found["factors"]
    assert "contested" in found["factors"]
    assert html.count('src="data:image/svg+xml;base64,') >= 1
    assert "http://" not in html.replace("http://www.w3.org", "")


def test_pdf_renders_and_its_text_holds_the_sections(report: ReportData, tmp_path: Path) -> None:
    out = write_report(report, tmp_path / "report.pdf")
    pdf = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(pdf.pages) >= 2
    text = " ".join(page.extract_text() for page in pdf.pages)
    text = re.sub(r"\s+", " ", text)
    for heading in ("Who", "Pain against load", "Red flags and phase", "Measured risk factors"):
        assert heading in text
    assert "Single-run spikes" in text
    assert "2026-08-17" in text
    assert "page 1 of" in text


def test_pdf_bytes_start_like_a_pdf(report: ReportData) -> None:
    assert render_pdf("<p>x</p>").startswith(b"%PDF-")


def test_wrong_suffix_is_refused(report: ReportData, tmp_path: Path) -> None:
    with pytest.raises(InputValueError, match=r"html or \.pdf"):
        write_report(report, tmp_path / "report.txt")


def test_static_load_chart_names_its_series(report: ReportData) -> None:
    svg = render_svg(report.load)
    assert svg.lstrip().startswith("<?xml")
    assert "Weekly distance" in svg
    assert "ACWR (contested)" in svg


def test_care_sections_hold_the_diary_triage_and_plan(tmp_path: Path) -> None:
    """A store with the last four sample runs, two diary entries, a triage and one exercise done
    (logged through the care services)."""
    from datetime import UTC

    from backstride.model import PainEntry, PainType, TriageAnswers
    from backstride.services import care, diary
    from tests.web._data import SAMPLE_FILES, import_into

    settings = import_into(tmp_path / "home", list(SAMPLE_FILES[-4:]))
    store = Store.open(settings)
    try:
        for day, score in ((21, 3), (24, 5)):
            entry = PainEntry(
                time_utc=datetime(2026, 8, day, 18, 0, tzinfo=UTC),
                utc_offset_s=7200,
                score=score,
                pain_type=PainType.DULL,
                location="lower back",
            )
            diary.log_pain(store, entry)
        care.run_triage(store, TriageAnswers(onset_days_ago=10, pain_score=5), NOW)
        care.plan_done(store, "plank", NOW)
        data = build_report(store, now=NOW, today=TODAY, since=date(2026, 8, 1))
    finally:
        store.close()
    found = sections(render_html(data))
    assert "2 diary entries" in found["pain"] and "2026-08-24 20:00" in found["pain"]
    assert "run of 2026-08-23, " in found["pain"], "entries name the run they follow by date"
    assert "Urgency: self care" in found["triage"]
    assert "tissue-healing phase subacute" in found["triage"]
    assert "Front plank" in found["plan"]
    assert "The plan began today (2026-08-25)" in found["plan"], "triage answered at NOW"
    assert data.pain.chart is not None
    assert data.alert is None and "alert" not in found
    pdf = PdfReader(io.BytesIO(render_pdf(render_html(data))))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "Front plank" in text and "2026-08-24 20:00" in text


def _past(result: dict[str, Any], filmed: datetime, name: str, row: int) -> PastAnalysis:
    from datetime import UTC

    from backstride.services.gait import PastAnalysis

    analysed = datetime(2026, 8, 25, 7, 0, tzinfo=UTC)
    return PastAnalysis(
        Path(f"/nowhere/{row}"),
        analysed,
        name,
        result,
        id=row,
        recorded_utc=filmed,
        recorded_from="given",
        video_name=f"{name}.mp4",
        files_missing=True,
    )


def test_gait_section_shows_form_over_time_next_to_pain(tmp_path: Path) -> None:
    """Three analyses made by the real analysis code from synthetic keypoints (one filmed
    before the period), two diary entries; the section shows the period's two over time."""
    from datetime import UTC

    from backstride.model import PainEntry, PainType
    from backstride.services import diary
    from tests.services.gait_data import rear_result, side_result
    from tests.web._data import import_into

    settings = import_into(tmp_path / "home", [])
    store = Store.open(settings)
    try:
        for day, score in ((10, 4), (22, 2)):
            when = datetime(2026, 8, day, 18, 0, tzinfo=UTC)
            entry = PainEntry(
                time_utc=when,
                utc_offset_s=7200,
                score=score,
                pain_type=PainType.DULL,
                location="lower back",
            )
            diary.log_pain(store, entry)
        analyses = [
            _past(side_result().as_dict(), datetime(2026, 5, 2, 7, tzinfo=UTC), "old", 1),
            _past(side_result().as_dict(), datetime(2026, 8, 9, 7, tzinfo=UTC), "road", 2),
            _past(
                side_result(175.0, 12.0).as_dict(),
                datetime(2026, 8, 20, 21, 30, tzinfo=UTC),  # 23:30 in Berlin
                "treadmill",
                3,
            ),
            _past(rear_result().as_dict(), datetime(2026, 8, 21, 7, tzinfo=UTC), "rear", 4),
        ]
        data = build_report(store, now=NOW, today=TODAY, since=date(2026, 6, 1), gait=analyses)
        empty = build_report(store, now=NOW, today=TODAY, since=date(2026, 6, 1), gait=analyses[:1])
    finally:
        store.close()
    assert [r[0] for r in data.gait.rows] == ["2026-08-09", "2026-08-20", "2026-08-21"]
    chart = data.gait.chart
    assert chart is not None
    by_name = {s.name: s for s in chart.series}
    assert [round(y) for y in by_name["cadence"].y] == [165, 175, 165]
    assert [round(y) for y in by_name["trunk lean"].y] == [6, 12]
    assert [round(y) for y in by_name["pelvic drop"].y] == [6]
    assert by_name["pain score"].y == (4.0, 2.0)
    assert chart.panels[-1].y_title == "pain (0-10)"
    assert chart.x_range == (datetime(2026, 6, 1), datetime(2026, 8, 26))
    found = sections(render_html(data))
    assert list(found)[-2:] == ["gait", "gait_latest"]
    gait = found["gait"]
    assert "3 video analyses filmed in the period" in gait and "treadmill.mp4" in gait
    assert "175 steps/min" in gait and "12.0°" in gait and "pelvic drop high" in gait
    assert "old.mp4" not in gait
    latest = found["gait_latest"]
    assert "Filmed 2026-08-21 (rear.mp4): rear view" in latest
    assert "Strengthen the glutes" in latest
    assert "gait.pelvic_drop" not in latest and "cause.pelvic_drop" not in latest
    assert "flagged" in latest, "each measure shows the rule it is judged by, in words"
    assert "No gait recordings analysed" in sections(render_html(empty))["gait"]
    assert empty.gait_latest is None
    pdf = PdfReader(io.BytesIO(render_pdf(render_html(data))))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "Running form over time, with pain" in text and "treadmill.mp4" in text
