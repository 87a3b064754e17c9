"""Synthetic runners: BlazePose-style keypoints made by forward kinematics from known angles.

How the data is made (no video, no model): each leg follows a stride cycle of ``stride_s``
seconds (the right leg half a stride after the left). Thigh angle, knee bend and foot angle
ease (smoothstep) between key values of the stride phase and are held for ``hold_s`` around
each contact and toe-off, so that the angle "at contact" is well defined at 30 frames per
second. Seen exactly side-on, both hips (and both shoulders) fall on one image point. Knee,
ankle, heel and toe follow from the hip by forward kinematics; the hip
height is set during stance so that the standing foot's lowest point is exactly on the ground,
and follows a parabola (flight) between one foot's toe-off and the other's contact. The
trunk leans by a constant angle. With ``speed_px_s`` the hips cross the frame overground
(the standing foot then slides a little, since the leg motion is not matched to the speed; the
contacts depend on the foot's height, which is unchanged); points beyond the frame's sides get
a low visibility and frames with the hips outside show nobody. The known truth (angles at contact, hip extension at toe-off,
heel ahead of hip, cadence, hip range per step) is returned with the keypoints.

A rear view reuses the same vertical motion, puts the feet at known sideways positions and tilts
the pelvis by a known drop at each midstance.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from backstride.gait.keypoints import N_LANDMARKS, Landmark, PoseSeries

FloatArray = np.ndarray


@dataclass(frozen=True)
class Runner:
    """A synthetic runner; angles in degrees, lengths in pixels."""

    cadence_spm: float = 165.0
    duty: float = 0.36  # share of the stride each foot is on the ground
    hold_s: float = 0.05
    thigh_px: float = 130.0
    shank_px: float = 130.0
    foot_px: float = 70.0
    ankle_height_px: float = 18.0
    trunk_px: float = 160.0
    thigh_at_contact_deg: float = 25.0
    knee_at_contact_deg: float = 12.0
    foot_at_contact_deg: float = 15.0  # toes up, against the flat foot
    knee_mid_stance_deg: float = 37.0
    knee_at_toe_off_deg: float = 20.0
    foot_at_toe_off_deg: float = -30.0
    knee_swing_deg: float = 100.0
    trunk_lean_deg: float = 6.0
    hip_extension_deg: float = 12.0
    flight_rise_px: float = 25.0
    direction: float = 1.0  # +1 runs towards larger x
    fps: float = 30.0
    duration_s: float = 10.0
    width_px: int = 720
    height_px: int = 1280
    ground_y_px: float = 1150.0
    near_visibility: float = 0.97
    far_visibility: float = 0.85
    speed_px_s: float = 0.0  # 0: a treadmill; else the hips cross the frame at this speed
    start_x_px: float | None = None  # where the hips are at the first frame (None: mid-frame)

    @property
    def stride_s(self) -> float:
        return 120.0 / self.cadence_spm

    @property
    def thigh_at_toe_off_deg(self) -> float:
        """Hip extension is measured against the trunk line: thigh = -(lean + extension)."""
        return -(self.trunk_lean_deg + self.hip_extension_deg)

    @property
    def shank_at_contact_deg(self) -> float:
        return self.thigh_at_contact_deg - self.knee_at_contact_deg

    @property
    def leg_px(self) -> float:
        return self.thigh_px + self.shank_px


def _profile(phase: FloatArray, keys: list[tuple[float, float]]) -> FloatArray:
    """Periodic profile through (phase, value) keys within [0, 1): smoothstep between keys, so
    the value eases in and out of each key (zero slope there)."""
    xs = np.array([k for k, _ in keys])
    ys = np.array([v for _, v in keys])
    xs = np.concatenate([xs - 1.0, xs, xs + 1.0])
    ys = np.concatenate([ys, ys, ys])
    q = np.asarray(phase % 1.0)
    i = np.clip(np.searchsorted(xs, q, side="right") - 1, 0, xs.size - 2)
    u = (q - xs[i]) / (xs[i + 1] - xs[i])
    ease = u * u * (3.0 - 2.0 * u)
    return np.asarray(ys[i] + (ys[i + 1] - ys[i]) * ease)


def leg_angles(r: Runner, phase: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Thigh angle (forward +), knee bend and foot angle (toes up +) at each phase (0 = contact).

    Held for ``hold_s`` either side of contact and before toe-off; after toe-off the knee bends
    at once so that the foot clears the ground.
    """
    h = r.hold_s / r.stride_s
    d = r.duty
    flat_from = h + 0.25 * (0.75 * d - h)
    lift = d + 0.3 * (1.0 - d)
    thigh = _profile(
        phase,
        [
            (0.0, r.thigh_at_contact_deg),
            (h, r.thigh_at_contact_deg),
            (d - h, r.thigh_at_toe_off_deg),
            (d, r.thigh_at_toe_off_deg),
            (1.0 - h, r.thigh_at_contact_deg),
        ],
    )
    knee = _profile(
        phase,
        [
            (0.0, r.knee_at_contact_deg),
            (h, r.knee_at_contact_deg),
            (d / 2.0, r.knee_mid_stance_deg),
            (d - h, r.knee_at_toe_off_deg),
            (d, r.knee_at_toe_off_deg),
            (lift, r.knee_swing_deg),
            (0.5 + d, 0.7 * r.knee_swing_deg),  # the other foot leaves the ground
            (1.0 - h, r.knee_at_contact_deg),
        ],
    )
    foot = _profile(
        phase,
        [
            (0.0, r.foot_at_contact_deg),
            (h, r.foot_at_contact_deg),
            (flat_from, 0.0),  # flat on the ground until 75 % of stance
            (0.75 * d, 0.0),
            (d, r.foot_at_toe_off_deg),
            (lift, 0.0),
            (1.0 - h, r.foot_at_contact_deg),
        ],
    )
    return thigh, knee, foot


