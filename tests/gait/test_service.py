"""The use case and the command over real files: a plain-colour video (written here with
OpenCV, so these tests need the 'video' extra) stands in for the camera, and a replaying
estimator hands out synthetic keypoints (tests/gait/synthetic.py) in place of the pose model."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from backstride.errors import FileFormatError, InputValueError
from backstride.gait.errors import GaitError, NoRunnerError
from backstride.gait.keypoints import View
from backstride.services import gait as service
from backstride.settings import Settings
from tests.gait.conftest import ReplayEstimator, write_plain_video
from tests.gait.synthetic import Runner, phone_clip, side_view

cv2 = pytest.importorskip("cv2", reason="needs OpenCV, from the 'video' extra")

NOW = datetime(2026, 5, 1, 7, 30, 5, tzinfo=UTC)


@pytest.fixture
def clip(tmp_path: Path) -> tuple[Path, ReplayEstimator]:
    series, _ = side_view(Runner(duration_s=8.0, width_px=360, height_px=640, ground_y_px=600.0))
    video = write_plain_video(tmp_path / "easy run.mp4", len(series), 30.0, 360, 640)
    return video, ReplayEstimator(series)


def test_an_analysis_is_stored_in_a_dated_folder(
    clip: tuple[Path, ReplayEstimator], home_settings: Settings
) -> None:
    video, estimator = clip
    seen: list[tuple[str, int, int]] = []
    run = service.analyse_video(
        video,
        settings=home_settings,
        now=NOW,
        height_m=1.75,
        estimator=estimator,
        progress=lambda *a: seen.append(a),
    )
    assert run.folder == home_settings.home / "gait" / "2026-05-01T073005_easy_run"
    data = json.loads(run.result_path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(run.result.as_dict()))
    assert set(data) == {"view", "fps", "steps", "cadence_spm", "metrics", "warnings"}
    assert data["cadence_spm"] == pytest.approx(165.0, abs=1.0)
    capture = cv2.VideoCapture(str(run.video_path))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 240
    ok, frame = capture.read()
    capture.release()
    assert ok and frame.shape == (640, 360, 3)
    assert run.summary_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert {s for s, _, _ in seen} == {"pose", "video"}
    assert seen[-1] == ("video", 240, 240)


def test_past_analyses_are_listed_oldest_first(
    clip: tuple[Path, ReplayEstimator], home_settings: Settings, tmp_path: Path
) -> None:
    video, estimator = clip
    first = service.analyse_video(video, settings=home_settings, now=NOW, estimator=estimator)
    again = ReplayEstimator(estimator.series)
    second = service.analyse_video(video, settings=home_settings, now=NOW, estimator=again)
    assert second.folder.name == first.folder.name + "-2"
    (home_settings.home / "gait" / "not-an-analysis").mkdir()
    past = service.list_analyses(home_settings)
    assert [p.folder for p in past] == [first.folder, second.folder]
    assert past[0].analysed_utc == NOW.replace(microsecond=0)
    assert past[0].video_stem == "easy_run" and past[0].video_name == "easy run.mp4"
    assert past[0].recorded_from == "file" and first.id == past[0].id
    assert past[0].result["view"] == "side"


def test_out_dir_takes_the_files_instead(
    clip: tuple[Path, ReplayEstimator], home_settings: Settings, tmp_path: Path
) -> None:
    video, estimator = clip
    out = tmp_path / "elsewhere"
    run = service.analyse_video(
        video, settings=home_settings, now=NOW, out_dir=out, estimator=estimator
    )
    assert run.folder == out
    assert sorted(p.name for p in out.iterdir()) == ["annotated.mp4", "result.json", "summary.png"]
    assert service.list_analyses(home_settings) == []


def test_a_plain_colour_clip_gives_a_clear_error_and_writes_nothing(
    tmp_path: Path, home_settings: Settings
) -> None:
    """Three seconds of one grey colour: the (replaying) model finds nobody."""
    video = write_plain_video(tmp_path / "empty.mp4", 90, 30.0, 320, 240)
    from backstride.gait.keypoints import PoseSeries

    nobody = ReplayEstimator(PoseSeries.from_frames([None] * 90, 30.0, 320, 240))
    with pytest.raises(NoRunnerError, match=r"empty\.mp4: nobody was found in the video"):
        service.analyse_video(video, settings=home_settings, now=NOW, estimator=nobody)
    assert not (home_settings.home / "gait").exists()


def test_a_file_that_is_not_a_video_is_a_file_format_error(
    tmp_path: Path, home_settings: Settings
) -> None:
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"notes\.mp4"):
        service.analyse_video(bad, settings=home_settings, now=NOW)
    with pytest.raises(FileFormatError, match="no such video"):
        service.analyse_video(tmp_path / "missing.mp4", settings=home_settings, now=NOW)


def test_an_implausible_height_is_refused_before_any_work(
    clip: tuple[Path, ReplayEstimator], home_settings: Settings
) -> None:
    video, estimator = clip
    with pytest.raises(InputValueError, match="height 18 cm"):
        service.analyse_video(
            video, settings=home_settings, now=NOW, height_m=0.18, estimator=estimator
        )


def test_folder_names_are_safe_and_in_utc() -> None:
    from datetime import timedelta, timezone

    local = datetime(2026, 5, 1, 9, 30, 5, tzinfo=timezone(timedelta(hours=2)))
    assert service.folder_name(local, Path("../My Run (1).MOV")) == "2026-05-01T073005_My_Run_1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}_video", service.folder_name(NOW, Path("...mp4")))


# --- the command -------------------------------------------------------------------------------
def test_the_command_prints_the_json_and_lists_past_analyses(
    clip: tuple[Path, ReplayEstimator],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import backstride.cli.gait  # noqa: F401  (registers the command; the lead adds the import)
    from backstride.cli import app
    from backstride.gait import blazepose

    video, estimator = clip
    monkeypatch.setenv("BACKSTRIDE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(blazepose, "BlazePoseEstimator", lambda: _Closing(estimator))
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["gait", str(video), "--height-cm", "175", "--view", "side", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["view"] == "side" and data["metrics"]["vertical_oscillation"]["unit"] == "cm"
    listed = runner.invoke(app, ["gait", "--json"], catch_exceptions=False)
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert len(rows) == 1 and rows[0]["video"] == "easy_run"
    assert rows[0]["video_name"] == "easy run.mp4" and rows[0]["recorded_from"] == "file"
    table = runner.invoke(app, ["gait"], catch_exceptions=False)
    assert "easy run.mp4" in table.stdout


def test_the_command_takes_the_filming_time_in_the_runners_zone(
    clip: tuple[Path, ReplayEstimator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backstride.cli.gait  # noqa: F401
    from backstride.cli import app
    from backstride.gait import blazepose
    from backstride.model import Profile
    from backstride.store import Store

    video, estimator = clip
    monkeypatch.setenv("BACKSTRIDE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BACKSTRIDE_DATABASE_URL", raising=False)
    store = Store.open(Settings.from_env())
    store.save_profile(Profile(timezone="Europe/Berlin"))
    store.close()
    monkeypatch.setattr(blazepose, "BlazePoseEstimator", lambda: _Closing(estimator))
    runner = CliRunner()
    args = ["gait", str(video), "--recorded", "2026-04-30T18:15", "--json"]
    assert runner.invoke(app, args, catch_exceptions=False).exit_code == 0
    bad = runner.invoke(app, ["gait", str(video), "--recorded", "30.4.2026"])
    assert isinstance(bad.exception, InputValueError) and "YYYY-MM-DD" in str(bad.exception)
    rows = json.loads(runner.invoke(app, ["gait", "--json"], catch_exceptions=False).stdout)
    assert len(rows) == 1 and rows[0]["recorded_from"] == "given"
    assert rows[0]["recorded_utc"].startswith("2026-04-30T16:15")


def test_the_command_prints_a_table_with_the_causes(
    clip: tuple[Path, ReplayEstimator], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backstride.cli.gait  # noqa: F401
    from backstride.cli import app
    from backstride.gait import blazepose

    video, estimator = clip
    monkeypatch.setenv("BACKSTRIDE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(blazepose, "BlazePoseEstimator", lambda: _Closing(estimator))
    result = CliRunner().invoke(app, ["gait", str(video), "--view", "side"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "trunk lean" in result.stdout and "cause.trunk_lean" in result.stdout
    assert "summary.png" in result.stdout


class _Closing:
    """Wraps a replaying estimator in the context manager the service expects of BlazePose."""

    def __init__(self, inner: ReplayEstimator) -> None:
        self.inner = inner

    @property
    def name(self) -> str:
        return self.inner.name

    def estimate(self, frame: object) -> object:
        return self.inner.estimate(frame)  # type: ignore[arg-type]

    def __enter__(self) -> _Closing:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_views_are_the_two_the_command_offers() -> None:
    assert {v.value for v in View} == {"side", "rear"}


def test_a_variable_frame_rate_video_is_measured_on_its_own_frame_times(
    tmp_path: Path, home_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame times a phone's variable-rate container would give (5 s at 24 frames per
    second, then 40), over a plain video that OpenCV can only write at an even rate: the
    use case reads the frames' own times, measures on an even grid, says so, and draws every
    video frame."""
    from backstride.gait import video as video_io

    times = np.concatenate([np.arange(0, 5.0, 1 / 24), 5.0 + np.arange(0, 5.0, 1 / 40)])
    runner = Runner(cadence_spm=172.0, duration_s=10.5, width_px=360, height_px=640)
    runner = dataclasses.replace(runner, ground_y_px=600.0)
    series = phone_clip(runner, times)
    path = write_plain_video(tmp_path / "phone.mp4", times.size, 30.0, 360, 640)
    plain = video_io.timed_frames

    def phone_times(p: Path) -> Iterator[tuple[float, Any]]:
        for t, (_, frame) in zip(times, plain(p), strict=False):
            yield float(t), frame

    monkeypatch.setattr(video_io, "timed_frames", phone_times)
    run = service.analyse_video(
        path, settings=home_settings, now=NOW, height_m=1.75, estimator=ReplayEstimator(series)
    )
    assert run.result.cadence_spm == pytest.approx(172.0, abs=1.0)
    assert any("variable frame rate" in w for w in run.result.warnings)
    capture = cv2.VideoCapture(str(run.video_path))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == times.size
    capture.release()


