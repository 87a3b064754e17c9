"""The report for a physiotherapist: what goes in it, gathered from the services for one period.

Sections, in order: the red flags first when the latest triage reached urgent or emergency;
who; the pain timeline against load; red flags and phase; the measured risk factors with their
evidence grades; the why-analysis; the plan and its adherence; gait findings. A section whose
source has nothing yet says so in words instead of disappearing, so the clinician sees what was
not recorded. Dates and times are the runner's local ones, distances in the profile's units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from backstride import presentation as fmt
from backstride.errors import InputValueError
from backstride.insight import InsightResult
from backstride.knowledge import MeasureRules, load_rules
from backstride.metrics import WeekLoad, week_start
from backstride.model import Profile
from backstride.reports.blocks import Block, Fact
from backstride.reports.care_blocks import care_blocks
from backstride.reports.charts import Chart
from backstride.reports.factors import MeasuredFactor, measured_factors
from backstride.reports.gait_block import gait_block, gait_latest_block
from backstride.reports.history_charts import RunPoint, load_chart
from backstride.reports.why_parts import why_block
from backstride.services import diary, history
from backstride.store import Store

if TYPE_CHECKING:
    from backstride.services.gait import PastAnalysis

#: The period a report covers when no start is given: four months, the span most clinical
#: histories ask about for a running-related complaint (a presentation choice).
DEFAULT_WEEKS = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportData:
    """Everything the report shows, in display units, for the period ``since``..``until``."""

    generated: datetime  # local time of the runner
    since: date
    until: date
    profile: Profile
    who: tuple[Fact, ...]
    load: Chart
    weeks: tuple[WeekLoad, ...]
    factors: tuple[MeasuredFactor, ...]
    pain: Block
    triage: Block
    why: Block
    plan: Block
    gait: Block
    gait_latest: Block | None = None
    extra: tuple[Block, ...] = field(default_factory=tuple)
    alert: Block | None = None  # the red flags, shown first (urgent or emergency triage)
    running_withheld: str | None = None  # why running advice is withheld, if it is
    run_days: frozenset[date] = frozenset()  # local days with a run, the period and before
    chronic_days: int = 28  # the ACWR's chronic window

    @property
    def generated_text(self) -> str:
        """When the report was written, with its zone: ``2026-08-25 10:00 CEST (UTC+02:00)``."""
        g = self.generated
        offset = g.strftime("%z")
        zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
        name = g.tzname()
        named = name and not name.startswith(("UTC", "+", "-"))
        return f"{g:%Y-%m-%d %H:%M} " + (f"{name} ({zone})" if named else zone)

    def _acwr_text(self, w: WeekLoad) -> str:
        """The week's ACWR, or "-" when no run lies in the chronic window before its last day
        (the chronic average has decayed towards 0 and the ratio compares nothing)."""
        last = w.week_start + timedelta(days=max(w.days_counted, 1) - 1)
        first = last - timedelta(days=self.chronic_days - 1)
        if self.run_days and not any(first <= d <= last for d in self.run_days):
            return "-"
        return fmt.number(w.acwr, 2)

    def week_rows(self) -> list[dict[str, Any]]:
        """The weekly table in display units, oldest first."""
        units = self.profile.units
        return [
            {
                "week": w.week_start.isoformat(),
                "distance": fmt.distance(w.distance_m, units, 1),
                "change": fmt.percent(w.change_pct),
                "runs": w.runs,
                "longest": fmt.distance(w.longest_run_m, units, 1),
                "rest": w.rest_days,
                "acwr": self._acwr_text(w),
            }
            for w in self.weeks
        ]


def default_since(today: date) -> date:
    return week_start(today) - timedelta(weeks=DEFAULT_WEEKS - 1)


def _who(profile: Profile, runs: Sequence[history.RunView], today: date) -> tuple[Fact, ...]:
    units = profile.units
    total = sum(float(v.row["distance_m"]) for v in runs)
    facts = [
        Fact("age", f"{today.year - profile.birth_year} (born {profile.birth_year})")
        if profile.birth_year
        else Fact("age", "not given"),
        Fact("height", fmt.number(profile.height_m * 100 if profile.height_m else None, 0, " cm")),
        Fact("weight", fmt.number(profile.weight_kg, 1, " kg")),
        Fact("runs in the period", str(len(runs))),
        Fact("distance in the period", fmt.distance(total, units, 1)),
    ]
    if runs:
        facts.append(Fact("first and last run", f"{runs[0].local_date} to {runs[-1].local_date}"))
    return tuple(facts)


def build_report(
    store: Store,
    *,
    now: datetime,
    today: date,
    since: date | None = None,
    rules: MeasureRules | None = None,
    gait: Sequence[PastAnalysis] = (),
    why: InsightResult | None = None,
) -> ReportData:
    """Gather the report's content for ``since`` (default: 16 weeks) up to ``today``.

    ``now`` is the runner's local time of writing (aware), ``today`` their calendar day;
    ``gait``: the stored video analyses (:func:`backstride.services.gait.list_analyses`);
    ``why``: the why-analysis of the runner's diary (None: not available).
    """
    rules = rules or load_rules()
    since = since or default_since(today)
    if since > today:
        raise InputValueError(
            f"the report's first day ({since}) is after today ({today}); give an earlier --since"
        )
    zone = now.tzinfo
    if zone is None:
        raise InputValueError("now must be timezone-aware (the runner's local time)")
    profile = store.profile()
    views = history.run_views(store, rules)
    runs = [v for v in views if history.is_run(v.row) and since <= v.local_date <= today]
    weeks = [
        w
        for w in history.weeks(store, today=today, rules=rules)
        if week_start(since) <= w.week_start <= today
    ]
    points = [RunPoint(v.id, v.local_date, float(v.row["distance_m"]), v.spike_pct) for v in runs]
    shoes = history.shoes(store, today, rules)
    care = care_blocks(store, views, profile.units, since, today, now)
    return ReportData(
        generated=now,
        since=since,
        until=today,
        profile=profile,
        who=_who(profile, runs, today),
        load=load_chart(weeks, points, profile.units, rules),
        weeks=tuple(weeks),
        factors=tuple(measured_factors(runs, weeks, shoes, rules, profile.units)),
        pain=care.pain,
        triage=care.triage,
        why=why_block(why),
        plan=care.plan,
        gait=gait_block(gait, since, today, diary.list_pain(store), zone),
        gait_latest=gait_latest_block(gait, since, today, zone, care.running_withheld),
        alert=care.alert,
        running_withheld=care.running_withheld,
        run_days=frozenset(v.local_date for v in views if history.is_run(v.row)),
        chronic_days=rules.acwr.chronic_days,
    )
