"""Case-crossover windows: for each pain onset, its hazard window and its control windows.

The hazard window holds the runs that started in the ``hazard_s`` before the onset. Control
windows have the same length and lie back to back before it, ending ``j * hazard_s`` before the
onset (j = 1..control_count), so that hazard and controls tile the ``referent_s`` (28 days,
four whole weeks) before the onset: every weekday is equally represented, and a weekly habit
(the Sunday long run) varies between windows instead of repeating in all of them. Controls lie
only before the onset (a runner in pain changes how they run afterwards). A control window is
left out when it starts before the runner's first run (no data is not "no running"), when it
overlaps another episode's hazard window or pain (with ``block_wash_out``, also the
``pain_free_days`` after that pain), or when it holds no run. An episode is compared only when its
hazard window holds a run and at least one control window is left.

Optionally (``settings.after_windows`` > 0) controls are also taken after the episode: the
same tiling resumes once its last pain lies ``pain_free_days`` (the wash-out) behind, for
``after_windows`` windows, with the same exclusions (and none past the last run). With
controls only before the onset, the hazard window is always the last window of its span; an
exposure that persists for weeks is then "on" at that end more often than the exact test
allows (docs/insight.md, "the end effect"); controls after the episode put it inside the span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backstride.insight._records import PainEpisode
from backstride.insight._settings import InsightSettings

IndexArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Stratum:
    """One compared episode: ``windows[0]`` is the hazard window, the rest controls.

    Each window is the array of indices (into the run table) of the runs that started in it.
    """

    episode: PainEpisode
    windows: tuple[IndexArray, ...]

    @property
    def hazard(self) -> IndexArray:
        return self.windows[0]

    @property
    def controls(self) -> tuple[IndexArray, ...]:
        return self.windows[1:]


@dataclass(frozen=True, slots=True)
class StrataPlan:
    """The compared episodes, and how many were left out and why."""

    strata: tuple[Stratum, ...]
    episodes_total: int
    before_history: int  # hazard window starts before the first run
    without_run: int  # no run in the hazard window
    without_control: int  # no control window with a run left

    @property
    def used(self) -> int:
        return len(self.strata)


def plan_strata(
    start_s: npt.NDArray[np.float64],
    episodes: Sequence[PainEpisode],
    settings: InsightSettings,
) -> StrataPlan:
    """Build the strata for ``episodes`` over runs starting at ``start_s`` (sorted, epoch s)."""
    ordered = sorted(episodes, key=lambda e: e.onset_utc)
    after_pain = settings.washout_s if settings.block_wash_out else 0.0
    blocked = [
        (e.onset_utc.timestamp() - settings.hazard_s, e.end_utc.timestamp() + after_pain)
        for e in ordered
    ]
    history_start = float(start_s[0]) if len(start_s) else np.inf
    history_end = float(start_s[-1]) if len(start_s) else -np.inf
    strata: list[Stratum] = []
    before = no_run = no_control = 0
    for k, episode in enumerate(ordered):
        onset = episode.onset_utc.timestamp()
        if onset - settings.hazard_s < history_start:
            before += 1
            continue
        hazard = _runs_in(start_s, onset - settings.hazard_s, onset)
        if hazard.size == 0:
            no_run += 1
            continue
        others = blocked[:k] + blocked[k + 1 :]
        controls = _controls(start_s, onset, settings, history_start, others)
        after = episode.end_utc.timestamp() + settings.washout_s
        controls += _after(start_s, after, settings, history_end, others)
        if not controls:
            no_control += 1
            continue
        strata.append(Stratum(episode, (hazard, *controls)))
    return StrataPlan(tuple(strata), len(ordered), before, no_run, no_control)


def _controls(
    start_s: npt.NDArray[np.float64],
    onset: float,
    settings: InsightSettings,
    history_start: float,
    blocked: Sequence[tuple[float, float]],
) -> list[IndexArray]:
    """Control windows before the onset: ``control_count`` back to back, ending at it."""
    h = settings.hazard_s
    windows = [(onset - j * h - h, onset - j * h) for j in range(1, settings.control_count + 1)]
    return _with_runs(start_s, [w for w in windows if w[0] >= history_start], blocked)


def _after(
    start_s: npt.NDArray[np.float64],
    begin_s: float,
    settings: InsightSettings,
    history_end: float,
    blocked: Sequence[tuple[float, float]],
) -> list[IndexArray]:
    """Control windows after an episode: ``after_windows`` back to back from ``begin_s``."""
    h = settings.hazard_s
    windows = [(begin_s + j * h, begin_s + j * h + h) for j in range(settings.after_windows)]
    return _with_runs(start_s, [w for w in windows if w[1] <= history_end], blocked)


def _with_runs(
    start_s: npt.NDArray[np.float64],
    windows: Sequence[tuple[float, float]],
    blocked: Sequence[tuple[float, float]],
) -> list[IndexArray]:
    """The runs of each window [begin, end) that overlaps no blocked span and holds a run."""
    found = []
    for begin, end in windows:
        if any(a < end and begin <= b for a, b in blocked):
            continue
        runs = _runs_in(start_s, begin, end)
        if runs.size:
            found.append(runs)
    return found


def _runs_in(start_s: npt.NDArray[np.float64], begin: float, end: float) -> IndexArray:
    """Indices of runs with ``begin <= start < end``."""
    lo = int(np.searchsorted(start_s, begin, side="left"))
    hi = int(np.searchsorted(start_s, end, side="left"))
    return np.arange(lo, hi, dtype=np.intp)
