"""Use case: analyse a running video, store what it shows, list past analyses.

The analysis runs the pose model over every frame (:func:`keypoints_of`) and the gait maths
over the keypoints (:func:`backstride.gait.analysis.analyse`); the files and the database row
it leaves are described in :mod:`backstride.services.gait_records`, whose names this module
re-exports.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backstride.errors import InputValueError
from backstride.gait.analysis import GaitAnalysis, analyse, check_height
from backstride.gait.errors import GaitError
from backstride.gait.keypoints import Frame, Keypoints, PoseEstimator, PoseSeries, View
from backstride.gait.results import GaitResult
from backstride.gait.rules import load_gait_rules
from backstride.gait.timing import (
    FrameTiming,
    frame_timing,
    on_even_grid,
    with_repeats,
)
from backstride.services.gait_records import (
    RECORD_FILE,
    RESULT_FILE,
    STAMP,
    SUMMARY_FILE,
    VIDEO_FILE,
    PastAnalysis,
    RecordedFrom,
    adopt_folders,
    analysis_file,
    commit,
    find_analysis,
    gait_home,
    list_analyses,
    parse_recorded,
    record_meta,
    recorded_time,
    write_json,
)
from backstride.settings import Settings
from backstride.store import Store

__all__ = [
    "RECORD_FILE",
    "RESULT_FILE",
    "STAMP",
    "SUMMARY_FILE",
    "VIDEO_FILE",
    "GaitRun",
    "PastAnalysis",
    "Progress",
    "RecordedFrom",
    "adopt_folders",
    "analyse_video",
    "analysis_file",
    "find_analysis",
    "folder_name",
    "gait_home",
    "keypoints_and_timing",
    "keypoints_of",
    "list_analyses",
    "parse_recorded",
    "recorded_time",
    "store_analysis",
]

#: progress(stage, done, total): stage is "pose" (estimating) or "video" (drawing)
Progress = Callable[[str, int, int], None]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Phones film slow motion at up to 240 frames per second, or 960 in short bursts: 32 times a
#: 30 fps playback.
MAX_SLOW_MOTION = 32.0


@dataclass(frozen=True, slots=True)
class GaitRun:
    """One stored analysis: its folder, its files and the result."""

    folder: Path
    result: GaitResult
    id: int | None = None  # the row in gait_analyses (None when written to --out)
    recorded_utc: datetime | None = None
    recorded_from: RecordedFrom | None = None

    @property
    def result_path(self) -> Path:
        return self.folder / RESULT_FILE

    @property
    def video_path(self) -> Path:
        return self.folder / VIDEO_FILE

    @property
    def summary_path(self) -> Path:
        return self.folder / SUMMARY_FILE


def folder_name(now: datetime, video: Path) -> str:
    """``<YYYY-MM-DDTHHMMSS>_<stem>`` in UTC, the stem reduced to safe characters."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    stem = _UNSAFE.sub("_", video.stem).strip("._") or "video"
    return f"{now.astimezone(UTC).strftime(STAMP)}_{stem[:80]}"


