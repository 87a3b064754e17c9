"""The Gait page and /api/gait in-process, over analyses made by the real analysis code.

The store holds no runs; three analyses come from synthetic keypoints analysed by
``backstride.gait.analysis.analyse`` (tests/services/gait_data.py) and stored as the service
stores them, with real summary images; two diary entries are logged through the diary service.
The clock is frozen at 2026-08-25 08:00 UTC; the profile's zone is Europe/Berlin (UTC+2).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backstride.model import PainEntry, PainType
from backstride.reports.charts import GREY, OKABE_ITO
from backstride.services import diary
from backstride.settings import Settings
from backstride.store import Store
from backstride.web import create_app
from tests.services.gait_data import rear_result, side_result, stored
from tests.web._data import frozen_clock, import_into


@dataclass(frozen=True)
class GaitHome:
    client: TestClient
    settings: Settings
    ids: dict[str, int]


@pytest.fixture
def gait_home(tmp_path: Path) -> Iterator[GaitHome]:
    settings = import_into(tmp_path / "home", [])
    store = Store.open(settings)
    try:
        ids = {
            "road": stored(
                store,
                settings,
                side_result(),
                analysed=datetime(2026, 8, 12, 19, 0, tzinfo=UTC),
                recorded=datetime(2026, 8, 9, 7, 0, tzinfo=UTC),
                video_name="road run.mp4",
            ),
            "treadmill": stored(
                store,
                settings,
                side_result(175.0, 12.0),
                analysed=datetime(2026, 8, 21, 19, 0, tzinfo=UTC),
                recorded=datetime(2026, 8, 20, 21, 30, tzinfo=UTC),
                video_name="treadmill.mov",
            ),
            "rear": stored(
                store,
                settings,
                rear_result(),
                analysed=datetime(2026, 8, 22, 19, 0, tzinfo=UTC),
                recorded=datetime(2026, 8, 22, 7, 0, tzinfo=UTC),
                video_name="behind.mp4",
            ),
        }
        for day, score in ((10, 4), (23, 2)):
            entry = PainEntry(
                time_utc=datetime(2026, 8, day, 18, 0, tzinfo=UTC),
                utc_offset_s=7200,
                score=score,
                pain_type=PainType.DULL,
                location="lower back",
            )
            diary.log_pain(store, entry)
    finally:
        store.close()
    with TestClient(create_app(settings, clock=frozen_clock), base_url="http://localhost") as c:
        yield GaitHome(c, settings, ids)


def get_json(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_list_is_in_filming_order_on_the_runners_clock(gait_home: GaitHome) -> None:
    listed = get_json(gait_home.client, "/api/gait")
    assert [a["video_name"] for a in listed] == ["road run.mp4", "treadmill.mov", "behind.mp4"]
    treadmill = listed[1]
    assert treadmill["recorded_utc"] == "2026-08-20T21:30:00Z"
    assert treadmill["recorded_text"] == "2026-08-20 23:30", "filmed late evening in Berlin"
    assert treadmill["recorded_from"] == "given" and treadmill["view"] == "side"
    assert treadmill["cadence_spm"] == pytest.approx(175.0, abs=1.0)
    assert treadmill["summary_url"] == f"/gait/{gait_home.ids['treadmill']}/files/summary"
    assert treadmill["video_url"] is None, "no annotated video was stored"
    assert listed[2]["flags_text"] == "pelvic drop high" and not listed[2]["files_missing"]


def test_one_analysis_has_its_findings_with_cause_and_advice(gait_home: GaitHome) -> None:
    rear = get_json(gait_home.client, f"/api/gait/{gait_home.ids['rear']}")
    assert rear["result"] == json.loads(json.dumps(rear_result().as_dict()))
    findings = {f["name"]: f for f in rear["findings"]}
    drop = findings["pelvic_drop"]
    assert drop["flag"] == "high", "6° of drop against the 5° the knowledge file flags"
    assert drop["value_text"].endswith("°")
    assert float(drop["value_text"].removesuffix("°")) == pytest.approx(6.0, abs=0.3)
    assert drop["cause_id"] == "cause.pelvic_drop" and "glutes" in drop["advice"]
    assert drop["grade"] == "B" and drop["source"] == "gait.pelvic_drop"
    assert 0.0 < drop["confidence"] <= 1.0
    assert findings["step_width"]["cause_id"] is None
    side = get_json(gait_home.client, f"/api/gait/{gait_home.ids['road']}")
    assert side["warnings"] == list(side_result().warnings)
    missing = gait_home.client.get("/api/gait/999")
    assert missing.status_code == 404 and "no gait analysis 999" in missing.json()["detail"]


def test_the_chart_puts_form_over_time_above_pain(gait_home: GaitHome) -> None:
    fig = get_json(gait_home.client, "/api/charts/gait")
    traces = {t["name"]: t for t in fig["data"]}
    assert list(traces) == [
        "cadence",
        "heel ahead of hip at contact",
        "trunk lean",
        "pelvic drop",
        "pain score",
    ]
    assert traces["trunk lean"]["x"] == ["2026-08-09T09:00:00", "2026-08-20T23:30:00"]
    assert [round(y) for y in traces["trunk lean"]["y"]] == [6, 12]
    assert [round(y) for y in traces["cadence"]["y"]] == [165, 175, 165]
    assert traces["pain score"]["y"] == [4.0, 2.0]
    assert traces["pain score"]["yaxis"] == "y5", "pain is the bottom panel"
    assert {t["xaxis"] for t in fig["data"]} == {"x"}, "one shared date axis"
    assert fig["layout"]["xaxis"]["type"] == "date"
    assert fig["layout"]["xaxis"]["range"] == ["2026-08-02T00:00:00", "2026-08-26T00:00:00"]
    bands = {(s["yref"], s["y0"], s["y1"]) for s in fig["layout"]["shapes"]}
    assert ("y3", 3.6, 10.8) in bands, "trunk lean's typical range (Teng & Powers 2015)"
    assert ("y4", 0.0, 5.0) in bands and ("y2", 0.0, 0.25) in bands
    assert not any(ref in {"y", "y5"} for ref, _, _ in bands), "no band on cadence or pain"
    palette = set(OKABE_ITO.values()) | {GREY}
    assert {t["line"]["color"] for t in fig["data"]} <= palette


def test_pages_list_and_show_an_analysis(gait_home: GaitHome) -> None:
    page = gait_home.client.get("/gait")
    assert page.status_code == 200
    html = page.text
    assert 'data-chart="/api/charts/gait"' in html and 'aria-current="page">Gait<' in html
    assert html.index("behind.mp4") < html.index("road run.mp4"), "newest first"
    rid = gait_home.ids["rear"]
    detail = gait_home.client.get(f"/gait/{rid}")
    assert detail.status_code == 200
    assert "pelvic drop" in detail.text and "banded side steps" in detail.text
    assert f'src="/gait/{rid}/files/summary"' in detail.text and "<video" not in detail.text
    image = gait_home.client.get(f"/gait/{rid}/files/summary")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_annotated_video_is_served_by_id(gait_home: GaitHome) -> None:
    """The video's bytes are written here (any bytes: the server only passes them on)."""
    rid = gait_home.ids["road"]
    folder = gait_home.settings.home / "gait" / "2026-08-12T190000_road_run"
    (folder / "annotated.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(100))
    listed = {a["id"]: a for a in get_json(gait_home.client, "/api/gait")}
    assert listed[rid]["video_url"] == f"/gait/{rid}/files/video"
    video = gait_home.client.get(f"/gait/{rid}/files/video")
    assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
    assert video.content == (folder / "annotated.mp4").read_bytes()
    assert "<video" in gait_home.client.get(f"/gait/{rid}").text


@pytest.mark.parametrize(
    "url",
    [
        "/gait/1/files/..%2F..%2Fbackstride.db",
        "/gait/1/files/result",
        "/gait/1/files/%2Fetc%2Fpasswd",
        "/gait/..%2Fbackstride.db/files/summary",
    ],
)
def test_no_path_comes_from_the_url(gait_home: GaitHome, url: str) -> None:
    response = gait_home.client.get(url)
    assert response.status_code in {404, 422}
    assert b"SQLite" not in response.content and b"root:" not in response.content


def test_a_symlink_out_of_the_home_is_not_served(gait_home: GaitHome, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG private")
    folder = gait_home.settings.home / "gait" / "2026-08-22T190000_behind"
    (folder / "summary.png").unlink()
    (folder / "summary.png").symlink_to(secret)
    response = gait_home.client.get(f"/gait/{gait_home.ids['rear']}/files/summary")
    assert response.status_code == 404 and b"private" not in response.content


def test_an_analysis_whose_folder_vanished_keeps_its_figures(gait_home: GaitHome) -> None:
    shutil.rmtree(gait_home.settings.home / "gait" / "2026-08-12T190000_road_run")
    rid = gait_home.ids["road"]
    listed = {a["id"]: a for a in get_json(gait_home.client, "/api/gait")}
    assert listed[rid]["files_missing"] and listed[rid]["summary_url"] is None
    page = gait_home.client.get(f"/gait/{rid}")
    assert 'id="gait-missing"' in page.text and "trunk lean" in page.text
    assert gait_home.client.get(f"/gait/{rid}/files/summary").status_code == 404


def test_without_analyses_the_page_says_how_to_make_one(fresh_client: TestClient) -> None:
    assert get_json(fresh_client, "/api/gait") == []
    page = fresh_client.get("/gait")
    assert page.status_code == 200 and 'id="gait-empty"' in page.text
    assert "backstride gait VIDEO" in page.text
    fig = get_json(fresh_client, "/api/charts/gait")
    assert fig["layout"]["annotations"][-1]["text"] == "nothing to draw yet"


def test_openapi_describes_the_gait_api(gait_home: GaitHome) -> None:
    spec = get_json(gait_home.client, "/api/openapi.json")
    assert {"/api/gait", "/api/gait/{analysis_id}", "/api/charts/gait"} <= set(spec["paths"])
    assert not any("/files/" in p for p in spec["paths"])
    finding = spec["components"]["schemas"]["GaitFindingOut"]["properties"]
    assert {"value_text", "flag", "confidence", "cause_id", "advice"} <= set(finding)
