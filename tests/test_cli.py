"""The command line through its runner: JSON shapes the issues promise, tables, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backstride.cli import app
from tests.conftest import DATA, REPO

runner = CliRunner()


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_runs_and_load_json(home: Path) -> None:
    imported = run_json(
        "import", str(REPO / "samples"), str(DATA / "fit" / "sportslib__empty-sessions.fit")
    )
    assert set(imported) == {"imported", "skipped", "failed"}
    assert len(imported["imported"]) == 36
    assert {"path", "activity_id"} == set(imported["imported"][0])
    assert imported["failed"][0]["path"].endswith("sportslib__empty-sessions.fit")
    assert imported["failed"][0]["reason"]

    runs = run_json("runs")
    assert len(runs) == 36
    required = {
        "id",
        "source",
        "start_utc",
        "sport",
        "sub_sport",
        "distance_m",
        "elapsed_s",
        "moving_s",
        "avg_cadence_spm",
        "ascent_m",
        "descent_m",
        "spike_pct",
        "shoe",
    }
    assert required <= set(runs[0])
    assert runs[0]["spike_pct"] is None  # nothing in the 30 days before the first run
    assert runs[0]["start_utc"].endswith("Z")
    assert all(r["sport"] == "running" for r in runs)

    weeks = run_json("load")["weeks"]
    keys = {
        "week_start",
        "distance_m",
        "duration_s",
        "runs",
        "change_pct",
        "longest_run_m",
        "acwr",
        "monotony",
        "strain",
        "rest_days",
    }
    assert keys <= set(weeks[0])
    assert weeks[0]["week_start"] == "2026-06-01"
    assert sum(w["runs"] for w in weeks) == 36
    assert abs(sum(w["distance_m"] for w in weeks) - sum(r["distance_m"] for r in runs)) < 1e-6


def test_tables_render(home: Path) -> None:
    runner.invoke(app, ["import", str(REPO / "samples")], catch_exceptions=False)
    for command in (["runs"], ["load"], ["shoes"], ["profile"]):
        result = runner.invoke(app, command, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()


def test_shoes_add_assign_retire(home: Path) -> None:
    run_json("import", str(REPO / "samples"))
    run_json("shoes", "add", "Pegasus 40", "--brand", "Nike", "--start-km", "100")
    assigned = run_json(
        "shoes", "assign", "Pegasus 40", "--since", "2026-06-01", "--until", "2026-06-30"
    )
    # June 2026 in samples/: 3 + 3 + 4 + 2 runs in its first four weeks, and Monday 29 June
    assert assigned["assigned"] == 13
    shoes = run_json("shoes")["shoes"]
    assert shoes[0]["name"] == "Pegasus 40"
    assert shoes[0]["runs"] == 13
    assert shoes[0]["distance_m"] > 100_000
    assert run_json("shoes")["pairs_in_rotation"] == 0  # its last run was months before today
    run_json("shoes", "retire", "Pegasus 40")
    assert run_json("shoes")["shoes"][0]["retired"] is not None
    runs = run_json("runs")
    assert sum(1 for r in runs if r["shoe"] == "Pegasus 40") == 13


def test_profile_set_and_show(home: Path) -> None:
    p = run_json("profile", "--height-cm", "178", "--units", "mi", "--timezone", "Europe/Berlin")
    assert p["height_m"] == 1.78
    assert p["units"] == "mi"
    again = run_json("profile")
    assert again == p


def test_errors_are_one_line_with_exit_code_2(home: Path) -> None:
    env_cmd = [sys.executable, "-m", "backstride"]
    done = subprocess.run(
        [*env_cmd, "profile", "--height-cm", "900"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "height" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(
        [*env_cmd, "shoes", "retire", "nothing"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "no shoe named" in done.stderr
    assert done.stdout == ""
    done = subprocess.run(
        [*env_cmd, "shoes", "retire", "nothing", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "no shoe named" in done.stderr
    assert "no shoe named" in json.loads(done.stdout)["error"]  # scripts get JSON too


def test_import_says_which_stored_copy_a_richer_file_replaced(home: Path) -> None:
    """heartandsole testdata: the GPX first, then the watch's FIT of the same run."""
    gpx, fit = (
        DATA / "gpx" / "heartandsole__testdata.gpx",
        DATA / "fit" / "heartandsole__testdata.fit",
    )
    run_json("import", str(gpx))
    result = runner.invoke(app, ["import", str(fit)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"replaced activity 1: now from {fit}, which records more of the run than {gpx}" in text
    assert "Imported 1 activity; skipped 0; failed 0." in text
    [run] = run_json("runs")
    assert (run["id"], run["source"]) == (1, str(fit))


def test_shoes_listed_in_a_strava_export_are_kept_with_brand_and_model(
    home: Path, tmp_path: Path
) -> None:
    """A copy of the real Strava export, zipped, with shoes.csv and bikes.csv rows written by
    the test: the run names the Nike by brand and model, the Saucony (nickname "Race day") is
    listed but never used, the bike is no shoe. Importing twice changes nothing."""
    import shutil
    import zipfile

    folder = tmp_path / "strava"
    shutil.copytree(DATA / "export" / "strava_export_geo-activity-playground", folder)
    lines = (folder / "activities.csv").read_text(encoding="utf-8").splitlines()
    run = lines[1].replace(',false,"",,activities/', ',false,"",Nike Pegasus 38,activities/')
    (folder / "activities.csv").write_text(f"{lines[0]}\n{run}\n", encoding="utf-8")
    (folder / "shoes.csv").write_text(
        "Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\n"
        ",Nike,Pegasus 38,Run\nRace day,Saucony,Endorphin Pro 3,\n",
        encoding="utf-8",
    )
    (folder / "bikes.csv").write_text(
        "Bike Name,Bike Brand,Bike Model,Bike Default Sport Types\nCommuter,Trek,FX 2,Ride\n",
        encoding="utf-8",
    )
    archive = tmp_path / "export_1.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, path.relative_to(folder).as_posix())

    for _ in range(2):
        run_json("import", str(archive))

    shoes = {s["name"]: s for s in run_json("shoes")["shoes"]}
    assert sorted(shoes) == ["Nike Pegasus 38", "Race day"]
    nike, saucony = shoes["Nike Pegasus 38"], shoes["Race day"]
    assert (nike["brand"], nike["model"], nike["runs"]) == ("Nike", "Pegasus 38", 1)
    assert (saucony["brand"], saucony["model"], saucony["runs"]) == (
        "Saucony",
        "Endorphin Pro 3",
        0,
    )
    assert [r["shoe"] for r in run_json("runs")] == ["Nike Pegasus 38"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["plan", "--weeks", "abc"], "Invalid value for '--weeks'"),
        (["pain", "log", "--score", "3", "--type", "dull"], "--location is required"),
        (["shoes", "add", "X", "--start-km", "abc"], "Invalid value for '--start-km'"),
        (["plan", "done"], "Missing argument"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    home: Path, args: list[str], words: str
) -> None:
    """Typer carries its own copy of click, whose errors the entry point must show too: before,
    each of these printed a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "backstride", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