def _rot(x: FloatArray, y: FloatArray, deg: FloatArray) -> tuple[FloatArray, FloatArray]:
    a = np.radians(deg)
    return x * np.cos(a) - y * np.sin(a), x * np.sin(a) + y * np.cos(a)


def leg_points(r: Runner, phase: FloatArray) -> dict[str, tuple[FloatArray, FloatArray]]:
    """(forward, up) of knee, ankle, heel and toe relative to the hip."""
    thigh, knee, foot = leg_angles(r, phase)
    t, s = np.radians(thigh), np.radians(thigh - knee)
    kf, ku = r.thigh_px * np.sin(t), -r.thigh_px * np.cos(t)
    af, au = kf + r.shank_px * np.sin(s), ku - r.shank_px * np.cos(s)
    hf, hu = _rot(
        np.full_like(foot, -0.25 * r.foot_px), np.full_like(foot, -r.ankle_height_px), foot
    )
    tf, tu = _rot(
        np.full_like(foot, 0.75 * r.foot_px), np.full_like(foot, -r.ankle_height_px), foot
    )
    return {
        "knee": (kf, ku),
        "ankle": (af, au),
        "heel": (af + hf, au + hu),
        "toe": (af + tf, au + tu),
    }


@dataclass(frozen=True)
class Truth:
    """What the synthetic clip holds by construction (seconds, pixels, degrees)."""

    contact_s: dict[str, FloatArray]
    toe_off_s: dict[str, FloatArray]
    hip_up_px: FloatArray
    heel_ahead_px: float
    clearance_px: dict[str, FloatArray]  # each foot's lowest point above the ground
    swing_clearance_px: float  # the least clearance in swing, away from contact and toe-off


def _phases(r: Runner, t: FloatArray) -> dict[str, FloatArray]:
    start = 0.3 * r.stride_s  # the clip starts mid-stride
    left = (t + start) / r.stride_s
    return {"left": left, "right": left - 0.5}


def _lowest(r: Runner, phase: FloatArray) -> FloatArray:
    pts = leg_points(r, phase)
    return np.asarray(np.minimum(pts["heel"][1], pts["toe"][1]))


def hip_height(r: Runner, t: FloatArray) -> FloatArray:
    """Hip height above the ground (px): set by the standing foot, a parabola in flight."""
    phases = _phases(r, t)
    up = np.full(t.shape, np.nan)
    for phase in phases.values():
        on = (phase % 1.0) < r.duty
        up[on] = -_lowest(r, phase)[on]
    # flight: from one foot's toe-off to the other's contact; both legs move alike, so the
    # heights at toe-off and at contact are the same for every flight
    at_to = float(-_lowest(r, np.array([r.duty]))[0])
    at_ic = float(-_lowest(r, np.array([0.0]))[0])
    flight_s = (0.5 - r.duty) * r.stride_s
    p = ((phases["left"] % 0.5) - r.duty) * r.stride_s / flight_s
    arc = at_to + (at_ic - at_to) * p + 4.0 * r.flight_rise_px * p * (1.0 - p)
    flight = np.isnan(up)
    up[flight] = arc[flight]
    return up


