"""The physiotherapist's report over the sample history: its sections hold data, HTML and PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from backstride.errors import InputValueError
from backstride.knowledge import load_rules
from backstride.reports import ReportData, build_report, render_html, render_pdf, write_report
from backstride.reports.static import render_svg
from backstride.store import Store

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
    assert "run " in found["pain"], "entries name the run they follow"
    assert "Urgency: self care" in found["triage"]
    assert "tissue-healing phase subacute" in found["triage"]
    assert "Front plank" in found["plan"] and "1 of" in found["plan"]
    assert data.pain.chart is not None
    pdf = PdfReader(io.BytesIO(render_pdf(render_html(data))))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "Front plank" in text and "2026-08-24 20:00" in text


def test_gait_section_shows_the_latest_analysis_of_the_period(store: Store) -> None:
    """Two stored analyses written by hand in the shape of ``result.json`` (see
    backstride.gait.results): one before the period, one inside it."""
    from datetime import UTC

    from backstride.services.gait import PastAnalysis

    result = {
        "view": "side",
        "fps": 30.0,
        "steps": 14,
        "cadence_spm": 168.2,
        "metrics": {
            "overstride": {
                "value": 0.12,
                "unit": "m",
                "per_step": [0.1, 0.14],
                "confidence": 0.82,
                "flag": "high",
                "source": "gait.overstride",
            },
            "trunk_lean": {
                "value": 6.5,
                "unit": "deg",
                "per_step": [],
                "confidence": 0.9,
                "flag": None,
                "source": "gait.trunk_lean",
            },
        },
        "warnings": ["the runner was partly out of frame"],
    }
    old = PastAnalysis(Path("/x/a"), datetime(2026, 5, 1, tzinfo=UTC), "old", {"steps": 3})
    new = PastAnalysis(Path("/x/b"), datetime(2026, 8, 20, 7, tzinfo=UTC), "treadmill", result)
    data = build_report(store, now=NOW, today=TODAY, since=date(2026, 6, 1), gait=[old, new])
    gait = sections(render_html(data))["gait"]
    assert "1 video analyses in the period" in gait and "treadmill on 2026-08-20" in gait
    assert "168 steps/min" in gait and "partly out of frame" in gait
    assert "0.12 m" in gait and "82%" in gait and "high" in gait and "gait.overstride" in gait
    empty = build_report(store, now=NOW, today=TODAY, since=date(2026, 6, 1), gait=[old])
    assert "No gait recordings analysed" in sections(render_html(empty))["gait"]
