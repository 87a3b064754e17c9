"""Charts as Plotly figures: the chart API's output, and the panel layout rule."""

from __future__ import annotations

import itertools
import json
from datetime import date

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from backstride.knowledge import load_rules
from backstride.reports.charts import OKABE_ITO, Band, Chart, Panel, Series, SeriesKind, XKind
from backstride.web.figures import GAP, domains, figure


def test_load_chart_api(client: TestClient) -> None:
    fig = client.get("/api/charts/load").json()
    names = [t["name"] for t in fig["data"]]
    assert any(n.startswith("weekly distance") for n in names)
    assert any(n.startswith("spike") for n in names)
    assert "ACWR" in names
    assert "contested" in fig["layout"]["yaxis3"]["title"]["text"]
    spikes = next(t for t in fig["data"] if t["name"].startswith("spike"))
    runs = client.get("/api/runs?spikes_only=true&limit=500").json()["runs"]
    assert sorted(spikes["x"]) == sorted(r["local_date"] for r in runs)
    assert fig["layout"]["shapes"], "the ACWR band is drawn"
    palette = {c.lower() for c in OKABE_ITO.values()}
    colours = {t["marker"]["color"].lower() for t in fig["data"]}
    assert colours <= palette


def test_run_and_track_chart_api(fenix_client: TestClient) -> None:
    run_id = fenix_client.get("/api/runs").json()["runs"][0]["id"]
    fig = fenix_client.get(f"/api/charts/runs/{run_id}").json()
    titles = [v["title"]["text"] for k, v in fig["layout"].items() if k.startswith("yaxis")]
    assert titles[0] == "pace (min/km)"
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"
    assert {"heart rate (bpm)", "cadence (spm)", "vertical oscillation (cm)"} <= set(titles)
    for trace in fig["data"]:
        assert len(trace["x"]) == len(trace["y"]) > 0
    track = fenix_client.get(f"/api/charts/runs/{run_id}/track").json()
    assert track["layout"]["yaxis"]["scaleanchor"] == "x"
    line = track["data"][0]
    assert len(line["x"]) > 10
    assert {t["name"] for t in track["data"]} == {"track", "start", "finish"}


def test_figure_json_has_no_nan() -> None:
    chart = Chart(
        id="t",
        title="t",
        x_title="x",
        x_kind=XKind.DATE,
        panels=(Panel("a", bands=(Band(0.8, 1.3, "band"),)), Panel("b", reversed=True)),
        series=(
            Series("s", SeriesKind.BAR, (date(2026, 1, 5),), (1.0,), OKABE_ITO["blue"]),
            Series("u", SeriesKind.LINE, (date(2026, 1, 5),), (None,), OKABE_ITO["orange"], 1),
        ),
        vline=1.0,
    )
    fig = figure(chart)
    text = json.dumps(fig, allow_nan=False)
    assert '"2026-01-05"' in text
    assert fig["data"][1]["yaxis"] == "y2"
    assert fig["layout"]["yaxis2"]["autorange"] == "reversed"
    assert len(fig["layout"]["shapes"]) == 2


def test_empty_chart_says_so() -> None:
    chart = Chart("e", "Empty", "x", XKind.NUMBER, (Panel("y"),), ())
    fig = figure(chart)
    assert chart.is_empty
    assert any("nothing to draw" in a["text"] for a in fig["layout"]["annotations"])


@given(st.lists(st.floats(min_value=0.1, max_value=10.0), min_size=1, max_size=8))
def test_panel_domains_stack_without_overlap(heights: list[float]) -> None:
    doms = domains(heights)
    assert len(doms) == len(heights)
    for bottom, top in doms:
        assert 0.0 <= bottom <= top <= 1.0
    for (b_upper, _), (_, t_lower) in itertools.pairwise(doms):
        assert t_lower <= b_upper - GAP + 1e-9
    assert doms[0][1] == 1.0


def test_rules_drive_the_acwr_band(client: TestClient) -> None:
    acwr = load_rules().acwr
    fig = client.get("/api/charts/load").json()
    band = fig["layout"]["shapes"][0]
    assert (band["y0"], band["y1"]) == (acwr.sweet_low_ratio, acwr.sweet_high_ratio)
