"""Simulation: power and false findings of backstride's case-crossover analysis (issue 4).

    python bench/insight_power.py            # full grid: about 20 minutes on 2 shared cores
    python bench/insight_power.py --quick    # a rough look in about 4 minutes
    python bench/insight_power.py --deep-null   # 1000 null runners, 60 onsets, 50 exposures: ~25 min
    python bench/insight_power.py --careful  # wash-out after episodes vs a careful return: ~8 min
    python bench/insight_power.py --out FILE    # also write the tables (markdown) to FILE
    python bench/insight_power.py --edge        # the end effect of each window design: ~30 s

Every replicate is one synthetic runner: a run history and a pain diary built by `simulate`
below, analysed by backstride.insight exactly as a real runner's data would be (exposure_table
then analyse_table, which is what analyse_triggers does: its own exposure rules, windows, exact
tests and Holm's correction; only the minimum-episode gate is switched off so that
small diaries can be measured, and the descriptive trends are skipped). Every replicate is
analysed three times: as shipped (controls before the onset, Holm's procedure within Tarone's
screen), with Westfall and Young's step-down min-p instead, and with 6 control windows also
after each episode (bidirectional with a 7-day wash-out), so the three are compared on the same
data. The
generator, in full:

Runner (drawn once per replicate)
  - 3-6 preferred weekdays, each run with probability 0.85; other days 0.06; on a run day a
    second run with probability 0.03. The last preferred day of the week holds the long run.
  - usual run 5-10 km; long run 1.8x; every run x lognormal(sd 0.15).
  - 4-week cycle of weekly volume 1.0, 1.1, 1.2, 0.8; each week a 3 % chance of a 1-3 week
    break (no running), which gives returns with spikes and steep weekly increases.
  - routes: a Dirichlet(4, 2, 1.2, 0.5, 0.8) mix of flat road, hilly road, trail, track and
    treadmill. Climb per km: flat 2-8 m, hilly road 15-35 m, trail 20-50 m, track 0; descent
    equal to climb times lognormal(sd 0.1); time on grades steeper than -5 %: a share
    (climb per km - 10) / 60 of the run (0-40 %) times 0.5-1.5; treadmill: no elevation.
  - speed 2.5-3.6 m/s; x0.9 on trail, x0.93 on the long run, x1.12 on a workout day (15 % of
    other runs); x N(1, 0.03).
  - cadence N(165, 8) at 3 m/s, rising 5-10 spm per m/s; run-to-run noise sd 1.5-3 spm; 2 spm
    lower on trail.
  - device temperature (80 % of runners): air N(mean 8-18 degC + seasonal swing 4-10 degC, 3)
    plus 4 degC of wrist warmth; 24 degC indoors.
  - ground-contact balance (40 % of runners): N(50 + runner offset N(0, 0.5), 0.5) percent left.
  - shoes (70 % of runners log them): replaced at 500-1000 km.
  - 120 days of history before the diary starts.

Pain (the diary)
  - onsets arrive hour by hour with a baseline hazard of 12 per pain-free year; in the 48 hours
    after a run that had the planted exposure (backstride's own flag for it) the hazard is
    multiplied by the planted odds ratio r (r = 1: no trigger at all).
  - an episode's last pain comes 0-7.5 days after its onset; the next onset needs 7 pain-free
    days (the episode rule).
  - while in pain the runner skips half of the planned runs.
  - the diary stops at the target number of onsets; the runs go on after it, up to the hazard
    window of the next (unlogged) onset. Onset times are exact (no recall error).
  - "careful" null cells only: for 21 days after each episode's last pain, 70 % of hilly-road
    and trail runs move to flat road and the long run is cut to a usual run (a runner who comes
    back carefully; the behaviour change that controls taken after an episode would pick up).

Separate null runners (the "noise" column) also get 36 noise exposures (each run flagged with probability 5-50 %;
18 independent from run to run, 18 persistent: a two-state chain that keeps its state from one
run to the next with probability 0.9, so blocks of about 10 runs or 2-3 weeks; 10 % unknown),
to test whether the family-wise error stays at or below 5 % however many exposures are tested.

The planted trigger rotates over downhill, long_run, distance_spike and fast_pace, which in this
generator are on about 3-35 % of runs. Power is the share of replicates in which the planted
exposure is flagged significant with an odds ratio above 1. 95 % Monte Carlo intervals are
Clopper-Pearson.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing import Pool

import numpy as np
from scipy.stats import binomtest

from backstride.insight import (
    EXPOSURE_IDS,
    ConditionalDistribution,
    InsightResult,
    InsightSettings,
    MatchedSet,
    Multiplicity,
    PainEpisode,
    RunExposureInput,
    analyse_table,
    exposure_table,
)
from backstride.model import SubSport, Surface

TRIGGERS = ("downhill", "long_run", "distance_spike", "fast_pace")
EPISODES = (5, 10, 20, 30, 45, 60)
RATIOS = (1.5, 2.0, 3.0, 4.0, 6.0)
HISTORY_DAYS = 120
ONSETS_PER_YEAR = 12.0
NOISE_EXPOSURES = 36
CAREFUL_DAYS = 21
CAREFUL_EPISODES = (30, 60)
EPOCH = datetime(2023, 1, 2, tzinfo=UTC)  # a Monday


@dataclass(frozen=True)
class Runner:
    days: tuple[float, ...]  # run probability per weekday
    long_day: int
    base_km: float
    speed_mps: float
    cadence_3: float
    cadence_slope: float
    cadence_sd: float
    routes: tuple[float, ...]
    temp_mean: float | None
    temp_swing: float
    gct_offset: float | None
    shoe_log: bool
    utc_offset_h: int


def draw_runner(rng: np.random.Generator) -> Runner:
    n_days = int(rng.integers(3, 7))
    preferred = np.sort(rng.choice(7, size=n_days, replace=False))
    days = tuple(0.85 if d in preferred else 0.06 for d in range(7))
    return Runner(
        days=days,
        long_day=int(preferred[-1]),
        base_km=float(rng.uniform(5, 10)),
        speed_mps=float(rng.uniform(2.5, 3.6)),
        cadence_3=float(rng.normal(165, 8)),
        cadence_slope=float(rng.uniform(5, 10)),
        cadence_sd=float(rng.uniform(1.5, 3)),
        routes=tuple(float(x) for x in rng.dirichlet([4, 2, 1.2, 0.5, 0.8])),
        temp_mean=float(rng.uniform(8, 18)) if rng.random() < 0.8 else None,
        temp_swing=float(rng.uniform(4, 10)),
        gct_offset=float(rng.normal(0, 0.5)) if rng.random() < 0.4 else None,
        shoe_log=bool(rng.random() < 0.7),
        utc_offset_h=int(rng.choice([-5, 0, 1, 2])),
    )


def week_volume(rng: np.random.Generator, n_weeks: int) -> np.ndarray:
    """Weekly volume factor: the 4-week cycle, with breaks of 1-3 weeks at zero."""
    factor = np.array([(1.0, 1.1, 1.2, 0.8)[w % 4] for w in range(n_weeks)])
    w = 0
    while w < n_weeks:
        if rng.random() < 0.03:
            length = int(rng.integers(1, 4))
            factor[w : w + length] = 0.0
            w += length
        w += 1
    return factor


def run_days(rng: np.random.Generator, r: Runner, n_days: int) -> tuple[np.ndarray, np.ndarray]:
    """Day index and volume factor of every run (a day may hold a second, half-volume run)."""
    volume = np.repeat(week_volume(rng, n_days // 7 + 1), 7)[:n_days]
    days = np.arange(n_days)
    ran = (volume > 0) & (rng.random(n_days) < np.array(r.days)[days % 7])
    double = ran & (rng.random(n_days) < 0.03)
    day = np.concatenate([days[ran], days[double]])
    vol = np.concatenate([volume[ran], 0.5 * volume[double]])
    order = np.argsort(day, kind="stable")
    return day[order], vol[order]


def shoe_km(rng: np.random.Generator, km: np.ndarray) -> np.ndarray:
    """Distance on the shoe at the start of each run; a new pair at 500-1000 km."""
    out = np.empty_like(km)
    worn, life = float(rng.uniform(0, 600)), float(rng.uniform(500, 1000))
    for i, k in enumerate(km):
        if worn >= life:
            worn, life = 0.0, float(rng.uniform(500, 1000))
        out[i] = worn
        worn += float(k)
    return out


def run_history(rng: np.random.Generator, r: Runner, n_days: int) -> dict[str, np.ndarray]:
    """Every run of ``n_days`` as columns (see the module docstring for each rule)."""
    day, vol = run_days(rng, r, n_days)
    n = len(day)
    route = rng.choice(5, size=n, p=r.routes)
    trail, treadmill = route == 2, route == 4
    long_run = day % 7 == r.long_day
    km = r.base_km * vol * np.where(long_run, 1.8, 1.0) * rng.lognormal(0, 0.15, n)
    km *= np.where(trail, 0.9, 1.0)
    workout = ~long_run & (rng.random(n) < 0.15)
    speed = r.speed_mps * np.where(trail, 0.9, 1.0) * np.where(long_run, 0.93, 1.0)
    speed *= np.where(workout, 1.12, 1.0) * rng.normal(1, 0.03, n)
    moving = km * 1000.0 / speed
    climb = rng.uniform(np.array([2.0, 15, 20, 0, 0])[route], np.array([8.0, 35, 50, 0, 0])[route])
    steep = np.clip((climb - 10) / 60, 0.0, 0.4) * moving * rng.uniform(0.5, 1.5, n)
    cadence = r.cadence_3 + r.cadence_slope * (speed - 3) + rng.normal(0, r.cadence_sd, n)
    season = np.sin(2 * np.pi * (day - 110) / 365.0)
    air = (r.temp_mean or 0.0) + r.temp_swing * season + rng.normal(0, 3, n)
    hour = rng.choice([7.0, 18.0], size=n) + rng.uniform(-1, 1, n)
    return {
        "start_h": day * 24.0 + hour - r.utc_offset_h,
        "day": day.astype(np.float64),
        "hour": hour,
        "route": route.astype(np.float64),
        "km": km,
        "moving": moving,
        "speed": speed,
        "climb": climb,
        "descent": climb * rng.lognormal(0, 0.1, n),
        "steep": steep,
        "cadence": cadence - np.where(trail, 2.0, 0.0),
        "temp": np.where(treadmill, 24 + rng.normal(0, 1, n), air + 4),
        "gct": 50 + (r.gct_offset or 0.0) + rng.normal(0, 0.5, n),
        "shoe_m": shoe_km(rng, km) * 1000.0,
    }


def spikes(start_h: np.ndarray, km: np.ndarray) -> np.ndarray:
    """The foundation's spike: distance against the longest run of the 30 days before.

    NaN when there was no run in those 30 days.
    """
    firsts = np.searchsorted(start_h, start_h - 30 * 24.0, side="left")
    out = np.full(len(km), np.nan)
    for i in range(len(km)):
        if i > firsts[i]:
            out[i] = (km[i] / km[firsts[i] : i].max() - 1) * 100
    return out


def to_runs(cols: dict[str, np.ndarray], keep: np.ndarray, r: Runner) -> list[RunExposureInput]:
    """RunExposureInput records for the kept runs, with their spikes among the kept runs."""
    c = {k: v[keep] for k, v in cols.items()}
    spike = spikes(c["start_h"], c["km"])
    surfaces = (Surface.ROAD, Surface.ROAD, Surface.TRAIL, Surface.TRACK, Surface.TREADMILL)
    runs = []
    for i in range(len(spike)):
        route = int(c["route"][i])
        indoor = route == 4
        km = float(c["km"][i])
        local = EPOCH + timedelta(days=float(c["day"][i]), hours=float(c["hour"][i]))
        runs.append(
            RunExposureInput(
                start_utc=EPOCH + timedelta(hours=float(c["start_h"][i])),
                local_date=local.date(),
                distance_m=km * 1000.0,
                moving_s=float(c["moving"][i]),
                avg_speed_mps=float(c["speed"][i]),
                ascent_m=None if indoor else float(c["climb"][i]) * km,
                descent_m=None if indoor else float(c["descent"][i]) * km,
                steep_descent_s=None if indoor else float(c["steep"][i]),
                avg_cadence_spm=float(c["cadence"][i]),
                surface=surfaces[route],
                sub_sport=SubSport.TREADMILL if indoor else SubSport.GENERIC,
                spike_pct=None if np.isnan(spike[i]) else float(spike[i]),
                shoe_distance_m=float(c["shoe_m"][i]) if r.shoe_log else None,
                avg_temperature_c=float(c["temp"][i]) if r.temp_mean is not None else None,
                stance_time_balance_left_pct=(
                    float(c["gct"][i]) if r.gct_offset is not None else None
                ),
            )
        )
    return runs


def draw_onsets(
    rng: np.random.Generator,
    hours_exposed: np.ndarray,
    start_h: int,
    target: int,
    odds_ratio: float,
) -> list[tuple[float, float]]:
    """Onset and last-pain times in hours since EPOCH, drawn from the hourly hazard."""
    h0 = ONSETS_PER_YEAR / (365.0 * 24.0)
    hazard = h0 * np.where(hours_exposed, odds_ratio, 1.0)
    cum = np.concatenate([[0.0], np.cumsum(hazard)])
    episodes: list[tuple[float, float]] = []
    t = float(start_h)
    while len(episodes) < target:
        base = np.interp(t, np.arange(len(cum)), cum)
        goal = base + rng.exponential()
        if goal >= cum[-1]:
            break
        hour = int(np.searchsorted(cum, goal, side="right")) - 1
        onset = hour + (goal - cum[hour]) / max(cum[hour + 1] - cum[hour], 1e-12)
        last = onset + 24.0 * float(rng.integers(0, 8)) + float(rng.uniform(0, 12))
        episodes.append((onset, last))
        t = last + 7 * 24.0
    return episodes


def exposed_hours(
    start_h: np.ndarray, flags: np.ndarray, n_hours: int, hazard_h: float
) -> np.ndarray:
    """Hours within ``hazard_h`` after the start of a run with the flag."""
    marks = np.zeros(n_hours + 1, dtype=np.int64)
    first = np.minimum(np.floor(start_h[flags == 1.0]).astype(np.int64) + 1, n_hours)
    np.add.at(marks, first, 1)
    np.add.at(marks, np.minimum(first + int(hazard_h), n_hours), -1)
    return np.cumsum(marks)[:n_hours] > 0


def careful_return(
    rng: np.random.Generator, cols: dict[str, np.ndarray], pain: Sequence[tuple[float, float]]
) -> dict[str, np.ndarray]:
    """A runner who comes back carefully: for CAREFUL_DAYS after each episode's last pain,
    70 % of hilly-road and trail runs move to flat road, and the long run is cut to a usual
    run. (Only in the "careful" null cells: the behaviour change that controls after an
    episode would pick up.)"""
    out = {k: v.copy() for k, v in cols.items()}
    start = out["start_h"]
    after = np.zeros(len(start), dtype=bool)
    for _, last in pain:
        after |= (start > last) & (start <= last + CAREFUL_DAYS * 24.0)
    moved = after & np.isin(out["route"], (1.0, 2.0)) & (rng.random(len(start)) < 0.7)
    flat = rng.uniform(2.0, 8.0, len(start))
    out["route"] = np.where(moved, 0.0, out["route"])
    ratio = out["descent"] / np.maximum(out["climb"], 1e-9)
    out["descent"] = np.where(moved, flat * ratio, out["descent"])
    out["steep"] = np.where(moved, 0.0, out["steep"])
    out["climb"] = np.where(moved, flat, out["climb"])
    long_run = after & (out["km"] > 1.5 * np.median(out["km"]))
    out["moving"] = np.where(long_run, out["moving"] / 1.8, out["moving"])
    out["km"] = np.where(long_run, out["km"] / 1.8, out["km"])
    return out


def simulate(
    seed: int,
    target: int,
    trigger: str | None,
    odds_ratio: float,
    settings: InsightSettings,
    *,
    careful: bool = False,
) -> tuple[list[RunExposureInput], list[PainEpisode]]:
    """One synthetic runner: runs and pain episodes (see the module docstring)."""
    rng = np.random.default_rng(seed)
    runner = draw_runner(rng)
    n_days = HISTORY_DAYS + int(40 * target) + 60
    cols = run_history(rng, runner, n_days)
    start_h = cols["start_h"]
    n_hours = n_days * 24
    exposed = np.zeros(n_hours, dtype=bool)
    if trigger is not None and odds_ratio != 1.0:
        planned = to_runs(cols, np.ones(len(start_h), dtype=bool), runner)
        flags = exposure_table(planned, settings.thresholds).flags[trigger]
        exposed = exposed_hours(start_h, flags, n_hours, settings.hazard_h)
    pain = draw_onsets(rng, exposed, HISTORY_DAYS * 24, target + 1, odds_ratio)
    # the runs go on after the diary's last episode, up to the hazard window of the next onset
    stop_h = pain[-1][0] - settings.hazard_h if len(pain) > target else float(n_hours)
    pain = pain[:target]
    if careful:
        cols = careful_return(rng, cols, pain)
        start_h = cols["start_h"]
    onset_h = np.array([a for a, _ in pain])
    last_h = np.array([b for _, b in pain])
    k = np.searchsorted(onset_h, start_h, side="right") - 1
    hurting = (k >= 0) & (start_h <= last_h[np.maximum(k, 0)]) if pain else k < -1
    keep = (start_h < stop_h) & ~(hurting & (rng.random(len(k)) < 0.5))
    episodes = [
        PainEpisode(EPOCH + timedelta(hours=a), EPOCH + timedelta(hours=b)) for a, b in pain
    ]
    return to_runs(cols, keep, runner), episodes


def noise_flags(rng: np.random.Generator, n_runs: int) -> dict[str, np.ndarray]:
    flags = {}
    for j in range(NOISE_EXPOSURES):
        p = float(rng.uniform(0.05, 0.5))
        if j % 2 == 0:
            x = (rng.random(n_runs) < p).astype(np.float64)
        else:  # persistent blocks: a two-state chain that stays put 90 % of the time
            x = np.empty(n_runs)
            state = rng.random() < p
            for i in range(n_runs):
                if rng.random() >= 0.9:
                    state = rng.random() < p
                x[i] = float(state)
        x[rng.random(n_runs) < 0.1] = np.nan
        flags[f"noise_{j:02d}"] = x
    return flags


@dataclass(frozen=True)
class Task:
    kind: str  # "power", "null", "noise", "careful" (null with a careful return after pain)
    episodes: int
    odds_ratio: float
    trigger: str | None
    seed: int
    variants: tuple[str, ...] = ("holm-tarone", "westfall-young", "bidirectional")


#: The analyses run on every replicate: the shipped one first, then the alternatives.
VARIANTS = ("holm-tarone", "westfall-young", "bidirectional")
#: --careful: does leaving out the wash-out after each episode help against a careful return?
WASH_OUT_VARIANTS = (
    "westfall-young",
    "holm-tarone",
    "westfall-young+wash-out",
    "holm-tarone+wash-out",
)
AFTER_WINDOWS = 6  # the bidirectional variant: 6 windows (12 days) after the wash-out


def variant_settings(name: str) -> InsightSettings:
    base = dataclasses.replace(InsightSettings.from_knowledge(), min_episodes=1)
    if name.endswith("+wash-out"):
        base = dataclasses.replace(base, block_wash_out=True)
        name = name.removesuffix("+wash-out")
    if name == "westfall-young":
        return dataclasses.replace(base, multiplicity=Multiplicity.WESTFALL_YOUNG)
    if name == "holm-tarone":
        return dataclasses.replace(base, multiplicity=Multiplicity.HOLM_TARONE)
    if name == "bidirectional":
        return dataclasses.replace(base, after_windows=AFTER_WINDOWS)
    return base


@dataclass(frozen=True)
class Analysis:
    """One variant's answer on one replicate."""

    used: int
    found: bool  # planted trigger significant with odds ratio > 1
    any_significant: bool
    others_significant: bool
    found_alone: bool  # planted trigger's own one-sided p <= 5 % and CI above 1 (no family)
    planted_exposed: float  # share of compared episodes whose hazard window had it
    tails: dict[str, list[float]]  # one-sided p-values of tested exposures, by kind (null)


