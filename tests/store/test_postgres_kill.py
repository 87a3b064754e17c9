"""A real process kill part-way through an import into PostgreSQL leaves the database
consistent, and the next import completes without duplicates (as tests/services/
test_import_kill.py shows for SQLite). Inputs: the bundled synthetic samples."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from backstride.store import StreamFiles
from tests.conftest import REPO


def _env(home: Path, url: str) -> dict[str, str]:
    return {**os.environ, "BACKSTRIDE_HOME": str(home), "BACKSTRIDE_DATABASE_URL": url}


def _import(home: Path, url: str) -> dict[str, list[dict[str, object]]]:
    done = subprocess.run(
        [sys.executable, "-m", "backstride", "import", str(REPO / "samples"), "--json"],
        env=_env(home, url),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_kill_mid_import_leaves_postgres_consistent(tmp_path: Path, postgres_url: str) -> None:
    engine = create_engine(postgres_url)

    def count(sql: str) -> int:
        try:
            with engine.connect() as conn:
                return int(conn.execute(text(sql)).scalar_one())
        except Exception:  # the schema is not there yet
            return 0

    home = tmp_path / "home"
    proc = subprocess.Popen(
        [sys.executable, "-m", "backstride", "import", str(REPO / "samples"), "--json"],
        env=_env(home, postgres_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while count("SELECT count(*) FROM activities") < 3 and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = count("SELECT count(*) FROM activities")
    assert 3 <= killed_at < 36, "the kill must land part-way through"

    orphans = count(
        "SELECT count(*) FROM sources s WHERE NOT EXISTS "
        "(SELECT 1 FROM activities a WHERE a.source_id = s.id)"
    )
    assert orphans == 0
    with engine.connect() as conn:
        keys = [r[0] for r in conn.execute(text("SELECT stream_key FROM activities"))]
    assert all(StreamFiles(home / "streams").exists(k) for k in keys)

    second = _import(home, postgres_url)
    assert len(second["imported"]) == 36 - killed_at
    assert count("SELECT count(*) FROM activities") == 36
    assert _import(home, postgres_url)["imported"] == []
    assert count("SELECT count(*) FROM activities") == 36
    engine.dispose()
