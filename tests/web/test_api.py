"""The JSON API in-process (FastAPI's TestClient) over the imported sample history."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.testclient import TestClient

from backstride.knowledge import load_rules
from backstride.services import history
from backstride.settings import Settings
from backstride.store import Store


def get_json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return json.loads(response.text, parse_constant=_no_constants)


def _no_constants(name: str) -> None:
    raise AssertionError(f"JSON holds {name}")


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    spec = get_json(client, "/api/openapi.json")
    paths = set(spec["paths"])
    expected = {
        "/api/profile",
        "/api/runs",
        "/api/runs/{activity_id}",
        "/api/runs/{activity_id}/stream",
        "/api/load",
        "/api/shoes",
        "/api/imports",
        "/api/imports/{job_id}",
        "/api/charts/load",
        "/api/charts/runs/{activity_id}",
        "/api/charts/runs/{activity_id}/track",
    }
    assert expected <= paths
    assert all(p.startswith("/api/") for p in paths), "pages must stay out of the API schema"
    run_schema = spec["components"]["schemas"]["RunOut"]["properties"]
    assert {"distance_m", "spike_pct", "local_date", "start_utc"} <= set(run_schema)


def test_runs_newest_first_with_counts(client: TestClient, samples_settings: Settings) -> None:
    data = get_json(client, "/api/runs?limit=500")
    assert data["total"] == 36
    runs = data["runs"]
    starts = [r["start_utc"] for r in runs]
    assert starts == sorted(starts, reverse=True)
    store = Store.open(samples_settings)
    try:
        expected = {v.id: v.spike_pct for v in history.run_views(store)}
    finally:
        store.close()
    assert {r["id"]: r["spike_pct"] for r in runs} == expected
    first = runs[0]
    assert first["distance_text"].endswith(" km")
    assert first["pace_text"].endswith("/km")


def test_run_filters(client: TestClient) -> None:
    june = get_json(client, "/api/runs?since=2026-06-01&until=2026-06-30&limit=500")
    assert june["total"] == 13
    assert all("2026-06-01" <= r["local_date"] <= "2026-06-30" for r in june["runs"])
    long = get_json(client, "/api/runs?min_distance_m=12500&limit=500")
    assert long["total"] > 0
    assert all(r["distance_m"] >= 12500 for r in long["runs"])
    spikes = get_json(client, "/api/runs?spikes_only=true&limit=500")
    threshold = load_rules().spike.reference_max_pct
    assert spikes["total"] >= 1
    assert all(r["spike_pct"] > threshold for r in spikes["runs"])
    page = get_json(client, "/api/runs?offset=5&limit=5")
    everything = get_json(client, "/api/runs?limit=500")
    assert [r["id"] for r in page["runs"]] == [r["id"] for r in everything["runs"][5:10]]


def test_bad_filters_are_422(client: TestClient) -> None:
    bad = get_json(client, "/api/runs?since=2026-09-01&until=2026-08-01", status=422)
    assert "after" in bad["detail"]
    get_json(client, "/api/runs?since=yesterday", status=422)
    get_json(client, "/api/runs?limit=0", status=422)


def test_run_detail_and_stream(fenix_client: TestClient) -> None:
    client = fenix_client
    (fenix,) = get_json(client, "/api/runs")["runs"]
    assert fenix["source"].endswith("garmin-fenix-5-run.fit")
    assert fenix["local_date"].startswith("2017-")
    detail = get_json(client, f"/api/runs/{fenix['id']}")
    assert detail["id"] == fenix["id"]
    assert {"lat_deg", "lon_deg", "hr_bpm", "cadence_spm", "vertical_oscillation_m"} <= set(
        detail["channels"]
    )
    assert detail["laps"], "the Fenix 5 file has laps"
    stream = get_json(client, f"/api/runs/{fenix['id']}/stream?max_points=50")
    lengths = {len(v) for v in stream["columns"].values()}
    assert len(lengths) == 1 and lengths.pop() <= 50
    assert stream["bucket_samples"] >= 1


def test_unknown_run_is_404_json(client: TestClient) -> None:
    body = get_json(client, "/api/runs/99999", status=404)
    assert "99999" in body["detail"]
    get_json(client, "/api/imports/nope", status=404)


def test_load_agrees_with_the_runs(client: TestClient) -> None:
    load = get_json(client, "/api/load")
    runs = get_json(client, "/api/runs?sport=running&limit=500")["runs"]
    weeks = load["weeks"]
    assert weeks[0]["week_start"] == "2026-06-01"
    assert sum(w["runs"] for w in weeks) == len(runs)
    total = sum(w["distance_m"] for w in weeks)
    assert math.isclose(total, sum(r["distance_m"] for r in runs), rel_tol=1e-9)
    assert load["acwr"]["contested"] is True
    assert load["units"] == "km"


def test_shoes_empty_history(client: TestClient) -> None:
    shoes = get_json(client, "/api/shoes")
    assert shoes["shoes"] == []
    assert shoes["rule"]["grade"] == "C"


def test_profile_changes_units_everywhere(fresh_client: TestClient) -> None:
    from tests.web._data import SAMPLE_FILES
    from tests.web.test_imports import upload_and_wait

    upload_and_wait(fresh_client, list(SAMPLE_FILES[:3]))
    response = fresh_client.patch("/api/profile", json={"units": "mi"})
    assert response.status_code == 200, response.text
    assert response.json()["units"] == "mi"
    runs = get_json(fresh_client, "/api/runs")["runs"]
    assert all(r["distance_text"].endswith(" mi") for r in runs)
    fig = get_json(fresh_client, "/api/charts/load")
    assert "(mi)" in fig["layout"]["yaxis"]["title"]["text"]
    assert "(298-497 mi)" in get_json(fresh_client, "/api/shoes")["rule"]["summary"]
    bad = fresh_client.patch("/api/profile", json={"units": "furlongs"})
    assert bad.status_code == 422
    bad = fresh_client.patch("/api/profile", json={"timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and "time zone" in bad.json()["detail"]
