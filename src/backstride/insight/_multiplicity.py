"""Control of false findings across exposures: Holm's step-down after Tarone's screen.

With m exposures tested at 5 % each, the chance that at least one looks "significant" by luck
grows towards 1 - 0.95^m. Holm (1979) keeps that family-wise chance at or below ``alpha`` under
any dependence between the tests: sort the p-values, compare the i-th smallest with
``alpha / (m - i + 1)`` and stop at the first that fails.

Exact tests on few episodes are discrete: an exposure seen in only two windows can never give
a small p-value. Tarone (1990) showed that such tests need not be counted. Let ``p_min`` be the
smallest p-value a test could give (it depends only on the windows, not on which one is the
hazard window). K is the smallest k such that at most k tests have ``p_min <= alpha / k``; the
tests with ``p_min <= alpha / K`` form the family, the others are never significant. The family
is fixed before the outcome is looked at, so Holm within it keeps the family-wise error at or
below ``alpha``: a test outside it cannot reject at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Adjusted:
    """The outcome of the procedure for one test.

    ``testable`` is False for a test outside Tarone's family; its ``p_adjusted`` is 1.
    """

    p_adjusted: float
    significant: bool
    testable: bool


def tarone_family(p_mins: Sequence[float], alpha: float) -> tuple[bool, ...]:
    """Which tests belong to Tarone's family (see the module docstring)."""
    m = len(p_mins)
    for k in range(1, m + 1):
        members = tuple(p <= alpha / k for p in p_mins)
        if sum(members) <= k:
            return members
    return tuple(False for _ in p_mins)


def holm(p_values: Sequence[float]) -> tuple[float, ...]:
    """Holm-adjusted p-values: ``max over the i smallest of min(1, (m - i + 1) * p_(i))``."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return tuple(adjusted)


def holm_tarone(
    p_values: Sequence[float], p_mins: Sequence[float], alpha: float
) -> tuple[Adjusted, ...]:
    """Holm's procedure within Tarone's family; one result per test, in the order given.

    With every ``p_min`` at 0 (continuous tests) this is Holm's procedure on all tests.
    """
    if len(p_values) != len(p_mins):
        raise ValueError("one p_min per p-value is needed")
    family = tarone_family(p_mins, alpha)
    members = [i for i, inside in enumerate(family) if inside]
    adjusted = dict(zip(members, holm([p_values[i] for i in members]), strict=True))
    out = []
    for i in range(len(p_values)):
        p = adjusted.get(i, 1.0)
        out.append(
            Adjusted(p_adjusted=p, significant=i in adjusted and p <= alpha, testable=family[i])
        )
    return tuple(out)
