"""Any bytes give a Recording or a FileFormatError, never another exception.

Hypothesis feeds the reader random bytes, random bytes behind a valid FIT header, and real
files cut at a random length or with random bytes overwritten. The reader's last-resort
translation of internal errors ("decoder fault") must never be needed either: it would mean
a bug that only the safety net hides.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.errors import FileFormatError
from backstride.formats.fit import read_fit
from backstride.model import Recording
from tests.formats.fit.conftest import fit_bytes

SAMPLES = [
    fit_bytes(name)
    for name in (
        "fitparse__garmin-fenix-5-run.fit",
        "heartandsole__testdata.fit",
        "fitparse__antfs-dump.63.fit",  # compressed timestamps
        "fitparse__compressed-speed-distance.fit",
        "tormoder__unterminated-strings.fit",
        "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",  # big-endian
        "fitparse__sample_mulitple_header.fit",  # chained
        "sportslib__2067489619.fit",
    )
]
HEADER = SAMPLES[0][:14]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes) -> None:
    try:
        recording = read_fit(data, "fuzz.fit")
    except FileFormatError as refused:
        assert refused.path == "fuzz.fit"
        assert refused.reason
        assert not refused.reason.startswith("decoder fault"), refused.reason
    else:
        assert isinstance(recording, Recording)
        assert recording.activities


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@FUZZ
@given(st.binary(min_size=1, max_size=600))
def test_random_bytes_behind_a_fit_header(body: bytes) -> None:
    size = len(body).to_bytes(4, "little")
    _check(HEADER[:4] + size + HEADER[8:12] + b"\0\0" + body)


@FUZZ
@given(st.sampled_from(SAMPLES), st.floats(min_value=0.0, max_value=1.0))
def test_real_files_cut_anywhere(data: bytes, share: float) -> None:
    _check(data[: int(len(data) * share)])


@FUZZ
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.integers(0, 255)), max_size=12),
)
def test_real_files_with_bytes_overwritten(data: bytes, flips: list[tuple[float, int]]) -> None:
    damaged = bytearray(data)
    for where, value in flips:
        damaged[int(where * len(damaged))] = value
    _check(bytes(damaged))
