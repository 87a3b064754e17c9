"""Shared test data for the web and report tests: the repository's sample history, imported once.

``samples/`` holds 36 SYNTHETIC runs of an invented runner (made by scripts/make_samples.py,
including a deliberate 60 % spike); real device files come from ``../shared/data`` by path.
The clock is frozen two days after the last sample run.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from backstride.services import import_paths
from backstride.settings import Settings
from backstride.store import Store

REPO = Path(__file__).resolve().parents[2]
DATA = (REPO / ".." / "shared" / "data").resolve()
SAMPLES = REPO / "samples"
SAMPLE_FILES = tuple(sorted(SAMPLES.iterdir()))
FENIX5_RUN = DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"
EMPTY_SESSIONS = DATA / "fit" / "sportslib__empty-sessions.fit"
NOW = datetime(2026, 8, 25, 8, 0, tzinfo=UTC)
ZONE = "Europe/Berlin"


def frozen_clock() -> datetime:
    return NOW


def settings_for(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'backstride.db'}")


def import_into(home: Path, paths: list[Path], zone: str | None = ZONE) -> Settings:
    """A store at ``home`` holding ``paths``, the profile's time zone set."""
    settings = settings_for(home)
    store = Store.open(settings)
    try:
        if zone:
            store.save_profile(replace(store.profile(), timezone=zone))
        import_paths(store, paths, NOW, workers=1)
    finally:
        store.close()
    return settings


@cache
def sample_home(root: Path) -> Settings:
    """The 36 sample runs, imported once per session."""
    return import_into(root, [SAMPLES])