@dataclass(frozen=True)
class Outcome:
    task: Task
    prevalence: dict[str, float]
    by: dict[str, Analysis]

    @property
    def main(self) -> Analysis:
        return self.by[self.task.variants[0]]


def analysis(task: Task, result: InsightResult, alpha: float) -> Analysis:
    significant = {f.id for f in result.factors if f.significant}
    planted = [f for f in result.factors if f.id == task.trigger]
    found = bool(planted and planted[0].significant and (planted[0].odds_ratio or 0) > 1)
    found_alone = bool(
        planted
        and planted[0].p_value is not None
        and planted[0].p_value <= alpha
        and (planted[0].ci_low or 0.0) > 1.0
    )
    exposed = (
        planted[0].exposed_episodes / planted[0].compared_episodes
        if planted and planted[0].compared_episodes
        else math.nan
    )
    tails: dict[str, list[float]] = {"built-in": [], "independent": [], "persistent": []}
    for f in result.factors:
        if f.p_value is not None and task.kind != "power":
            tails[noise_kind(f.id)].append(f.p_value)
    return Analysis(
        result.episodes_used,
        found,
        bool(significant),
        bool(significant - {task.trigger}),
        found_alone,
        exposed,
        tails,
    )


def run_task(task: Task) -> Outcome:
    settings = variant_settings(VARIANTS[0])
    runs, episodes = simulate(
        task.seed,
        task.episodes,
        task.trigger,
        task.odds_ratio,
        settings,
        careful=task.kind == "careful",
    )
    table = exposure_table(runs, settings.thresholds)
    if task.kind == "noise":
        table = table.with_flags(noise_flags(np.random.default_rng(task.seed + 7), len(runs)))
    by = {}
    for name in task.variants:
        s = variant_settings(name)
        by[name] = analysis(task, analyse_table(table, episodes, s, trends=False), s.family_error)
    prevalence = {
        k: float(np.nanmean(v)) if np.isfinite(v).any() else math.nan
        for k, v in table.flags.items()
        if k in EXPOSURE_IDS
    }
    return Outcome(task, prevalence, by)