def _events(r: Runner, duration_s: float) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    contacts, toe_offs = {}, {}
    for side, offset in (("left", 0.3), ("right", 0.3 - 0.5)):
        first = (-offset) * r.stride_s
        k0 = math.ceil(-first / r.stride_s)
        ics = first + r.stride_s * np.arange(k0, k0 + int(duration_s / r.stride_s) + 2)
        contacts[side] = ics[(ics >= 0) & (ics <= duration_s)]
        tos = ics + r.duty * r.stride_s
        toe_offs[side] = tos[(tos >= 0) & (tos <= duration_s)]
    return contacts, toe_offs


def _blank(n: int) -> tuple[FloatArray, FloatArray]:
    return np.full((n, N_LANDMARKS, 2), np.nan), np.zeros((n, N_LANDMARKS))


def side_view(r: Runner) -> tuple[PoseSeries, Truth]:
    """A side-view clip of the runner, left leg nearer the camera."""
    n = round(r.duration_s * r.fps)
    t = np.arange(n) / r.fps
    up = hip_height(r, t)
    hip_f = r.speed_px_s * t
    x0 = r.width_px / 2.0 if r.start_x_px is None else r.start_x_px
    ground = r.ground_y_px
    xy, vis = _blank(n)

    def put(idx: int, fwd: FloatArray, upv: FloatArray, v: float) -> None:
        xy[:, idx, 0] = x0 + r.direction * fwd
        xy[:, idx, 1] = ground - upv
        vis[:, idx] = v

    lean = math.radians(r.trunk_lean_deg)
    sh_f, sh_u = hip_f + r.trunk_px * math.sin(lean), up + r.trunk_px * math.cos(lean)
    # seen exactly side-on, the two hips (and the two shoulders) fall on the same image point
    put(Landmark.LEFT_HIP, hip_f, up, r.near_visibility)
    put(Landmark.RIGHT_HIP, hip_f, up, r.far_visibility)
    put(Landmark.LEFT_SHOULDER, sh_f, sh_u, r.near_visibility)
    put(Landmark.RIGHT_SHOULDER, sh_f, sh_u, r.far_visibility)
    put(Landmark.NOSE, sh_f + 25.0, sh_u + 60.0, 0.99)
    for idx in (Landmark.LEFT_EAR, Landmark.RIGHT_EAR):
        put(idx, sh_f + 5.0, sh_u + 62.0, 0.9)
    for idx, dx, dy in (
        (Landmark.LEFT_ELBOW, 20.0, -70.0),
        (Landmark.RIGHT_ELBOW, -20.0, -70.0),
        (Landmark.LEFT_WRIST, 50.0, -60.0),
        (Landmark.RIGHT_WRIST, 10.0, -120.0),
    ):
        put(idx, sh_f + dx, sh_u + dy, 0.9)
    for side, phase in _phases(r, t).items():
        pts = leg_points(r, phase)
        v = r.near_visibility if side == "left" else r.far_visibility
        names = {
            "knee": Landmark.LEFT_KNEE if side == "left" else Landmark.RIGHT_KNEE,
            "ankle": Landmark.LEFT_ANKLE if side == "left" else Landmark.RIGHT_ANKLE,
            "heel": Landmark.LEFT_HEEL if side == "left" else Landmark.RIGHT_HEEL,
            "toe": Landmark.LEFT_TOE if side == "left" else Landmark.RIGHT_TOE,
        }
        for name, idx in names.items():
            f, u = pts[name]
            put(idx, hip_f + f, up + u, v)
    contacts, toe_offs = _events(r, r.duration_s)
    at_contact = leg_points(r, np.zeros(1))
    heel_ahead = float(at_contact["heel"][0][0])
    clearance = {side: up + _lowest(r, phase) for side, phase in _phases(r, t).items()}
    margin = r.hold_s / r.stride_s
    swing = [
        clearance[side][((phase % 1.0) > r.duty + margin) & ((phase % 1.0) < 1.0 - margin)]
        for side, phase in _phases(r, t).items()
    ]
    least = float(min(float(np.min(c)) for c in swing if c.size))
    _crop_to_frame(xy, vis, r.width_px)
    series = PoseSeries(r.fps, r.width_px, r.height_px, xy, vis)
    return series, Truth(contacts, toe_offs, up, heel_ahead, clearance, least)


