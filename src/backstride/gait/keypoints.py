"""Body landmarks of one runner, frame by frame, and the interface a pose model fills them through.

Coordinates are image pixels: x to the right, y downwards, origin at the top-left corner of the
frame. Each landmark carries a visibility in [0, 1] (the model's confidence that the point is in
view and not hidden). The numbering follows BlazePose's 33 landmarks (Bazarevsky V et al.
BlazePose: on-device real-time body pose tracking. arXiv:2006.10204, 2020), which include the heel
and the tip of the foot; another model maps its points onto these indices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Frame = npt.NDArray[np.uint8]  # height x width x 3, BGR as video decoders give it

N_LANDMARKS = 33


class Landmark(IntEnum):
    """The BlazePose landmarks backstride uses (index into the 33)."""

    NOSE = 0
    LEFT_EAR = 7
    RIGHT_EAR = 8
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_TOE = 31  # BlazePose "foot index": the tip of the foot
    RIGHT_TOE = 32


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class View(StrEnum):
    """Where the camera stands: beside the runner, or behind."""

    SIDE = "side"
    REAR = "rear"


@dataclass(frozen=True, slots=True)
class Leg:
    """The landmark indices of one leg (and the shoulder of that side)."""

    shoulder: int
    hip: int
    knee: int
    ankle: int
    heel: int
    toe: int

    @property
    def points(self) -> tuple[int, ...]:
        return (self.hip, self.knee, self.ankle, self.heel, self.toe)


LEGS: dict[Side, Leg] = {
    Side.LEFT: Leg(
        Landmark.LEFT_SHOULDER,
        Landmark.LEFT_HIP,
        Landmark.LEFT_KNEE,
        Landmark.LEFT_ANKLE,
        Landmark.LEFT_HEEL,
        Landmark.LEFT_TOE,
    ),
    Side.RIGHT: Leg(
        Landmark.RIGHT_SHOULDER,
        Landmark.RIGHT_HIP,
        Landmark.RIGHT_KNEE,
        Landmark.RIGHT_ANKLE,
        Landmark.RIGHT_HEEL,
        Landmark.RIGHT_TOE,
    ),
}

#: Lines drawn between landmarks to show the skeleton.
SKELETON: tuple[tuple[int, int], ...] = (
    (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_ELBOW),
    (Landmark.LEFT_ELBOW, Landmark.LEFT_WRIST),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_ELBOW),
    (Landmark.RIGHT_ELBOW, Landmark.RIGHT_WRIST),
    (Landmark.LEFT_HIP, Landmark.LEFT_KNEE),
    (Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_HEEL),
    (Landmark.LEFT_HEEL, Landmark.LEFT_TOE),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_TOE),
    (Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE),
    (Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_HEEL),
    (Landmark.RIGHT_HEEL, Landmark.RIGHT_TOE),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_TOE),
)


@dataclass(frozen=True, slots=True)
class Keypoints:
    """One person's 33 landmarks in one frame: ``xy_px`` (33 x 2) pixels, ``visibility`` (33,)."""

    xy_px: FloatArray
    visibility: FloatArray

    def __post_init__(self) -> None:
        if self.xy_px.shape != (N_LANDMARKS, 2) or self.visibility.shape != (N_LANDMARKS,):
            raise ValueError(
                f"keypoints need shapes (33, 2) and (33,), got {self.xy_px.shape} and "
                f"{self.visibility.shape}"
            )


class PoseEstimator(Protocol):
    """A pose model: one frame in, the runner's keypoints out (None when nobody is found).

    ``name`` identifies the model in results. An estimator may keep state between calls (a
    tracker); feed it the frames of one video in order.
    """

    @property
    def name(self) -> str: ...

    def estimate(self, frame: Frame) -> Keypoints | None: ...


@dataclass(frozen=True, slots=True)
class PoseSeries:
    """The keypoints of every frame of a clip.

    ``xy_px`` is (frames x 33 x 2) pixels, NaN where nobody was found; ``visibility`` is
    (frames x 33), 0 there. ``fps`` is frames per second; ``width_px`` and ``height_px`` the frame.
    """

    fps: float
    width_px: int
    height_px: int
    xy_px: FloatArray
    visibility: FloatArray

    def __post_init__(self) -> None:
        n = self.xy_px.shape[0]
        if self.xy_px.shape != (n, N_LANDMARKS, 2) or self.visibility.shape != (n, N_LANDMARKS):
            raise ValueError("pose series needs shapes (n, 33, 2) and (n, 33)")
        if not self.fps > 0:
            raise ValueError(f"fps must be positive, got {self.fps}")

    def __len__(self) -> int:
        return int(self.xy_px.shape[0])

    @property
    def detected(self) -> BoolArray:
        """Frames where the model found a person."""
        return np.asarray(np.any(np.all(np.isfinite(self.xy_px), axis=2), axis=1), dtype=np.bool_)

    @property
    def time_s(self) -> FloatArray:
        """Seconds from the first frame."""
        return np.arange(len(self), dtype=np.float64) / self.fps

    @staticmethod
    def from_frames(
        frames: Sequence[Keypoints | None], fps: float, width_px: int, height_px: int
    ) -> PoseSeries:
        """Stack per-frame results (None: nobody found in that frame)."""
        n = len(frames)
        xy = np.full((n, N_LANDMARKS, 2), np.nan)
        vis = np.zeros((n, N_LANDMARKS))
        for i, kp in enumerate(frames):
            if kp is not None:
                xy[i] = kp.xy_px
                vis[i] = np.clip(kp.visibility, 0.0, 1.0)
        return PoseSeries(fps, width_px, height_px, xy, vis)

    def select(self, keep: BoolArray) -> PoseSeries:
        """The same clip with the frames outside ``keep`` blanked (nobody found there)."""
        xy = np.where(keep[:, None, None], self.xy_px, np.nan)
        vis = np.where(keep[:, None], self.visibility, 0.0)
        return PoseSeries(self.fps, self.width_px, self.height_px, xy, vis)
