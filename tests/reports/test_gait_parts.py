"""Form over time next to pain: general rules over any filming dates and diary entries.

Results are made by the real analysis code from synthetic keypoints
(tests/services/gait_data.py); filming dates and diary entries are drawn by hypothesis."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.model import PainEntry, PainType
from backstride.reports.gait_parts import finding_rows, gait_chart, ok_band, value_text
from backstride.services.gait import PastAnalysis
from tests.services.gait_data import rear_result, side_result

RESULTS = {"side": side_result().as_dict(), "rear": rear_result().as_dict()}
ZONE = timezone(timedelta(hours=-5))
START = datetime(2026, 1, 1, tzinfo=UTC)
UNTIL = date(2026, 12, 31)

instants = st.integers(min_value=0, max_value=360 * 24).map(lambda h: START + timedelta(hours=h))


def _past(i: int, view: str, filmed: datetime) -> PastAnalysis:
    result: dict[str, Any] = json.loads(json.dumps(RESULTS[view]))
    return PastAnalysis(Path(f"/x/{i}"), filmed, "v", result, id=i, recorded_utc=filmed)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["side", "rear"]), instants), max_size=8),
    st.lists(st.tuples(instants, st.integers(0, 10)), max_size=6),
    st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))),
)
def test_each_analysis_in_the_period_is_one_point_per_measure_it_has(
    filmed: list[tuple[str, datetime]], pain: list[tuple[datetime, int]], since: date | None
) -> None:
    analyses = [_past(i, view, when) for i, (view, when) in enumerate(filmed)]
    entries = [
        PainEntry(
            time_utc=when, utc_offset_s=-5 * 3600, score=s, pain_type=PainType.DULL, location="b"
        )
        for when, s in pain
    ]
    chart = gait_chart(analyses, entries, ZONE, since, UNTIL)

    def shown(when: datetime) -> bool:
        return since is None or since <= when.astimezone(ZONE).date()

    kept = [a for a in analyses if shown(a.recorded_utc)]
    by_name = {s.name: s for s in chart.series}
    expected = {
        "cadence": len(kept),
        "trunk lean": sum(1 for a in kept if a.result["view"] == "side"),
        "pelvic drop": sum(1 for a in kept if a.result["view"] == "rear"),
    }
    for name, count in expected.items():
        if count:
            assert len(by_name[name].x) == count
            assert list(by_name[name].x) == sorted(by_name[name].x), "in filming order"
        else:
            assert name not in by_name
    assert len(by_name["pain score"].x) == sum(1 for e in entries if shown(e.time_utc))
    assert chart.panels[-1].y_title == "pain (0-10)"
    assert by_name["pain score"].panel == len(chart.panels) - 1
    assert len({s.panel for s in chart.series}) == len(chart.panels) or not kept
    if chart.x_range is not None:
        lo, hi = chart.x_range
        assert all(lo <= x <= hi for s in chart.series for x in s.x)  # type: ignore[operator]
    else:
        assert since is None and not kept and not entries


def test_findings_carry_cause_advice_and_grade() -> None:
    rows = {r.name: r for r in finding_rows(RESULTS["side"])}
    lean = rows["trunk_lean"]
    assert lean.cause_id == "cause.trunk_lean" and lean.grade == "B"
    assert lean.advice is not None and "lean" in lean.advice
    assert lean.source == "gait.trunk_lean" and lean.value.endswith("°")
    assert finding_rows({"metrics": "broken"}) == [] and finding_rows({}) == []


def test_values_read_in_their_units() -> None:
    assert value_text(164.6, "spm") == "165 steps/min"
    assert value_text(6.04, "deg") == "6.0°"
    assert value_text(0.279, "leg_length") == "0.28 leg lengths"
    assert value_text(15.34, "cm") == "15.3 cm"
    assert value_text(None, "deg") == value_text(True, "deg") == "-"


def test_bands_come_from_the_knowledge_file() -> None:
    lean = ok_band("trunk_lean")
    assert lean is not None and (lean.low, lean.high) == (3.6, 10.8)
    assert ok_band("cadence") is None and ok_band("nothing") is None
