"""The phase of an episode on both clocks, from the days since it began.

Tissue healing (article 003): acute 0-72 h, subacute 3 days-6 weeks, chronic beyond. Clinical
duration (guidelines): acute under 6 weeks, subacute 6-12 weeks, chronic beyond 12 weeks. The
boundaries come from ``phases.yaml``, with the day where two phases meet on the side the
sources put it (``includes_until``): day 42 is still subacute on the tissue clock ("chronic
> 6 weeks"), and day 84 on the clinical clock ("chronic > 12 weeks").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from backstride.knowledge.care_items import PhaseItem
from backstride.model import Clock, Phase, PhaseInfo

SECONDS_PER_DAY = 86_400.0


def _on_clock(days: float, clock: Clock, phases: Sequence[PhaseItem]) -> Phase:
    for item in sorted((p for p in phases if p.clock is clock), key=lambda p: p.from_days):
        if item.holds_until(days):
            return item.phase
    raise ValueError(f"no {clock} phase holds day {days}")  # the loader checks the tiling


def phase_at(days_since_onset: float | None, phases: Sequence[PhaseItem]) -> PhaseInfo:
    """Both phases ``days_since_onset`` days after onset; all None when the onset is unknown."""
    if days_since_onset is None:
        return PhaseInfo(None, None, None)
    days = max(days_since_onset, 0.0)
    return PhaseInfo(
        days, _on_clock(days, Clock.TISSUE, phases), _on_clock(days, Clock.CLINICAL, phases)
    )


def days_since_onset(
    onset_days_ago: float | None, answered: datetime, now: datetime
) -> float | None:
    """Days since onset at ``now``, for an answer given at ``answered`` (both aware)."""
    if onset_days_ago is None:
        return None
    return onset_days_ago + max((now - answered).total_seconds(), 0.0) / SECONDS_PER_DAY
