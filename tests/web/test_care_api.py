"""The care API and pages in-process: diary, triage, today, plan, over the care services.

The store holds the last three sample runs (synthetic, 2026-08-18 to 08-23); the clock is
frozen at 2026-08-25 08:00 UTC and the profile's zone is Europe/Berlin (UTC+2 in August).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backstride.model import RunDecision, TriageAnswers
from backstride.web import create_app
from tests.web._data import SAMPLE_FILES, frozen_clock, import_into


@pytest.fixture
def care_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = import_into(tmp_path / "home", list(SAMPLE_FILES[-3:]))
    with TestClient(create_app(settings, clock=frozen_clock), base_url="http://localhost") as c:
        yield c


def post(client: TestClient, url: str, body: Any, status: int = 201) -> Any:
    response = client.post(url, json=body)
    assert response.status_code == status, response.text
    return response.json()


ENTRY = {"score": 5, "pain_type": "dull", "location": "lower back", "time": "2026-08-24T21:00"}


def test_log_list_chart_delete(care_client: TestClient) -> None:
    saved = post(care_client, "/api/diary", ENTRY)
    assert saved["time_utc"] == "2026-08-24T19:00:00Z", "a local time is read in the profile's zone"
    assert saved["utc_offset_s"] == 7200
    runs = care_client.get("/api/runs").json()["runs"]
    assert saved["activity_id"] == runs[0]["id"], "linked to the run of 2026-08-23"
    listed = care_client.get("/api/diary").json()
    assert [e["id"] for e in listed] == [saved["id"]]
    fig = care_client.get("/api/charts/pain").json()
    pain = fig["data"][0]
    assert pain["y"] == [5.0] and pain["x"] == ["2026-08-24T21:00:00"]
    assert sum(fig["data"][1]["y"]) > 0, "the runs before the entry are drawn below it"
    gone = care_client.delete(f"/api/diary/{saved['id']}")
    assert gone.status_code == 200
    assert care_client.get("/api/diary").json() == []
    assert care_client.delete(f"/api/diary/{saved['id']}").status_code == 404


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"score": 11}, "less than or equal"),
        ({"pain_type": "burning"}, "must be one of"),
        ({"time": "2026-08-26T10:00+02:00"}, "future"),
        ({"time": "soon"}, "ISO 8601"),
        ({"location": ""}, "at least 1"),
    ],
)
def test_bad_entries_are_refused(
    care_client: TestClient, change: dict[str, Any], words: str
) -> None:
    response = care_client.post("/api/diary", json={**ENTRY, **change})
    assert response.status_code == 422
    assert words in response.text


def test_questions_cover_only_known_answers(care_client: TestClient) -> None:
    questions = care_client.get("/api/triage/questions").json()
    keys = [q["key"] for q in questions]
    assert set(keys) <= set(TriageAnswers.keys())
    assert {"saddle_numbness", "onset_days_ago", "pain_type"} <= set(keys)
    follow_ups = [q for q in questions if q["ask_if"]]
    assert all(q["ask_if"] in keys for q in follow_ups)


def test_red_flag_comes_first_and_withholds_the_plan(care_client: TestClient) -> None:
    result = post(care_client, "/api/triage", {"saddle_numbness": True, "onset_days_ago": 1})
    assert result["urgency"] == "emergency"
    assert result["red_flags"] and result["red_flag_texts"]
    assert care_client.get("/api/triage").json()["urgency"] == "emergency"
    today = care_client.get("/api/today").json()
    assert today["decision"] == RunDecision.REST.value
    html = care_client.get("/today").text
    assert 'id="red-flags"' in html
    assert html.index('id="red-flags"') < html.index('id="today-decision"')
    plan = care_client.get("/api/plan").json()
    assert plan["withheld"] is True and plan["reason"]
    assert "Plan withheld" in care_client.get("/plan").text


def test_unknown_answer_key_is_422(care_client: TestClient) -> None:
    response = care_client.post("/api/triage", json={"back_hurts_a_lot": True})
    assert response.status_code == 422
    assert "unknown triage answer key" in response.json()["detail"]


def test_empty_answers_are_422_and_keep_the_last_triage(care_client: TestClient) -> None:
    post(care_client, "/api/triage", {"saddle_numbness": True})
    response = care_client.post("/api/triage", json={})
    assert response.status_code == 422
    assert "no triage answers given" in response.json()["detail"]
    assert care_client.get("/api/triage").json()["urgency"] == "emergency"


@pytest.mark.parametrize(
    "time",
    ["0001-01-01T00:00+01:00", "9999-12-31T23:59-01:00", "0001-01-01T01:00", "1850-06-01T08:00"],
)
def test_diary_times_out_of_range_are_422_and_charts_still_draw(
    care_client: TestClient, time: str
) -> None:
    response = care_client.post("/api/diary", json={**ENTRY, "time": time})
    assert response.status_code == 422
    assert care_client.get("/api/charts/pain").status_code == 200


def test_plan_checklist_counts_what_was_done(care_client: TestClient) -> None:
    post(care_client, "/api/triage", {"onset_days_ago": 20, "pain_score": 3})
    post(care_client, "/api/diary", {**ENTRY, "score": 3})
    plan = care_client.get("/api/plan?weeks=2").json()
    assert plan["withheld"] is False
    assert len(plan["weeks"]) == 2
    checklist = plan["checklist"]
    assert checklist
    first = checklist[0]
    done = post(care_client, "/api/plan/done", {"exercise": first["short_id"]})
    assert done["done_last_7_days"] == first["done"] + 1
    again = care_client.get("/api/plan?weeks=2").json()["checklist"]
    row = next(i for i in again if i["id"] == first["id"])
    assert row["done"] == first["done"] + 1
    assert row["adherence_pct"] == pytest.approx(min(100.0, 100.0 * row["done"] / row["planned"]))
    assert care_client.post("/api/plan/done", json={"exercise": "juggling"}).status_code == 404
    assert 'id="triage-status"' in care_client.get("/today").text
    html = care_client.get("/plan").text
    assert 'id="checklist"' in html and first["name"] in html and "Adherence" in html


@pytest.mark.parametrize("path", ["/today", "/diary", "/triage", "/plan"])
def test_care_pages_render_without_any_data(fresh_client: TestClient, path: str) -> None:
    response = fresh_client.get(path)
    assert response.status_code == 200, response.text
    assert "does not diagnose" in response.text or "diagnos" in response.text


def test_triage_form_draws_every_question(care_client: TestClient) -> None:
    html = care_client.get("/triage").text
    for q in care_client.get("/api/triage/questions").json():
        assert f'id="q-{q["key"]}"' in html
        if q["ask_if"]:
            assert f'data-ask-if="{q["ask_if"]}"' in html


@pytest.mark.parametrize("order", [("true", "false"), ("false", "true")])
def test_an_answer_given_twice_is_422_and_keeps_the_last_triage(
    care_client: TestClient, order: tuple[str, str]
) -> None:
    """JSON keeps the last of two equal keys: a 'yes' to a red flag could vanish unseen, as on
    the command line (tests/test_cli_care.py)."""
    post(care_client, "/api/triage", {"fever": True})
    body = f'{{"saddle_numbness": {order[0]}, "saddle_numbness": {order[1]}}}'
    response = care_client.post(
        "/api/triage", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["type"] == "json_invalid"
    assert "'saddle_numbness' is given twice" in problem["msg"]
    assert care_client.get("/api/triage").json()["answers"]["fever"] is True


def test_a_diary_field_given_twice_is_422_and_nothing_is_logged(care_client: TestClient) -> None:
    body = '{"score": 2, "score": 8, "location": "lower back", "time": "2026-08-24T21:00"}'
    response = care_client.post(
        "/api/diary", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "'score' is given twice" in response.json()["detail"][0]["msg"]
    assert care_client.get("/api/diary").json() == []


def test_the_same_entry_sent_twice_is_409(care_client: TestClient) -> None:
    saved = post(care_client, "/api/diary", ENTRY)
    response = care_client.post("/api/diary", json={**ENTRY, "location": " Lower Back "})
    assert response.status_code == 409
    assert f"entry {saved['id']}" in response.json()["detail"]
    assert len(care_client.get("/api/diary").json()) == 1
