"""Video files in and out, through OpenCV (the ``video`` extra), imported only when used.

Frames are BGR ``uint8`` arrays (height x width x 3) as OpenCV decodes them, turned upright
when the file carries a rotation tag (OpenCV is asked to apply it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from backstride.errors import FileFormatError
from backstride.gait.errors import MissingExtraError
from backstride.gait.keypoints import Frame

EXTRA = "video"


def cv2_module() -> Any:
    """OpenCV, or MissingExtraError naming the extra to install."""
    try:
        import cv2
    except ImportError as exc:
        raise MissingExtraError(EXTRA, "opencv-contrib-python") from exc
    return cv2


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What the container says: frames per second, frame count (may be approximate), size."""

    path: Path
    fps: float
    frame_count: int
    width_px: int
    height_px: int

    @property
    def duration_s(self) -> float:
        return self.frame_count / self.fps


def _open(path: Path) -> Any:
    cv2 = cv2_module()
    if not path.is_file():
        raise FileFormatError(str(path), "no such video file")
    if path.stat().st_size == 0:
        raise FileFormatError(str(path), "the video file is empty")
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        capture.release()
        raise FileFormatError(
            str(path),
            "not a video OpenCV can decode (an unknown format, or a file cut short while "
            "copying or recording)",
        )
    # Phones store portrait video sideways with a rotation tag; not every OpenCV build applies
    # it by default, so it is asked for.
    capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    return capture


def probe(path: Path) -> VideoInfo:
    """The video's frame rate, length and frame size; FileFormatError when unreadable."""
    cv2 = cv2_module()
    capture = _open(path)
    try:
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        ok, first = capture.read()
    finally:
        capture.release()
    if not ok or first is None:
        raise FileFormatError(str(path), "the video holds no frame that can be decoded")
    if not 1.0 <= fps <= 1000.0:
        raise FileFormatError(str(path), f"implausible frame rate {fps!r}")
    height, width = first.shape[:2]
    return VideoInfo(path, fps, max(count, 1), int(width), int(height))


def frames(path: Path) -> Iterator[Frame]:
    """Every frame of the video in order (BGR, upright)."""
    for _, frame in timed_frames(path):
        yield frame


def timed_frames(path: Path) -> Iterator[tuple[float, Frame]]:
    """Every frame of the video in order with its presentation time in seconds (NaN where the
    container gives none)."""
    cv2 = cv2_module()
    capture = _open(path)
    try:
        while True:
            ok, frame = capture.read()
            if not ok or frame is None:
                return
            msec = capture.get(cv2.CAP_PROP_POS_MSEC)
            yield (float(msec) / 1000.0 if msec is not None else float("nan")), frame
    finally:
        capture.release()


def thumbnail(frame: Frame) -> Any:
    """A small grey copy of a frame (64 pixels wide, float), to compare frames cheaply."""
    cv2 = cv2_module()
    height, width = frame.shape[:2]
    small = cv2.resize(
        frame, (64, max(1, round(64 * height / width))), interpolation=cv2.INTER_AREA
    )
    return cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype("float32")


class VideoWriter:
    """Writes BGR frames to an MP4 file (MPEG-4 Part 2, readable by common players)."""

    def __init__(self, path: Path, fps: float, width_px: int, height_px: int) -> None:
        cv2 = cv2_module()
        self.path = path
        fourcc = cv2.VideoWriter_fourcc(*"mp4v")
        self._writer = cv2.VideoWriter(str(path), fourcc, fps, (width_px, height_px))
        if not self._writer.isOpened():
            raise FileFormatError(str(path), "cannot write a video here")

    def write(self, frame: Frame) -> None:
        self._writer.write(frame)

    def close(self) -> None:
        self._writer.release()

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
