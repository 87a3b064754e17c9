"""The findings of one clip: a figure per metric with its steps, confidence, flag and source.

``GaitResult.as_dict()`` gives the JSON the command prints and the service stores::

    {"view", "fps", "steps", "cadence_spm",
     "metrics": {name: {"value", "unit", "per_step", "confidence", "flag", "source", "cause"}},
     "warnings": [...]}

``steps`` is the number of foot contacts found (both feet); each ``per_step`` list has one
entry per contact in time order, null where that step was not measured. ``source`` is the id of
the knowledge item that holds the metric's thresholds and citation (``knowledge/gait.yaml``);
``cause`` the id of the cause it bears on in ``knowledge/causes.yaml``, whose summary and advice
the dashboard and the report show (:data:`backstride.gait.rules.METRIC_CAUSES`; null for step
width and crossover, which are reported only).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from backstride.gait.keypoints import View
from backstride.gait.rules import METRIC_CAUSES, METRIC_ITEMS, GaitRules
from backstride.gait.steps import StepValues

FloatLike = Any  # an array-like of floats
Flagger = Callable[[float], str | None]

#: Plain names of the metrics, for warnings and tables.
LABELS: Mapping[str, str] = {
    "cadence": "cadence",
    "overstride": "heel ahead of hip at contact",
    "shank_angle": "shin angle at contact",
    "foot_strike": "foot angle at contact",
    "knee_flexion": "knee bend at contact",
    "trunk_lean": "trunk lean",
    "hip_extension": "hip extension at toe-off",
    "vertical_oscillation": "vertical oscillation",
    "pelvic_drop": "pelvic drop",
    "step_width": "step width",
    "crossover": "foot landing from the midline",
}


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure: the median over steps, its unit, the steps, a confidence (0-1), a flag."""

    name: str
    value: float | None
    unit: str
    per_step: tuple[float | None, ...]
    confidence: float
    flag: str | None
    source: str

    @property
    def cause(self) -> str | None:
        """The id of the cause in ``knowledge/causes.yaml`` this finding links to."""
        return METRIC_CAUSES.get(self.name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": _round(self.value),
            "unit": self.unit,
            "per_step": [_round(v) for v in self.per_step],
            "confidence": round(self.confidence, 3),
            "flag": self.flag,
            "source": self.source,
            "cause": self.cause,
        }


@dataclass(frozen=True, slots=True)
class GaitResult:
    """What one clip shows: view, frame rate, steps, cadence, metrics and warnings."""

    view: View
    fps: float
    steps: int
    cadence_spm: float | None
    metrics: Mapping[str, Metric]
    warnings: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "view": self.view.value,
            "fps": round(self.fps, 3),
            "steps": self.steps,
            "cadence_spm": _round(self.cadence_spm),
            "metrics": {name: m.as_dict() for name, m in self.metrics.items()},
            "warnings": list(self.warnings),
        }


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def confidence(
    values: FloatLike, visibility: FloatLike, rules: GaitRules, resolution: float
) -> float:
    """visibility x share of the needed steps x 1 / (1 + standard error of median / resolution).

    ``values`` are the measured steps (finite); ``visibility`` the visibility behind each.
    """
    vals = np.asarray(values, dtype=np.float64)
    n = vals.size
    if n == 0:
        return 0.0
    seen = float(np.median(np.asarray(visibility, dtype=np.float64)))
    count = min(1.0, n / rules.min_steps)
    q75, q25 = np.percentile(vals, [75, 25])
    sigma = float(q75 - q25) / 1.349
    se = rules.number("gait.method.confidence", "median_se_factor") * sigma / math.sqrt(n)
    spread = 1.0 / (1.0 + se / resolution) if resolution > 0 else 1.0
    return float(np.clip(seen * count * spread, 0.0, 1.0))


def summarise(
    name: str,
    steps: StepValues,
    unit: str,
    rules: GaitRules,
    resolution: float,
    flagger: Flagger,
    warnings: list[str],
    value: float | None = None,
) -> Metric:
    """A metric from per-step values: median (or ``value``), confidence, flag (only when at
    least the needed number of steps was measured) and a warning when too few were."""
    ok = np.isfinite(steps.values)
    measured = steps.values[ok]
    n = int(ok.sum())
    median = float(np.median(measured)) if n else None
    shown = value if value is not None else median
    flag = flagger(shown) if shown is not None and n >= rules.min_steps else None
    if n < rules.min_steps:
        warnings.append(
            f"{LABELS.get(name, name)}: measured on {n} step{'s' if n != 1 else ''}, fewer "
            f"than the {rules.min_steps} needed; shown but not judged."
        )
    per_step = tuple(float(v) if np.isfinite(v) else None for v in steps.values)
    conf = confidence(measured, steps.visibility[ok], rules, resolution)
    return Metric(name, shown, unit, per_step, conf, flag, METRIC_ITEMS[name])


def above_below(low: float | None, high: float | None) -> Flagger:
    """Flag "low" below ``low``, "high" above ``high``, otherwise "ok"."""

    def flag(v: float) -> str | None:
        if low is not None and v < low:
            return "low"
        if high is not None and v > high:
            return "high"
        return "ok"

    return flag
