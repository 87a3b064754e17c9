"""decode(): names, compression layers, content sniffing, the FIT hand-off, and fuzzing.

Compressed copies (.gz, .zip) are made by the test from real files in ../shared/data.
"""

from __future__ import annotations

import contextlib
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride import formats
from backstride.errors import FileFormatError, UnsafeInputError
from backstride.formats import DEFAULT_LIMITS, Limits, decode, is_activity_name
from backstride.formats.names import kind_from_name, sniff_kind
from backstride.model import Recording, SourceFormat
from tests.formats.conftest import EXPORT, FIT, GPX, TCX, make_zip

RUN_GPX = (GPX / "heartandsole__testdata.gpx").read_bytes()
RUN_TCX = (TCX / "heartandsole__testdata.tcx").read_bytes()
STRAVA_FIT_GZ = (
    EXPORT / "strava_export_geo-activity-playground" / "activities" / "12866632127.fit.gz"
)


def summary(recording: Recording) -> list[tuple[object, ...]]:
    return [(a.start_utc, a.distance_m, a.elapsed_s, len(a.stream)) for a in recording.activities]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("run.fit", True), ("RUN.FIT", True), ("run.fit.gz", True), ("run.gpx.zip", True),
        ("a/b/run.tcx", True), ("export.zip!activities/1.fit.gz", True), ("run.tcx.GZ", True),
        ("run.zip", False), ("run.csv", False), ("fit", False), ("run.fit.gz.zip", False),
        ("run.gpx.bak", False), ("", False),
    ],
)  # fmt: skip
def test_activity_names(name: str, expected: bool) -> None:
    assert is_activity_name(name) is expected


def test_plain_gzip_and_zip_copies_decode_alike() -> None:
    plain = decode("run.gpx", RUN_GPX)
    assert plain.format == SourceFormat.GPX
    assert summary(decode("run.gpx.gz", gzip.compress(RUN_GPX))) == summary(plain)
    assert summary(decode("run.gpx.zip", make_zip({"run.gpx": RUN_GPX}))) == summary(plain)
    zipped_tcx = make_zip({"notes.txt": b"hello", "x/run.tcx": RUN_TCX})
    assert summary(decode("run.tcx.zip", zipped_tcx)) == summary(decode("run.tcx", RUN_TCX))


def test_content_decides_when_the_name_says_nothing_or_lies() -> None:
    assert decode("download", RUN_GPX).format == SourceFormat.GPX
    assert decode("activity.xml", RUN_TCX).format == SourceFormat.TCX
    assert decode("mislabelled.gpx", RUN_TCX).format == SourceFormat.TCX
    assert decode("export.zip!a/b", gzip.compress(RUN_TCX)).format == SourceFormat.TCX


def test_sniffing_and_names() -> None:
    assert sniff_kind((FIT / "heartandsole__testdata.fit").read_bytes()) == "fit"
    assert sniff_kind(RUN_GPX) == "gpx" and sniff_kind(RUN_TCX) == "tcx"
    assert sniff_kind(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- x --><gpx/>") == "gpx"
    assert sniff_kind(b"<x:TrainingCenterDatabase xmlns:x='u'/>") == "tcx"
    assert sniff_kind(b"hello") is None
    assert kind_from_name("a.zip!b/c.TCX.gz") == "tcx"


def test_unknown_content_is_refused_with_a_reason() -> None:
    with pytest.raises(FileFormatError, match="not an activity file"):
        decode("notes.txt", b"just some words")


def test_zip_with_several_activities_must_be_imported_as_archive() -> None:
    data = make_zip({"a.gpx": RUN_GPX, "b.tcx": RUN_TCX})
    with pytest.raises(FileFormatError, match="holds 2 activity files; import it as an archive"):
        decode("two.gpx.zip", data)


def test_zip_member_escaping_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match=r"'\.\.' in path"):
        decode("x.gpx.zip", make_zip({"../../run.gpx": RUN_GPX}))


def test_corrupt_zip_and_gzip_are_file_format_errors() -> None:
    with pytest.raises(FileFormatError, match="not a readable zip archive"):
        decode("x.fit.zip", b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(FileFormatError, match="gzip data is truncated"):
        decode("x.gpx.gz", gzip.compress(RUN_GPX)[:200])


def test_size_and_depth_limits() -> None:
    small = Limits(max_file_bytes=10_000)
    with pytest.raises(UnsafeInputError, match="larger than the limit"):
        decode("big.gpx", RUN_GPX, small)
    with pytest.raises(UnsafeInputError, match="decompressed size exceeds"):
        decode("big.gpx.gz", gzip.compress(RUN_GPX), small)
    layered = RUN_GPX
    for _ in range(DEFAULT_LIMITS.max_depth + 1):
        layered = gzip.compress(layered)
    with pytest.raises(UnsafeInputError, match="compressed more than 3 times"):
        decode("deep.gpx.gz", layered)


def test_fit_goes_to_the_fit_reader() -> None:
    """The real Strava .fit.gz is unwrapped and decoded by the FIT reader."""
    recording = decode(str(STRAVA_FIT_GZ), STRAVA_FIT_GZ.read_bytes())
    assert recording.format == SourceFormat.FIT
    assert len(recording.activities) == 1


def test_fit_decoder_slips_become_file_format_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in FIT reader (made by the test) that fails the way a decoder bug would."""
    seen: list[tuple[bytes, str]] = []

    def read_fit(data: bytes, path: str) -> Recording:
        seen.append((data[:12], path))
        raise IndexError("index out of range")

    monkeypatch.setattr(formats, "read_fit", read_fit)
    data = gzip.decompress(STRAVA_FIT_GZ.read_bytes())
    with pytest.raises(FileFormatError, match="FIT decoder failed: IndexError"):
        decode("zip!x.fit.gz", gzip.compress(data))
    assert seen == [(data[:12], "zip!x.fit.gz")]


LABELS = ["x.gpx", "x.tcx", "x.gpx.gz", "x.tcx.zip", "x", "x.txt", "x.fit", "x.fit.gz"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LABELS), st.binary(max_size=500))
def test_any_bytes_give_a_recording_or_file_format_error(label: str, data: bytes) -> None:
    with contextlib.suppress(FileFormatError):
        decode(label, data)


MAGIC = [b"\x1f\x8b", b"PK\x03\x04", b"PK\x05\x06", b"<gpx", b"<?xml"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LABELS), st.sampled_from(MAGIC), st.binary(max_size=300))
def test_magic_prefixed_bytes_give_a_recording_or_file_format_error(
    label: str, magic: bytes, data: bytes
) -> None:
    with contextlib.suppress(FileFormatError):
        decode(label, magic + data)
