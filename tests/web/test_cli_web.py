"""``backstride serve`` and ``backstride report`` through the CLI runner; the exposure warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import backstride.cli.web  # noqa: F401  (registers serve and report on the app)
from backstride.cli import app
from backstride.web import server
from backstride.web.server import exposure_warning, is_loopback
from tests.web._data import SAMPLE_FILES, import_into

runner = CliRunner()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"])
def test_loopback_hosts_need_no_warning(host: str) -> None:
    assert is_loopback(host)
    assert exposure_warning(host, 8000) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "myhost.example"])
def test_exposed_hosts_warn(host: str) -> None:
    assert not is_loopback(host)
    warning = exposure_warning(host, 8123)
    assert warning is not None and "8123" in warning and "no login" in warning


def test_commands_are_registered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "serve" in result.output and "report" in result.output


def test_serve_binds_loopback_by_default(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(server, "serve", lambda host, port: calls.append((host, port)))
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls == [("127.0.0.1", 8000)]
    assert "warning" not in result.output

    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert calls[-1] == ("0.0.0.0", 9001)
    assert "warning" in result.output and "reachable from other machines" in result.output


def test_report_command_writes_html(home: Path, tmp_path: Path) -> None:
    import_into(home, list(SAMPLE_FILES[:4]))
    out = tmp_path / "r" / "report.html"
    result = runner.invoke(app, ["report", "--out", str(out), "--since", "2026-05-01"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2026-05-01" in html and 'data-section="factors"' in html
    bad = runner.invoke(app, ["report", "--out", str(tmp_path / "report.docx")])
    assert bad.exit_code != 0
