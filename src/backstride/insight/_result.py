"""The answer of the analysis: status, method, factors and limitations, and its JSON form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from backstride.insight._trend import Trend


class Status(StrEnum):
    OK = "ok"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The knowledge item behind a factor: what is known, how strongly, and from where."""

    knowledge_id: str
    summary: str
    source: str
    grade: str
    contested: bool
    note: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Factor:
    """One exposure's result.

    ``odds_ratio`` and its limits are None when the exposure could not be tested (it never
    differed between hazard and control windows). ``p_value`` is the exact one-sided p-value
    for "this exposure comes before pain more often than chance", for this exposure alone;
    ``p_adjusted`` the one adjusted across the tested exposures (Holm within Tarone's family by
    default; Westfall-Young step-down min-p on request), which decides ``significant``
    (together with a 95 % interval above 1). ``exposed_episodes``: compared episodes whose
    hazard window held a run with the exposure; ``compared_episodes``: episodes where it was
    known.
    ``zero_event_share_max``: when no hazard window had it, the largest share of episodes
    it could still come before (rule of three), else None.
    """

    id: str
    label: str
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    p_adjusted: float | None
    significant: bool
    exposed_episodes: int
    compared_episodes: int
    explanation: str
    advice: str | None
    evidence: Evidence | None
    trend: Trend | None = None
    zero_event_share_max: float | None = None

    @property
    def tested(self) -> bool:
        return self.odds_ratio is not None


@dataclass(frozen=True, slots=True)
class Limitation:
    """Something the analysis cannot know, in plain words; ``id`` is stable for machines."""

    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InsightResult:
    """What comes before this runner's pain.

    ``episodes``: onsets given; ``episodes_used``: onsets that could be compared;
    ``episodes_needed``: how many more compared episodes the minimum asks for (0 when enough).
    """

    status: Status
    episodes: int
    episodes_used: int
    episodes_needed: int
    hazard_window_h: float
    method: str
    message: str
    factors: tuple[Factor, ...]
    limitations: tuple[Limitation, ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: the issue's shape plus counts, trends and limitations.

        Infinite or undefined numbers (an upper limit with no bound) become null.
        """
        return {
            "status": self.status.value,
            "episodes": self.episodes,
            "episodes_used": self.episodes_used,
            "episodes_needed": self.episodes_needed,
            "hazard_window_h": self.hazard_window_h,
            "method": self.method,
            "message": self.message,
            "factors": [_factor_json(f) for f in self.factors],
            "limitations": [{"id": x.id, "text": x.text} for x in self.limitations],
        }


def _num(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _factor_json(f: Factor) -> dict[str, Any]:
    evidence = None
    if f.evidence is not None:
        e = f.evidence
        evidence = {
            "knowledge_id": e.knowledge_id,
            "summary": e.summary,
            "source": e.source,
            "grade": e.grade,
            "contested": e.contested,
            "note": e.note,
        }
    trend = None
    if f.trend is not None:
        t = f.trend
        trend = {
            "step": t.step,
            "unit": t.unit,
            "odds_ratio": _num(t.odds_ratio),
            "ci_low": _num(t.ci_low),
            "ci_high": _num(t.ci_high),
        }
    return {
        "id": f.id,
        "label": f.label,
        "odds_ratio": _num(f.odds_ratio),
        "ci_low": _num(f.ci_low),
        "ci_high": _num(f.ci_high),
        "p_value": _num(f.p_value),
        "p_adjusted": _num(f.p_adjusted),
        "significant": f.significant,
        "exposed_episodes": f.exposed_episodes,
        "compared_episodes": f.compared_episodes,
        "explanation": f.explanation,
        "advice": f.advice,
        "evidence": evidence,
        "trend": trend,
        "zero_event_share_max": _num(f.zero_event_share_max),
    }
