"""Pain episodes from diary entries: which entry starts an episode, and when it ends."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from backstride.errors import InputValueError
from backstride.insight._records import PainEpisode
from backstride.insight._settings import InsightSettings

DiaryEntry = tuple[datetime, float]


def pain_episodes(
    entries: Sequence[DiaryEntry],
    *,
    pain_free_days: float | None = None,
    min_score: float | None = None,
) -> tuple[PainEpisode, ...]:
    """Split diary entries ``(time, score 0-10)`` into episodes, earliest first.

    An entry with ``score >= min_score`` starts an episode when no painful entry lies in the
    ``pain_free_days`` before it (the diary's first painful entry starts one too); the episode
    ends at its last painful entry before such a gap. Entries below ``min_score`` only mark
    pain-free days. Defaults come from ``method.insight_episodes``. Times must be aware.
    """
    settings = InsightSettings.from_knowledge()
    gap = timedelta(days=settings.pain_free_days if pain_free_days is None else pain_free_days)
    threshold = settings.min_pain_score if min_score is None else min_score
    painful = sorted(time for time, score in _checked(entries) if score >= threshold)
    episodes: list[PainEpisode] = []
    onset: datetime | None = None
    last: datetime | None = None
    for time in painful:
        if onset is None or last is None:
            onset = last = time
        elif time - last >= gap:
            episodes.append(PainEpisode(onset, last))
            onset = last = time
        else:
            last = time
    if onset is not None:
        episodes.append(PainEpisode(onset, last))
    return tuple(episodes)


def episode_onsets(
    entries: Sequence[DiaryEntry],
    *,
    pain_free_days: float | None = None,
    min_score: float | None = None,
) -> tuple[datetime, ...]:
    """The times of the diary entries that start an episode (see :func:`pain_episodes`)."""
    found = pain_episodes(entries, pain_free_days=pain_free_days, min_score=min_score)
    return tuple(e.onset_utc for e in found)


def _checked(entries: Sequence[DiaryEntry]) -> Sequence[DiaryEntry]:
    for time, score in entries:
        if time.tzinfo is None or time.utcoffset() is None:
            raise InputValueError(f"diary time {time!r} must be timezone-aware")
        if not 0 <= score <= 10:
            raise InputValueError(f"a pain score must lie between 0 and 10, got {score}")
    return entries
