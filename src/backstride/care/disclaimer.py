"""The one sentence backstride says wherever its advice could be mistaken for a diagnosis."""

from __future__ import annotations

#: Shown once with every triage result, "should I run today" answer and plan.
DISCLAIMER = (
    "backstride informs; it does not diagnose or treat. Its answers come from what you told it "
    "and from your runs, and do not replace a doctor or physiotherapist. If you are worried, or "
    "something new or different appears, seek medical advice."
)
