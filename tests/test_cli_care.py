"""The care commands through typer's runner: pain, triage, today, plan (JSON shapes, tables)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from backstride.cli import app
from backstride.errors import DuplicateError, InputValueError, NotFoundError
from tests.services import care_data
from tests.services.care_data import BERLIN_SUMMER

# fixtures with the sample runs (see tests/services/care_data.py)
samples_home = care_data.samples_home
sample_home = care_data.sample_home

runner = CliRunner()
NOW = datetime(2026, 8, 24, 8, 0, tzinfo=BERLIN_SUMMER)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' clock: the morning after the last sample run, in Berlin."""
    monkeypatch.setattr("backstride.cli._now", lambda: NOW)


def run_json(*args: str, stdin: str | None = None) -> Any:
    result = runner.invoke(app, [*args, "--json"], input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run_text(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    return result.stdout


def answers_file(tmp_path: Path, answers: dict[str, Any]) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return str(path)


def test_pain_log_list_edit_delete(sample_home: Path) -> None:
    run_json("profile", "--timezone", "Europe/Berlin")
    logged = run_json("pain", "log", "--score", "4", "--type", "dull", "--location", "lower back")
    assert logged["time"] == "2026-08-24T08:00:00+02:00" and logged["utc_offset_s"] == 7200
    assert logged["activity_id"] is not None  # the run of the evening before
    second = run_json(
        "pain", "log", "--score", "6", "--type", "radiating", "--location", "left buttock",
        "--time", "2026-08-20T21:00:00+02:00", "--radiates-below-knee", "--no-numbness",
        "--note", "after intervals",
    )  # fmt: skip
    assert second["radiates_below_knee"] is True and second["numbness_or_tingling"] is False
    listed = run_json("pain", "list")
    assert [e["id"] for e in listed] == [second["id"], logged["id"]]
    edited = run_json("pain", "edit", str(logged["id"]), "--score", "2", "--type", "stiffness")
    assert (edited["score"], edited["pain_type"], edited["location"]) == (
        2,
        "stiffness",
        "lower back",
    )
    assert run_json("pain", "delete", str(second["id"]))["deleted"]["id"] == second["id"]
    assert [e["id"] for e in run_json("pain", "list")] == [logged["id"]]
    assert "lower back" in run_text("pain", "list")
    with pytest.raises(NotFoundError):
        runner.invoke(app, ["pain", "delete", "999"], catch_exceptions=False)


def test_pain_export_then_import_round_trip(sample_home: Path, tmp_path: Path) -> None:
    run_json(
        "pain",
        "log",
        "--score",
        "3",
        "--type",
        "dull",
        "--location",
        "back",
        "--time",
        "2026-08-23T19:00+02:00",
    )
    run_json("pain", "log", "--score", "5", "--type", "sharp", "--location", "back, left", "--time", "2026-08-24T07:30+02:00", "--note", 'said "ouch"')  # fmt: skip
    out = tmp_path / "diary.csv"
    exported = run_json("pain", "export", str(out))
    assert exported == {"path": str(out), "entries": 2, "replaced": False}
    printed = run_json("pain", "export")
    assert printed["csv"] == out.read_text(encoding="utf-8")
    assert run_text("pain", "export") == printed["csv"]
    for e in run_json("pain", "list"):
        run_json("pain", "delete", str(e["id"]))
    report = run_json("pain", "import", str(out))
    assert report == {
        "path": str(out),
        "added": 2,
        "duplicates": 0,
        "linked": 2,
        "ignored_columns": [],
        "encoding": "utf-8",
        "repeats": [],
    }
    assert run_json("pain", "export")["csv"] == printed["csv"]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Time,Score,Type,Location,Mood\n2026-08-24T07:45+02:00,2,dull,back,ok\n")
    assert "Columns not used by the diary, ignored: Mood" in run_text("pain", "import", str(sheet))


def test_pain_log_export_import_adds_nothing_and_says_what_it_assumed(
    sample_home: Path, tmp_path: Path
) -> None:
    """The tester's 70_roundtrip_steps.sh (a location typed with two spaces), a time typed
    without an offset, then a file saved as Windows-1252 with a row twice (synthetic)."""
    run_json("profile", "--timezone", "Europe/Berlin")
    logged = run_json(
        "pain", "log", "--score", "4", "--type", "sharp", "--location", "lower  back",
        "--time", "2026-08-23T19:00",
    )  # fmt: skip
    assert (logged["location"], logged["time"]) == ("lower back", "2026-08-23T19:00:00+02:00")
    out = tmp_path / "diary.csv"
    run_json("pain", "export", str(out))
    report = run_json("pain", "import", str(out))
    assert (report["added"], report["duplicates"]) == (0, 1)
    sheet = tmp_path / "sheet.csv"
    row = "2026-08-22 07:00,2,dull,hanche,apr\u00e8s\r\n"
    sheet.write_bytes(("time;score;type;location;note\r\n" + (row * 2).replace(",", ";")).encode("cp1252"))  # fmt: skip
    said = run_text("pain", "import", str(sheet))
    assert "Read as cp1252, not UTF-8" in said
    assert "Imported 1 entry" in said and "line 3 repeats line 2" in said
    assert run_json("pain", "list")[0]["note"] == "apr\u00e8s"


def test_pain_import_rejects_bad_rows_with_line_numbers(sample_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "time,score,type,location\n2026-08-20T08:00+02:00,3,dull,back\n2026-08-21T08:00+02:00,12,dull,back\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["pain", "import", str(bad), "--json"])
    assert isinstance(result.exception, InputValueError)
    assert "line 3: score '12'" in str(result.exception)
    assert run_json("pain", "list") == []
    done = subprocess.run(
        [sys.executable, "-m", "backstride", "pain", "import", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "line 3" in done.stderr and "Traceback" not in done.stderr


def test_triage_from_a_file_gives_the_promised_json(sample_home: Path, tmp_path: Path) -> None:
    path = answers_file(
        tmp_path,
        {"onset_days_ago": 2, "pain_score": 5, "pain_type": "radiating", "radiates_below_knee": True,
         "numbness_or_tingling": True, "age": 44},
    )  # fmt: skip
    result = run_json("triage", "--answers", path)
    assert set(result) == {
        "urgency",
        "red_flags",
        "advice",
        "phase",
        "possible_causes",
        "disclaimer",
    }
    assert result["urgency"] == "soon"
    assert result["red_flags"] == ["red_flag.radiating_with_numbness"]
    assert result["phase"] == {"tissue": "acute", "clinical": "acute", "days_since_onset": 2.0}
    assert result["possible_causes"][0]["id"] == "pain_type.radiating"
    assert "does not diagnose" in result["disclaimer"]
    assert "SOON" in run_text("triage", "--answers", path)


def test_triage_errors_name_the_key(home: Path, tmp_path: Path) -> None:
    for answers, key in (({"fevr": True}, "fevr"), ({"age": -3}, "age")):
        result = runner.invoke(app, ["triage", "--answers", answers_file(tmp_path, answers)])
        assert isinstance(result.exception, InputValueError) and key in str(result.exception)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["triage", "--answers", str(broken)])
    assert isinstance(result.exception, InputValueError) and "not valid JSON" in str(
        result.exception
    )


@pytest.mark.parametrize("given", [{}, {"fever": None, "age": None}])
def test_a_triage_that_says_nothing_is_refused_and_keeps_the_last_one(
    home: Path, tmp_path: Path, given: dict[str, None]
) -> None:
    """Saved, an empty answer file would replace an emergency with "nothing needs a clinician"."""
    run_json("triage", "--answers", answers_file(tmp_path, {"saddle_numbness": True}))
    result = runner.invoke(app, ["triage", "--answers", answers_file(tmp_path, given)])
    assert isinstance(result.exception, InputValueError)
    assert "no triage answers given" in str(result.exception)
    assert run_json("today")["decision"] == "rest" and "emergency" in run_text("today")
    no_to_all = run_json("triage", "--answers", answers_file(tmp_path, {"fever": False}))
    assert no_to_all["urgency"] == "self_care"  # an explicit no is an answer


@pytest.mark.parametrize("order", [("true", "false"), ("false", "true")])
def test_an_answer_given_twice_is_refused(
    home: Path, tmp_path: Path, order: tuple[str, str]
) -> None:
    """JSON keeps the last of two equal keys: a 'yes' to a red flag could vanish unseen."""
    twice = tmp_path / "twice.json"
    twice.write_text(
        f'{{"saddle_numbness": {order[0]}, "saddle_numbness": {order[1]}}}', encoding="utf-8"
    )
    result = runner.invoke(app, ["triage", "--answers", str(twice), "--json"])
    assert isinstance(result.exception, InputValueError)
    assert "'saddle_numbness' is given twice" in str(result.exception)


def test_answers_saved_with_a_byte_order_mark_are_read(home: Path, tmp_path: Path) -> None:
    """Windows Notepad and PowerShell write UTF-8 with a byte order mark."""
    marked = tmp_path / "bom.json"
    marked.write_bytes(b"\xef\xbb\xbf" + b'{"saddle_numbness": true, "onset_days_ago": 5000}')
    result = run_json("triage", "--answers", str(marked))
    assert result["urgency"] == "emergency"
    assert result["phase"]["tissue"] == "chronic"  # pain of more than ten years can be given


def test_interactive_triage(home: Path) -> None:
    """Answers typed at the prompts: no to every warning sign except weakness in one leg (not
    getting worse), then onset 3 days, pain 4, a wrong type corrected, age skipped."""
    yes_no = ["n"] * 3 + ["y", "n"] + ["n"] * 8  # the 13 warning-sign questions in file order
    rest = ["3", "4", "burning", "dull", "n", "n", "", "n", "y", "n", "n", "n"]
    typed = "\n".join(yes_no + rest) + "\n"
    done = runner.invoke(app, ["triage", "--json"], input=typed, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "must be one of" in done.stderr  # the wrong type was asked again
    result = json.loads(done.stdout[done.stdout.index("{") :])  # the runner echoes the typing
    assert result["urgency"] == "urgent"
    assert result["red_flags"] == ["red_flag.leg_weakness"]
    assert result["phase"]["tissue"] == "subacute"


def test_today_and_plan(sample_home: Path, tmp_path: Path) -> None:
    run_json("triage", "--answers", answers_file(tmp_path, {"onset_days_ago": 10, "pain_score": 2}))
    today = run_json("today")
    assert today["decision"] == "easy_run"
    assert today["limits"]["cadence"]["own_spm"] > 150
    assert today["phase"]["tissue"] == "subacute"
    assert "Easy run" in run_text("today")

    ics = tmp_path / "plan.ics"
    plan = run_json("plan", "--weeks", "3", "--ics", str(ics))
    assert not plan["withheld"] and len(plan["weeks"]) == 3
    assert plan["weeks"][0]["running"]["mode"] == "easy_run"
    assert plan["cadence"]["low_spm"] == pytest.approx(plan["cadence"]["own_spm"] * 1.05)
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) > 3
    done = run_json("plan", "done", "bird dog")
    assert done == {"exercise": "exercise.bird_dog", "name": "Bird dog", "done_last_7_days": 1}
    assert "Week 1" in run_text("plan", "--weeks", "1")


def test_a_red_flag_withholds_the_plan(home: Path, tmp_path: Path) -> None:
    run_json("triage", "--answers", answers_file(tmp_path, {"bladder_or_bowel_change": True}))
    plan = run_json("plan")
    assert plan["withheld"] and plan["weeks"] == [] and "emergency" in plan["reason"]
    assert "withheld" in run_text("plan")
    result = runner.invoke(app, ["plan", "--ics", str(tmp_path / "x.ics")])
    assert isinstance(result.exception, InputValueError) and "withheld" in str(result.exception)
    assert run_json("today")["decision"] == "rest"


def test_the_same_entry_logged_twice_is_refused_once_stored(home: Path) -> None:
    """A command repeated from the shell history: the second copy would count the same pain
    twice in the diary's trend and episodes. Same instant, score, type and location (case and
    spaces folded, as the import matches) is refused, naming the entry to edit."""
    entry = ["--score", "5", "--type", "sharp", "--location", "Lower back"]
    first = run_json("pain", "log", *entry, "--time", "2026-08-23T19:00+02:00")
    again = ["--location", "lower  back", "--time", "2026-08-23T17:00Z"]
    result = runner.invoke(app, ["pain", "log", *entry[:4], *again])
    assert isinstance(result.exception, DuplicateError)
    assert f"entry {first['id']}" in str(result.exception)
    assert f"pain edit {first['id']}" in str(result.exception)
    assert [e["id"] for e in run_json("pain", "list")] == [first["id"]]
    other = run_json("pain", "log", *entry[:2], "--type", "dull", *entry[4:], "--time", "2026-08-23T19:00+02:00")  # fmt: skip
    assert other["id"] != first["id"], "another type at the same time is another entry"
    result = runner.invoke(app, ["pain", "edit", str(other["id"]), "--type", "sharp"])
    assert isinstance(result.exception, DuplicateError), "nor may an edit make two the same"
    assert run_json("pain", "list")[1]["pain_type"] == "dull"


def test_pain_in_the_future_is_refused(home: Path, tmp_path: Path) -> None:
    """The clock reads 2026-08-24 08:00 (+02:00): an entry a day later is refused, whether
    logged, edited or in an imported row (reported by line, nothing written); one within the
    hour (a clock a little ahead) is taken."""
    later = ["--score", "3", "--type", "dull", "--location", "back"]
    result = runner.invoke(app, ["pain", "log", *later, "--time", "2026-08-25T08:00+02:00"])
    assert isinstance(result.exception, InputValueError) and "in the future" in str(
        result.exception
    )
    taken = run_json("pain", "log", *later, "--time", "2026-08-24T08:30+02:00")
    result = runner.invoke(
        app, ["pain", "edit", str(taken["id"]), "--time", "2026-09-01T08:00+02:00"]
    )
    assert isinstance(result.exception, InputValueError)
    sheet = tmp_path / "later.csv"
    sheet.write_text(
        "time,score,type,location\n2026-08-24T07:00+02:00,2,dull,back\n"
        "2026-12-24T07:00+01:00,2,dull,back\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["pain", "import", str(sheet)])
    assert isinstance(result.exception, InputValueError)
    assert "line 3: time" in str(result.exception) and "in the future" in str(result.exception)
    assert [e["id"] for e in run_json("pain", "list")] == [taken["id"]]