def noise_kind(name: str) -> str:
    """'built-in', or the kind of noise exposure (even numbers independent, odd persistent)."""
    if not name.startswith("noise_"):
        return "built-in"
    return "independent" if int(name[-2:]) % 2 == 0 else "persistent"


def tasks(quick: bool) -> list[Task]:
    """The grid: power cells (trigger rotating), null cells, null cells with noise exposures,
    and null cells where the runner comes back carefully after pain (at 30 and 60 onsets).

    The cell at 30 onsets and OR 4 gets twice the replicates, for the table by exposure.
    """
    reps_power, reps_null, reps_noise, reps_careful = (
        (12, 48, 24, 24) if quick else (100, 300, 150, 300)
    )
    out = []
    seed = 1
    for e in EPISODES:
        for r in RATIOS:
            for i in range(reps_power * (2 if (e, r) == (30, 4.0) else 1)):
                out.append(Task("power", e, r, TRIGGERS[i % len(TRIGGERS)], seed))
                seed += 1
        for kind, reps in (("null", reps_null), ("noise", reps_noise)):
            for _ in range(reps):
                out.append(Task(kind, e, 1.0, None, seed))
                seed += 1
    for e in CAREFUL_EPISODES:
        for i in range(reps_careful):
            out.append(Task("careful", e, 1.0, None, 2_000_000 + 1000 * e + i))
    return out


