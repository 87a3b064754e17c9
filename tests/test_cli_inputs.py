"""The command line refuses what it cannot use, in one line with exit code 2 (and JSON with
--json): strict days, finite floats, ids that fit, bounded files, empty paths, a database or
home that cannot be used. Most go through typer's runner; those about the entry point's own
work (exit codes, JSON on usage errors, database problems) call ``main()`` itself."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from backstride.cli import app, main
from backstride.errors import InputValueError, NotFoundError
from backstride.services import import_paths
from backstride.settings import Settings
from backstride.store import Store
from tests.conftest import DATA, REPO
from tests.services import care_data
from tests.services.care_data import BERLIN_SUMMER

samples_home = care_data.samples_home
sample_home = care_data.sample_home

runner = CliRunner()
NOW = datetime(2026, 8, 24, 8, 0, tzinfo=BERLIN_SUMMER)
BIG_ID = "99999999999999999999"
RIDE = DATA / "fit" / "fitparse__garmin-fenix-5-bike.fit"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' clock: the morning after the last sample run, in Berlin."""
    monkeypatch.setattr("backstride.cli._now", lambda: NOW)


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def refused(*args: str) -> str:
    """The message of a command refused with backstride's own error (exit 2 in main())."""
    result = runner.invoke(app, list(args))
    assert isinstance(result.exception, InputValueError | NotFoundError), result.output
    return str(result.exception)


def usage_error(*args: str) -> str:
    """The text of a usage error (typer's runner: exit code 2, the message on stderr)."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return flat(result.stderr)


def flat(text: str) -> str:
    """Text without the boxes typer draws around help and errors, on one line."""
    return " ".join(re.sub("[╭╮╰╯─│]", " ", text).replace("Error", " ").split())


Main = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Main:
    """``backstride ARGS`` through the entry point: (exit code, stdout, stderr)."""

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["backstride", *args])
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def json_error(out: str) -> str:
    message = json.loads(out)["error"]
    assert isinstance(message, str)
    return message


# --- 1. days ------------------------------------------------------------------------------------
@pytest.mark.parametrize("day", ["20210101", "2026-6-1", "2026-02-30", "1", "06/01/2026"])
def test_shoes_assign_takes_a_day_only_as_yyyy_mm_dd(sample_home: Path, day: str) -> None:
    """Before, typer read ``20210101`` as a Unix timestamp (1970-08-22) and put every run since
    then on the shoe; a date in another form said "give activity ids or --since/--until"."""
    run_json("shoes", "add", "Pegasus 40")
    for option in ("--since", "--until"):
        other = "--until" if option == "--since" else "--since"
        said = usage_error("shoes", "assign", "Pegasus 40", option, day, other, "2026-06-15")
        assert f"Invalid value for '{option}': '{day}' is not a date: give it as YYYY-MM-DD" in said
    assert run_json("shoes")["shoes"][0]["runs"] == 0


def test_report_since_is_strict_too() -> None:
    said = usage_error("report", "--since", "20210101")
    assert "Invalid value for '--since'" in said and "YYYY-MM-DD" in said


def test_shoes_assign_refuses_a_reversed_or_future_range(sample_home: Path) -> None:
    run_json("shoes", "add", "Pegasus 40")
    reversed_range = refused(
        "shoes", "assign", "Pegasus 40", "--since", "2026-06-30", "--until", "2026-06-01"
    )
    assert reversed_range == "--until 2026-06-01 is before --since 2026-06-30"
    future = refused("shoes", "assign", "Pegasus 40", "--since", "2026-09-01")
    assert "--since 2026-09-01 is after today (2026-08-24)" in future
    empty = refused("shoes", "assign", "Pegasus 40", "--until", "2026-01-01")
    assert "no runs up to 2026-01-01" in empty
    assert run_json("shoes")["shoes"][0]["runs"] == 0


def test_shoes_assign_says_how_many_runs_it_moved_off_another_shoe(sample_home: Path) -> None:
    run_json("shoes", "add", "Old")
    run_json("shoes", "add", "New")
    run_json("shoes", "assign", "Old", "--since", "2026-06-01", "--until", "2026-06-30")
    moved = run_json("shoes", "assign", "New", "--since", "2026-06-08", "--until", "2026-06-14")
    assert (moved["assigned"], moved["moved_from"]) == (3, {"Old": 3})
    result = runner.invoke(
        app, ["shoes", "assign", "New", "--since", "2026-06-08", "--until", "2026-06-21"]
    )
    assert result.exit_code == 0, result.output
    # 9-14 June already wore New; 16-21 June moved off Old
    assert result.stdout.strip() == "7 runs now use 'New'; 4 of them had 'Old' before."


# --- 2. database and home -----------------------------------------------------------------------
def _assert_one_clean_line(code: int, out: str, err: str, words: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert words in err
    message = json_error(out)
    assert words in message
    return message


def test_a_corrupt_database_is_named_not_a_traceback(home: Path, run_main: Main) -> None:
    assert run_main("profile", "--json")[0] == 0
    db = home / "backstride.db"
    with db.open("r+b") as file:
        file.write(bytes(range(256)) * 16)
    code, out, err = run_main("runs", "--json")
    message = _assert_one_clean_line(code, out, err, "is not a backstride database or is damaged")
    assert str(db) in message


def test_a_locked_database_says_another_backstride_is_writing(
    home: Path, run_main: Main, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_main("profile", "--json")[0] == 0
    monkeypatch.setattr("backstride.store.database.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(home / "backstride.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        code, out, err = run_main("profile", "--units", "mi", "--json")
    finally:
        holder.close()
    message = _assert_one_clean_line(code, out, err, "another backstride is writing")
    assert str(home / "backstride.db") in message and "try again" in message


def test_a_read_only_database_is_said_so(
    home: Path, run_main: Main, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The driver's words as SQLite gives them for a read-only file or folder (the tests run
    as root here, whom file permissions do not stop)."""

    def read_only(*_args: Any) -> None:
        cause = sqlite3.OperationalError("attempt to write a readonly database")
        raise OperationalError("UPDATE profile SET units=?", {}, cause)

    monkeypatch.setattr(Store, "save_profile", read_only)
    code, out, err = run_main("profile", "--units", "mi", "--json")
    assert "is read-only" in _assert_one_clean_line(code, out, err, str(home / "backstride.db"))


