"""Pictures of an analysis: the annotated video's frames and the summary image.

OpenCV draws the frames and Matplotlib the summary; both come with the ``video`` extra and are
imported only here, inside the functions that need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from backstride.gait import kinematics as kin
from backstride.gait.analysis import GaitAnalysis
from backstride.gait.errors import MissingExtraError
from backstride.gait.events import Contact
from backstride.gait.keypoints import LEGS, SKELETON, FloatArray, Frame, Side
from backstride.gait.results import LABELS, GaitResult
from backstride.gait.video import EXTRA, cv2_module

NEAR_BGR = (40, 40, 230)  # red: the leg nearer the camera
FAR_BGR = (230, 140, 40)  # blue: the other leg
BODY_BGR = (235, 235, 235)
CONTACT_BGR = (40, 220, 40)
TOE_OFF_BGR = (0, 200, 255)


def _colour(a: int, b: int, near: Side) -> tuple[int, int, int]:
    """Leg bones in their leg's colour, the rest of the body in white."""
    for side, leg in LEGS.items():
        if a in leg.points and b in leg.points:
            return NEAR_BGR if side is near else FAR_BGR
    return BODY_BGR


def _stance_at(contacts: Sequence[Contact], t_s: float) -> list[Contact]:
    return [c for c in contacts if c.ic_s <= t_s <= c.to_s]


def _text(cv2: Any, img: Frame, text: str, org: tuple[int, int], scale: float) -> None:
    thick = max(1, int(np.rint(2 * scale)))
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 2, cv2.LINE_AA)
    cv2.putText(
        img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), thick, cv2.LINE_AA
    )


def annotate(frame: Frame, index: int, analysis: GaitAnalysis) -> Frame:
    """One frame with the skeleton, the feet on the ground, contact and toe-off marks, angles."""
    cv2 = cv2_module()
    img = frame.copy()
    c = analysis.clean
    height = img.shape[0]
    scale = max(0.5, height / 1280.0)
    radius = max(3, int(np.rint(5 * scale)))
    t = index / c.fps
    xy = c.xy_px[index] if index < len(c) else np.full((33, 2), np.nan)
    if not analysis.keep[min(index, len(c) - 1)] or not np.isfinite(xy).any():
        _text(cv2, img, "runner not tracked", (10, int(40 * scale)), 0.8 * scale)
        return img
    near = analysis.events.near
    for a, b in SKELETON:
        pa, pb = xy[a], xy[b]
        if np.isfinite(pa).all() and np.isfinite(pb).all():
            cv2.line(img, _pt(pa), _pt(pb), _colour(a, b, near), max(2, radius // 2), cv2.LINE_AA)
    contacts = analysis.events.contacts
    for stance in _stance_at(contacts, t):
        heel = xy[LEGS[stance.side].heel]
        if np.isfinite(heel).all():
            cv2.circle(img, _pt(heel), radius * 2, CONTACT_BGR, -1, cv2.LINE_AA)
    for event in contacts:
        for when, label, colour in (
            (event.ic_s, "contact", CONTACT_BGR),
            (event.to_s, "toe-off", TOE_OFF_BGR),
        ):
            if abs(when - t) <= 0.5 / c.fps:
                foot = xy[LEGS[event.side].toe]
                if np.isfinite(foot).all():
                    cv2.circle(img, _pt(foot), radius * 3, colour, max(2, radius // 2), cv2.LINE_AA)
                    note = f"{label} {event.side.value}{' (timed)' if event.imputed else ''}"
                    _text(
                        cv2,
                        img,
                        note,
                        (_pt(foot)[0] - 60, _pt(foot)[1] + int(45 * scale)),
                        0.6 * scale,
                    )
    _angles(cv2, img, xy, analysis, scale)
    return img


def _pt(p: FloatArray) -> tuple[int, int]:
    return int(np.rint(p[0])), int(np.rint(p[1]))


def _angles(cv2: Any, img: Frame, xy: FloatArray, analysis: GaitAnalysis, scale: float) -> None:
    """Live angles of this frame, top left, and the clip's cadence."""
    leg = LEGS[analysis.events.near]
    d = analysis.direction
    trunk = float(kin.tilt_from_vertical_deg(kin.shoulder_centre(xy), kin.hip_centre(xy), d))
    knee = float(kin.knee_flexion_deg(xy[leg.hip], xy[leg.knee], xy[leg.ankle]))
    lines = [
        f"trunk lean {trunk:5.1f} deg" if np.isfinite(trunk) else "trunk lean  -",
        f"{analysis.events.near.value} knee bend {knee:5.1f} deg" if np.isfinite(knee) else "",
    ]
    cad = analysis.result.cadence_spm
    if cad is not None:
        lines.append(f"cadence {cad:.0f} spm")
    y = int(40 * scale)
    for line in filter(None, lines):
        _text(cv2, img, line, (10, y), 0.8 * scale)
        y += int(36 * scale)


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise MissingExtraError(EXTRA, "matplotlib") from exc
    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    return Figure


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "leg_length":
        return f"{value:.2f} leg lengths"
    return f"{value:.1f} {unit}"


def summary_image(path: Path, still: Frame | None, result: GaitResult) -> None:
    """A PNG: a still at a contact with the skeleton, the table of findings, per-step angles."""
    figure_cls = _matplotlib()
    fig = figure_cls(figsize=(12, 7), dpi=100)
    grid = fig.add_gridspec(2, 2, width_ratios=(1, 2), height_ratios=(3, 2))
    ax_img = fig.add_subplot(grid[:, 0])
    ax_img.axis("off")
    if still is not None:
        ax_img.imshow(still[:, :, ::-1])
    ax_tab = fig.add_subplot(grid[0, 1])
    ax_tab.axis("off")
    rows = [
        [LABELS.get(n, n), _fmt(m.value, m.unit), m.flag or "-", f"{m.confidence:.2f}"]
        for n, m in result.metrics.items()
    ]
    table = ax_tab.table(
        cellText=rows,
        colLabels=["measure", "median", "flag", "confidence"],
        loc="upper center",
        cellLoc="left",
        colWidths=(0.42, 0.25, 0.15, 0.18),
    )
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1.0, 1.3)
    cad = f"{result.cadence_spm:.0f} spm" if result.cadence_spm else "-"
    ax_tab.set_title(f"{result.view.value} view, {result.steps} steps, cadence {cad}")
    ax_steps = fig.add_subplot(grid[1, 1])
    for name, metric in result.metrics.items():
        if metric.unit == "deg":
            ys = [np.nan if v is None else v for v in metric.per_step]
            ax_steps.plot(range(1, len(ys) + 1), ys, marker="o", ms=3, lw=1, label=LABELS[name])
    ax_steps.set_xlabel("step")
    ax_steps.set_ylabel("degrees")
    ax_steps.grid(alpha=0.3)
    if ax_steps.lines:
        ax_steps.legend(fontsize=7, ncol=2)
    if result.warnings:
        fig.text(0.01, 0.01, "\n".join(result.warnings[:4]), fontsize=7, va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.08 if result.warnings else 0, 1, 1))
    fig.savefig(path)
