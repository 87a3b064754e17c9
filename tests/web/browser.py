"""Helpers for the end-to-end tests: a real server in its own process, and Debian's Chromium.

The server is ``backstride.web.server.serve`` in a child process over a fresh
``BACKSTRIDE_HOME`` (so imports run exactly as for a user, worker processes included). The
browser is the system's Chromium (``apt-get install chromium``) driven by Playwright with an
explicit executable path; Playwright's own browser download is never used.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path(os.environ.get("BACKSTRIDE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS_ENV = "BACKSTRIDE_SCREENSHOTS"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class LiveServer:
    url: str
    home: Path
    log: Path


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError),
            urllib.request.urlopen(url + "/api/profile", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server not up after {timeout_s} s:\n{log.read_text()}")


@contextlib.contextmanager
def live_server(home: Path, timeout_s: float = 60.0) -> Iterator[LiveServer]:
    """Run the web app on a free loopback port until the block ends."""
    port = free_port()
    log = home.parent / "server.log"
    env = {**os.environ, "BACKSTRIDE_HOME": str(home)}
    env.pop("BACKSTRIDE_DATABASE_URL", None)
    code = f"from backstride.web.server import serve; serve(port={port}, log_level='warning')"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log, timeout_s)
        yield LiveServer(url, home, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: ``$BACKSTRIDE_SCREENSHOTS`` if set, else the test's tmp dir."""
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
