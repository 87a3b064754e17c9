"""The inputs of the insight analysis: one record per run, and pain episodes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from backstride.errors import InputValueError
from backstride.model import Activity, RunMeasures, SubSport, Surface


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class RunExposureInput:
    """What the analysis needs to know about one run; SI units, None where unknown.

    ``local_date`` is the training day in the local time of the run. ``spike_pct`` is the
    foundation's single-run spike against the longest run of the previous 30 days (None when
    there was no run then). ``shoe_distance_m`` is the distance the shoe had already carried when
    the run started (None when the run has no shoe). ``stance_time_balance_left_pct`` is the left
    foot's share of ground contact time.
    """

    start_utc: datetime
    local_date: date
    distance_m: float
    moving_s: float | None = None
    avg_speed_mps: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    descent_m_per_km: float | None = None
    steep_descent_s: float | None = None
    avg_cadence_spm: float | None = None
    surface: Surface = Surface.UNKNOWN
    sub_sport: SubSport = SubSport.GENERIC
    spike_pct: float | None = None
    shoe_distance_m: float | None = None
    avg_temperature_c: float | None = None
    stance_time_balance_left_pct: float | None = None

    def __post_init__(self) -> None:
        _require_aware("start_utc", self.start_utc)
        if not math.isfinite(self.distance_m) or self.distance_m < 0:
            raise InputValueError(f"distance_m must be a finite number >= 0, got {self.distance_m}")

    @property
    def speed_mps(self) -> float | None:
        """Average speed: the stated one, else distance over moving time."""
        if self.avg_speed_mps is not None:
            return self.avg_speed_mps
        if self.moving_s:
            return self.distance_m / self.moving_s
        return None

    @property
    def descent_per_km_m(self) -> float | None:
        """Descent per kilometre in metres: the stated one, else descent over distance."""
        if self.descent_m_per_km is not None:
            return self.descent_m_per_km
        if self.descent_m is not None and self.distance_m > 0:
            return self.descent_m / (self.distance_m / 1000.0)
        return None

    @property
    def ascent_per_km_m(self) -> float | None:
        """Climbing per kilometre in metres, or None without ascent or distance."""
        if self.ascent_m is not None and self.distance_m > 0:
            return self.ascent_m / (self.distance_m / 1000.0)
        return None

    @classmethod
    def from_run(
        cls,
        activity: Activity,
        measures: RunMeasures,
        *,
        spike_pct: float | None = None,
        shoe_distance_m: float | None = None,
    ) -> RunExposureInput:
        """Build the record from the foundation's activity and its measures.

        The local date uses the activity's UTC offset, or UTC when the file gave none.
        """
        offset = timedelta(seconds=activity.utc_offset_s or 0)
        local = activity.start_utc.astimezone(UTC) + offset
        return cls(
            start_utc=activity.start_utc,
            local_date=local.date(),
            distance_m=measures.distance_m,
            moving_s=measures.moving_s,
            avg_speed_mps=measures.avg_speed_mps,
            ascent_m=measures.ascent_m,
            descent_m=measures.descent_m,
            descent_m_per_km=measures.descent_m_per_km,
            steep_descent_s=measures.steep_descent_s,
            avg_cadence_spm=measures.avg_cadence_spm,
            surface=measures.surface,
            sub_sport=activity.sub_sport,
            spike_pct=spike_pct,
            shoe_distance_m=shoe_distance_m,
            avg_temperature_c=measures.avg_temperature_c,
            stance_time_balance_left_pct=measures.stance_time_balance_left_pct,
        )


@dataclass(frozen=True, slots=True)
class PainEpisode:
    """One episode of pain: when it began, and the last diary entry that still had pain.

    ``last_pain_utc`` defaults to the onset when the end is unknown.
    """

    onset_utc: datetime
    last_pain_utc: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware("onset_utc", self.onset_utc)
        if self.last_pain_utc is not None:
            _require_aware("last_pain_utc", self.last_pain_utc)
            if self.last_pain_utc < self.onset_utc:
                raise InputValueError("an episode's last pain cannot come before its onset")

    @property
    def end_utc(self) -> datetime:
        """The last time the episode is known to hurt (the onset when unknown)."""
        return self.last_pain_utc or self.onset_utc
