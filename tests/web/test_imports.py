"""Import through the API: upload, background job, progress, report; names made safe."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from backstride.web.imports import (
    ImportJob,
    JobState,
    display_name,
    safe_name,
    source_label,
    uploaded_label,
)
from tests.web._data import EMPTY_SESSIONS, FENIX5_RUN, SAMPLE_FILES


def upload(client: TestClient, paths: list[Path]) -> Any:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    return client.post("/api/imports", files=files)


def wait_for(client: TestClient, job_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/imports/{job_id}").json()
        if job["state"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError(f"import {job_id} still running after {timeout_s} s")


def upload_and_wait(client: TestClient, paths: list[Path]) -> dict[str, Any]:
    response = upload(client, paths)
    assert response.status_code == 202, response.text
    return wait_for(client, response.json()["id"])


def test_upload_imports_reports_and_cleans_up(fresh_client: TestClient, tmp_path: Path) -> None:
    """Five sample runs, one real FIT run and one real FIT file without sessions."""
    paths = [*SAMPLE_FILES[:5], FENIX5_RUN, EMPTY_SESSIONS]
    job = upload_and_wait(fresh_client, paths)
    assert job["state"] == "done", job
    assert job["files"] == 7
    assert job["done"] == job["total"] == 7
    report = job["report"]
    assert len(report["imported"]) == 6
    assert [f["path"] for f in report["failed"]] == [EMPTY_SESSIONS.name]
    assert report["failed"][0]["reason"]
    assert {i["path"] for i in report["imported"]} == {p.name for p in paths[:6]}
    runs = fresh_client.get("/api/runs").json()
    assert runs["total"] == 6
    uploads = tmp_path / "home" / "uploads"
    assert not any(uploads.iterdir()), "uploaded files are deleted after the import"

    again = upload_and_wait(fresh_client, paths[:2])
    assert again["report"]["imported"] == []
    assert len(again["report"]["skipped"]) == 2
    assert all("already imported" in s["reason"] for s in again["report"]["skipped"])


def test_upload_without_files_is_refused(fresh_client: TestClient) -> None:
    response = fresh_client.post("/api/imports", files=[])
    assert response.status_code == 422


def test_second_import_while_one_runs_is_409(fresh_client: TestClient) -> None:
    jobs = fresh_client.app.state.imports  # type: ignore[attr-defined]
    busy = ImportJob("busy", 1, 1, datetime(2026, 8, 25, tzinfo=UTC))
    jobs._jobs["busy"] = busy
    try:
        response = upload(fresh_client, [SAMPLE_FILES[0]])
        assert response.status_code == 409
        assert "still running" in response.json()["detail"]
    finally:
        busy.state = JobState.DONE


@given(st.text(max_size=300))
def test_safe_names_stay_in_their_folder(name: str) -> None:
    safe = safe_name(name, 7)
    assert safe.startswith("0007_")
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert Path("/x", safe).resolve().parent == Path("/x")
    assert len(safe) <= 5 + 120


def test_safe_names_keep_the_extension() -> None:
    assert safe_name("../../etc/run 1.FIT.gz", 0) == "0000_run_1.FIT.gz"
    assert safe_name("C:\\Users\\me\\export.zip", 3) == "0003_export.zip"
    assert safe_name("...", 1) == "0001_upload"


def test_uploaded_labels_lose_the_upload_folder() -> None:
    stored = "/home/me/.local/share/backstride/uploads/0123456789ab/0004_export.zip/a/1.fit.gz"
    assert uploaded_label(stored) == "export.zip/a/1.fit.gz"
    assert uploaded_label("samples/2026-06-02_0610.gpx.gz") == "samples/2026-06-02_0610.gpx.gz"


def test_progress_names_the_file_as_uploaded() -> None:
    job = ImportJob("j", 2, 2, datetime(2026, 8, 25, tzinfo=UTC))
    job.advance("/h/uploads/0123456789ab/0001_2026-06-02_0610.gpx.gz")
    state = job.as_dict()
    assert state["done"] == 1 and state["current"] == "2026-06-02_0610.gpx.gz"


def test_an_upload_is_stored_under_the_name_it_was_uploaded_as(
    fresh_client: TestClient, tmp_path: Path
) -> None:
    """A sample run uploaded as "Morning run (1).gpx.gz" and a zip made here holding another
    sample run: the store's source says upload:<name>, never the deleted temporary path."""
    import zipfile

    from sqlalchemy import select

    from backstride.store import Store
    from backstride.store.schema import sources
    from tests.web._data import settings_for

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SAMPLE_FILES[1], f"activities/{SAMPLE_FILES[1].name}")
    files = [
        ("files", ("Morning run (1).gpx.gz", SAMPLE_FILES[0].read_bytes(), "application/gzip")),
        ("files", ("C:\\Users\\me\\my export.zip", archive.read_bytes(), "application/zip")),
    ]
    response = fresh_client.post("/api/imports", files=files)
    assert response.status_code == 202, response.text
    job = wait_for(fresh_client, response.json()["id"])
    assert job["state"] == "done" and len(job["report"]["imported"]) == 2, job
    assert {i["path"] for i in job["report"]["imported"]} == {
        "Morning run (1).gpx.gz",
        f"my export.zip!activities/{SAMPLE_FILES[1].name}",
    }
    store = Store.open(settings_for(tmp_path / "home"))
    try:
        with store.engine.connect() as conn:
            stored = set(conn.execute(select(sources.c.path)).scalars())
    finally:
        store.close()
    assert stored == {
        "upload:Morning run (1).gpx.gz",
        f"upload:my export.zip!activities/{SAMPLE_FILES[1].name}",
    }
    runs = fresh_client.get("/api/runs").json()["runs"]
    assert {r["source"] for r in runs} == stored
    assert {r["source_text"] for r in runs} == {s.removeprefix("upload:") for s in stored}
    again = upload_and_wait(fresh_client, [SAMPLE_FILES[0]])
    (skipped,) = again["report"]["skipped"]
    assert "same file as upload:Morning run (1).gpx.gz" in skipped["reason"]


@given(st.text(max_size=300))
def test_display_names_are_one_printable_file_name(name: str) -> None:
    shown = display_name(name)
    assert shown and len(shown) <= 120 and shown.isprintable()
    assert "/" not in shown and "\\" not in shown


def test_source_labels_name_the_upload_and_leave_other_paths() -> None:
    folder = Path("/h/uploads/0123456789ab")
    names = {"0001_run.fit": "run (2).fit"}
    assert source_label(f"{folder}/0001_run.fit", folder, names) == "upload:run (2).fit"
    assert source_label(f"{folder}/0002_x.zip!a/b.fit", folder, {}) == "upload:x.zip!a/b.fit"
    assert source_label("/elsewhere/0001_run.fit", folder, names) == "/elsewhere/0001_run.fit"
    assert uploaded_label("upload:x.zip!a/b.fit") == "x.zip!a/b.fit"
