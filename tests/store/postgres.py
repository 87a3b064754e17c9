"""A throw-away PostgreSQL server for tests: its own cluster in a temporary folder, reached only
through a Unix socket in that folder, stopped and deleted afterwards.

Needs PostgreSQL's server programs (Debian: ``apt-get install -y postgresql``; ``.ci/run``
installs them when missing) and the ``psycopg`` driver (the ``dev`` extra). When run as root, the
server runs as the ``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER = "backstride"


def server_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest version."""
    found = shutil.which("pg_ctl")
    if found is not None:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(versions[-1]).parent if versions else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parts[-3])
    except ValueError:
        return 0.0


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def running_server() -> Iterator[str]:
    """Start a cluster; yield the SQLAlchemy URL of its ``postgres`` database."""
    binaries = server_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL server programs not found: apt-get install -y postgresql")
    folder = Path(tempfile.mkdtemp(prefix="backstride-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"

    def run(*args: str) -> None:
        subprocess.run(_as_server_user(list(args)), check=True, capture_output=True, timeout=120)

    try:
        run(str(binaries / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8")
        options = f"-k {folder} -c listen_addresses='' -p 5432 -c fsync=off"
        run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
            str(folder / "log"), "start")  # fmt: skip
        try:
            yield f"postgresql+psycopg://{USER}@/postgres?host={folder}&port=5432"
        finally:
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
