"""Other web sites can neither change the runner's data nor read it by DNS rebinding."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.web.guard import allowed_hosts, host_name

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
ENTRY = {"score": 3, "pain_type": "dull", "location": "lower back"}


def test_a_cross_site_upload_is_refused_and_imports_nothing(fresh_client: TestClient) -> None:
    """A page on another site can post a multipart form to the dashboard without asking."""
    client = fresh_client
    gpx = (DATA / "gpx" / "heartandsole__testdata.gpx").read_bytes()
    before = client.get("/api/runs").json()
    for headers in (
        {"Origin": "http://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://localhost:9999"},  # another port is another origin
    ):
        response = client.post(
            "/api/imports", files={"files": ("a.gpx", gpx, "application/gpx+xml")}, headers=headers
        )
        assert response.status_code == 403 and "another web site" in response.text
    assert client.get("/api/runs").json() == before
    assert (
        client.post(
            "/api/imports", files={"files": ("a.gpx", gpx, "application/gpx+xml")}
        ).status_code
        == 202
    )  # the same upload from the dashboard itself


def test_the_dashboard_itself_and_scripts_may_write(fresh_client: TestClient) -> None:
    client = fresh_client
    same = client.post("/api/diary", json=ENTRY, headers={"Origin": "http://localhost"})
    assert same.status_code == 201
    script = {**ENTRY, "score": ENTRY["score"] - 1}  # another entry: the same one is a 409
    assert client.post("/api/diary", json=script).status_code == 201  # no Origin: a script


@pytest.mark.parametrize("path", ["/", "/api/runs", "/api/diary"])
def test_a_foreign_host_name_is_not_answered(client: TestClient, path: str) -> None:
    """DNS rebinding: evil.example resolves to 127.0.0.1, the browser sends Host: evil.example."""
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 403 and "evil.example" in response.text
    assert client.get(path, headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_hosts_answered_follow_where_the_server_listens() -> None:
    assert allowed_hosts("127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert "box.lan" in (allowed_hosts("box.lan") or ())
    assert allowed_hosts("0.0.0.0") is None  # every interface: the name cannot be known
    assert [host_name(h) for h in ("[::1]:8000", "LOCALHOST:1", "127.0.0.1")] == [
        "::1",
        "localhost",
        "127.0.0.1",
    ]