def rate(hits: Sequence[bool]) -> str:
    """Share with its 95 % Clopper-Pearson interval, e.g. '48% (38%-58%)'."""
    k, n = sum(hits), len(hits)
    if n == 0:
        return "-"
    ci = binomtest(k, n).proportion_ci(method="exact")
    return f"{k / n:.0%} ({ci.low:.0%}-{ci.high:.0%})"


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def calibration(outcomes: Sequence[Outcome], variant: str = VARIANTS[0]) -> list[str]:
    """Rows per number of onsets: observed/expected share of p < 0.01 and p < 0.001, by kind."""
    kinds = ("built-in", "independent", "persistent")
    heads = [f"{k} q={q:g}" for k in kinds for q in (0.01, 0.001)]
    lines = [row("onsets logged", "tests", *heads), row(*["---"] * (len(heads) + 2))]
    for e in sorted({o.task.episodes for o in outcomes}):
        cells, n = [], 0
        for kind in kinds:
            ps = np.array(
                [p for o in outcomes if o.task.episodes == e for p in o.by[variant].tails[kind]]
            )
            n += len(ps)
            cells += [f"{np.mean(ps < q) / q:.2f}" if len(ps) else "-" for q in (0.01, 0.001)]
        if n:
            lines.append(row(e, n, *cells))
    return lines


