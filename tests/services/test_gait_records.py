"""Stored gait analyses: folder then row, filming time, adoption of older folders, listing.

Results come from the real analysis of synthetic keypoints (tests/services/gait_data.py)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import InputValueError
from backstride.services import gait as service
from backstride.services.gait_records import RecordedFrom, parse_recorded, recorded_time
from backstride.settings import Settings
from backstride.store import Store
from backstride.store.gait import GaitStore
from tests.services.gait_data import rear_result, side_result, stored
from tests.services.test_video_time import box, movie, mvhd

NOW = datetime(2026, 8, 25, 8, 0, tzinfo=UTC)
BERLIN = timezone(timedelta(hours=2))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    home = tmp_path / "home"
    return Settings(home=home, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store.open(settings)
    yield s
    s.close()


# --- when the video was filmed -------------------------------------------------------------------
def test_recorded_time_prefers_given_then_container_then_file(tmp_path: Path) -> None:
    filmed = datetime(2026, 5, 1, 6, 45, tzinfo=UTC)
    video = tmp_path / "clip.mp4"
    video.write_bytes(movie(mvhd(filmed)))
    mtime = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
    os.utime(video, (mtime.timestamp(), mtime.timestamp()))
    given_at = datetime(2026, 4, 30, 18, 0, tzinfo=BERLIN)
    assert recorded_time(video, NOW, given_at) == (given_at, RecordedFrom.GIVEN)
    assert recorded_time(video, NOW) == (filmed, RecordedFrom.CONTAINER)
    video.write_bytes(movie(box(b"free", b"")))
    os.utime(video, (mtime.timestamp(), mtime.timestamp()))
    assert recorded_time(video, NOW) == (mtime, RecordedFrom.FILE)
    with pytest.raises(InputValueError, match="in the future"):
        recorded_time(video, NOW, NOW + timedelta(hours=1))


def test_parse_recorded_reads_the_runners_clock() -> None:
    assert parse_recorded("2026-05-01T07:30", BERLIN) == datetime(2026, 5, 1, 5, 30, tzinfo=UTC)
    assert parse_recorded(" 2026-05-01 ", BERLIN) == datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    for bad in ("01/05/2026", "2026-05-01 07:30", "2026-13-01", ""):
        with pytest.raises(InputValueError, match="YYYY-MM-DD"):
            parse_recorded(bad, BERLIN)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_a_date_alone_keeps_its_local_day(day: datetime, offset_min: int) -> None:
    zone = timezone(timedelta(minutes=offset_min))
    when = parse_recorded(day.strftime("%Y-%m-%d"), zone)
    assert when.tzinfo is UTC and when.astimezone(zone).date() == day.date()


# --- writing ---------------------------------------------------------------------------------------
def test_a_stored_analysis_has_its_files_and_its_row(store: Store, settings: Settings) -> None:
    filmed = datetime(2026, 8, 20, 6, 30, tzinfo=UTC)
    row_id = stored(store, settings, side_result(), analysed=NOW, recorded=filmed)
    folder = settings.home / "gait" / "2026-08-25T080000_easy_run"
    assert sorted(p.name for p in folder.iterdir()) == ["record.json", "result.json", "summary.png"]
    on_disk = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(side_result().as_dict()))
    row = GaitStore(store).row(row_id)
    assert row is not None and row.folder == "gait/2026-08-25T080000_easy_run"
    assert (row.recorded_utc, row.analysed_utc, row.recorded_from) == (filmed, NOW, "given")
    assert row.view == "side" and row.steps == side_result().steps
    assert row.cadence_spm == pytest.approx(165.0, abs=1.0)
    assert row.result == on_disk and row.video_name == "easy run.mp4"


def test_a_failed_row_leaves_no_folder(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise RuntimeError("database is gone")

    monkeypatch.setattr(GaitStore, "add", refuse)
    with pytest.raises(RuntimeError, match="database is gone"):
        stored(store, settings, side_result(), analysed=NOW, recorded=NOW)
    assert list((settings.home / "gait").iterdir()) == []
    monkeypatch.undo()
    assert service.list_analyses(settings, store) == []


# --- listing and adopting --------------------------------------------------------------------------
def test_analyses_are_listed_by_filming_date(store: Store, settings: Settings) -> None:
    late = stored(store, settings, side_result(), analysed=NOW, recorded=NOW - timedelta(days=1))
    early = stored(
        store,
        settings,
        rear_result(),
        analysed=NOW + timedelta(minutes=1),
        recorded=NOW - timedelta(days=9),
        video_name="rear.mov",
    )
    past = service.list_analyses(settings, store)
    assert [p.id for p in past] == [early, late]
    assert past[0].when_utc == NOW - timedelta(days=9) and past[0].result["view"] == "rear"
    assert past[0].video_stem == "rear" and not past[0].files_missing


def test_a_row_whose_folder_vanished_is_listed_as_missing(store: Store, settings: Settings) -> None:
    row_id = stored(store, settings, side_result(), analysed=NOW, recorded=NOW)
    shutil.rmtree(settings.home / "gait" / "2026-08-25T080000_easy_run")
    (past,) = service.list_analyses(settings, store)
    assert past.id == row_id and past.files_missing
    assert past.result["steps"] == side_result().steps
    assert service.analysis_file(settings, past, "summary") is None


def _old_folder(settings: Settings, name: str) -> Path:
    """A folder as backstride wrote them before the table: result.json only (written with
    the real result's JSON)."""
    folder = settings.home / "gait" / name
    folder.mkdir(parents=True)
    text = json.dumps(side_result().as_dict())
    (folder / "result.json").write_text(text, encoding="utf-8")
    return folder


def test_older_folders_are_adopted_once(store: Store, settings: Settings) -> None:
    _old_folder(settings, "2026-05-01T073005_easy_run")
    (settings.home / "gait" / "2026-05-02T073005_unfinished").mkdir()  # no result.json
    _old_folder(settings, ".2026-05-03T073005_hidden")
    junk = settings.home / "gait" / "2026-05-04T000000_junk"
    junk.mkdir()
    (junk / "result.json").write_text('{"view": 3}', encoding="utf-8")
    first = service.list_analyses(settings, store)
    again = service.list_analyses(settings, store)
    assert [p.id for p in first] == [p.id for p in again] and len(first) == 1
    (past,) = first
    stamp = datetime(2026, 5, 1, 7, 30, 5, tzinfo=UTC)
    assert past.analysed_utc == stamp and past.recorded_utc == stamp
    assert past.recorded_from == "analysed" and past.video_stem == "easy_run"
    assert service.adopt_folders(store, settings) == 0


def test_a_folder_killed_before_its_row_is_adopted_with_its_record(
    store: Store, settings: Settings
) -> None:
    """record.json and result.json written, then the process died: nothing is lost."""
    from backstride.services.gait_records import record_meta, write_json

    folder = _old_folder(settings, "2026-08-25T080000_easy_run")
    filmed = datetime(2026, 8, 20, 6, 30, tzinfo=UTC)
    write_json(
        folder / "record.json", record_meta("easy run.mp4", NOW, filmed, RecordedFrom.CONTAINER)
    )
    (past,) = service.list_analyses(settings, store)
    assert past.recorded_utc == filmed and past.recorded_from == "container"
    assert past.video_name == "easy run.mp4"


def test_only_files_inside_the_gait_folder_are_served(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    stored(store, settings, side_result(), analysed=NOW, recorded=NOW)
    (past,) = service.list_analyses(settings, store)
    summary = service.analysis_file(settings, past, "summary")
    assert summary is not None and summary.read_bytes()[:4] == b"\x89PNG"
    assert service.analysis_file(settings, past, "video") is None  # none was written
    assert service.analysis_file(settings, past, "result.json") is None
    secret = tmp_path / "secret.mp4"
    secret.write_bytes(b"not yours")
    (past.folder / "annotated.mp4").symlink_to(secret)
    assert service.analysis_file(settings, past, "video") is None
