"""Every real FIT file in data/fit: decoded, or refused with a reason a runner can act on.

The table states the expected outcome per file: the sports of its activities in order, or
the words the FileFormatError reason must contain. A .fit.zip is opened here (the reader
takes plain FIT bytes).
"""

from __future__ import annotations

import pytest

from backstride.errors import FileFormatError
from backstride.formats.fit import read_fit
from backstride.model import Recording, SourceFormat, Sport
from tests.formats.fit.conftest import FIT_FILES, fit_bytes

R, C, W, T = Sport.RUNNING, Sport.CYCLING, Sport.WALKING, Sport.TRANSITION
S, X = Sport.SWIMMING, Sport.OTHER
TRIATHLON = (S, T, C, T, R)

EXPECTED: dict[str, tuple[Sport, ...] | str] = {
    "fitparse__2013-02-06-12-11-14.fit": (R,),
    "fitparse__20170518-191602-1740899583.fit": (X,),  # indoor rowing
    "fitparse__Settings.fit": "not an activity file (file type: settings)",
    "fitparse__activity-large-fenxi2-multisport.fit": (X, T, R, T, R, T, C),
    "fitparse__activity-small-fenix2-run.fit": (R,),
    # FR70 without a clock: only relative times (and compressed-timestamp headers)
    "fitparse__antfs-dump.63.fit": "no absolute date",
    "fitparse__compressed-speed-distance.fit": "no absolute date",
    "fitparse__coros-pace-2-cycling-misaligned-fields.fit": (C,),
    "fitparse__developer-types-sample.fit": (R,),
    "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit": (C,),
    "fitparse__event_timestamp.fit": (S,),
    "fitparse__garmin-fenix-5-bike.fit": (C,),
    "fitparse__garmin-fenix-5-run.fit": (R,),
    "fitparse__garmin-fenix-5-walk.fit": (W,),
    "fitparse__nick.fit": (C,),  # truncated, no session: built from the records
    "fitparse__null_compressed_speed_dist.fit": (C,),
    "fitparse__sample_mulitple_header.fit": TRIATHLON,
    "fitparse__strava-android-app-201.10-b1218918.fit": (R,),  # corrupt bytes skipped
    "fitparsers__hrv-activity.fit": (C,),
    "geoap__2022-05-29_Laufen_Landal_Park_device.fit": (R,),
    "goldencheetah__2012_02_05_09_03_59.fit": (C,),  # a session without records
    "goldencheetah__2017_hrv.FIT": (X,),
    "goldencheetah__FR55-CoreTemp-Walk.fit": (W,),
    "goldencheetah__FR55-loaded-and-saved-via-GC.fit": (X,),
    "goldencheetah__HRV-Data.fit": (R,),
    "goldencheetah__IpBike-HRV-Data.fit": (R,),
    "goldencheetah__TacxNeo.fit.zip": (C,),
    "goldencheetah__moxy.fit": (X,),
    "heartandsole__B47I2852.FIT": (R,),
    "heartandsole__testcourse.fit": "not an activity file (file type: course)",
    "heartandsole__testdata.fit": (R,),
    "muktihari__TestEncode.fit": "no session states a plausible start time",
    "muktihari__big_activity.fit": (C,),
    "muktihari__triathlon_summary_first.fit": TRIATHLON,
    "muktihari__triathlon_summary_last.fit": TRIATHLON,
    "muktihari__valid_only_contain_fileid.fit": "no activity data: 1 record(s) and no session",
    "runpandas__run.fit": (R,),
    "sportslib__2067489619.fit": (R,),
    "sportslib__31-days-activity.fit": (C,),
    "sportslib__6782987395.fit": (R,),
    "sportslib__6860622783.fit": (R,),
    "sportslib__6909950168-no-pause-records.fit": (R,),
    "sportslib__6909950168.fit": (R,),
    "sportslib__6914538454.fit": (R,),
    "sportslib__broken-dates.fit": (C,),
    "sportslib__empty-activities.fit": (X,),  # header says 0 data bytes; records follow
    "sportslib__empty-sessions.fit": "file is empty",
    "tormoder__unterminated-strings.fit": (C,),
}


def test_the_table_covers_every_file() -> None:
    assert sorted(EXPECTED) == FIT_FILES


@pytest.mark.parametrize("name", FIT_FILES)
def test_outcome(name: str) -> None:
    expected = EXPECTED[name]
    if isinstance(expected, str):
        with pytest.raises(FileFormatError) as raised:
            read_fit(fit_bytes(name), name)
        assert expected in raised.value.reason
        assert raised.value.path == name
        return
    recording = read_fit(fit_bytes(name), name)
    assert isinstance(recording, Recording)
    assert recording.format is SourceFormat.FIT
    assert tuple(activity.sport for activity in recording.activities) == expected
    for activity in recording.activities:
        times = activity.stream.time_s
        assert activity.start_utc.tzinfo is not None
        assert activity.start_utc.year >= 1998
        assert (times[1:] > times[:-1]).all()
