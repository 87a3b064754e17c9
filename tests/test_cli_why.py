"""`backstride why` from a real import: runs from files, the diary from `pain import`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli import app
from tests.conftest import REPO

runner = CliRunner()

# Three onsets, each after a week or more without pain (times with their offset, as the diary
# importer requires); the synthetic sample runs in samples/ are the history.
DIARY = """time,score,type,location
2026-06-15T19:00:00+02:00,4,dull,lower back
2026-06-16T19:00:00+02:00,2,dull,lower back
2026-07-06T07:30:00+02:00,5,stiffness,lower back
2026-08-10T20:00:00+02:00,3,dull,lower back
"""


def test_why_reports_insufficient_data_with_the_episodes_counted(
    home: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["import", str(REPO / "samples"), "--json"]).exit_code == 0
    diary = tmp_path / "diary.csv"
    diary.write_text(DIARY, encoding="utf-8")
    imported = runner.invoke(app, ["pain", "import", str(diary), "--json"])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["why", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "insufficient_data"
    assert data["episodes"] == 3
    assert data["factors"] == [] or all("odds_ratio" in f for f in data["factors"])
    assert "Case-crossover" in data["method"]
    assert "48" in data["method"]
    text = runner.invoke(app, ["why"])
    assert text.exit_code == 0 and "Not enough data yet" in text.stdout


def test_why_hazard_window_can_be_changed(home: Path) -> None:
    data = json.loads(runner.invoke(app, ["why", "--json", "--hazard-hours", "24"]).stdout)
    assert data["hazard_window_h"] == 24.0
    bad = runner.invoke(app, ["why", "--hazard-hours", "1000"])
    assert bad.exit_code != 0
