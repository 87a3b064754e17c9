"""What comes before *this* runner's pain: a case-crossover analysis of their own runs (pure).

Each pain onset's hazard window (the runs of the 48 hours before it) is compared with the same
runner's control windows (the other 48-hour windows of the 28 days before it) by exact
conditional logistic regression, exposure by exposure, with Holm's correction across exposures
(Westfall and Young's relabelling correction on request). See docs/insight.md
for the method, its assumptions and the simulation that measures its power and false findings.
Settings and thresholds come from ``knowledge/exposures.yaml``.
"""

from backstride.insight._analysis import analyse_table, analyse_triggers
from backstride.insight._context import RunContext, RunnerBaseline, runner_baseline, weekly_context
from backstride.insight._episodes import DiaryEntry, episode_onsets, pain_episodes
from backstride.insight._exact import (
    ConditionalDistribution,
    ExactEstimate,
    MatchedSet,
    exact_conditional,
    zero_event_upper,
)
from backstride.insight._exposures import EXPOSURE_IDS, ExposureTable, exposure_table
from backstride.insight._multiplicity import Adjusted, holm, holm_tarone, tarone_family
from backstride.insight._permutation import (
    ExposureColumn,
    Relabellings,
    StepDown,
    relabellings,
    westfall_young,
)
from backstride.insight._records import PainEpisode, RunExposureInput
from backstride.insight._result import Evidence, Factor, InsightResult, Limitation, Status
from backstride.insight._settings import (
    EXPOSURE_ITEMS,
    ExposureThresholds,
    InsightSettings,
    Multiplicity,
)
from backstride.insight._trend import Trend, trend_estimate
from backstride.insight._windows import StrataPlan, Stratum, plan_strata

__all__ = [
    "EXPOSURE_IDS",
    "EXPOSURE_ITEMS",
    "Adjusted",
    "ConditionalDistribution",
    "DiaryEntry",
    "Evidence",
    "ExactEstimate",
    "ExposureColumn",
    "ExposureTable",
    "ExposureThresholds",
    "Factor",
    "InsightResult",
    "InsightSettings",
    "Limitation",
    "MatchedSet",
    "Multiplicity",
    "PainEpisode",
    "Relabellings",
    "RunContext",
    "RunExposureInput",
    "RunnerBaseline",
    "Status",
    "StepDown",
    "StrataPlan",
    "Stratum",
    "Trend",
    "analyse_table",
    "analyse_triggers",
    "episode_onsets",
    "exact_conditional",
    "exposure_table",
    "holm",
    "holm_tarone",
    "pain_episodes",
    "plan_strata",
    "relabellings",
    "runner_baseline",
    "tarone_family",
    "trend_estimate",
    "weekly_context",
    "westfall_young",
    "zero_event_upper",
]
