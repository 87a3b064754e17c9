"""What every request handler shares: the open store, the clock, the rules, the runner's time zone.

The clock is passed in (tests freeze it); nothing here calls a bare ``datetime.now()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TypeVar

from fastapi import Request

from backstride.knowledge import MeasureRules
from backstride.metrics import ShoeReport, WeekLoad
from backstride.model import Gear, Profile
from backstride.services import history
from backstride.services.care_inputs import CareHistory
from backstride.services.history import RunView
from backstride.settings import Settings
from backstride.store import Store
from backstride.timeutil import profile_zone
from backstride.web.cache import HistoryCache

Clock = Callable[[], datetime]
T = TypeVar("T")


def utc_now() -> datetime:
    """The real clock: an aware UTC instant."""
    return datetime.now(UTC)


def local_time(when_utc: datetime, utc_offset_s: int | None, fallback: tzinfo) -> datetime:
    """``when_utc`` on the local clock of where it happened: the stated offset, else ``fallback``."""
    if utc_offset_s is not None:
        return when_utc.astimezone(timezone(timedelta(seconds=utc_offset_s)))
    return when_utc.astimezone(fallback)


@dataclass(frozen=True, slots=True)
class WebContext:
    """The app's shared state; one per app, read-only after start.

    Reads of the history go through ``cache``, which forgets everything at the database's next
    commit (see :mod:`backstride.web.cache`).
    """

    store: Store
    clock: Clock
    rules: MeasureRules
    cache: HistoryCache
    settings: Settings
    import_workers: int | None = None

    def now(self) -> datetime:
        return self.clock()

    def profile(self) -> Profile:
        return self.cache.get("profile", self.store.profile)

    def run_views(self) -> list[RunView]:
        """Every stored activity, oldest first, with its spike (the foundation's service)."""
        return self.cache.get("views", lambda: history.run_views(self.store, self.rules))

    def weeks(self, today: date) -> list[WeekLoad]:
        """Weekly running load up to ``today`` (the foundation's service)."""
        return self.cache.get(
            ("weeks", today), lambda: history.weeks(self.store, today=today, rules=self.rules)
        )

    def shoes(self, today: date) -> list[ShoeReport]:
        return self.cache.get(
            ("shoes", today), lambda: history.shoes(self.store, today, self.rules)
        )

    def care_history(self) -> CareHistory:
        """The history as the care and insight services read it, built on the cached views."""
        return self.cache.get(
            "care-history", lambda: CareHistory(self.store, self.rules, self.run_views())
        )

    def gear(self) -> list[Gear]:
        return self.cache.get("gear", self.store.gear_list)

    def warm(self) -> None:
        """Load the history views into the cache (after a write, before the next page)."""
        today = self.today()
        self.run_views()
        self.weeks(today)

    def memo(self, name: str, now: datetime, compute: Callable[[], T]) -> T:
        """A service's answer at ``now``, kept for the rest of that minute unless the database
        changes (answers that depend on the time of day, such as the phase, move slower)."""
        return self.cache.get((name, now.replace(second=0, microsecond=0)), compute)

    def today(self, profile: Profile | None = None) -> date:
        """The runner's calendar day now, in their time zone."""
        return self.now().astimezone(profile_zone(profile or self.profile())).date()


def get_context(request: Request) -> WebContext:
    """FastAPI dependency: the app's :class:`WebContext`."""
    ctx = request.app.state.ctx
    assert isinstance(ctx, WebContext)
    return ctx