def deep_null_tasks() -> list[Task]:
    """1000 null runners with 60 onsets and the 36 noise exposures (the hardest null case)."""
    return [Task("noise", 60, 1.0, None, 1_000_000 + i) for i in range(1000)]


def deep_null_table(outcomes: Sequence[Outcome]) -> str:
    lines = ["### Deep null check: 60 onsets, 14 + 36 noise exposures", ""]
    lines += [row("analysis", "analyses calling ANY exposure significant"), row("---", "---")]
    for v in VARIANTS:
        hits = [o.by[v].any_significant for o in outcomes]
        lines.append(row(v, f"{sum(hits)} of {len(hits)}, {rate(hits)}"))
    for v, name in ((VARIANTS[0], "controls before the onset"), ("bidirectional", v_bi())):
        lines += ["", f"Calibration of single tests, {name}:", ""]
        lines += calibration(outcomes, v)
    return "\n".join(lines)


def power_grid(
    by: dict[tuple[str, int, float], list[Outcome]], title: str, variant: str, key: str = "found"
) -> list[str]:
    """One power table over onsets x odds ratios; ``key`` names the Analysis field."""
    heads = [f"OR {r:g}" for r in RATIOS]
    lines = [f"### {title}", ""]
    lines += [row("onsets logged", "compared (mean)", *heads), row(*["---"] * (len(RATIOS) + 2))]
    for e in EPISODES:
        cells = [by.get(("power", e, r), []) for r in RATIOS]
        used = np.mean([o.by[variant].used for c in cells for o in c])
        hits = [rate([bool(getattr(o.by[variant], key)) for o in c]) for c in cells]
        lines.append(row(e, f"{used:.1f}", *hits))
    return [*lines, ""]


