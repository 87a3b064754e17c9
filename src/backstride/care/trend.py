"""The pain trend from the diary: today's score and its change over the last week.

The change is the latest score minus the earliest score of the ``care.pain_trend`` window
(7 days) before it. A change of 2 points or more matters (``care.pain_change``; Ostelo et al.,
Spine 2008;33:90); smaller changes count as steady. The latest entry is today's pain when it is
no older than ``current_days`` (2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from backstride.knowledge.care import CareRules
from backstride.model import PainEntry


@dataclass(frozen=True, slots=True)
class PainTrend:
    latest: PainEntry | None
    current_score: int | None  # None when the latest entry is older than current_days
    change: int | None  # None without an earlier entry in the window
    direction: str | None  # "better", "worse", "steady"; None without a change

    @property
    def worse(self) -> bool:
        return self.direction == "worse"


def pain_trend(entries: Sequence[PainEntry], now: datetime, rules: CareRules) -> PainTrend:
    """The trend of the entries up to ``now`` (aware)."""
    past = sorted((e for e in entries if e.time_utc <= now), key=lambda e: e.time_utc)
    if not past:
        return PainTrend(None, None, None, None)
    latest = past[-1]
    fresh = now - latest.time_utc <= timedelta(days=rules.pain_trend.current_days)
    start = latest.time_utc - timedelta(days=rules.pain_trend.window_days)
    earlier = [e for e in past[:-1] if e.time_utc >= start]
    if not earlier:
        return PainTrend(latest, latest.score if fresh else None, None, None)
    change = latest.score - earlier[0].score
    step = rules.pain_change.min_change_score
    direction = "worse" if change >= step else "better" if change <= -step else "steady"
    return PainTrend(latest, latest.score if fresh else None, change, direction)


def diary_onset(entries: Sequence[PainEntry], now: datetime, gap_days: float) -> datetime | None:
    """When the current painful stretch began: the first entry with pain after the last gap of
    ``gap_days`` or more without a painful entry; None when no entry with pain lies within
    ``gap_days`` of ``now``."""
    painful = sorted(e.time_utc for e in entries if e.score > 0 and e.time_utc <= now)
    if not painful or now - painful[-1] > timedelta(days=gap_days):
        return None
    onset = painful[-1]
    for earlier in reversed(painful[:-1]):
        if onset - earlier >= timedelta(days=gap_days):
            break
        onset = earlier
    return onset
