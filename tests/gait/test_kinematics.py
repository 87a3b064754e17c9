"""Angle conventions: points placed at known angles give those angles back (property tests)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from backstride.gait import kinematics as kin

angles = st.floats(-60, 60)
direction = st.sampled_from([1.0, -1.0])


def _image(fwd: float, up: float, d: float) -> np.ndarray:
    """A point given forward and up offsets, in image pixels (y down) around (300, 500)."""
    return np.array([300.0 + d * fwd, 500.0 - up])


@given(a=angles, d=direction)
def test_trunk_lean_is_forward_positive(a: float, d: float) -> None:
    hip = _image(0, 0, d)
    shoulder = _image(100 * math.sin(math.radians(a)), 100 * math.cos(math.radians(a)), d)
    assert abs(float(kin.tilt_from_vertical_deg(shoulder, hip, d)) - a) < 1e-9


@given(a=angles, d=direction)
def test_shank_angle_is_positive_with_the_ankle_ahead(a: float, d: float) -> None:
    knee = _image(0, 0, d)
    ankle = _image(50 * math.sin(math.radians(a)), -50 * math.cos(math.radians(a)), d)
    assert abs(float(kin.shank_angle_deg(knee, ankle, d)) - a) < 1e-9


@given(a=angles, d=direction)
def test_foot_angle_is_positive_with_the_toes_up(a: float, d: float) -> None:
    heel = _image(0, 0, d)
    toe = _image(30 * math.cos(math.radians(a)), 30 * math.sin(math.radians(a)), d)
    assert abs(float(kin.foot_angle_deg(heel, toe, d)) - a) < 1e-9


@given(thigh=angles, bend=st.floats(0, 120))
def test_knee_flexion_is_the_bend_between_thigh_and_shank(thigh: float, bend: float) -> None:
    t, s = math.radians(thigh), math.radians(thigh - bend)
    hip = _image(0, 0, 1.0)
    knee = _image(40 * math.sin(t), -40 * math.cos(t), 1.0)
    ankle = knee + np.array([40 * math.sin(s), 40 * math.cos(s)])
    assert abs(float(kin.knee_flexion_deg(hip, knee, ankle)) - bend) < 1e-4


@given(lean=st.floats(-10, 20), ext=st.floats(-40, 40), d=direction)
def test_hip_extension_is_the_thigh_behind_the_trunk_line(
    lean: float, ext: float, d: float
) -> None:
    hip = _image(0, 0, d)
    la = math.radians(lean)
    shoulder = _image(100 * math.sin(la), 100 * math.cos(la), d)
    thigh = math.radians(-(lean + ext))  # forward angle of the thigh from straight down
    knee = _image(50 * math.sin(thigh), -50 * math.cos(thigh), d)
    assert abs(float(kin.hip_extension_deg(shoulder, hip, knee, d)) - ext) < 1e-6


def test_visibility_weighted_midpoint_falls_back_on_the_seen_point() -> None:
    xy = np.full((33, 2), np.nan)
    xy[23] = [10.0, 10.0]
    vis = np.zeros(33)
    vis[23] = 0.9
    assert np.allclose(kin.hip_centre(xy, vis), [10.0, 10.0])
