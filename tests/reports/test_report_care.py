"""The report's care sections over a store: pain with the runner's notes, the plan week by week,
adherence over the days already past, dates with their zone, distances in the profile's units.

The store holds the last four SYNTHETIC sample runs (samples/, scripts/make_samples.py, the
last on 2026-08-23), two diary entries written here (one with a note holding markup), a
self-care triage answered three days before NOW and one plank logged the day before NOW,
all through the care services.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape

from backstride.model import PainEntry, PainType, TriageAnswers, Units
from backstride.reports import ReportData, build_report, render_html
from backstride.settings import Settings
from backstride.store import Store
from tests.reports.test_report import sections

TODAY = date(2026, 8, 25)
NOW = datetime(2026, 8, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
NOTE = "Hurt after the <b>hill</b> & the stairs"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from backstride.services import care, diary
    from tests.web._data import SAMPLE_FILES, import_into

    settings = import_into(tmp_path_factory.mktemp("care"), list(SAMPLE_FILES[-4:]))
    store = Store.open(settings)
    try:
        for day, score, note in ((21, 3, None), (24, 5, NOTE)):
            entry = PainEntry(
                time_utc=datetime(2026, 8, day, 18, 0, tzinfo=UTC),
                utc_offset_s=7200,
                score=score,
                pain_type=PainType.DULL,
                location="lower back",
                note=note,
            )
            diary.log_pain(store, entry)
        care.run_triage(
            store, TriageAnswers(onset_days_ago=10, pain_score=4), NOW - timedelta(days=3)
        )
        care.plan_done(store, "plank", NOW - timedelta(days=1))
    finally:
        store.close()
    return settings


def _build(settings: Settings, units: Units = Units.KM, **kw: object) -> ReportData:
    store = Store.open(settings)
    try:
        store.save_profile(replace(store.profile(), units=units))
        return build_report(
            store,
            now=kw.get("now", NOW),  # type: ignore[arg-type]
            today=kw.get("today", TODAY),  # type: ignore[arg-type]
            since=date(2026, 8, 1),
        )
    finally:
        store.close()


@pytest.fixture(scope="module")
def km(settings: Settings) -> ReportData:
    return _build(settings)


def test_pain_rows_name_the_run_by_date_and_distance(km: ReportData) -> None:
    found = sections(render_html(km))
    assert not re.search(r"\brun \d+\b", found["pain"]), "no database ids"
    latest = km.pain.rows[-1]
    assert latest[-1].startswith("run of 2026-08-23, ") and latest[-1].endswith(" km")


def test_diary_notes_are_shown_escaped(km: ReportData) -> None:
    html = render_html(km)
    assert str(escape(NOTE)) in html and NOTE not in html
    (notes,) = km.pain.parts
    assert notes.items == (f"2026-08-24 20:00: {NOTE}",)


def test_written_time_carries_its_zone(km: ReportData) -> None:
    assert km.generated_text == "2026-08-25 10:00 CEST (UTC+02:00)"
    assert "written 2026-08-25 10:00 CEST (UTC+02:00)" in render_html(km)


def test_plan_shows_each_weeks_running_and_its_advice(settings: Settings, km: ReportData) -> None:
    from backstride.services import care

    store = Store.open(settings)
    try:
        plan = care.plan(store, NOW, 4)
    finally:
        store.close()
    parts = {p.id: p for p in km.plan.parts}
    weeks = parts["plan_running"].rows
    assert len(weeks) == len(plan.weeks) == 4
    for row, w in zip(weeks, plan.weeks, strict=True):
        assert row[0] == f"{w.index} (from {w.start})"
        caps = w.running.run_cap_m
        assert row[4] == ("-" if caps is None else f"{caps / 1000:.1f} km")
    assert parts["plan_advice"].items == tuple(f"{a.text} (grade {a.grade})" for a in plan.advice)
    cadence = next(x for x in parts["plan_running"].items if x.startswith("Cadence"))
    assert "above the runner's own average of" in cadence and "not a norm" in cadence


def test_adherence_counts_only_the_days_already_past(km: ReportData) -> None:
    exercises = next(p for p in km.plan.parts if p.id == "plan_exercises")
    assert (
        "Adherence over the 3 days of the plan already past (it began 2026-08-22)"
        in (exercises.lines[0])
    )
    plank = next(r for r in exercises.rows if r[0] == "Front plank")
    planned_this_week = len(plank[2].split())
    expected = round(planned_this_week * 3 / 7)
    assert plank[3:] == ("1", str(expected), f"{min(100, 100 / expected):.0f} %")
    assert "0 of 7" not in render_html(km)


def test_miles_profile_reads_in_miles_everywhere(settings: Settings) -> None:
    mi = _build(settings, Units.MI)
    found = sections(render_html(mi))
    km_text = re.compile(r"\d km\b|per km\b")
    for name in ("who", "pain", "plan"):
        assert not km_text.search(found[name]), name
    assert not [f.finding for f in mi.factors if km_text.search(f.finding)]
    assert " mi" in found["plan"] and "per mile" in found["plan"]


def test_acwr_is_a_dash_once_no_run_is_left_in_the_chronic_window(store: Store) -> None:
    """The 36 sample runs end on 2026-08-23; the report is written in October."""
    later = datetime(2026, 10, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    data = build_report(store, now=later, today=later.date(), since=date(2026, 8, 1))
    rows = {r["week"]: r["acwr"] for r in data.week_rows()}
    assert rows["2026-08-17"] not in ("-", "0.00")  # the week of the last run
    assert rows["2026-08-24"] != "-", "a week after the last run still compares"
    assert rows["2026-09-21"] == "-" and rows["2026-10-19"] == "-"
    assert "0.00" not in rows.values()


def test_a_start_after_today_is_refused(store: Store) -> None:
    from backstride.errors import InputValueError

    with pytest.raises(InputValueError, match="after today"):
        build_report(store, now=NOW, today=TODAY, since=TODAY + timedelta(days=1))
