"""Charts of the run history: weekly load with spikes and the ACWR, one run over time, its track.

Inputs are the foundation's measures (``WeekLoad``, per-run spikes, a stream); outputs are
:class:`~backstride.reports.charts.Chart` descriptions in the runner's units (km or mi).
Thresholds drawn on the charts come from the knowledge rules, never from literals here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from backstride import presentation as fmt
from backstride.knowledge import MeasureRules
from backstride.metrics import WeekLoad
from backstride.model import Channel, Stream, Units
from backstride.reports.charts import (
    BLACK,
    BLUE,
    GREEN,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    Band,
    Chart,
    Panel,
    Series,
    SeriesKind,
    XKind,
    finite_or_none,
)

FloatArray = npt.NDArray[np.float64]
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), for the local flat projection
#: Points drawn per line: enough for a smooth curve at screen width, small enough to load fast.
MAX_POINTS = 1500


@dataclass(frozen=True, slots=True)
class RunPoint:
    """One run as the load chart needs it: its training day, distance and spike."""

    id: int
    local_date: date
    distance_m: float
    spike_pct: float | None


def load_chart(
    weeks: Sequence[WeekLoad], runs: Sequence[RunPoint], units: Units, rules: MeasureRules
) -> Chart:
    """Weekly distance (high rises marked), longest run, every run with spikes, and the ACWR."""
    per = fmt.metres_per_unit(units)
    u = units.value
    high = rules.weekly_increase.high_increase_pct
    normal = [w for w in weeks if not _high_rise(w, high)]
    steep = [w for w in weeks if _high_rise(w, high)]
    acwr = rules.acwr
    spikes = [
        r for r in runs if r.spike_pct is not None and r.spike_pct > rules.spike.reference_max_pct
    ]
    series = (
        _week_bars(f"weekly distance ({u})", normal, per, u, BLUE),
        _week_bars(f"week up over {high:g} %", steep, per, u, VERMILLION),
        Series(
            name=f"longest run ({u})",
            kind=SeriesKind.LINE_MARKERS,
            x=tuple(w.week_start for w in weeks),
            y=finite_or_none([(w.longest_run_m or 0.0) / per if w.runs else None for w in weeks]),
            colour=ORANGE,
            size=5,
        ),
        Series(
            name=f"run ({u})",
            kind=SeriesKind.MARKERS,
            x=tuple(r.local_date for r in runs),
            y=tuple(r.distance_m / per for r in runs),
            colour=SKY,
            panel=1,
            size=5,
            hover=tuple(f"run {r.id}: {fmt.distance(r.distance_m, units)}" for r in runs),
        ),
        Series(
            name=f"spike (over {rules.spike.reference_max_pct:g} % above the "
            f"{rules.spike.window_days}-day longest)",
            kind=SeriesKind.MARKERS,
            x=tuple(r.local_date for r in spikes),
            y=tuple(r.distance_m / per for r in spikes),
            colour=VERMILLION,
            panel=1,
            symbol="triangle-up",
            size=10,
            hover=tuple(
                f"run {r.id}: {fmt.distance(r.distance_m, units)}, {fmt.percent(r.spike_pct)}"
                for r in spikes
            ),
        ),
        Series(
            name="ACWR",
            kind=SeriesKind.LINE_MARKERS,
            x=tuple(w.week_start for w in weeks),
            y=finite_or_none([w.acwr for w in weeks]),
            colour=BLACK,
            panel=2,
            size=4,
        ),
    )
    return Chart(
        id="load",
        title="Weekly distance, runs and spikes, acute:chronic ratio",
        x_title="week (Monday, local time)",
        x_kind=XKind.DATE,
        panels=(
            Panel(f"distance ({u})"),
            Panel(f"run ({u})"),
            Panel(
                "ACWR (contested)",
                bands=(
                    Band(
                        acwr.sweet_low_ratio,
                        acwr.sweet_high_ratio,
                        f"so-called sweet spot {acwr.sweet_low_ratio:g}-{acwr.sweet_high_ratio:g}",
                    ),
                ),
            ),
        ),
        series=series,
        caption=(
            f"Spikes: runs more than {rules.spike.reference_max_pct:g} % longer than the longest "
            f"run of the previous {rules.spike.window_days} days (grade "
            f"{rules.spike.item.grade.value}). ACWR: acute:chronic workload ratio, EWMA "
            f"{acwr.acute_days}/{acwr.chronic_days} days on distance; its thresholds are "
            f"contested (grade {acwr.item.grade.value}): read it as a trend, not a verdict."
        ),
    )


def _high_rise(week: WeekLoad, high_pct: float) -> bool:
    return week.change_pct is not None and week.change_pct > high_pct


def _week_bars(name: str, weeks: Sequence[WeekLoad], per: float, u: str, colour: str) -> Series:
    return Series(
        name=name,
        kind=SeriesKind.BAR,
        x=tuple(w.week_start for w in weeks),
        y=tuple(w.distance_m / per for w in weeks),
        colour=colour,
        hover=tuple(
            f"week of {w.week_start}: {w.distance_m / per:.1f} {u}, {w.runs} runs, "
            f"change {fmt.percent(w.change_pct)}, {w.rest_days} rest days"
            for w in weeks
        ),
    )


# --- one run -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Channel:
    """A stream channel as drawn: its title, a factor to display units, and a colour."""

    channel: str
    title: str
    factor: float
    colour: str


_FORM_CHANNELS = (
    _Channel(Channel.HR_BPM, "heart rate (bpm)", 1.0, VERMILLION),
    _Channel(Channel.CADENCE_SPM, "cadence (spm)", 1.0, GREEN),
    _Channel(Channel.ALTITUDE_M, "elevation (m)", 1.0, ORANGE),
    _Channel(Channel.POWER_W, "power (W)", 1.0, PURPLE),
    _Channel(Channel.VERTICAL_OSCILLATION_M, "vertical oscillation (cm)", 100.0, SKY),
    _Channel(Channel.VERTICAL_RATIO_PCT, "vertical ratio (%)", 1.0, BLUE),
    _Channel(Channel.STANCE_TIME_S, "ground contact (ms)", 1000.0, BLACK),
    _Channel(Channel.STANCE_TIME_BALANCE_PCT, "contact balance, left (%)", 1.0, PURPLE),
    _Channel(Channel.STEP_LENGTH_M, "step length (m)", 1.0, GREEN),
)


def bucket_means(values: FloatArray, size: int) -> FloatArray:
    """Means of consecutive buckets of ``size`` samples, ignoring NaN (NaN for an empty bucket)."""
    if size <= 1:
        return values.astype(np.float64)
    starts = np.arange(0, len(values), size)
    finite = np.isfinite(values)
    sums = np.add.reduceat(np.where(finite, values, 0.0), starts)
    counts = np.add.reduceat(finite.astype(np.float64), starts)
    out = np.full(len(starts), np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def bucket_size(n: int, max_points: int = MAX_POINTS) -> int:
    return max(1, math.ceil(n / max(1, max_points)))


def run_chart(
    stream: Stream, units: Units, min_speed_mps: float, max_points: int = MAX_POINTS
) -> Chart:
    """Pace, heart rate, cadence, elevation and running dynamics over elapsed time.

    Pace is minutes per km or mile, left out below ``min_speed_mps`` (standing still has no
    pace); each line is averaged over buckets to at most ``max_points`` points.
    """
    t = stream.time_s
    size = bucket_size(len(t), max_points)
    minutes = tuple(float(x) for x in bucket_means((t - t[0]) / 60.0, size)) if len(t) else ()
    panels: list[Panel] = []
    series: list[Series] = []
    speed = stream.get(Channel.SPEED_MPS)
    if speed is not None:
        per = fmt.metres_per_unit(units)
        v = bucket_means(speed, size)
        pace = np.where(v >= min_speed_mps, per / np.maximum(v, 1e-9) / 60.0, np.nan)
        panels.append(Panel(f"pace (min/{units.value})", reversed=True))
        series.append(
            Series(
                name="pace",
                kind=SeriesKind.LINE,
                x=minutes,
                y=finite_or_none(pace.tolist()),
                colour=BLUE,
                panel=0,
                hover=tuple(fmt.pace(float(s), units) if s == s else "-" for s in v),
                show_legend=False,
            )
        )
    for ch in _FORM_CHANNELS:
        col = stream.get(ch.channel)
        if col is None:
            continue
        panels.append(Panel(ch.title))
        series.append(
            Series(
                name=ch.title,
                kind=SeriesKind.LINE,
                x=minutes,
                y=finite_or_none((bucket_means(col, size) * ch.factor).tolist()),
                colour=ch.colour,
                panel=len(panels) - 1,
                show_legend=False,
            )
        )
    if not panels:  # a run stored from laps alone: an empty chart that says so
        panels.append(Panel(""))
    return Chart(
        id="run",
        title="Over the run",
        x_title="elapsed time (min)",
        x_kind=XKind.NUMBER,
        panels=tuple(panels),
        series=tuple(series),
    )


def track_chart(stream: Stream, units: Units, max_points: int = MAX_POINTS) -> Chart:
    """The GPS track as a line in a flat local projection (no map tiles), start and finish marked.

    Equirectangular projection about the track's mean latitude: x = R·Δλ·cos φ0, y = R·Δφ, which
    is within a fraction of a percent over the few kilometres of a run.
    """
    lat, lon = stream.get(Channel.LAT_DEG), stream.get(Channel.LON_DEG)
    empty = Chart("track", "Track", "", XKind.NUMBER, (Panel(""),), (), equal_aspect=True)
    if lat is None or lon is None:
        return empty
    ok = np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return empty
    la, lo = lat[ok], lon[ok]
    step = bucket_size(len(la), max_points)
    la, lo = la[::step], lo[::step]
    lat0, lon0 = float(np.mean(la)), float(np.mean(lo))
    per = fmt.metres_per_unit(units)
    x = np.radians(lo - lon0) * math.cos(math.radians(lat0)) * EARTH_RADIUS_M / per
    y = np.radians(la - lat0) * EARTH_RADIUS_M / per
    u = units.value
    series = (
        Series(
            "track", SeriesKind.LINE, tuple(x.tolist()), tuple(y.tolist()), BLUE, show_legend=False
        ),
        Series("start", SeriesKind.MARKERS, (float(x[0]),), (float(y[0]),), GREEN, size=12),
        Series(
            "finish",
            SeriesKind.MARKERS,
            (float(x[-1]),),
            (float(y[-1]),),
            VERMILLION,
            symbol="square",
            size=11,
        ),
    )
    return Chart(
        id="track",
        title="Track",
        x_title=f"east ({u})",
        x_kind=XKind.NUMBER,
        panels=(Panel(f"north ({u})"),),
        series=series,
        equal_aspect=True,
        caption=f"Centred on {lat0:.4f}°, {lon0:.4f}°; no map (backstride works offline).",
    )
