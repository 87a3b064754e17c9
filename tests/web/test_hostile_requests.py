"""Requests a browser or a script can send that the routes do not expect: always a clear 4xx,
never a 500, never a trace of the input echoed back, never a file left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.web.imports import BusyError, ImportJobs
from tests.web.test_imports import upload, upload_and_wait

ENTRY = {"score": 3, "pain_type": "dull", "location": "lower back"}
HUGE = "9999999999999999999999"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/diary", '{"score": NaN, "pain_type": "dull", "location": "x"}'),
        ("/api/diary", '{"score": 3, "pain_type": "dull", "location": "x", "note": Infinity}'),
        ("/api/plan/done", '{"exercise": NaN}'),
    ],
)
def test_nan_in_a_refused_body_is_422(fresh_client: TestClient, path: str, body: str) -> None:
    """JSON allows NaN as Python reads it; a 422 that echoed it could not be written as JSON."""
    response = fresh_client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert all("input" not in problem for problem in response.json()["detail"])


@pytest.mark.parametrize(
    "path",
    [f"/api/gait/{HUGE}", f"/gait/{HUGE}", f"/gait/{HUGE}/files/summary", f"/api/runs/{HUGE}"],
)
def test_ids_no_row_can_have_are_refused(fresh_client: TestClient, path: str) -> None:
    assert fresh_client.get(path).status_code == 422
    assert fresh_client.delete(f"/api/diary/{HUGE}").status_code == 422


def test_pages_answer_errors_with_a_page(fresh_client: TestClient) -> None:
    for path, status in (("/nowhere", 404), ("/runs/abc", 422), ("/plan?weeks=abc", 422)):
        response = fresh_client.get(path)
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html"), path
    assert fresh_client.get("/api/nowhere").json() == {"detail": "Not Found"}


@pytest.mark.parametrize("zone", ["x" * 100_000, "localtime", "Factory", "Mars/Olympus"])
def test_time_zones_that_name_no_place_are_422(fresh_client: TestClient, zone: str) -> None:
    response = fresh_client.patch("/api/profile", json={"timezone": zone})
    assert response.status_code == 422 and len(response.text) < 1000
    assert fresh_client.patch("/api/profile", json={"timezone": "Europe/Berlin"}).status_code == 200


def test_an_upload_refused_leaves_no_file(
    fresh_client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another import is running (the job start refuses): the files just written go."""
    gpx = Path(__file__).resolve().parents[3] / "shared" / "data" / "gpx"

    def busy(*_args: object, **_kwargs: object) -> None:
        raise BusyError("import 0123 is still running; wait for it to finish")

    monkeypatch.setattr(ImportJobs, "start", busy)
    response = upload(fresh_client, [gpx / "heartandsole__testdata.gpx"])
    assert response.status_code == 409
    assert not any((tmp_path / "home" / "uploads").iterdir())


def test_an_upload_that_is_no_activity_file_is_reported(
    fresh_client: TestClient, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("ran 5 km", encoding="utf-8")
    job = upload_and_wait(fresh_client, [notes])
    assert job["state"] == "done"
    assert [f["path"] for f in job["report"]["failed"]] == ["notes.txt"]
    assert "not an activity file" in job["report"]["failed"][0]["reason"]


def test_markup_in_a_pain_location_is_shown_as_text_in_the_chart(
    fresh_client: TestClient,
) -> None:
    typed = '<a href="https://x.example">see</a> <span style="font-size:80px">BIG</span>'
    entry = {**ENTRY, "location": typed, "time": "2026-08-24T21:00"}
    assert fresh_client.post("/api/diary", json=entry).status_code == 201
    figure = fresh_client.get("/api/charts/pain").json()
    hover = next(t for t in figure["data"] if t.get("hovertext"))["hovertext"][0]
    assert "<a" not in hover and "<span" not in hover
    assert "&lt;a href" in hover and "&lt;span" in hover


def test_run_filters_refuse_what_is_no_distance(client: TestClient) -> None:
    for bad in ("nan", "inf", "-5"):
        assert client.get(f"/api/runs?min_distance_m={bad}").status_code == 422
        assert client.get(f"/runs?min_dist={bad}").status_code == 422
    beyond = client.get("/runs?page=99").text
    assert "No activities on this page" in beyond and "Import some" not in beyond


def test_a_diary_score_must_be_a_whole_number(fresh_client: TestClient) -> None:
    for score in (True, "3", 3.5):
        response = fresh_client.post("/api/diary", json={**ENTRY, "score": score})
        assert response.status_code == 422, score