def test_a_home_that_is_a_file_or_cannot_be_made(
    tmp_path: Path, run_main: Main, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BACKSTRIDE_DATABASE_URL", raising=False)
    a_file = tmp_path / "home-file"
    a_file.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BACKSTRIDE_HOME", str(a_file))
    code, out, err = run_main("runs", "--json")
    assert str(a_file) in _assert_one_clean_line(code, out, err, "is a file, not a folder")
    below = a_file / "home"
    monkeypatch.setenv("BACKSTRIDE_HOME", str(below))
    code, out, err = run_main("runs")
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"cannot use {below} as backstride's home folder" in err


def test_a_malformed_database_url_is_named_without_its_password(
    home: Path, run_main: Main, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKSTRIDE_DATABASE_URL", "garbage")
    code, out, err = run_main("runs", "--json")
    _assert_one_clean_line(code, out, err, "BACKSTRIDE_DATABASE_URL 'garbage' is not a database")
    monkeypatch.setenv("BACKSTRIDE_DATABASE_URL", "nosuchdb://runner:s3cret@host/db")
    code, out, err = run_main("runs", "--json")
    _assert_one_clean_line(code, out, err, "is not a database URL")
    assert "s3cret" not in out + err


# --- 3. floats ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["inf", "-inf", "1e309", "nan"])
@pytest.mark.parametrize(
    "command",
    [
        ["shoes", "add", "K", "--start-km"],
        ["profile", "--height-cm"],
        ["profile", "--weight-kg"],
        ["profile", "--max-hr"],
        ["profile", "--resting-hr"],
        ["why", "--hazard-hours"],
        ["gait", "--height-cm"],
        ["gait", "--slow-motion"],
    ],
)
def test_every_float_option_must_be_finite(home: Path, command: list[str], value: str) -> None:
    said = usage_error(*command, value)
    assert f"Invalid value for '{command[-1]}'" in said and "finite" in said


@pytest.mark.parametrize("km", ["-1", "1e308", "100001"])
def test_shoes_add_start_km_is_a_distance_a_shoe_can_have(home: Path, km: str) -> None:
    """1e308 km is finite but overflows to infinity in metres; stored, it broke `shoes`."""
    assert "must be from 0 to 100000 km" in refused("shoes", "add", "K", "--start-km", km)
    assert run_json("shoes")["shoes"] == []


# --- 4. ids -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["surface", BIG_ID, "trail"],
        ["pain", "edit", BIG_ID, "--score", "2"],
        ["pain", "delete", BIG_ID],
        ["shoes", "assign", "Pegasus 40", BIG_ID],
    ],
)
def test_ids_beyond_64_bits_are_refused(home: Path, command: list[str]) -> None:
    """Before: OverflowError (Python int too large to convert to SQLite INTEGER)."""
    run_json("shoes", "add", "Pegasus 40")
    said = usage_error(*command)
    assert "Invalid value" in said and "9223372036854775807" in said


