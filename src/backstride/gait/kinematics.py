"""Angles and lengths in the image plane, in a frame that follows the runner.

Image coordinates have y pointing down. Here "up" is -y and "forward" is +x or -x depending on the
way the runner faces (``direction`` = +1 when running towards larger x). Angles are in degrees.
"""

from __future__ import annotations

import numpy as np

from backstride.gait.keypoints import LEGS, FloatArray, Landmark, Side


def forward_up(vec: FloatArray, direction: float) -> tuple[FloatArray, FloatArray]:
    """The forward and upward components of image vectors (..., 2)."""
    return direction * vec[..., 0], -vec[..., 1]


def tilt_from_vertical_deg(top: FloatArray, bottom: FloatArray, direction: float) -> FloatArray:
    """Angle of the line bottom -> top from vertical, positive when the top is further forward."""
    fwd, up = forward_up(top - bottom, direction)
    return np.asarray(np.degrees(np.arctan2(fwd, up)))


def shank_angle_deg(knee: FloatArray, ankle: FloatArray, direction: float) -> FloatArray:
    """Shank angle to vertical, positive when the ankle is ahead of the knee (reaching forward)."""
    fwd, up = forward_up(ankle - knee, direction)
    return np.asarray(np.degrees(np.arctan2(fwd, -up)))


def foot_angle_deg(heel: FloatArray, toe: FloatArray, direction: float) -> FloatArray:
    """Angle of the heel -> toe line above the horizontal, positive with the toes up."""
    fwd, up = forward_up(toe - heel, direction)
    return np.asarray(np.degrees(np.arctan2(up, fwd)))


def inner_angle_deg(a: FloatArray, vertex: FloatArray, b: FloatArray) -> FloatArray:
    """The angle a-vertex-b (0-180 degrees)."""
    u = a - vertex
    v = b - vertex
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def knee_flexion_deg(hip: FloatArray, knee: FloatArray, ankle: FloatArray) -> FloatArray:
    """Knee flexion: 0 with the leg straight, 180 minus the hip-knee-ankle angle."""
    return 180.0 - inner_angle_deg(hip, knee, ankle)


def hip_extension_deg(
    shoulder: FloatArray, hip: FloatArray, knee: FloatArray, direction: float
) -> FloatArray:
    """Thigh angle behind the line of the trunk (shoulder -> hip continued downwards).

    Positive when the knee is behind that line (extension), negative in flexion.
    """
    tf, tu = forward_up(hip - shoulder, direction)
    kf, ku = forward_up(knee - hip, direction)
    trunk = np.arctan2(tf, -tu)  # trunk line's angle from straight down, forward positive
    thigh = np.arctan2(kf, -ku)
    return np.asarray(np.degrees(trunk - thigh))


def midpoint(xy: FloatArray, a: int, b: int, vis: FloatArray | None = None) -> FloatArray:
    """Visibility-weighted midpoint of two landmarks (frames x 2); plain mean without weights."""
    pa, pb = xy[..., a, :], xy[..., b, :]
    if vis is None:
        return np.asarray(0.5 * (pa + pb))
    wa = np.clip(vis[..., a], 1e-6, None)[..., None]
    wb = np.clip(vis[..., b], 1e-6, None)[..., None]
    mixed = (wa * pa + wb * pb) / (wa + wb)
    # where one point is missing, use the other
    mixed = np.where(np.isfinite(pa) & ~np.isfinite(pb), pa, mixed)
    mixed = np.where(np.isfinite(pb) & ~np.isfinite(pa), pb, mixed)
    return np.asarray(mixed)


def hip_centre(xy: FloatArray, vis: FloatArray | None = None) -> FloatArray:
    return midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP, vis)


def shoulder_centre(xy: FloatArray, vis: FloatArray | None = None) -> FloatArray:
    return midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, vis)


def leg_length_px(xy: FloatArray, side: Side, quantile: float = 0.9) -> float:
    """Thigh plus shank length in pixels: a high quantile over frames, so that moments when the
    leg turns out of the image plane do not shorten it. NaN when the leg is never seen."""
    leg = LEGS[side]
    thigh = np.linalg.norm(xy[:, leg.knee] - xy[:, leg.hip], axis=-1)
    shank = np.linalg.norm(xy[:, leg.ankle] - xy[:, leg.knee], axis=-1)
    total = thigh + shank
    ok = np.isfinite(total)
    return float(np.quantile(total[ok], quantile)) if ok.any() else float("nan")


def running_direction(xy: FloatArray, side: Side) -> float:
    """+1 when the runner faces larger x (the toes point that way), -1 otherwise."""
    leg = LEGS[side]
    dx = xy[:, leg.toe, 0] - xy[:, leg.heel, 0]
    dx = dx[np.isfinite(dx)]
    return 1.0 if dx.size == 0 or float(np.median(dx)) >= 0 else -1.0


def at_time(values: FloatArray, t_s: float, fps: float) -> FloatArray:
    """Values (frames x ...) linearly interpolated at time ``t_s`` (s from the first frame)."""
    pos = t_s * fps
    i = int(np.floor(pos))
    i = min(max(i, 0), values.shape[0] - 1)
    j = min(i + 1, values.shape[0] - 1)
    frac = pos - i if j > i else 0.0
    return np.asarray((1.0 - frac) * values[i] + frac * values[j])