def _crop_to_frame(xy: FloatArray, vis: FloatArray, width_px: int) -> None:
    """What a pose model gives for a runner partly out of the picture: points beyond the
    frame's sides are unsure (visibility 0.1), and with the hips outside nobody is found."""
    outside = (xy[..., 0] < 0.0) | (xy[..., 0] > width_px)
    vis[outside] = np.minimum(vis[outside], 0.1)
    gone = outside[:, Landmark.LEFT_HIP] & outside[:, Landmark.RIGHT_HIP]
    xy[gone] = np.nan
    vis[gone] = 0.0


@dataclass(frozen=True)
class RearRunner:
    """A rear view: the runner's vertical motion, feet at known sideways places, pelvic drop."""

    runner: Runner = Runner()
    hip_width_px: float = 60.0
    foot_offset_px: float = 20.0  # each foot's landing distance from the midline, own side +
    pelvic_drop_deg: float = 6.0


def rear_view(rr: RearRunner) -> tuple[PoseSeries, Truth]:
    """The same runner filmed from behind (runner's right towards larger x)."""
    r = rr.runner
    side_series, truth = side_view(r)
    n = len(side_series)
    t = np.arange(n) / r.fps
    xy, vis = _blank(n)
    xy[:, :, 1] = side_series.xy_px[:, :, 1]
    vis[:] = 0.95
    x0 = r.width_px / 2.0
    # pelvis tilt: the swinging leg's hip drops, flat-topped over the middle of each stance
    tilt = np.zeros(n)
    for sign, phase in ((1.0, _phases(r, t)["left"]), (-1.0, _phases(r, t)["right"])):
        q = phase % 1.0
        bump = np.clip(1.0 - np.abs(q - r.duty / 2.0) / (r.duty / 2.0), 0.0, 1.0)
        tilt += sign * rr.pelvic_drop_deg * np.clip(2.0 * bump, 0.0, 1.0)
    half = rr.hip_width_px / 2.0
    a = np.radians(tilt)
    hip_y = side_series.xy_px[:, Landmark.LEFT_HIP, 1]
    xy[:, Landmark.LEFT_HIP, 0] = x0 - half * np.cos(a)
    xy[:, Landmark.RIGHT_HIP, 0] = x0 + half * np.cos(a)
    xy[:, Landmark.LEFT_HIP, 1] = hip_y - half * np.sin(a)
    xy[:, Landmark.RIGHT_HIP, 1] = hip_y + half * np.sin(a)
    for idx, dx in ((Landmark.LEFT_SHOULDER, -70.0), (Landmark.RIGHT_SHOULDER, 70.0)):
        xy[:, idx, 0] = x0 + dx
    for idx, dx in ((Landmark.NOSE, 0.0), (Landmark.LEFT_EAR, -15.0), (Landmark.RIGHT_EAR, 15.0)):
        xy[:, idx, 0] = x0 + dx
    for idx, dx in (
        (Landmark.LEFT_ELBOW, -85.0),
        (Landmark.RIGHT_ELBOW, 85.0),
        (Landmark.LEFT_WRIST, -70.0),
        (Landmark.RIGHT_WRIST, 70.0),
    ):
        xy[:, idx, 0] = x0 + dx
    for sign, names in (
        (-1.0, (Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE, Landmark.LEFT_HEEL, Landmark.LEFT_TOE)),
        (1.0, (Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE, Landmark.RIGHT_HEEL, Landmark.RIGHT_TOE)),
    ):
        foot_x = x0 + sign * rr.foot_offset_px
        knee_x = 0.5 * (x0 + sign * half + foot_x)
        xy[:, names[0], 0] = knee_x
        for idx in names[1:]:
            xy[:, idx, 0] = foot_x
    series = PoseSeries(r.fps, r.width_px, r.height_px, xy, vis)
    return series, truth


FINE_FPS = 1000.0


def phone_clip(runner: Runner, times_s: np.ndarray) -> PoseSeries:
    """The runner at ``times_s`` (seconds), one row per time, as a phone recording at a variable
    frame rate would show it: the nearest frames of a 1 kHz rendering (``fps`` is nominal)."""
    fine, _ = side_view(dataclasses.replace(runner, fps=FINE_FPS))
    rows = np.clip(np.rint(times_s * FINE_FPS).astype(int), 0, len(fine) - 1)
    return PoseSeries(30.0, fine.width_px, fine.height_px, fine.xy_px[rows], fine.visibility[rows])
