"""The runner's side of care: pain diary entries, triage answers and what triage concludes.

backstride informs and never diagnoses: a triage result names warning signs and how soon to see
a clinician, and lists what is *often linked* with the pain; it never names a condition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum

from backstride.errors import InputValueError


class PainType(StrEnum):
    """How the pain feels (``shared/domain.md`` section 2)."""

    SHARP = "sharp"
    DULL = "dull"
    RADIATING = "radiating"
    STIFFNESS = "stiffness"
    THROBBING = "throbbing"


class Urgency(StrEnum):
    """How soon to seek care; the highest level any answer reaches wins."""

    SELF_CARE = "self_care"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        """0 (self care) to 3 (emergency): higher is more urgent."""
        return _URGENCY_ORDER.index(self)

    @property
    def withholds_plan(self) -> bool:
        """True where the runner must see a clinician before any exercise plan."""
        return self.rank >= Urgency.URGENT.rank


_URGENCY_ORDER = (Urgency.SELF_CARE, Urgency.SOON, Urgency.URGENT, Urgency.EMERGENCY)


class Phase(StrEnum):
    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


class Clock(StrEnum):
    """The two ways of counting phases, always labelled separately."""

    TISSUE = "tissue"  # healing of the tissue (article 003): 0-72 h, 3 days-6 weeks, > 6 weeks
    CLINICAL = "clinical"  # guidelines: < 6 weeks, 6-12 weeks, > 12 weeks


MAX_SCORE = 10
#: Longest location text kept (the store's column size).
MAX_LOCATION_CHARS = 200


def _aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputValueError(f"{name} must be timezone-aware, got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class PainEntry:
    """One diary entry: a 0-10 score at an instant, with how and where it hurts.

    ``time_utc`` is aware; ``utc_offset_s`` is the offset of the clock the runner wrote it in
    (kept so that an export gives back the same local time). ``activity_id`` is the run the
    entry follows (within 48 hours), set by the diary service; ``id`` is None until stored.
    """

    time_utc: datetime
    score: int
    pain_type: PainType
    location: str
    utc_offset_s: int | None = None
    radiates_below_knee: bool | None = None
    numbness_or_tingling: bool | None = None
    note: str | None = None
    activity_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _aware("time_utc", self.time_utc)
        if isinstance(self.score, bool) or not isinstance(self.score, int):
            raise InputValueError(f"score must be a whole number 0-10, got {self.score!r}")
        if not 0 <= self.score <= MAX_SCORE:
            raise InputValueError(f"score must lie between 0 and 10, got {self.score}")
        if not self.location.strip():
            raise InputValueError("location must not be empty")
        if len(self.location) > MAX_LOCATION_CHARS:
            raise InputValueError(
                f"location must be at most {MAX_LOCATION_CHARS} characters, got {len(self.location)}"
            )
        if self.utc_offset_s is not None and abs(self.utc_offset_s) >= 86_400:
            raise InputValueError(f"UTC offset of {self.utc_offset_s} s is more than a day")


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageAnswers:
    """The answers to backstride's own triage questions; a missing answer means no or unknown.

    ``onset_days_ago``: days since the pain began (fractions allowed); ``pain_score`` 0-10;
    ``age`` in years. Every other field is a yes/no answer. ``known_disc_herniation`` records
    what a clinician has already told the runner; backstride never concludes it.
    """

    onset_days_ago: float | None = None
    pain_score: int | None = None
    pain_type: PainType | None = None
    age: int | None = None
    first_episode: bool = False
    improving: bool = False
    saddle_numbness: bool = False
    bladder_or_bowel_change: bool = False
    both_legs: bool = False
    leg_weakness: bool = False
    leg_weakness_worsening: bool = False
    serious_accident: bool = False
    chest_pain: bool = False
    fever: bool = False
    unexplained_weight_loss: bool = False
    cancer_history: bool = False
    night_or_rest_pain: bool = False
    immunosuppressed_or_steroids_or_iv_drugs: bool = False
    minor_trauma_with_osteoporosis: bool = False
    radiates_below_knee: bool = False
    numbness_or_tingling: bool = False
    stops_daily_activities: bool = False
    recurring_despite_rest: bool = False
    known_disc_herniation: bool = False

    def __post_init__(self) -> None:
        days = self.onset_days_ago
        if days is not None and (not math.isfinite(days) or days < 0):
            raise InputValueError(f"onset_days_ago must be 0 or more, got {days}")
        if self.pain_score is not None and not 0 <= self.pain_score <= MAX_SCORE:
            raise InputValueError(f"pain_score must lie between 0 and 10, got {self.pain_score}")

    @staticmethod
    def keys() -> tuple[str, ...]:
        """Every answer key, in field order."""
        return tuple(f.name for f in fields(TriageAnswers))


@dataclass(frozen=True, slots=True)
class PhaseInfo:
    """The phase on both clocks; None where the onset is unknown."""

    days_since_onset: float | None
    tissue: Phase | None
    clinical: Phase | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PossibleCause:
    """Something often linked with this pain, from the answers or found in the runner's runs.

    ``found_in`` is "answers" or "runs"; ``detail`` says what was seen (a value and its date).
    """

    id: str
    summary: str
    grade: str
    source: str
    found_in: str
    detail: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageResult:
    """What triage concludes: the urgency (highest level reached), the red flags behind it."""

    urgency: Urgency
    red_flags: tuple[str, ...]
    advice: str
    phase: PhaseInfo
    possible_causes: tuple[PossibleCause, ...]
    disclaimer: str
    answers: TriageAnswers
    assessed_utc: datetime

    def __post_init__(self) -> None:
        _aware("assessed_utc", self.assessed_utc)
