"""Benchmark: frames per second of running-form analysis from video, on this machine's CPU.

Measures, on the real test video (../shared/data/video/gaitlab__male_side_treadmill.mp4, 720x1280,
30 fps, 360 frames) unless another is given:

- decode: reading the frames with OpenCV alone;
- pose: BlazePose full (MediaPipe 0.10.21) on frames already decoded, the model's own speed;
- maths: cleaning, contacts and metrics on the keypoints (backstride.gait.analysis, pure);
- whole: the use case end to end (decode, pose, maths, annotated video, summary image, JSON),
  as ``backstride gait`` runs it.

Each stage runs ``--repeat`` times; the table shows the best run (least disturbed by the rest
of the machine). Needs the 'video' extra.

    python bench/gait.py [--video PATH] [--repeat 3] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

VIDEO = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "video"
    / "gaitlab__male_side_treadmill.mp4"
).resolve()


def best_of(repeat: int, run: Callable[[], int]) -> tuple[float, int]:
    """The shortest wall time (s) of ``repeat`` runs, and the frames one run handled."""
    times, frames = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        frames = run()
        times.append(time.perf_counter() - t0)
    return min(times), frames


def cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo where there is one."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--video", type=Path, default=VIDEO)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import cv2

    from backstride.gait.analysis import analyse
    from backstride.gait.blazepose import BlazePoseEstimator
    from backstride.gait.keypoints import PoseSeries, View
    from backstride.gait.video import frames, probe
    from backstride.services.gait import analyse_video
    from backstride.settings import Settings

    info = probe(args.video)
    decoded = list(frames(args.video))
    keypoints: list[PoseSeries] = []

    def decode() -> int:
        return sum(1 for _ in frames(args.video))

    def pose() -> int:
        with BlazePoseEstimator() as model:
            found = [model.estimate(f) for f in decoded]
        keypoints[:] = [PoseSeries.from_frames(found, info.fps, info.width_px, info.height_px)]
        return len(found)

    def maths() -> int:
        analyse(keypoints[0], View.SIDE, height_m=1.78)
        return len(keypoints[0])

    def whole() -> int:
        with tempfile.TemporaryDirectory() as home:
            analyse_video(
                args.video,
                settings=Settings(Path(home), "sqlite://"),
                now=datetime.now(UTC),
                height_m=1.78,
            )
        return len(decoded)

    rows = []
    for name, run in (("decode", decode), ("pose", pose), ("maths", maths), ("whole", whole)):
        seconds, n = best_of(args.repeat, run)
        rows.append((name, n, seconds, n / seconds))

    cpu = cpu_name()
    print(
        f"{args.video.name}: {info.width_px}x{info.height_px}, {info.fps:g} fps, "
        f"{len(decoded)} frames ({len(decoded) / info.fps:.1f} s of video)"
    )
    print(
        f"machine: {cpu}, {os.cpu_count()} logical cores, Python {platform.python_version()}, "
        f"OpenCV {cv2.__version__}, best of {args.repeat}\n"
    )
    print("| stage | frames | seconds | frames per second | x real time |")
    print("|---|---:|---:|---:|---:|")
    for name, n, seconds, fps in rows:
        print(f"| {name} | {n} | {seconds:.2f} | {fps:.1f} | {fps / info.fps:.2f} |")


if __name__ == "__main__":
    main()