def test_slow_motion_saved_at_playback_speed(tmp_path: Path, home_settings: Settings) -> None:
    """A runner filmed at 120 frames per second (synthetic keypoints) in a clip that plays them
    at 30, four times slower than real life: without --slow-motion no running rhythm is found
    and the error names the option; with 4 the frames are timed at 120 per second and the
    cadence is the runner's."""
    runner = Runner(fps=120.0, duration_s=6.0, width_px=360, height_px=640, ground_y_px=600.0)
    series, _ = side_view(runner)
    video = write_plain_video(tmp_path / "slomo.mp4", len(series), 30.0, 360, 640)
    with pytest.raises(GaitError, match="--slow-motion"):
        service.analyse_video(
            video, settings=home_settings, now=NOW, estimator=ReplayEstimator(series)
        )
    run = service.analyse_video(
        video,
        settings=home_settings,
        now=NOW,
        estimator=ReplayEstimator(series),
        slow_motion=4.0,
        out_dir=tmp_path / "out",
    )
    assert run.result.fps == pytest.approx(120.0)
    assert run.result.cadence_spm == pytest.approx(165.0, abs=1.0)
    assert any("4 times slower than real life" in w for w in run.result.warnings)
    with pytest.raises(InputValueError, match=r"slow motion 0\.5 must be from 1"):
        service.analyse_video(
            video,
            settings=home_settings,
            now=NOW,
            estimator=ReplayEstimator(series),
            slow_motion=0.5,
        )


