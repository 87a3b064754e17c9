"""An urgent or emergency triage: its red flags come first, and no section suggests running.

The store holds the last four SYNTHETIC sample runs (samples/, scripts/make_samples.py), two
diary entries, an emergency triage answered through the care service, and two gait analyses
made by the real analysis code from synthetic keypoints (tests/services/gait_data.py), one
with a cadence of 150 steps/min so that the low-cadence cause and its running advice apply.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from pypdf import PdfReader

from backstride.care.triage import triage
from backstride.knowledge.care import load_care
from backstride.model import PainEntry, PainType, TriageAnswers, Urgency
from backstride.reports import ReportData, build_report, render_html, render_pdf
from backstride.reports.care_blocks import alert_block, triage_block
from backstride.reports.why_parts import default_provider
from backstride.store import Store
from tests.reports.test_report import _past, sections

TODAY = date(2026, 8, 25)
NOW = datetime(2026, 8, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
EMERGENCY = TriageAnswers(
    onset_days_ago=5, pain_score=6, saddle_numbness=True, bladder_or_bowel_change=True
)


@pytest.fixture(scope="module")
def emergency(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    from backstride.services import care, diary
    from tests.services.gait_data import side_result
    from tests.web._data import SAMPLE_FILES, import_into

    settings = import_into(tmp_path_factory.mktemp("emergency"), list(SAMPLE_FILES[-4:]))
    store = Store.open(settings)
    try:
        for day, score in ((21, 3), (24, 6)):
            diary.log_pain(
                store,
                PainEntry(
                    time_utc=datetime(2026, 8, day, 18, 0, tzinfo=UTC),
                    utc_offset_s=7200,
                    score=score,
                    pain_type=PainType.DULL,
                    location="lower back",
                ),
            )
        care.run_triage(store, EMERGENCY, NOW - timedelta(hours=1))
        analyses = [
            _past(side_result().as_dict(), datetime(2026, 8, 9, 7, tzinfo=UTC), "road", 1),
            _past(side_result(150.0).as_dict(), datetime(2026, 8, 20, 7, tzinfo=UTC), "slow", 2),
        ]
        provider = default_provider()
        assert provider is not None
        return build_report(
            store,
            now=NOW,
            today=TODAY,
            since=date(2026, 8, 1),
            gait=analyses,
            why=provider(store, NOW),
        )
    finally:
        store.close()


def test_red_flags_are_the_first_content_after_the_title(emergency: ReportData) -> None:
    html = render_html(emergency)
    found = sections(html)
    assert list(found)[:2] == ["alert", "who"]
    title = html.index("<h1>")
    assert html.index('data-section="alert"') < html.index('class="meta"') > title
    alert = found["alert"]
    assert "Red flags: emergency" in alert and "Urgency: emergency" in alert
    wanted = {"red_flag.saddle_numbness", "red_flag.bladder_or_bowel_change"}
    summaries = [f.summary for f in load_care().red_flags if f.id in wanted]
    assert len(summaries) == 2 and all(str(escape(x)) in alert for x in summaries)
    assert "What to do" in alert and "emergency department" in alert
    text = re.sub(r"\s+", " ", PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text())
    after_title = text.split("report for a clinician", 1)[1].strip()
    assert after_title.startswith("Red flags: emergency"), after_title[:80]
    assert text.index("What to do") < text.index("Period ") < text.index("Who")


def test_no_section_suggests_running_when_triage_withholds_it(emergency: ReportData) -> None:
    html = render_html(emergency)
    found = sections(html)
    knowledge = load_care()
    cues = [c.advice for c in knowledge.causes] + [a.summary for a in knowledge.advice]
    shown = [cue for cue in cues if str(escape(cue)) in html]
    assert shown == [], "running cues in an emergency report"
    latest = found["gait_latest"]
    assert "Running advice withheld: the latest triage reached emergency" in latest
    assert "150 steps/min" in latest, "the measurements stay"
    assert emergency.gait_latest is not None and "advice" not in emergency.gait_latest.columns
    assert "Plan withheld" in found["plan"]
    assert "not advice to run" in found["factors"]


def test_the_why_message_is_printed_once(emergency: ReportData) -> None:
    html = render_html(emergency)
    message = emergency.why.lines[0]
    assert html.count(str(escape(message))) == 1


def test_alert_only_for_urgent_or_emergency_and_dated_in_local_time() -> None:
    knowledge = load_care()
    assessed = datetime(2026, 12, 3, 19, 40, tzinfo=UTC)  # 08:40 on the 4th in Auckland
    zone = ZoneInfo("Pacific/Auckland")
    urgent = triage(TriageAnswers(onset_days_ago=3, fever=True), knowledge, assessed, ())
    calm = triage(TriageAnswers(onset_days_ago=3), knowledge, assessed, ())
    assert urgent.urgency is Urgency.URGENT
    block = alert_block(urgent, zone)
    assert block is not None and block.title == "Red flags: urgent"
    assert "answered 2026-12-04 08:40" in block.lines[0]
    assert alert_block(calm, zone) is None
    lines = triage_block(urgent, zone).lines
    assert lines[0].startswith("Answered 2026-12-04 08:40 (local time). Urgency: urgent.")
    assert ".;" not in lines[1] and lines[1].endswith(".")
