"""A real process kill part-way through an import leaves the database consistent, and the next
import completes without duplicates.

The inputs are the bundled synthetic sample runs (samples/, see scripts/make_samples.py) plus a
few real device files from ../shared/data, copied into a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from backstride.store import StreamFiles
from tests.conftest import DATA, REPO

REAL = [
    "fit/runpandas__run.fit",
    "fit/sportslib__6909950168.fit",
    "tcx/runpandas__basic.tcx",
    "gpx/sportslib__garmin.gpx",
]


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    for p in sorted((REPO / "samples").iterdir()):
        shutil.copy(p, folder / p.name)
    for rel in REAL:
        shutil.copy(DATA / rel, folder / Path(rel).name)
    return folder


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM activities").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _run_import(folder: Path, home: Path) -> dict[str, list[dict[str, object]]]:
    env = {**os.environ, "BACKSTRIDE_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "backstride", "import", str(folder), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_kill_mid_import_leaves_consistent_store(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in")
    reference = _run_import(folder, tmp_path / "reference")
    expected = len(reference["imported"])
    assert expected >= 30

    home = tmp_path / "home"
    db = home / "backstride.db"
    env = {**os.environ, "BACKSTRIDE_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "backstride", "import", str(folder), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _count(db) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the importer and its worker processes, at once
    proc.wait()
    killed_at = _count(db)
    assert 3 <= killed_at < expected, "the kill must land part-way through"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # every source that was committed has all of its activities and laps
        orphans = conn.execute(
            "SELECT count(*) FROM sources s WHERE NOT EXISTS "
            "(SELECT 1 FROM activities a WHERE a.source_id = s.id)"
        ).fetchone()[0]
        assert orphans == 0
        keys = [
            r[0]
            for r in conn.execute("SELECT stream_key FROM activities WHERE stream_key IS NOT NULL")
        ]
    for key in keys:
        assert StreamFiles(home / "streams").exists(key)

    second = _run_import(folder, home)
    assert len(second["imported"]) == expected - killed_at
    assert len(second["failed"]) == len(reference["failed"])
    assert _count(db) == expected
    third = _run_import(folder, home)
    assert third["imported"] == []
    assert _count(db) == expected
    leftovers = {p.name for p in (home / "streams").rglob("*") if p.is_file()}
    assert len(leftovers) == len(keys) + len(second["imported"])
