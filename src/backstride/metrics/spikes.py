"""Single-run spikes: each run against the longest run of the previous 30 days.

spike_pct = (distance / longest distance in the window - 1) x 100, the window being the
``window_days`` (knowledge item ``load.single_run_spike``, 30 days) before the run's start and
holding only runs that started strictly earlier. Frandsen et al., Br J Sports Med 2025;59:1203:
spikes above 10 % went with more overuse injuries.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from datetime import datetime, timedelta

from backstride.knowledge import MeasureRules


def spike_pcts(runs: Sequence[tuple[datetime, float]], rules: MeasureRules) -> list[float | None]:
    """The spike of each run (start_utc, distance_m), in input order; None without a prior run.

    Runs with no positive, finite distance get None and never serve as the longest run (a
    zero-distance treadmill file would otherwise make every later spike infinite). Runs with
    the same start time do not count against each other. O(n log n): a sort, then one pass with
    a sliding-window maximum (a deque of decreasing distances).
    """
    window = timedelta(days=rules.spike.window_days)
    order = sorted(range(len(runs)), key=lambda i: runs[i][0])
    usable = [i for i in order if math.isfinite(runs[i][1]) and runs[i][1] > 0]
    out: list[float | None] = [None] * len(runs)
    best: deque[int] = deque()  # candidate indices, distances decreasing, starts increasing
    added = 0
    for i in usable:
        start, distance = runs[i]
        while added < len(usable) and runs[usable[added]][0] < start:
            j = usable[added]
            while best and runs[best[-1]][1] <= runs[j][1]:
                best.pop()
            best.append(j)
            added += 1
        while best and runs[best[0]][0] < start - window:
            best.popleft()
        if best:
            longest = runs[best[0]][1]
            out[i] = (distance - longest) / longest * 100.0  # = (d / longest - 1) x 100
    return out