PREVALENCE_BINS = ((0.0, 0.05), (0.05, 0.15), (0.15, 0.30), (0.30, 1.01))


def by_exposure(by: dict[tuple[str, int, float], list[Outcome]], e: int) -> list[str]:
    """Power by planted exposure and odds ratio at ``e`` onsets, and by the planted prevalence."""
    heads = [f"OR {r:g}" for r in RATIOS]
    lines = [f"### Power by planted exposure at {e} onsets (shipped analysis)", ""]
    lines += [
        row("planted exposure", "share of runs (mean)", "hazard windows with it at OR 4", *heads),
        row(*["---"] * (len(RATIOS) + 3)),
    ]
    for trig in TRIGGERS:
        cells = [[o for o in by.get(("power", e, r), []) if o.task.trigger == trig] for r in RATIOS]
        every = [o for c in cells for o in c]
        prev = np.nanmean([o.prevalence[trig] for o in every]) if every else math.nan
        at4 = [o.main.planted_exposed for o in cells[RATIOS.index(4.0)]]
        exposed = f"{np.nanmean(at4):.0%}" if at4 else "-"
        lines.append(
            row(trig, f"{prev:.0%}", exposed, *(rate([o.main.found for o in c]) for c in cells))
        )
    lines += ["", f"### Power by the planted exposure's share of runs, {e} onsets", ""]
    lines += [row("share of runs", *heads), row(*["---"] * (len(RATIOS) + 1))]
    for low, high in PREVALENCE_BINS:
        cells = [
            [
                o
                for o in by.get(("power", e, r), [])
                if o.task.trigger is not None and low <= o.prevalence[o.task.trigger] < high
            ]
            for r in RATIOS
        ]
        label = f"{low:.0%}-{min(high, 1.0):.0%}"
        lines.append(row(label, *(f"{rate([o.main.found for o in c])} n={len(c)}" for c in cells)))
    return [*lines, ""]


