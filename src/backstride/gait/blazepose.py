"""BlazePose (full model) through MediaPipe 0.10.21, the ``video`` extra, imported when used.

MediaPipe 0.10.21 ships the model weights inside its wheel (``pose_landmark_full.tflite`` and
the person detector); later releases ship none and would download them at run time, which
backstride never does. The legacy ``solutions.pose`` API tracks one person from frame to frame
on the CPU. Reference: Bazarevsky V et al. BlazePose: on-device real-time body pose tracking.
arXiv:2006.10204, 2020.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import numpy as np

from backstride.gait.errors import MissingExtraError
from backstride.gait.keypoints import N_LANDMARKS, Frame, Keypoints
from backstride.gait.video import EXTRA, cv2_module

MODEL_COMPLEXITY_FULL = 1  # 0 lite, 1 full, 2 heavy (heavy is not in the wheel)


def mediapipe_pose() -> Any:
    """``mediapipe.solutions.pose``, or MissingExtraError naming the extra."""
    try:
        from mediapipe.python.solutions import pose
    except ImportError as exc:
        raise MissingExtraError(EXTRA, "mediapipe==0.10.21") from exc
    return pose


class BlazePoseEstimator:
    """A :class:`backstride.gait.keypoints.PoseEstimator` over MediaPipe's BlazePose (full).

    ``smooth`` uses MediaPipe's own landmark smoothing; backstride filters the trajectories
    itself, so it is off by default (the raw points keep the timing of landings).
    """

    def __init__(
        self,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        smooth: bool = False,
    ) -> None:
        self._cv2 = cv2_module()
        pose = mediapipe_pose()
        self._pose = pose.Pose(
            static_image_mode=False,
            model_complexity=MODEL_COMPLEXITY_FULL,
            smooth_landmarks=smooth,
            enable_segmentation=False,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )

    @property
    def name(self) -> str:
        return "blazepose-full (mediapipe 0.10.21)"

    def estimate(self, frame: Frame) -> Keypoints | None:
        """The tracked person's 33 landmarks in pixels, or None when nobody is found."""
        height, width = frame.shape[:2]
        rgb = self._cv2.cvtColor(frame, self._cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False
        found = self._pose.process(rgb).pose_landmarks
        if found is None:
            return None
        points = found.landmark
        xy = np.array([[p.x * width, p.y * height] for p in points], dtype=np.float64)
        vis = np.array([p.visibility for p in points], dtype=np.float64)
        if xy.shape != (N_LANDMARKS, 2):
            return None
        return Keypoints(xy, vis)

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> BlazePoseEstimator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