# --- 5. triage --answers ------------------------------------------------------------------------
def test_triage_answers_over_a_mib_are_refused_without_reading_them_all(
    home: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"{}" + b" " * (1024 * 1024))
    assert "larger than 1024 KiB" in refused("triage", "--answers", str(big))
    if Path("/dev/zero").exists():  # endless: read in full, it filled the memory
        assert "larger than 1024 KiB" in refused("triage", "--answers", "/dev/zero")


def test_triage_answers_nested_too_deep_are_refused(home: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested too deep" in refused("triage", "--answers", str(deep))


# --- 6. import and paths ------------------------------------------------------------------------
def test_import_exits_1_when_every_path_failed(home: Path, tmp_path: Path, run_main: Main) -> None:
    code, out, err = run_main("import", str(tmp_path / "missing.fit"))
    assert code == 1 and "no such file or folder" in err
    assert out.strip() == "Imported 0 activities; skipped 0; failed 1."
    code, out, _ = run_main("import", str(tmp_path / "missing.fit"), "--json")
    assert code == 1 and json.loads(out)["failed"][0]["reason"] == "no such file or folder"


@pytest.mark.parametrize(
    "command",
    [
        ["import", ""],
        ["pain", "import", ""],
        ["pain", "export", ""],
        ["plan", "--ics", ""],
        ["triage", "--answers", ""],
        ["gait", ""],
    ],
)
def test_an_empty_path_is_refused(
    home: Path, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Path("")`` is the current folder: `import ""` imported whatever lay there."""
    (tmp_path / "run.gpx").write_bytes((DATA / "gpx" / "heartandsole__testdata.gpx").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert "empty path" in usage_error(*command)
    assert not (home / "backstride.db").exists() or run_json("runs") == []


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_named_explicitly_is_not_a_regular_file(home: Path) -> None:
    failed = run_json_failing("import", "/dev/null")
    assert failed == [
        {"path": "/dev/null", "reason": "not a regular file (a device, pipe or socket)"}
    ]
    assert "not a regular file" in refused("gait", "/dev/null")
    assert "not a regular file" in refused("pain", "import", "/dev/null")


def run_json_failing(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)["failed"]


def test_a_path_too_long_for_the_system_is_said_so(home: Path) -> None:
    long_name = "x" * 5000
    try:
        os.stat(long_name)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            pytest.skip("this system takes such a long name")
    [failed] = run_json_failing("import", long_name)
    assert failed["reason"] == "the path is too long for this system"
    assert "the path is too long for this system" in refused("gait", long_name)


# --- 7. the --json contract ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["profile", "--units", "MI"], "Invalid value for '--units'"),
        (["pain", "log", "--type", "dull", "--location", "x"], "--score is required"),
        (["nosuchcommand"], "No such command"),
        (["shoes", "assign", "A", "--since", "20210101"], "Invalid value for '--since'"),
    ],
)
def test_usage_errors_with_json_also_print_a_json_error(
    home: Path, run_main: Main, args: list[str], words: str
) -> None:
    code, out, err = run_main(*args, "--json")
    assert code == 2
    assert words in json_error(out)
    assert "Usage:" in err and words in err


def test_json_given_on_the_group_is_honoured(home: Path) -> None:
    run_json("import", str(REPO / "samples" / "2026-06-02_0610.gpx.gz"))
    added = run_json_before("shoes", "add", "NewShoe")
    assert added["name"] == "NewShoe"
    assigned = run_json_before("shoes", "assign", "NewShoe", "1")
    assert assigned["assigned"] == 1 and assigned["ids"] == [1]
    retired = run_json_before("shoes", "retire", "NewShoe")
    assert retired["shoe"] == "NewShoe" and retired["retired"] is not None
    done = run_json_before("plan", "done", "plank")
    assert done["done_last_7_days"] == 1


def run_json_before(group: str, *rest: str) -> Any:
    """``backstride GROUP --json COMMAND ...``: --json given to the group, not the command."""
    result = runner.invoke(app, [group, "--json", *rest], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_interactive_triage_keeps_stdout_for_the_json(home: Path, run_main: Main) -> None:
    """Click's prompts wrote a character of each prompt to standard output."""
    typed = "\n" * 40  # Enter: no or skipped, to every question
    code, out, err = run_main("triage", "--json", stdin=typed)
    assert code == 0, err
    assert out.startswith("{")  # not the space click's prompts wrote to standard output
    assert json.loads(out)["urgency"]  # the whole of stdout is the JSON
    assert "[y/N]" in err


def test_interactive_triage_at_the_end_of_input_says_so(home: Path, run_main: Main) -> None:
    code, out, err = run_main("triage", "--json", stdin="")
    assert code == 2
    assert "the input ended before every question was answered" in json_error(out)
    assert "--answers FILE" in err
    code, out, err = run_main("triage", stdin="n\n")
    assert code == 2 and out == "" and "input ended" in err


def test_report_takes_json_as_every_command_does() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0 and "--json" in result.stdout


# --- 8. shoes assign by id ----------------------------------------------------------------------
@pytest.fixture
def home_with_a_ride(sample_home: Path) -> int:
    """The sample runs and one bike ride; returns the ride's id."""
    store = Store.open(Settings.from_env())
    try:
        report = import_paths(store, [RIDE], NOW)
    finally:
        store.close()
    [ride] = report.imported
    return ride.activity_id


def test_shoes_assign_unknown_ids_are_an_error_and_nothing_changes(sample_home: Path) -> None:
    run_json("shoes", "add", "Old Trail")
    said = refused("shoes", "assign", "Old Trail", "1", "999999")
    assert said == "no activity with id 999999; see 'backstride runs'; nothing was assigned"
    assert run_json("shoes")["shoes"][0]["runs"] == 0


def test_shoes_assign_gives_no_shoe_to_a_ride(home_with_a_ride: int) -> None:
    ride = str(home_with_a_ride)
    run_json("shoes", "add", "Old Trail")
    assert "is cycling: only runs get a shoe" in refused("shoes", "assign", "Old Trail", ride)
    result = runner.invoke(app, ["shoes", "assign", "Old Trail", "1", ride])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1 run now uses 'Old Trail'."
    assert f"activity {ride} is cycling, not a run: no shoe given" in result.stderr
    shoes = {r["id"]: r["shoe"] for r in run_json("runs")}
    assert (shoes[1], shoes[home_with_a_ride]) == ("Old Trail", None)


# --- 9. the rest --------------------------------------------------------------------------------
def test_shoe_names_are_stripped_and_not_blank(home: Path) -> None:
    assert run_json("shoes", "add", "  Pegasus 40  ")["name"] == "Pegasus 40"
    assert "already exists" in refused("shoes", "add", "pegasus 40")
    assert "needs a name" in refused("shoes", "add", "   ")
    assert run_json("shoes", "retire", " Pegasus 40 ")["shoe"] == "Pegasus 40"


def test_retiring_twice_keeps_the_day_and_undo_on_a_shoe_in_use_says_so(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_json("shoes", "add", "Pegasus 40")
    said = runner.invoke(app, ["shoes", "retire", "Pegasus 40", "--undo"]).stdout
    assert said.strip() == "'Pegasus 40' is already in use."
    first = run_json("shoes", "retire", "Pegasus 40")
    assert first["changed"] is True
    monkeypatch.setattr("backstride.cli._now", lambda: NOW.replace(month=9))
    again = run_json("shoes", "retire", "Pegasus 40")
    assert (again["changed"], again["retired"]) == (False, first["retired"])
    said = runner.invoke(app, ["shoes", "retire", "Pegasus 40"]).stdout
    assert said.strip() == "'Pegasus 40' is already retired (since 2026-08-24)."
    assert run_json("shoes", "retire", "Pegasus 40", "--undo")["retired"] is None


def test_pain_edit_without_a_change_is_an_error(sample_home: Path) -> None:
    logged = run_json("pain", "log", "--score", "3", "--type", "dull", "--location", "back")
    assert "nothing to change" in refused("pain", "edit", str(logged["id"]))


def test_surface_takes_the_choices_its_help_lists(sample_home: Path) -> None:
    help_text = flat(runner.invoke(app, ["surface", "--help"]).stdout)
    assert "road, track, trail, treadmill or auto" in help_text
    assert "unknown surface 'unknown'" in refused("surface", "1", "unknown")
    assert run_json("surface", "1", "Trail")["surface"] == "trail"
    assert run_json("surface", "1", "auto")["surface"] == "unknown"  # what the GPX file says


def test_plan_done_is_refused_while_the_plan_is_withheld(sample_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"saddle_numbness": true}', encoding="utf-8")
    assert run_json("triage", "--answers", str(answers))["urgency"] == "emergency"
    said = refused("plan", "done", "plank")
    assert said.startswith("the plan is withheld, so no exercise is recorded: ")
    assert "emergency" in said.lower()


def test_plan_done_counts_in_words_and_cuts_an_unknown_name(sample_home: Path) -> None:
    result = runner.invoke(app, ["plan", "done", "plank"])
    assert result.exit_code == 0, result.output
    assert "1 session in the last 7 days" in result.stdout
    said = refused("plan", "done", "x" * 500)
    assert f"no exercise '{'x' * 60}...'" in said and "x" * 61 not in said


def test_runs_of_a_sport_nobody_did_or_of_no_sport(sample_home: Path) -> None:
    result = runner.invoke(app, ["runs", "--sport", "cycling", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "no activity of sport 'cycling'" in result.stderr
    assert "unknown sport 'bogus'; choose one of running" in refused("runs", "--sport", "bogus")


@pytest.mark.parametrize(
    ("recorded", "words"),
    [
        ("2026-03-29T02:30", "does not exist in Europe/Berlin (the clocks went forward then)"),
        ("2025-10-26T02:30", "happens twice in Europe/Berlin (the clocks went back then)"),
        ("0001-01-01", "is before 1900"),
        ("1899-12-31T23:00", "is before 1900"),
    ],
)
def test_gait_recorded_refuses_times_the_runner_cannot_mean(
    home: Path, tmp_path: Path, recorded: str, words: str
) -> None:
    """Refused before the video is read: the time is checked first."""
    run_json("profile", "--timezone", "Europe/Berlin")
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"not read")
    assert words in refused("gait", str(video), "--recorded", recorded)


def test_exports_say_when_they_replaced_a_file(sample_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"onset_days_ago": 10, "pain_score": 2}', encoding="utf-8")
    run_json("triage", "--answers", str(answers))
    for command in (["pain", "export"], ["plan", "--ics"]):
        target = tmp_path / f"{command[0]}.out"
        first = runner.invoke(app, [*command, str(target)])
        assert first.exit_code == 0 and "Replaced" not in first.stdout
        again = runner.invoke(app, [*command, str(target)])
        assert again.exit_code == 0 and f"Replaced {target}" in again.stdout