def v_bi() -> str:
    return f"bidirectional ({AFTER_WINDOWS} windows after a 7-day wash-out)"


def null_rows(
    by: dict[tuple[str, int, float], list[Outcome]],
    kind: str,
    variants: Sequence[str] = VARIANTS,
) -> list[str]:
    lines = [row("onsets logged", *variants), row(*["---"] * (len(variants) + 1))]
    for e in sorted({k[1] for k in by if k[0] == kind}):
        cell = by[(kind, e, 1.0)]
        lines.append(row(e, *(rate([o.by[v].any_significant for o in cell]) for v in variants)))
    return [*lines, ""]


def careful_tasks() -> list[Task]:
    """Null and careful-return runners at 30 and 60 onsets, each analysed 4 ways."""
    out = []
    for e in CAREFUL_EPISODES:
        for kind in ("null", "careful"):
            for i in range(300):
                seed = 3_000_000 + 10_000 * e + (5000 if kind == "careful" else 0) + i
                out.append(Task(kind, e, 1.0, None, seed, WASH_OUT_VARIANTS))
    return out


def careful_table(outcomes: Sequence[Outcome]) -> str:
    by: dict[tuple[str, int, float], list[Outcome]] = {}
    for o in outcomes:
        by.setdefault((o.task.kind, o.task.episodes, o.task.odds_ratio), []).append(o)
    lines = ["### Wash-out after each episode: share of null analyses calling ANY significant", ""]
    lines += ["Null runners (14 exposures):", ""]
    lines += null_rows(by, "null", WASH_OUT_VARIANTS)
    lines += [f"Careful return ({CAREFUL_DAYS} days):", ""]
    lines += null_rows(by, "careful", WASH_OUT_VARIANTS)
    used = {
        v: np.mean([o.by[v].used for o in outcomes if o.task.kind == "null"])
        for v in WASH_OUT_VARIANTS
    }
    lines += [
        "Compared episodes (null, mean): " + ", ".join(f"{v} {u:.1f}" for v, u in used.items())
    ]
    return "\n".join(lines)


def tables(outcomes: Sequence[Outcome]) -> str:
    by: dict[tuple[str, int, float], list[Outcome]] = {}
    for o in outcomes:
        by.setdefault((o.task.kind, o.task.episodes, o.task.odds_ratio), []).append(o)
    heads = [f"OR {r:g}" for r in RATIOS]
    lines = power_grid(
        by,
        "Power to find the planted trigger: shipped analysis (controls before the onset, Holm "
        "within Tarone's screen); share of replicates, 95 % MC interval",
        VARIANTS[0],
    )
    lines += power_grid(
        by, "Power, same replicates: Westfall-Young step-down min-p instead", "westfall-young"
    )
    lines += power_grid(by, f"Power, same replicates: {v_bi()}, Holm-Tarone", "bidirectional")
    lines += power_grid(
        by,
        "Power, same replicates: the planted exposure tested alone (one-sided p <= 5 %, no "
        "correction for the other 13; an upper bound, not a valid procedure)",
        VARIANTS[0],
        "found_alone",
    )
    lines += ["### Null data, 14 exposures: share of analyses calling ANY exposure significant", ""]
    lines += null_rows(by, "null")
    lines += ["### Null data, 14 + 36 noise exposures: share calling ANY significant", ""]
    lines += null_rows(by, "noise")
    lines += [
        f"### Null data, careful return ({CAREFUL_DAYS} days after each episode with fewer hilly "
        "and trail runs and no long run): share calling ANY significant",
        "",
    ]
    lines += null_rows(by, "careful")
    for v, name in ((VARIANTS[0], "controls before the onset"), ("bidirectional", v_bi())):
        lines += [
            f"### Null data: calibration of single tests, {name} (share of p-values below "
            "q, over q; 1 is exact, above 1 too many small p-values)",
            "",
        ]
        lines += [*calibration(outcomes, v), ""]
    lines += ["### With a planted trigger: share also flagging another exposure (shipped)", ""]
    lines += [row("onsets logged", *heads), row(*["---"] * (len(RATIOS) + 1))]
    for e in EPISODES:
        cells = [by.get(("power", e, r), []) for r in RATIOS]
        lines.append(row(e, *(rate([o.main.others_significant for o in c]) for c in cells)))
    lines += [""]
    lines += by_exposure(by, 30)
    lines += ["### Generator: share of runs with each exposure where known (null, mean)", ""]
    lines += [
        row("exposure", "share of runs", "known for (share of runners)"),
        row("---", "---", "---"),
    ]
    nulls = [o for o in outcomes if o.task.kind == "null"]
    for name in EXPOSURE_IDS:
        values = [o.prevalence[name] for o in nulls if math.isfinite(o.prevalence[name])]
        share = f"{np.mean(values):.0%}" if values else "-"
        lines.append(row(name, share, f"{len(values) / max(len(nulls), 1):.0%}"))
    return "\n".join(lines)


