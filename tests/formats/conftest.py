"""Shared helpers for the format tests: the real data folder, the manifest, zip builders."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
GPX = DATA / "gpx"
TCX = DATA / "tcx"
FIT = DATA / "fit"
EXPORT = DATA / "export"


@cache
def manifest() -> dict[str, dict[str, Any]]:
    """manifest.json entries keyed by their ``file`` (for example ``gpx/runpandas__run.gpx``)."""
    entries = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in entries}


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive in memory holding ``members`` (name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()