def _video_with_repeats(path: Path, frames: int, fps: float, every: int) -> Path:
    """A video (360 x 640) whose picture changes every ``every`` frames: a grey level, then a
    bar that moves, so that each new picture differs from the last."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (360, 640))
    for i in range(frames):
        k = i // every
        frame = np.full((640, 360, 3), 60 + (k * 37) % 150, dtype=np.uint8)
        frame[:, (k * 23) % 300 : (k * 23) % 300 + 60] = 250
        writer.write(frame)
    writer.release()
    return path


@pytest.mark.parametrize(("every", "captured"), [(1, None), (4, 15.0)])
def test_repeated_frames_are_seen_and_the_frame_rate_advice_follows_the_pictures(
    tmp_path: Path, home_settings: Settings, every: int, captured: float | None
) -> None:
    """A 60 fps clip that shows each picture four times (15 pictures per second) against one
    that changes every frame; synthetic keypoints at 60 fps in both. The repeats are named and
    the contact figures are not judged, as for a 15 fps clip; the cadence is unchanged."""
    runner = Runner(fps=60.0, duration_s=6.0, width_px=360, height_px=640, ground_y_px=600.0)
    series, _ = side_view(runner)
    video = _video_with_repeats(tmp_path / "clip.mp4", len(series), 60.0, every)
    run = service.analyse_video(
        video,
        settings=home_settings,
        now=NOW,
        estimator=ReplayEstimator(series),
        out_dir=tmp_path / "out",
    )
    repeats = [w for w in run.result.warnings if "repeat the one before" in w]
    assert run.result.cadence_spm == pytest.approx(165.0, abs=1.0)
    if captured is None:
        assert repeats == [] and run.result.metrics["overstride"].flag is not None
    else:
        assert len(repeats) == 1 and "about 15 pictures per second, not 60" in repeats[0]
        assert run.result.metrics["overstride"].flag is None