# ------------------------------------------------------------------ the end effect (--edge)
EDGE_WINDOWS = 14  # windows of the 28-day span (hazard + 13 controls)
EDGE_GAP = 5  # windows lost to pain and wash-out after an onset (about 10 days)
EDGE_STRATA = 30
EDGE_DESIGNS = (
    "unidirectional (backstride: hazard last of 14)",
    "time-stratified (fixed 14-window blocks, hazard anywhere)",
    "time-stratified, the 5 windows after the hazard left out (pain, wash-out)",
    "bidirectional with wash-out (13 before, 5 left out, 6 after)",
)


def markov_windows(rng: np.random.Generator, n: int, p: float, stay: float) -> np.ndarray:
    """A stationary two-state chain over windows: with probability ``stay`` a window keeps the
    state of the one before, else it draws afresh (exposed with probability ``p``)."""
    fresh = rng.random(n) >= stay
    fresh[0] = True
    state = rng.random(n) < p
    last = np.maximum.accumulate(np.where(fresh, np.arange(n), 0))
    return state[last].astype(np.int64)


def edge_set(rng: np.random.Generator, x: np.ndarray, design: int) -> MatchedSet:
    """One episode's matched set under a design; the onset is placed at random (null)."""
    w, gap = EDGE_WINDOWS, EDGE_GAP
    if design == 0:
        t = int(rng.integers(w, len(x)))
        return MatchedSet(int(x[t - 1]), tuple(int(v) for v in x[t - w : t - 1]))
    if design in (1, 2):
        b = int(rng.integers(0, len(x) // w)) * w
        block, case = x[b : b + w], int(rng.integers(w))
        keep = [i for i in range(w) if i != case and (design == 1 or not case < i <= case + gap)]
        return MatchedSet(int(block[case]), tuple(int(block[i]) for i in keep))
    t = int(rng.integers(w, len(x) - gap - 6))
    after = x[t + gap : t + gap + 6]
    return MatchedSet(int(x[t - 1]), tuple(int(v) for v in (*x[t - w : t - 1], *after)))


def edge_check(reps: int, seed: int = 17) -> str:
    """Calibration of the one-sided exact test under each design for window exposures that
    persist (a Markov chain), with null onsets: the share of p-values below q, over q."""
    rng = np.random.default_rng(seed)
    qs = (0.05, 0.01, 0.001)
    heads = [f"q={q:g}" for q in qs]
    lines = [
        "### End effect: calibration of single exact tests, 30 episodes, null onsets",
        "",
        row("exposure (share, stay)", "design", "tests", *heads),
        row(*["---"] * (len(qs) + 3)),
    ]
    for p, stay in ((0.2, 0.0), (0.2, 0.85), (0.1, 0.85), (0.4, 0.85)):
        for d, name in enumerate(EDGE_DESIGNS):
            ps = []
            for _ in range(reps):
                x = markov_windows(rng, 1200, p, stay)
                dist = ConditionalDistribution([edge_set(rng, x, d) for _ in range(EDGE_STRATA)])
                if dist.informative:
                    ps.append(dist.p_greater())
            arr = np.array(ps)
            cells = [f"{np.mean(arr < q) / q:.2f}" for q in qs]
            lines.append(row(f"{p:.0%}, {stay:g}", name, len(arr), *cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer replicates (a few minutes)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--out", help="also write the tables (markdown) to this file")
    parser.add_argument("--deep-null", action="store_true", help="only the 1000-runner null check")
    parser.add_argument(
        "--edge", action="store_true", help="only the end-effect check of the designs (~30 s)"
    )
    parser.add_argument(
        "--careful", action="store_true", help="only the wash-out check (1200 runners)"
    )
    args = parser.parse_args(argv)
    if args.edge:
        print(edge_check(2000))
        return 0
    if args.careful:
        todo = careful_tasks()
    else:
        todo = deep_null_tasks() if args.deep_null else tasks(args.quick)
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        outcomes = list(pool.imap_unordered(run_task, todo, chunksize=4))
    elapsed = time.perf_counter() - started
    flag = (
        " --careful"
        if args.careful
        else " --deep-null"
        if args.deep_null
        else " --quick"
        if args.quick
        else ""
    )
    command = "python bench/insight_power.py" + flag
    header = (
        f"`{command}` — {len(outcomes)} synthetic runners in {elapsed:.0f} s on {args.workers} "
        f"worker(s), Python {platform.python_version()}, {platform.machine()}"
    )
    if args.careful:
        body = careful_table(outcomes)
    else:
        body = deep_null_table(outcomes) if args.deep_null else tables(outcomes)
    text = header + "\n\n" + body + "\n"
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
