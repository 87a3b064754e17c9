"""Measures of runs, weeks and shoes: pure functions over the model records and NumPy arrays.

Thresholds and method settings come from :func:`backstride.knowledge.load_rules`; every formula
names its source in its module's docstring. SI units inside.
"""

from backstride.metrics.calendar import local_date, week_start
from backstride.metrics.gear import ShoeAdvice, ShoeReport, rotation_count, shoe_advice, shoe_usage
from backstride.metrics.run import measure_run, surface_from_sub_sport
from backstride.metrics.spikes import spike_pcts
from backstride.metrics.weekly import DayRun, WeekLoad, weekly_load

__all__ = [
    "DayRun",
    "ShoeAdvice",
    "ShoeReport",
    "WeekLoad",
    "local_date",
    "measure_run",
    "rotation_count",
    "shoe_advice",
    "shoe_usage",
    "spike_pcts",
    "surface_from_sub_sport",
    "week_start",
    "weekly_load",
]
