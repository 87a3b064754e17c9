"""Gait results for the store, web and report tests, made by the real analysis code.

How the data is made: tests/gait/synthetic.py builds BlazePose-style keypoints of a runner by
forward kinematics from known angles (cadence, trunk lean, pelvic drop ...); the real
``backstride.gait.analysis.analyse`` measures them. Nothing here writes a result by hand. The
summary image is drawn by the real ``backstride.gait.render.summary_image`` (matplotlib, no
video frame); tests that need an annotated video write bytes of their own and say so.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from backstride.gait.analysis import analyse
from backstride.gait.keypoints import View
from backstride.gait.results import GaitResult
from backstride.gait.rules import load_gait_rules
from backstride.services import gait as service
from backstride.services.gait_records import RecordedFrom
from backstride.settings import Settings
from backstride.store import Store
from tests.gait.synthetic import RearRunner, Runner, rear_view, side_view


@cache
def side_result(cadence_spm: float = 165.0, trunk_lean_deg: float = 6.0) -> GaitResult:
    """A side-view analysis of an 8 s synthetic clip (175 cm runner)."""
    runner = Runner(
        cadence_spm=cadence_spm,
        trunk_lean_deg=trunk_lean_deg,
        duration_s=8.0,
        width_px=360,
        height_px=640,
        ground_y_px=600.0,
    )
    series, _ = side_view(runner)
    return analyse(series, View.SIDE, 1.75, load_gait_rules()).result


@cache
def rear_result(pelvic_drop_deg: float = 6.0) -> GaitResult:
    """A rear-view analysis of a 10 s synthetic clip."""
    series, _ = rear_view(RearRunner(pelvic_drop_deg=pelvic_drop_deg))
    return analyse(series, View.REAR, None, load_gait_rules()).result


def stored(
    store: Store,
    settings: Settings,
    result: GaitResult,
    *,
    analysed: datetime,
    recorded: datetime,
    video_name: str = "easy run.mp4",
    summary: bool = True,
) -> int:
    """Store ``result`` as the service does after a video: a dated folder with the summary
    image (real, drawn without a still) and the row; returns the row id."""
    folder = service.gait_home(settings) / service.folder_name(analysed, Path(video_name))
    folder.mkdir(parents=True)
    if summary:
        from backstride.gait.render import summary_image

        summary_image(folder / service.SUMMARY_FILE, None, result)
    return service.store_analysis(
        settings,
        folder,
        result,
        video_name,
        analysed,
        recorded,
        RecordedFrom.GIVEN,
        store=store,
    )
