"""How the plan steps up or down as pain changes (``plan.progression``).

The plan starts at ``start_step_count`` (1). It steps up one when the pain score has fallen by
``care.pain_change`` (2 points) or more since the last change and at least
``up_min_done_count`` exercise sessions were recorded since then; it steps down one (never
below 0, the lightest) when pain has risen by 2 points or more. Each change resets the
baseline score. Ostelo et al., Spine 2008;33:90: 2 points is the smallest change that matters.
"""

from __future__ import annotations

from datetime import datetime

from backstride.knowledge.care import CareRules
from backstride.model import PlanStep


def next_step(
    previous: PlanStep | None,
    score: int | None,
    done_since: int,
    rules: CareRules,
    now: datetime,
) -> tuple[PlanStep, bool]:
    """The step to use now and whether it differs from ``previous`` (and must be saved)."""
    steps = rules.steps
    if previous is None:
        return PlanStep(steps.start_step_count, score, now, "start of the plan"), True
    if score is None:
        return previous, False
    base = previous.baseline_score
    if base is None:
        return PlanStep(previous.step, score, now, f"first pain score {score}/10 recorded"), True
    change = score - base
    if change <= -rules.pain_change.min_change_score and done_since >= steps.up_min_done_count:
        if previous.step >= steps.max_step_count:
            return previous, False
        reason = f"pain fell from {base} to {score}/10 with exercises done: one step up"
        return PlanStep(previous.step + 1, score, now, reason), True
    if change >= rules.pain_change.min_change_score:
        reason = f"pain rose from {base} to {score}/10: one step down"
        return PlanStep(max(previous.step - 1, 0), score, now, reason), True
    return previous, False
