"""End to end in a real headless Chromium: import the samples through the Import page, then read
the charts. Needs Debian's ``chromium`` (``apt-get install -y chromium``) and the ``playwright``
Python package; Playwright's own browser download is never used.

Data: the repository's ``samples/`` (36 synthetic runs, see scripts/make_samples.py).
Screenshots go to the test's tmp dir, or to ``$BACKSTRIDE_SCREENSHOTS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from backstride.reports.why_parts import default_provider
from tests.conftest import DATA
from tests.web._data import SAMPLE_FILES
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server, screenshot_dir

pytestmark = pytest.mark.slow
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium (see docs/web.md)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("e2e") / "home") as s:
        yield s


def drawn(page: Page, chart_id: str) -> int:
    """Wait for a Plotly chart to be drawn; the number of SVG paths with a shape in it."""
    page.wait_for_selector(f'#{chart_id}[data-drawn="1"]', timeout=TIMEOUT_MS)
    return int(
        page.eval_on_selector(
            f"#{chart_id}",
            """div => Array.from(div.querySelectorAll('svg.main-svg .trace path'))
                  .filter(p => (p.getAttribute('d') || '').length > 10).length""",
        )
    )


def test_import_then_read_the_charts(browser: Browser, server: LiveServer, tmp_path: Path) -> None:
    shots = screenshot_dir(tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(server.url + "/import")
    page.set_input_files("#import-files", [str(p) for p in SAMPLE_FILES])
    page.click("#import-start")
    summary = page.wait_for_selector("#import-summary", timeout=TIMEOUT_MS)
    assert summary is not None
    assert summary.inner_text() == "Imported 36 activities; skipped 0; failed 0."
    assert page.eval_on_selector("#import-bar", "b => b.value === b.max")
    page.screenshot(path=str(shots / "import.png"), full_page=True)

    log_pain_through_the_form(page, server, shots)
    answer_triage_through_the_form(page, server, shots)

    page.goto(server.url + "/load")
    assert drawn(page, "chart-load") > 10, "weekly bars, runs and the ACWR line are drawn"
    assert page.locator("#chart-load .barlayer .point").count() >= 12
    page.screenshot(path=str(shots / "load.png"), full_page=True)

    open_why(page, server, shots)
    open_gait(page, server, shots)

    page.goto(server.url + "/runs")
    assert page.locator("#runs tbody tr").count() == 36
    page.click("#runs tbody tr:first-child a")
    page.wait_for_url("**/runs/*")
    assert drawn(page, "chart-run") >= 3, "pace, heart rate, cadence, elevation lines"
    assert drawn(page, "chart-track") >= 1, "the GPS track"
    page.screenshot(path=str(shots / "run.png"), full_page=True)

    assert errors == []
    page.close()


def log_pain_through_the_form(page: Page, server: LiveServer, shots: Path) -> None:
    """The diary form: an entry the evening after the last sample run (2026-08-23)."""
    page.goto(server.url + "/diary")
    page.fill("#pain-score", "4")
    page.select_option("#pain-type", "stiffness")
    page.fill("#pain-location", "lower back left")
    page.fill("input[name=time]", "2026-08-23T20:30")
    page.dblclick("#pain-save")  # an impatient double click saves once
    page.wait_for_selector("#entries tbody tr td:has-text('2026-08-23 20:30')", timeout=TIMEOUT_MS)
    assert page.locator("#entries tbody tr:has-text('2026-08-23 20:30')").count() == 1
    row = page.locator("#entries tbody tr").first.inner_text()
    assert "stiffness" in row and "lower back left" in row and "run " in row
    assert drawn(page, "chart-pain") >= 2, "the pain marker and the daily distance bars"
    page.screenshot(path=str(shots / "diary.png"), full_page=True)


def answer_triage_through_the_form(page: Page, server: LiveServer, shots: Path) -> None:
    """Triage: onset three weeks ago, pain 4, no warning signs; then Today and the plan."""
    page.goto(server.url + "/triage")
    assert page.locator("[data-ask-if]").first.is_hidden(), "follow-ups wait for their question"
    page.fill("#q-onset_days_ago", "21")
    page.fill("#q-pain_score", "4")
    page.click("#triage-submit")
    result = page.wait_for_selector("#triage-result", timeout=TIMEOUT_MS)
    assert result is not None and "self care" in result.inner_text().lower()
    page.goto(server.url + "/today")
    decision = page.locator("#today-decision h2").inner_text()
    assert decision
    assert page.locator("#red-flags").count() == 0
    page.screenshot(path=str(shots / "today.png"), full_page=True)
    page.goto(server.url + "/plan")
    before = page.locator("#checklist tbody tr").first.locator("td.num").first.inner_text()
    page.locator("#checklist tbody tr").first.locator("button").click()
    page.wait_for_function(
        "b => document.querySelector('#checklist tbody tr td.num').innerText !== b",
        arg=before,
        timeout=TIMEOUT_MS,
    )
    page.screenshot(path=str(shots / "plan.png"), full_page=True)


def open_why(page: Page, server: LiveServer, shots: Path) -> None:
    """Why: with one diary entry the analysis asks for more episodes and draws how many it has
    against how many it needs. Until the insight use case is installed the page says so."""
    page.goto(server.url + "/why")
    if default_provider() is None:
        assert page.locator("#why-unavailable").count() == 1
    else:
        assert page.locator("#why-message").inner_text()
        assert drawn(page, "chart-why") >= 1
    page.screenshot(path=str(shots / "why.png"), full_page=True)


def open_gait(page: Page, server: LiveServer, shots: Path) -> None:
    """Gait: one side-view analysis (synthetic keypoints through the real analysis code, stored
    by the service while the server runs, filmed the morning of the pain entry); its chart
    draws form above the pain score, and its page shows the findings and the summary image."""
    from datetime import UTC, datetime

    from backstride.settings import Settings
    from backstride.store import Store
    from tests.services.gait_data import side_result, stored

    settings = Settings.from_env({"BACKSTRIDE_HOME": str(server.home)})
    store = Store.open(settings)
    try:
        filmed = datetime(2026, 8, 23, 6, 30, tzinfo=UTC)
        stored(store, settings, side_result(), analysed=filmed, recorded=filmed)
    finally:
        store.close()
    page.goto(server.url + "/gait")
    assert drawn(page, "chart-gait") >= 4, "cadence, overstride, trunk lean and pain"
    assert page.locator("#gait-analyses tbody tr").count() == 1
    page.screenshot(path=str(shots / "gait.png"), full_page=True)
    page.click("#gait-analyses tbody tr:first-child a")
    page.wait_for_url("**/gait/*")
    assert "trunk lean" in page.locator("#gait-findings").inner_text()
    page.wait_for_function(
        "() => document.querySelector('#gait-summary').naturalWidth > 0", timeout=TIMEOUT_MS
    )
    page.screenshot(path=str(shots / "gait-analysis.png"), full_page=True)


def test_the_import_page_lists_a_copy_replaced_by_a_richer_file(
    browser: Browser, server: LiveServer
) -> None:
    """The heartandsole run as GPX, then as the watch's FIT: the second upload replaces it."""
    page = browser.new_page()
    for name in ("gpx/heartandsole__testdata.gpx", "fit/heartandsole__testdata.fit"):
        page.goto(server.url + "/import")
        page.set_input_files("#import-files", [str(DATA / name)])
        page.click("#import-start")
        summary = page.wait_for_selector("#import-summary", timeout=TIMEOUT_MS)
        assert summary is not None
        assert summary.inner_text() == "Imported 1 activities; skipped 0; failed 0."
    [item] = page.locator("ul.replaced li").all_inner_texts()
    assert item.startswith("heartandsole__testdata.fit: activity ")
    assert item.endswith("records more of the run than heartandsole__testdata.gpx")
    page.close()
