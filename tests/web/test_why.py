"""The Why page, its API and the report's section, fed by a stand-in provider.

The insight analysis itself is tested in tests/insight; here the provider returns results written
by hand with the insight package's own records (one significant factor, one not, one untested;
and a not-enough-data answer), so that what the pages show can be checked exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.insight import Evidence, Factor, InsightResult, Limitation, Status
from backstride.reports.charts import OKABE_ITO
from backstride.reports.why_parts import ci_text, why_block
from backstride.store import Store
from backstride.web import app as app_module
from backstride.web import create_app
from tests.web._data import frozen_clock, import_into

EVIDENCE = Evidence("terrain.steep_descent", "downhill", "Levine 2007", "C", False, None)


def factor(
    fid: str,
    label: str,
    odds: float | None,
    low: float | None,
    high: float | None,
    significant: bool,
) -> Factor:
    return Factor(
        id=fid,
        label=label,
        odds_ratio=odds,
        ci_low=low,
        ci_high=high,
        p_value=None if odds is None else 0.004,
        p_adjusted=None if odds is None else 0.03,
        significant=significant,
        exposed_episodes=9,
        compared_episodes=20,
        explanation=f"your pain followed {label} runs more often",
        advice="keep downhill running short" if significant else None,
        evidence=EVIDENCE,
    )


OK_RESULT = InsightResult(
    status=Status.OK,
    episodes=22,
    episodes_used=20,
    episodes_needed=0,
    hazard_window_h=48.0,
    method="Case-crossover, exact conditional logistic regression, Holm.",
    message="One kind of run came before your pain more often than chance explains.",
    factors=(
        factor("downhill", "steep downhill", 4.0, 2.1, 8.5, True),
        factor("hilly", "hilly", 1.3, 0.6, float("inf"), False),
        factor("treadmill", "treadmill", None, None, None, False),
    ),
    limitations=(Limitation("together", "Hills and trails often travel together."),),
)
FEW = InsightResult(
    status=Status.INSUFFICIENT_DATA,
    episodes=4,
    episodes_used=3,
    episodes_needed=12,
    hazard_window_h=48.0,
    method="",
    message="Not enough data yet: log 12 more.",
    factors=(),
    limitations=(),
)


def client_with(tmp_path: Path, result: InsightResult | None) -> TestClient:
    settings = import_into(tmp_path / "home", [])
    calls: list[datetime] = []

    def provider(store: Store, now: datetime) -> InsightResult:
        assert now.utcoffset() is not None, "the provider gets the runner's local time"
        calls.append(now)
        assert result is not None
        return result

    app = create_app(settings, clock=frozen_clock, why=None if result is None else provider)
    return TestClient(app, base_url="http://localhost")


@pytest.fixture
def ok_client(tmp_path: Path) -> Iterator[TestClient]:
    with client_with(tmp_path, OK_RESULT) as c:
        yield c


def test_api_keeps_the_analysis_shape(ok_client: TestClient) -> None:
    data = ok_client.get("/api/why").json()
    assert data["status"] == "ok" and data["episodes_used"] == 20
    first = data["factors"][0]
    assert first["id"] == "downhill" and first["ci_low"] == 2.1 and first["ci_high"] == 8.5
    assert first["ci_text"] == "4 (2.1–8.5)"
    assert data["factors"][1]["ci_high"] is None, "an open interval has no upper number"
    assert data["factors"][2]["ci_text"] == "not testable"


def test_forest_plot_draws_each_tested_factor_with_its_interval(ok_client: TestClient) -> None:
    fig = ok_client.get("/api/charts/why").json()
    assert fig["layout"]["xaxis"]["type"] == "log"
    assert fig["layout"]["yaxis"]["categoryarray"] == ["hilly", "steep downhill"]
    significant = next(t for t in fig["data"] if "(significant)" in t["name"])
    assert significant["x"] == [4.0] and significant["y"] == ["steep downhill"]
    assert significant["error_x"]["arrayminus"] == [pytest.approx(1.9)]
    assert significant["error_x"]["array"] == [pytest.approx(4.5)]
    assert significant["marker"]["color"] == OKABE_ITO["vermillion"]
    assert any(s["type"] == "line" and s["x0"] == 1.0 for s in fig["layout"]["shapes"])


def test_page_lists_factors_limits_and_method(ok_client: TestClient) -> None:
    html = ok_client.get("/why").text
    assert 'data-chart="/api/charts/why"' in html
    assert "steep downhill ⚑" in html and "4 (2.1–8.5)" in html and "9 of 20" in html
    assert "keep downhill running short" in html
    assert "Hills and trails often travel together." in html
    assert 'href="/why"' in html


def test_not_enough_data_shows_what_is_missing(tmp_path: Path) -> None:
    with client_with(tmp_path, FEW) as c:
        html = c.get("/why").text
        assert "Not enough data yet: log 12 more." in html
        fig = c.get("/api/charts/why").json()
    bars = {t["name"]: t for t in fig["data"]}
    assert bars["compared"]["x"] == [3.0] and bars["needed"]["x"] == [15.0]
    assert all(t["orientation"] == "h" for t in fig["data"])


def test_without_a_provider_the_page_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "default_provider", lambda: None)
    with client_with(tmp_path, None) as c:
        assert 'id="why-unavailable"' in c.get("/why").text
        response = c.get("/api/why")
        assert response.status_code == 503
        assert "not available" in response.json()["detail"]


def test_report_section_holds_the_factors() -> None:
    block = why_block(OK_RESULT)
    assert block.chart is not None and block.chart.vline == 1.0
    assert [r[0] for r in block.rows] == ["steep downhill ⚑", "hilly", "treadmill"]
    assert block.rows[0][4] == "C"
    assert any("Hills and trails" in line for line in block.lines)
    assert ci_text(OK_RESULT.factors[1]) == "1.3 (0.6–∞)"
    assert why_block(None).empty
