"""Gap filling and a zero-lag Butterworth low-pass filter for landmark trajectories.

The filter is a second-order Butterworth low-pass run forwards and then backwards over the
signal (a fourth-order response with no phase lag), the usual choice for smoothing kinematic
data (Winter DA. Biomechanics and Motor Control of Human Movement, 4th ed. Wiley; 2009, ch. 3).
Coefficients come from the bilinear transform with a pre-warped cut-off; the cut-off is
corrected for the double pass so that the response is -3 dB at the stated frequency.

Why these cut-offs (``knowledge/gait.yaml``, gait.method.cleaning): angles use 12 Hz, the usual
choice for running, raised with the step rate to 4.4 times the step frequency (14.7 Hz at 200
steps per minute: a quicker landing holds higher frequencies, and 12 Hz rounded the knee angle
at contact by up to 1 degree at 195 steps per minute on synthetic runners). Contacts are found
on a stronger 8 Hz version, which keeps the pose model's jitter from splitting a stance, but
timed on the 12 Hz one (``events.ground_runs``): at 30 fps the 8 Hz filter smeared a landing by
up to 13 ms, enough to move the angles read at contact by over a degree. The frame rate bounds
all of this: at 30 fps the Nyquist frequency is 15 Hz, so 12 Hz removes little noise, and at or
above 0.45 of the frame rate the filter is skipped (its design breaks down there). Keeping the
filter at 30 fps was checked on the real test video: without it, the foot angle's medians over
the two halves of the clip moved apart by 1.6 degrees instead of 0.0.
"""

from __future__ import annotations

import math

import numpy as np

from backstride.gait.keypoints import BoolArray, FloatArray

_PAD = 12  # samples of odd-reflected padding at each end to settle the filter


def fill_gaps(x: FloatArray, max_gap: int) -> FloatArray:
    """Fill interior runs of NaN up to ``max_gap`` samples long by straight lines, column-wise.

    ``x`` is (n,) or (n, k). Leading and trailing NaN and longer gaps stay NaN.
    """
    out = np.array(x, dtype=np.float64, copy=True)
    flat = out.reshape(out.shape[0], -1)
    for j in range(flat.shape[1]):
        col = flat[:, j]
        ok = np.isfinite(col)
        if ok.sum() < 2:
            continue
        idx = np.flatnonzero(ok)
        missing = np.flatnonzero(~ok)
        missing = missing[(missing > idx[0]) & (missing < idx[-1])]
        if missing.size == 0:
            continue
        after = np.searchsorted(idx, missing)
        gap = idx[after] - idx[after - 1] - 1
        fill = missing[gap <= max_gap]
        col[fill] = np.interp(fill, idx, col[idx])
    return out


def _coefficients(fs_hz: float, cutoff_hz: float) -> tuple[FloatArray, FloatArray]:
    """Second-order Butterworth low-pass (b, a) for one pass of a forward-backward filter."""
    # Two passes square the magnitude response; widen the single-pass cut-off so that the
    # combined response is still -3 dB at cutoff_hz: |H|^4 = 1/2 gives (sqrt(2) - 1)^(1/4).
    correction = (2.0**0.5 - 1.0) ** 0.25
    wc = math.tan(math.pi * cutoff_hz / fs_hz) / correction
    k1 = math.sqrt(2.0) * wc
    k2 = wc * wc
    a0 = 1.0 + k1 + k2
    b = np.array([k2, 2.0 * k2, k2]) / a0
    a = np.array([1.0, 2.0 * (k2 - 1.0) / a0, (1.0 - k1 + k2) / a0])
    return b, a


def _one_pass(x: FloatArray, b: FloatArray, a: FloatArray) -> FloatArray:
    """Direct-form filter along axis 0, started in the steady state of the first sample."""
    y = np.empty_like(x)
    x1 = x2 = x[0]
    y1 = y2 = x[0]
    for i in range(x.shape[0]):
        xi = x[i]
        yi = b[0] * xi + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2
        y[i] = yi
        x2, x1 = x1, xi
        y2, y1 = y1, yi
    return y


def _filtfilt(x: FloatArray, b: FloatArray, a: FloatArray) -> FloatArray:
    n = x.shape[0]
    pad = min(_PAD, n - 1)
    if pad < 1:
        return x.copy()
    head = 2.0 * x[0] - x[pad:0:-1]
    tail = 2.0 * x[-1] - x[-2 : -pad - 2 : -1]
    padded = np.concatenate([head, x, tail])
    forward = _one_pass(padded, b, a)
    both = _one_pass(forward[::-1], b, a)[::-1]
    return np.asarray(both[pad : pad + n])


def finite_runs(ok: BoolArray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of the runs of True in ``ok``."""
    edges = np.diff(np.concatenate([[0], ok.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), stops.tolist(), strict=True))


def lowpass(x: FloatArray, fs_hz: float, cutoff_hz: float) -> FloatArray:
    """Zero-lag Butterworth low-pass of each column of ``x`` (n or n x k samples at ``fs_hz``).

    NaN splits a column into runs that are filtered separately; runs shorter than 3 samples are
    left as they are. A cut-off at or above 0.45 of the frame rate (close to the Nyquist
    frequency, where the design breaks down) leaves the signal unchanged.
    """
    if cutoff_hz >= 0.45 * fs_hz:
        return np.array(x, dtype=np.float64, copy=True)
    b, a = _coefficients(fs_hz, cutoff_hz)
    out = np.array(x, dtype=np.float64, copy=True)
    flat = out.reshape(out.shape[0], -1)
    ok_rows = np.isfinite(flat)
    # columns that share the same finite rows are filtered together (usually all of them)
    patterns: dict[bytes, list[int]] = {}
    for j in range(flat.shape[1]):
        patterns.setdefault(ok_rows[:, j].tobytes(), []).append(j)
    for cols in patterns.values():
        for start, stop in finite_runs(ok_rows[:, cols[0]]):
            if stop - start >= 3:
                flat[start:stop, cols] = _filtfilt(flat[start:stop, cols], b, a)
    return out
