"""Shared helpers for the FIT reader tests: the real files, and their decoding by the SDK.

Real files are read from ``../shared/data/fit`` (never copied into the repository). The
official ``garmin-fit-sdk`` is the reference decoder; each file is decoded by it once per test
session (the cache below), with heart-rate merging off so that records keep their raw value.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from garmin_fit_sdk import Decoder, Stream

DATA = (Path(__file__).resolve().parents[3] / ".." / "shared" / "data").resolve()
FIT_DIR = DATA / "fit"
FIT_EPOCH_S = 631_065_600
SEMICIRCLE_DEG = 180.0 / 2**31

FIT_FILES = sorted(
    path.name for path in FIT_DIR.iterdir() if path.name.lower().endswith((".fit", ".fit.zip"))
)


def fit_bytes(name: str) -> bytes:
    """The FIT content of a file in data/fit; a .fit.zip is opened here (one member)."""
    path = FIT_DIR / name
    if name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            return archive.read(archive.namelist()[0])
    return path.read_bytes()


@cache
def sdk_decode(name: str) -> tuple[dict[str, list[dict[str, Any]]], list[Exception]]:
    """Messages and errors of the official SDK for one file (CRC check off: it only warns)."""
    decoder = Decoder(Stream.from_byte_array(bytearray(fit_bytes(name))))
    messages, errors = decoder.read(merge_heart_rates=False, enable_crc_check=False)
    return messages, list(errors)


def unix(value: datetime | int) -> float:
    """Unix seconds of an SDK timestamp (a datetime, or an int for relative FIT times)."""
    if isinstance(value, datetime):
        return value.timestamp()
    return float(value) + FIT_EPOCH_S


def first_value(value: Any) -> Any:
    """An SDK field value; for an array field (a list) its first valid element."""
    if isinstance(value, list | tuple):
        present = [item for item in value if item is not None]
        return present[0] if present else None
    return value


def sdk_rows_by_time(records: list[dict[str, Any]]) -> dict[float, dict[str, Any]]:
    """SDK records keyed by absolute Unix time, merged the way the reader documents.

    Records without an absolute time (FIT time < 0x10000000) are left out; records that
    share a time become one, each field keeping its first value (in file order).
    """
    merged: dict[float, dict[str, Any]] = {}
    stamped = [(unix(r["timestamp"]), r) for r in records if "timestamp" in r]
    for time_s, record in sorted(stamped, key=lambda item: item[0]):
        if time_s < FIT_EPOCH_S + 0x1000_0000:
            continue
        row = merged.setdefault(time_s, {})
        for name, value in record.items():
            if name not in row and first_value(value) is not None:
                row[name] = value
    return merged
