"""``backstride report`` through the command's entry point: where it cannot write, one clear
line and exit status 2, never a traceback; a day after today refused; a replaced file named.

Runs on an empty store (a fresh BACKSTRIDE_HOME, no data needed to fail or to write)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import backstride.cli.web  # noqa: F401  (registers the report command)
from backstride.cli import main


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["backstride", "report", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_folder_is_refused_as_a_folder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("outx", "d.pdf"):
        folder = tmp_path / name
        folder.mkdir()
        code, _, err = _run(monkeypatch, capsys, "--out", str(folder))
        assert code == 2
        assert "is a folder" in err and "not 'outx'" not in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_an_unwritable_place_gives_one_line(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for out in ("/proc/x.pdf", str(blocker / "r.html")):
        code, _, err = _run(monkeypatch, capsys, "--out", out)
        assert code == 2, err
        assert err.startswith("error: cannot write the report to "), err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_start_after_today_is_refused(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    code, _, err = _run(monkeypatch, capsys, "--out", str(out), "--since", "2999-01-01")
    assert code == 2 and "--since 2999-01-01 is after today" in err
    assert not out.exists()


def test_overwriting_says_replaced(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    code, first, _ = _run(monkeypatch, capsys, "--out", str(out))
    assert code == 0 and first.startswith(f"Wrote {out} ")
    code, again, _ = _run(monkeypatch, capsys, "--out", str(out))
    assert code == 0 and again.startswith(f"Replaced {out} ")
