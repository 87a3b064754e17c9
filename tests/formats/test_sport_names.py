"""One mapping of sport names from every source (FIT, TCX, GPX, Strava, folder names)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.formats.sports import sport_from_name, sub_sport_from_name
from backstride.model import Sport, SubSport


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("running", (Sport.RUNNING, SubSport.GENERIC)),  # FIT, GPX
        ("Running", (Sport.RUNNING, SubSport.GENERIC)),  # TCX Sport attribute
        ("Biking", (Sport.CYCLING, SubSport.GENERIC)),
        ("9", (Sport.RUNNING, SubSport.GENERIC)),  # Strava GPX type code
        ("Run", (Sport.RUNNING, SubSport.GENERIC)),  # Strava Activity Type
        ("Trail Run", (Sport.RUNNING, SubSport.TRAIL)),
        ("TrailRun", (Sport.RUNNING, SubSport.TRAIL)),
        ("Virtual Run", (Sport.RUNNING, SubSport.VIRTUAL)),
        ("Walk", (Sport.WALKING, SubSport.GENERIC)),
        ("Hike", (Sport.HIKING, SubSport.GENERIC)),
        ("Virtual Ride", (Sport.CYCLING, SubSport.VIRTUAL)),
        ("Stand Up Paddling", (Sport.STAND_UP_PADDLEBOARDING, SubSport.GENERIC)),
        ("cross_country_skiing", (Sport.CROSS_COUNTRY_SKIING, SubSport.GENERIC)),
        ("Laufen", (Sport.RUNNING, SubSport.GENERIC)),  # geo-activity-playground folder names
        ("Spaziergang", (Sport.WALKING, SubSport.GENERIC)),
        ("Wanderung", (Sport.HIKING, SubSport.GENERIC)),
        ("treadmill_running", (Sport.RUNNING, SubSport.TREADMILL)),
    ],
)
def test_known_names(name: str, expected: tuple[Sport, SubSport]) -> None:
    assert sport_from_name(name) == expected


@pytest.mark.parametrize(
    "name", [None, "", "Other", "unknown", "generic", "example type", "jkljkl", "track"]
)
def test_names_that_say_nothing(name: str | None) -> None:
    assert sport_from_name(name) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("treadmill", SubSport.TREADMILL), ("street", SubSport.STREET), ("trail", SubSport.TRAIL),
     ("track", SubSport.TRACK), ("generic", SubSport.GENERIC), (None, SubSport.GENERIC),
     ("indoor_running", SubSport.TREADMILL), ("mountain", SubSport.OTHER)],
)  # fmt: skip
def test_fit_sub_sport_names(name: str | None, expected: SubSport) -> None:
    assert sub_sport_from_name(name) == expected


@given(st.sampled_from(["Trail Run", "running", "Stand Up Paddling", "virtual ride", "Walk"]),
       st.sampled_from([" ", "_", "-", ""]), st.booleans())  # fmt: skip
def test_case_and_separators_do_not_matter(name: str, separator: str, upper: bool) -> None:
    spelled = name.replace(" ", separator)
    assert sport_from_name(spelled.upper() if upper else spelled) == sport_from_name(name)


@given(st.text(max_size=30))
def test_any_text_maps_to_a_sport_or_none(name: str) -> None:
    found = sport_from_name(name)
    assert found is None or (isinstance(found[0], Sport) and isinstance(found[1], SubSport))
    assert isinstance(sub_sport_from_name(name), SubSport)