def _new_folder(parent: Path, name: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        folder = parent / (name if n == 1 else f"{name}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise GaitError(f"too many analyses named {name!r} in {parent}")


def _estimate(
    video: Path, estimator: PoseEstimator, total: int, progress: Progress | None
) -> tuple[list[Keypoints | None], list[float], list[float]]:
    """Keypoints, time and change from the frame before (mean thumbnail difference in grey
    levels, NaN for the first frame), for every frame."""
    import numpy as np

    from backstride.gait.video import thumbnail, timed_frames

    found: list[Keypoints | None] = []
    times: list[float] = []
    changes: list[float] = []
    before = None
    for i, (time_s, frame) in enumerate(timed_frames(video)):
        found.append(estimator.estimate(frame))
        times.append(time_s)
        small = thumbnail(frame)
        comparable = before is not None and small.shape == before.shape
        changes.append(float(np.mean(np.abs(small - before))) if comparable else float("nan"))
        before = small
        if progress is not None:
            progress("pose", i + 1, max(total, i + 1))
    return found, times, changes


def keypoints_and_timing(
    video: Path,
    estimator: PoseEstimator | None = None,
    progress: Progress | None = None,
    slow_motion: float = 1.0,
) -> tuple[PoseSeries, FrameTiming]:
    """The pose model over every frame of the video (BlazePose unless one is given), on an even
    time grid (:mod:`backstride.gait.timing`), and the timing that put it there. A clip that
    plays ``slow_motion`` times slower than real life has its frame times divided by it."""
    from backstride.gait.video import probe

    info = probe(video)
    if estimator is None:
        from backstride.gait.blazepose import BlazePoseEstimator

        with BlazePoseEstimator() as model:
            found, times, changes = _estimate(video, model, info.frame_count, progress)
    else:
        found, times, changes = _estimate(video, estimator, info.frame_count, progress)
    times = [t / slow_motion for t in times]
    timing = with_repeats(frame_timing(times, info.fps * slow_motion), changes)
    series = PoseSeries.from_frames(found, timing.fps, info.width_px, info.height_px)
    return on_even_grid(series, timing), timing


def keypoints_of(
    video: Path, estimator: PoseEstimator | None = None, progress: Progress | None = None
) -> PoseSeries:
    """The keypoints of :func:`keypoints_and_timing` alone."""
    return keypoints_and_timing(video, estimator, progress)[0]


def _write_outputs(
    video: Path,
    analysis: GaitAnalysis,
    folder: Path,
    progress: Progress | None,
    timing: FrameTiming | None = None,
) -> None:
    from backstride.gait.render import annotate, summary_image
    from backstride.gait.video import VideoWriter, frames

    c = analysis.clean
    still_index = _still_index(analysis)
    still: Frame | None = None
    total = len(c) if timing is None or timing.times_s is None else timing.times_s.size
    with VideoWriter(folder / VIDEO_FILE, c.fps, c.width_px, c.height_px) as out:
        for i, frame in enumerate(frames(video)):
            if i >= total:
                break
            index = i if timing is None else timing.index_at(i, len(c))
            drawn = annotate(frame, index, analysis)
            out.write(drawn)
            if index == still_index and still is None:
                still = _crop_to_runner(drawn, c.xy_px[index])
            if progress is not None:
                progress("video", i + 1, total)
    summary_image(folder / SUMMARY_FILE, still, analysis.result)


def _crop_to_runner(frame: Frame, xy: Any) -> Frame:
    """The part of a frame around the runner's landmarks, with a margin of a fifth of the body."""
    import numpy as np

    seen = xy[np.isfinite(xy).all(axis=1)]
    if seen.size == 0:
        return frame
    (x0, y0), (x1, y1) = seen.min(axis=0), seen.max(axis=0)
    margin = 0.2 * max(x1 - x0, y1 - y0)
    height, width = frame.shape[:2]
    top, bottom = max(0, int(y0 - margin)), min(height, int(y1 + margin))
    left, right = max(0, int(x0 - margin)), min(width, int(x1 + margin))
    return frame[top:bottom, left:right].copy()


def _still_index(analysis: GaitAnalysis) -> int:
    """The frame of the near foot's contact nearest the middle of the clip."""
    near = analysis.events.of(analysis.events.near)
    middle = len(analysis.clean) / analysis.clean.fps / 2.0
    best = min(near, key=lambda c: abs(c.ic_s - middle))
    return round(float(best.ic_s) * analysis.clean.fps)


def analyse_video(
    video: Path,
    *,
    settings: Settings,
    now: datetime,
    view: View = View.SIDE,
    height_m: float | None = None,
    out_dir: Path | None = None,
    estimator: PoseEstimator | None = None,
    progress: Progress | None = None,
    recorded: datetime | None = None,
    store: Store | None = None,
    slow_motion: float = 1.0,
) -> GaitRun:
    """Analyse a video and store result.json, annotated.mp4 and summary.png.

    ``slow_motion``: how many times slower than real life the clip plays (a phone's slow
    motion saved at playback speed, e.g. 8 for 240 frames per second shown at 30); 1 for a
    clip that plays in real time, as most do, slow-motion ones included when their frames keep
    their real times.

    The files go to ``out_dir`` when given (and nothing is recorded in the database);
    otherwise to a new dated folder under ``$BACKSTRIDE_HOME/gait`` with a row in the database
    (``store``, or the one ``settings`` name) dated when the video was filmed: ``recorded``,
    else the container's creation time, else the file's modification time.

    Raises FileFormatError for an unreadable video, GaitError (with the path) when the clip
    cannot be analysed (nobody in it, several people, no running), InputValueError for an
    implausible height or a recording time in the future, MissingExtraError without the video
    extra. Nothing is written when the analysis fails.
    """
    rules = load_gait_rules()
    check_height(height_m, rules)
    if not 1.0 <= slow_motion <= MAX_SLOW_MOTION:
        raise InputValueError(
            f"slow motion {slow_motion:g} must be from 1 (real time) to {MAX_SLOW_MOTION:g}"
        )
    if recorded is not None:
        recorded_time(video, now, recorded)  # a time in the future is refused before any work
    series, timing = keypoints_and_timing(video, estimator, progress, slow_motion)
    try:
        analysis = analyse(series, view, height_m, rules, captured_fps=timing.captured_fps)
    except GaitError as exc:
        raise exc.at(str(video)) from None
    said = (
        (
            f"Slow motion: the clip plays {slow_motion:g} times slower than real life, so its "
            f"frames were timed at {timing.fps:.4g} per second.",
        )
        if slow_motion != 1.0
        else ()
    )
    if timing.warnings or said:
        warned = (*said, *timing.warnings, *analysis.result.warnings)
        result = dataclasses.replace(analysis.result, warnings=warned)
        analysis = dataclasses.replace(analysis, result=result)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        _write_outputs(video, analysis, out_dir, progress, timing)
        write_json(out_dir / RESULT_FILE, analysis.result.as_dict())
        return GaitRun(out_dir, analysis.result)
    when, source = recorded_time(video, now, recorded)
    folder = _new_folder(gait_home(settings), folder_name(now, video))
    try:
        _write_outputs(video, analysis, folder, progress, timing)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    row = store_analysis(
        settings, folder, analysis.result, video.name, now, when, source, store=store
    )
    return GaitRun(folder, analysis.result, row, when, source)


def store_analysis(
    settings: Settings,
    folder: Path,
    result: GaitResult,
    video_name: str,
    analysed_utc: datetime,
    recorded_utc: datetime,
    recorded_from: RecordedFrom,
    *,
    store: Store | None = None,
) -> int:
    """Record an analysis whose video and image are already in ``folder`` (under the home's
    gait folder): its JSON files, then its row; returns the row id. The folder is removed when
    this fails, so there is never half a record."""
    meta = record_meta(video_name, analysed_utc, recorded_utc, recorded_from)
    if store is not None:
        return commit(store, settings, folder, result.as_dict(), meta).id
    try:
        opened = Store.open(settings)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        return commit(opened, settings, folder, result.as_dict(), meta).id
    finally:
        opened.close()
