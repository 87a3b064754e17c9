"""Shared helpers for the gait tests: the real video's path, a replaying pose estimator, and
blank videos written with OpenCV (tests that need OpenCV skip without the ``video`` extra)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backstride.gait.keypoints import Frame, Keypoints, PoseSeries
from backstride.settings import Settings

DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
REAL_VIDEO = DATA / "video" / "gaitlab__male_side_treadmill.mp4"


class ReplayEstimator:
    """A fake pose model: hands out the keypoints of a prepared series, one frame per call."""

    def __init__(self, series: PoseSeries) -> None:
        self._series = series
        self._next = 0

    @property
    def name(self) -> str:
        return "replay"

    @property
    def series(self) -> PoseSeries:
        return self._series

    def estimate(self, frame: Frame) -> Keypoints | None:
        i = self._next
        self._next += 1
        if i >= len(self._series) or not self._series.detected[i]:
            return None
        return Keypoints(self._series.xy_px[i].copy(), self._series.visibility[i].copy())


def write_plain_video(path: Path, frames: int, fps: float, width: int, height: int) -> Path:
    """A video of one flat grey colour (nobody in it), written with OpenCV's MPEG-4 encoder."""
    cv2 = pytest.importorskip("cv2", reason="needs OpenCV, from the 'video' extra")
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened()
    frame = np.full((height, width, 3), 128, dtype=np.uint8)
    for _ in range(frames):
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture
def home_settings(tmp_path: Path) -> Settings:
    """Settings whose home is a fresh folder of this test."""
    return Settings(home=tmp_path / "home", database_url="sqlite://")
