"""Without the 'video' extra the command fails with a message naming the extra to install.

The missing packages are simulated by blocking their import (sys.modules entry set to None).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from backstride.gait.errors import MissingExtraError
from backstride.services.gait import analyse_video
from backstride.settings import Settings


def test_without_opencv_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "cv2", None)
    with pytest.raises(MissingExtraError, match=r"backstride\[video\]") as info:
        analyse_video(
            tmp_path / "clip.mp4",
            settings=Settings(tmp_path / "home", "sqlite://"),
            now=datetime(2026, 5, 1, 7, 30, tzinfo=UTC),
        )
    assert info.value.extra == "video"
    assert not (tmp_path / "home").exists()


def test_without_mediapipe_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    for name in ("mediapipe", "mediapipe.python", "mediapipe.python.solutions"):
        monkeypatch.setitem(sys.modules, name, None)
    from backstride.gait.blazepose import mediapipe_pose

    with pytest.raises(MissingExtraError, match=r"mediapipe==0\.10\.21.*backstride\[video\]"):
        mediapipe_pose()
