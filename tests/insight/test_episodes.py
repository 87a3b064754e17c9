"""Pain episodes from diary entries: onsets after a pain-free week, ends at the last pain."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.errors import InputValueError
from backstride.insight import PainEpisode, episode_onsets, pain_episodes
from tests.insight._make import at


def test_onsets_need_a_pain_free_week() -> None:
    """Pain on days 0-2, zeros on 3-5, pain on 6 (only 4 days after day 2: same episode), then
    pain on day 20 (14 days after day 6: a new episode)."""
    entries = [(at(d), s) for d, s in [(0, 3), (1, 4), (2, 1), (3, 0), (4, 0), (5, 0)]]
    entries += [(at(6), 2), (at(20), 5), (at(21), 0)]
    assert episode_onsets(entries) == (at(0), at(20))
    assert pain_episodes(entries) == (PainEpisode(at(0), at(6)), PainEpisode(at(20), at(20)))


def test_exactly_seven_days_apart_starts_a_new_episode() -> None:
    assert episode_onsets([(at(0), 2), (at(7), 2)]) == (at(0), at(7))
    assert episode_onsets([(at(0), 2), (at(6.9), 2)]) == (at(0),)


def test_order_of_entries_does_not_matter_and_zeros_are_no_pain() -> None:
    entries = [(at(30), 1), (at(0), 6), (at(10), 0), (at(31), 0)]
    assert episode_onsets(entries) == (at(0), at(30))
    assert episode_onsets([(at(0), 0), (at(1), 0)]) == ()
    assert episode_onsets([]) == ()


def test_settings_can_be_given() -> None:
    entries = [(at(0), 1), (at(3), 2), (at(4), 4)]
    assert episode_onsets(entries, pain_free_days=2) == (at(0), at(3))
    assert episode_onsets(entries, min_score=3) == (at(4),)


def test_bad_entries_are_refused() -> None:
    with pytest.raises(InputValueError):
        episode_onsets([(datetime(2024, 1, 1), 2)])  # naive time
    with pytest.raises(InputValueError):
        episode_onsets([(at(0), 11)])
    with pytest.raises(InputValueError):
        PainEpisode(at(2), at(1))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 200), st.integers(0, 10)), max_size=40))
def test_episodes_are_ordered_and_separated(raw: list[tuple[float, int]]) -> None:
    """Whatever the diary: episodes are in time order, each ends before the next begins with at
    least 7 days between, and every painful entry lies inside one episode."""
    entries = [(at(d), float(s)) for d, s in raw]
    found = pain_episodes(entries)
    for a, b in itertools.pairwise(found):
        assert b.onset_utc - a.end_utc >= timedelta(days=7)
    for time, score in entries:
        if score >= 1:
            assert any(e.onset_utc <= time <= e.end_utc for e in found)
