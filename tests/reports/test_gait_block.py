"""The report's gait sections: words instead of knowledge ids, advice only for flagged measures,
none at all when triage withholds running.

Results are made by the real analysis code from synthetic keypoints
(tests/services/gait_data.py): a side view at 150 steps/min (cadence flagged low) and one at
165 (nothing flagged that has running advice)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from backstride.knowledge.care import load_care
from backstride.reports.gait_block import gait_block, gait_latest_block
from backstride.services.gait import PastAnalysis
from tests.services.gait_data import side_result

SINCE, TODAY = date(2026, 8, 1), date(2026, 8, 25)


def _past(result: dict[str, Any], day: int, row: int = 1) -> PastAnalysis:
    filmed = datetime(2026, 8, day, 7, tzinfo=UTC)
    return PastAnalysis(Path(f"/x/{row}"), filmed, "v", result, id=row, recorded_utc=filmed)


def _cells(block: Any) -> str:
    return " ".join(" ".join(r) for r in block.rows) + " ".join(block.lines)


def test_one_analysis_is_one_analysis() -> None:
    block = gait_block([_past(side_result().as_dict(), 9)], SINCE, TODAY)
    assert block.lines[0].startswith("1 video analysis filmed in the period;")


def test_rows_show_rules_and_causes_in_words_not_ids() -> None:
    block = gait_latest_block([_past(side_result(150.0).as_dict(), 9)], SINCE, TODAY)
    assert block is not None
    text = _cells(block)
    assert "gait." not in text and "cause." not in text
    by_measure = {r[0]: r for r in block.rows}
    cadence = by_measure["cadence"]
    assert cadence[3] == "low" and "flagged low" in cadence[4]
    low_cadence = next(c for c in load_care().causes if c.id == "cause.low_cadence")
    assert cadence[5] == (
        f"{low_cadence.advice} Linked cause: {low_cadence.summary.rstrip('.')} "
        f"(grade {low_cadence.grade})."
    )


def test_advice_only_for_flagged_measures() -> None:
    block = gait_latest_block([_past(side_result(150.0).as_dict(), 9)], SINCE, TODAY)
    assert block is not None
    for row in block.rows:
        flag, advice = row[3], row[5]
        if flag in ("ok", "not judged"):
            assert advice == "", row
    assert any(r[5] for r in block.rows)


def test_running_advice_withheld_keeps_the_measurements() -> None:
    why = "Running advice withheld: test."
    block = gait_latest_block([_past(side_result(150.0).as_dict(), 9)], SINCE, TODAY, None, why)
    assert block is not None
    assert why in block.lines and "advice" not in block.columns
    assert all(len(r) == len(block.columns) for r in block.rows)
    advice = [c.advice for c in load_care().causes]
    assert not [a for a in advice if a in _cells(block)]
    assert "150 steps/min" in _cells(block)
