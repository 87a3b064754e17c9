"""Reading video files: a phone's rotation tag is applied, and broken files say what is wrong.

The tagged video is made by the test: frames of the real clip (../shared/data/video), turned a
quarter to the left and written with OpenCV, then the track header's display matrix is set to
turn them back a quarter to the right - what a phone does when it films portrait.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from backstride.errors import FileFormatError
from backstride.gait.video import frames, probe
from tests.gait.conftest import REAL_VIDEO

cv2 = pytest.importorskip("cv2", reason="needs OpenCV, from the 'video' extra")

ONE = 1 << 16  # 16.16 fixed point
TURN_RIGHT = (0, ONE, 0, -ONE, 0, 0, 0, 0, 1 << 30)  # display matrix a, b, u, c, d, v, x, y, w


def _first_frames(count: int, width: int, height: int) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(REAL_VIDEO))
    out = []
    while len(out) < count:
        ok, frame = capture.read()
        assert ok
        out.append(cv2.resize(frame, (width, height)))
    capture.release()
    return out


def _with_display_matrix(data: bytes, matrix: tuple[int, ...]) -> bytes:
    """The MP4 bytes with the (single) video track header's display matrix replaced."""
    at = data.index(b"tkhd")
    version = data[at + 4]
    times = 32 if version == 1 else 20  # creation, modification, track id, reserved, duration
    start = at + 4 + 4 + times + 16  # type, version+flags, times, reserved/layer/group/volume
    return data[:start] + struct.pack(">9i", *matrix) + data[start + 36 :]


def test_a_rotation_tag_is_applied(tmp_path: Path) -> None:
    upright = _first_frames(6, 180, 320)  # portrait, as the runner should be seen
    stored = tmp_path / "stored.mp4"
    writer = cv2.VideoWriter(str(stored), cv2.VideoWriter_fourcc(*"mp4v"), 30.0, (320, 180))
    for frame in upright:
        writer.write(cv2.rotate(frame, cv2.ROTATE_90_COUNTERCLOCKWISE))
    writer.release()
    tagged = tmp_path / "tagged.mp4"
    tagged.write_bytes(_with_display_matrix(stored.read_bytes(), TURN_RIGHT))

    info = probe(tagged)
    assert (info.width_px, info.height_px) == (180, 320)
    read = list(frames(tagged))
    assert len(read) == 6 and read[0].shape == (320, 180, 3)
    same = np.abs(read[0].astype(int) - upright[0].astype(int)).mean()
    turned = np.abs(read[0].astype(int) - np.rot90(upright[0], 2).astype(int)).mean()
    assert same < 12 < turned  # codec noise only, against the picture upside down


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "clip.mp4"
    empty.write_bytes(b"")
    with pytest.raises(FileFormatError, match="the video file is empty"):
        probe(empty)


def test_a_file_cut_short_says_it_may_be_incomplete(tmp_path: Path) -> None:
    cut = tmp_path / "cut.mp4"
    data = REAL_VIDEO.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileFormatError, match="cut short while copying or recording"):
        probe(cut)
