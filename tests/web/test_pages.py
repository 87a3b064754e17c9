"""The server-rendered pages: each renders, shows the data its API gives, and loads nothing remote."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from backstride.web.pages import NAV
from backstride.web.views import split_idle_tail

PAGES = ["/load", "/runs", "/runs?spikes=1", "/shoes", "/import"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_navigation(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    for item in NAV:
        assert f'href="{item.path}"' in html
    assert "does not diagnose" in html


@pytest.mark.parametrize("path", [*PAGES, "/runs/1"])
def test_nothing_is_loaded_from_elsewhere(client: TestClient, path: str) -> None:
    """Offline: every script, stylesheet and image comes from this server."""
    html = client.get(path).text
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs
    assert not [r for r in refs if re.match(r"^(https?:)?//", r)]


def test_home_goes_to_the_first_page(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == NAV[0].path


def test_load_page_table_and_chart(client: TestClient) -> None:
    html = client.get("/load").text
    assert 'data-chart="/api/charts/load"' in html
    assert "contested" in html
    weeks = client.get("/api/load").json()["weeks"]
    for week in weeks:
        assert week["week_start"] in html
    assert '<script src="/vendor/plotly.min.js">' in html


def test_runs_page_lists_and_filters(client: TestClient) -> None:
    html = client.get("/runs").text
    assert html.count('href="/runs/') == 36
    assert "36 activities" in html
    filtered = client.get("/runs?since=2026-08-01&until=2026-08-31&min_dist=7").text
    expected = client.get("/api/runs?since=2026-08-01&until=2026-08-31&min_distance_m=7000").json()
    assert f"{expected['total']} activities" in filtered
    assert filtered.count('href="/runs/') == expected["total"]
    spikes = client.get("/runs?spikes=1").text
    assert 'class="num spike"' in spikes


def test_runs_page_bad_filter_is_a_readable_error(client: TestClient) -> None:
    response = client.get("/runs?since=last-week")
    assert response.status_code == 422
    assert "not a date" in response.text
    assert "<html" in response.text


def test_run_page_has_charts_and_track(fenix_client: TestClient) -> None:
    run_id = fenix_client.get("/api/runs").json()["runs"][0]["id"]
    html = fenix_client.get(f"/runs/{run_id}").text
    assert f'data-chart="/api/charts/runs/{run_id}"' in html
    assert f'data-chart="/api/charts/runs/{run_id}/track"' in html
    assert "Laps" in html
    assert fenix_client.get("/runs/4242").status_code == 404


def test_import_page_has_the_upload_form(client: TestClient) -> None:
    html = client.get("/import").text
    assert 'id="import-form"' in html
    assert 'type="file"' in html and "multiple" in html
    assert "<progress" in html


def test_plotly_and_own_assets_are_served(client: TestClient) -> None:
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200
    assert "javascript" in js.headers["content-type"]
    assert len(js.content) > 1_000_000
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_a_long_break_shows_as_one_line() -> None:
    weeks = [{"runs": r} for r in (2, 0, 3, 0, 0, 0)]
    kept, idle = split_idle_tail(weeks)
    assert kept == weeks[:4] and idle == 2
    assert split_idle_tail(weeks[:4]) == (weeks[:4], 0)
    assert split_idle_tail([{"runs": 0}]) == ([{"runs": 0}], 0)
