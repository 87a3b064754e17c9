"""The filming time from an MP4/MOV movie header, on MP4 bytes built here box by box.

How the test files are made: :func:`box` writes an ISO base media box (32-bit size, 4-byte
type, payload; or size 1 and a 64-bit size); :func:`movie` puts ``ftyp``, an ``mdat`` of
filler and a ``moov`` holding a version 0 or 1 ``mvhd`` in the order the test asks for.
"""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.services.video_time import MP4_EPOCH, creation_time, video_creation_time
from tests.conftest import DATA

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)
FILMED = datetime(2026, 5, 1, 6, 45, 12, tzinfo=UTC)


def box(kind: bytes, payload: bytes, large: bool = False) -> bytes:
    if large:
        return struct.pack(">I4sQ", 1, kind, 16 + len(payload)) + payload
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mvhd(when: datetime | None, version: int = 0) -> bytes:
    seconds = 0 if when is None else int((when - MP4_EPOCH).total_seconds())
    if version == 0:
        times = struct.pack(">II", seconds, seconds)
    else:
        times = struct.pack(">QQ", seconds, seconds)
    return box(b"mvhd", bytes([version, 0, 0, 0]) + times + bytes(80))


def movie(header: bytes, moov_first: bool = False, large_mdat: bool = False) -> bytes:
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    mdat = box(b"mdat", bytes(5000), large=large_mdat)
    moov = box(b"moov", box(b"udta", b"x" * 10) + header)
    return ftyp + (moov + mdat if moov_first else mdat + moov)


def read(data: bytes, now: datetime = NOW) -> datetime | None:
    return creation_time(io.BytesIO(data), len(data), now)


def test_version_0_and_1_headers_give_the_time_in_utc() -> None:
    assert read(movie(mvhd(FILMED))) == FILMED
    assert read(movie(mvhd(FILMED, version=1), moov_first=True)) == FILMED
    assert read(movie(mvhd(FILMED), large_mdat=True)) == FILMED


def test_unset_implausible_or_missing_times_give_none() -> None:
    assert read(movie(mvhd(None))) is None
    assert read(movie(mvhd(datetime(1980, 1, 1, tzinfo=UTC)))) is None
    assert read(movie(mvhd(NOW + timedelta(days=3)))) is None
    assert read(movie(box(b"free", b""))) is None  # a moov without a movie header
    assert read(b"") is None
    assert read(movie(mvhd(FILMED))[:-60]) is None  # cut inside the moov box


def test_a_box_claiming_more_than_the_file_stops_the_search() -> None:
    liar = struct.pack(">I4s", 2**31, b"mdat") + bytes(100)
    assert read(liar + box(b"moov", mvhd(FILMED))) is None
    huge_large = struct.pack(">I4sQ", 1, b"mdat", 2**63)
    assert read(huge_large + box(b"moov", mvhd(FILMED))) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_time_or_none_and_never_raise(data: bytes) -> None:
    found = read(data)
    assert found is None or (found.tzinfo is UTC and found <= NOW + timedelta(days=1))


@given(st.integers(min_value=0, max_value=2**64 - 1), st.sampled_from([0, 1]))
def test_any_stored_number_of_seconds_is_handled(seconds: int, version: int) -> None:
    fmt = ">II" if version == 0 else ">QQ"
    seconds = seconds if version == 1 else seconds % 2**32
    header = box(b"mvhd", bytes([version, 0, 0, 0]) + struct.pack(fmt, seconds, 0) + bytes(80))
    found = read(movie(header))
    if found is not None:
        assert found == MP4_EPOCH + timedelta(seconds=seconds)


def test_the_real_treadmill_video_has_no_creation_time(tmp_path: Path) -> None:
    """Its movie header (after the media data, at the end) holds 0: time unknown."""
    assert video_creation_time(DATA / "video" / "gaitlab__male_side_treadmill.mp4", NOW) is None
    assert video_creation_time(tmp_path / "missing.mp4", NOW) is None
