"""Sessions equal what data/manifest.json states (produced with fitdecode), per FIT file.

For every manifest entry with FIT content (data/fit, and the FIT files of export/, opened
here from .gz/.zip): one activity per session, in order, with the session's sport and
sub-sport (mapped to the model as the reader documents), elapsed time, distance and mean
heart rate. The manifest has no session start; starts are compared with the SDK's
``start_time`` instead. Files the reader refuses are covered by test_fit_files.py.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from typing import Any

import pytest

from backstride.errors import FileFormatError
from backstride.formats.fit import read_fit
from backstride.model import Sport, SubSport
from tests.formats.fit.conftest import DATA, sdk_decode

SPORTS = {
    "running": Sport.RUNNING,
    "cycling": Sport.CYCLING,
    "walking": Sport.WALKING,
    "swimming": Sport.SWIMMING,
    "transition": Sport.TRANSITION,
}
SUB_SPORTS = {
    "generic": SubSport.GENERIC,
    "treadmill": SubSport.TREADMILL,
    "trail": SubSport.TRAIL,
    "indoor_cycling": SubSport.INDOOR,
    "indoor_rowing": SubSport.INDOOR,
    "road": SubSport.STREET,
    "virtual_activity": SubSport.VIRTUAL,
}
REFUSED = {  # sessions the reader cannot date (see test_fit_files.py for the reasons)
    "fit/muktihari__TestEncode.fit": "no session states a plausible start time",
    "fit/fitparse__antfs-dump.63.fit": "no absolute date",
    "fit/fitparse__compressed-speed-distance.fit": "no absolute date",
}
ENTRIES = [
    entry
    for entry in json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    if entry.get("fit") and entry["fit"].get("sessions")
]


def _content(entry: dict[str, Any]) -> bytes:
    path = DATA / entry["file"]
    if path.name.endswith(".gz"):
        return gzip.decompress(path.read_bytes())
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            return archive.read(archive.namelist()[0])
    return path.read_bytes()


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_sessions_match_the_manifest(entry: dict[str, Any]) -> None:
    if entry["file"] in REFUSED:
        with pytest.raises(FileFormatError, match=REFUSED[entry["file"]]):
            read_fit(_content(entry), entry["file"])
        return
    recording = read_fit(_content(entry), entry["file"])
    sessions = entry["fit"]["sessions"]
    assert len(recording.activities) == len(sessions)
    for activity, session in zip(recording.activities, sessions, strict=True):
        assert activity.sport == SPORTS.get(session.get("sport"), Sport.OTHER)
        assert activity.sub_sport == SUB_SPORTS.get(
            session.get("sub_sport", "generic"), SubSport.OTHER
        )
        assert activity.elapsed_s == pytest.approx(session.get("total_elapsed_time"), abs=0.01)
        assert activity.distance_m == pytest.approx(session.get("total_distance"), abs=0.01)
        assert activity.avg_hr_bpm == session.get("avg_heart_rate")


SDK_FILES = [
    entry["file"].split("/", 1)[1] for entry in ENTRIES if entry["file"].startswith("fit/")
]


@pytest.mark.parametrize("name", [n for n in SDK_FILES if f"fit/{n}" not in REFUSED])
def test_starts_equal_the_sdk_session_start(name: str) -> None:
    messages, _ = sdk_decode(name)
    sessions = messages.get("session_mesgs", [])
    data_entry = next(entry for entry in ENTRIES if entry["file"] == f"fit/{name}")
    recording = read_fit(_content(data_entry), name)
    for activity, session in zip(recording.activities, sessions, strict=True):
        if "start_time" in session:
            assert activity.start_utc == session["start_time"]
        else:  # broken-dates.fit: no start stated; the first record's time is used
            assert activity.start_utc == messages["record_mesgs"][0]["timestamp"]
