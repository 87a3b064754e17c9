"""Use cases that change one activity or the profile."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date
from zoneinfo import available_timezones

from backstride.errors import InputValueError, NotFoundError
from backstride.metrics import surface_from_sub_sport
from backstride.model import Profile, SubSport, Surface, Units
from backstride.store import Store


def set_surface(store: Store, activity_id: int, surface: Surface | None) -> str:
    """Override the surface of one activity; ``None`` returns to what its file says."""
    row = store.activity_row(activity_id)
    if row is None:
        raise NotFoundError(f"no activity with id {activity_id}")
    effective = surface or surface_from_sub_sport(SubSport(row["sub_sport"]))
    store.set_surface(activity_id, None if surface is None else str(surface), str(effective))
    return str(effective)


def update_profile(
    store: Store,
    *,
    height_cm: float | None,
    weight_kg: float | None,
    birth_year: int | None,
    units: Units | None,
    max_hr: float | None,
    resting_hr: float | None,
    timezone: str | None,
    today: date,
) -> Profile:
    """Change the given fields of the profile, validating each; returns the saved profile."""
    p = store.profile()
    if height_cm is not None:
        _check_range("height", height_cm, 50, 250, "cm")
        p = replace(p, height_m=height_cm / 100.0)
    if weight_kg is not None:
        _check_range("weight", weight_kg, 20, 300, "kg")
        p = replace(p, weight_kg=weight_kg)
    if birth_year is not None:
        _check_range("birth year", birth_year, 1900, today.year - 5, "")
        p = replace(p, birth_year=birth_year)
    if max_hr is not None:
        _check_range("maximum heart rate", max_hr, 100, 240, "bpm")
        p = replace(p, max_hr_bpm=max_hr)
    if resting_hr is not None:
        _check_range("resting heart rate", resting_hr, 25, 120, "bpm")
        p = replace(p, resting_hr_bpm=resting_hr)
    if units is not None:
        p = replace(p, units=units)
    if timezone is not None:
        if timezone not in _zones():
            shown = timezone if len(timezone) <= 60 else timezone[:60] + "..."
            raise InputValueError(
                f"unknown time zone {shown!r} (use an IANA name such as Europe/Berlin)"
            )
        p = replace(p, timezone=timezone)
    store.save_profile(p)
    return p


@functools.cache
def _zones() -> frozenset[str]:
    """The IANA time zone names this machine knows, less the files that name no place
    (``localtime``: whatever this machine is set to; ``Factory``: no zone at all)."""
    return frozenset(available_timezones() - {"localtime", "Factory"})


def _check_range(what: str, value: float, low: float, high: float, unit: str) -> None:
    if not low <= value <= high:
        raise InputValueError(
            f"{what} {value:g} {unit} is outside {low:g} to {high:g} {unit}".replace(
                "  ", " "
            ).strip()
        )
