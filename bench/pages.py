"""Benchmark: response time of every web page (and the API calls that draw its charts) for a
3,000-run history, in-process and over a real local server. Target: under 300 ms per page.

The history: the 36 synthetic sample runs of ``samples/`` are imported for real, then their
stored rows are copied through the store's own writer, each copy moved 12 weeks further back
(the samples span 12 weeks), until there are ``--runs`` runs: about 19 years of three runs a
week, every copy with its own source row and the original's measures and stream file. Four
shoes share the runs. A pain diary of about 40 episodes over the last two years and a triage
from yesterday are added (see ``_add_diary_and_triage``), so that Today, Plan and Why do their
real work, and a gait analysis a month for a year (``_add_gait_analyses``). Nothing is timed until the history is built.

    python bench/pages.py [--runs 3000] [--repeat 7]

In-process: FastAPI's TestClient (no sockets). Real server: uvicorn in a child process on
127.0.0.1, timed with urllib from this process (connection set-up included). Median and
slowest of ``--repeat`` requests after one warm-up request; the body size is the page's HTML
or JSON (the charts' script, plotly.min.js, is cached by the browser and not counted).
"""

from __future__ import annotations

import argparse
import bisect
import functools
import hashlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from backstride.care import parse_answers
from backstride.knowledge.care import load_care
from backstride.model import Activity, PainEntry, PainType, RunMeasures, Sport, SubSport, Surface
from backstride.services import import_paths
from backstride.services.care import run_triage
from backstride.services.diary import list_pain
from backstride.settings import Settings
from backstride.store import NewActivity, Store
from backstride.store.care import CareStore
from backstride.store.database import decode_json_list
from backstride.web import create_app

REPO = Path(__file__).resolve().parents[1]
SHIFT = timedelta(weeks=12)
MEASURE_NAMES = [f.name for f in fields(RunMeasures)]


def _measures(row: dict[str, Any]) -> RunMeasures:
    values: dict[str, Any] = {name: row[name] for name in MEASURE_NAMES}
    values["cadence_by_speed"] = ()
    values["hr_zone_s"] = tuple(decode_json_list(row["hr_zone_s"]))
    values["surface"] = Surface(str(row["surface"]))
    return RunMeasures(**values)


def build_history(home: Path, runs: int) -> Settings:
    """Import the samples, then copy their rows back in time until ``runs`` runs are stored."""
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'backstride.db'}")
    store = Store.open(settings)
    now = datetime.now(UTC)
    try:
        store.save_profile(replace(store.profile(), timezone="Europe/Berlin"))
        import_paths(store, [REPO / "samples"], now)
        originals = [dict(r) for r in store.activity_rows()]
        shoes = [store.add_gear(f"Shoe {i}", now, "Brand", f"Model {i}", 0.0) for i in range(4)]
        copy = 0
        with store.transaction() as tx:
            while len(originals) * (copy + 1) < runs:
                copy += 1
                for i, row in enumerate(originals):
                    if len(originals) * copy + i >= runs:
                        break
                    _copy_row(tx, row, copy, shoes[(copy + i) % len(shoes)].id, now)
        ids = [int(r["id"]) for r in store.activity_rows()]
        store.assign_gear(shoes[0].id, ids[-len(originals) :])
        episodes = _add_diary_and_triage(store, now)
        videos = _add_gait_analyses(store, settings, now)
        print(
            f"history: {store.counts()['activities']} runs, {copy + 1} copies, "
            f"{episodes} pain episodes in the diary, {videos} gait analyses",
            file=sys.stderr,
        )
    finally:
        store.close()
    return settings


def _add_diary_and_triage(store: Store, now: datetime) -> int:
    """A diary as a runner with recurring back pain keeps it: over the two years before the last
    run, an episode every 17 days (a score of 3-6 the evening after a run, then two lower
    scores on the next two days, then 0), and a triage yesterday. The care pages and the Why
    page then do their real work (a phase, a plan step, a case-crossover analysis)."""
    starts = sorted(r["start_utc"] for r in store.activity_rows(detail=False))
    last = starts[-1]
    entries: list[PainEntry] = []
    day = last - timedelta(days=730)
    episodes = 0
    while day < last:
        i = bisect.bisect_left(starts, day)
        onset = starts[min(i, len(starts) - 1)] + timedelta(hours=10)
        first = 3 + episodes % 4
        for k, score in enumerate((first, first - 1, first - 2, 0)):
            when = onset + timedelta(days=k)
            entries.append(
                PainEntry(
                    time_utc=when, score=score, pain_type=PainType.DULL, location="lower back"
                )
            )
        episodes += 1
        day = onset + timedelta(days=17)
    CareStore(store).add_pain(entries)
    list_pain(store)  # links each entry to its run, as the diary does when it is read
    answers = parse_answers(
        {"onset_days_ago": 2, "pain_score": 3, "pain_type": "dull"}, load_care()
    )
    run_triage(store, answers, now - timedelta(days=1))
    return episodes


def _add_gait_analyses(store: Store, settings: Settings, now: datetime, count: int = 12) -> int:
    """A video a month over the last year, stored as ``backstride gait`` stores one. The
    results are the real analysis of synthetic side-view keypoints (tests/gait/synthetic.py:
    forward kinematics from known angles), cadence rising from 160 to 171 steps per minute;
    no video is decoded, so the bench needs no pose model."""
    sys.path.insert(0, str(REPO))
    from tests.services.gait_data import side_result, stored

    for month in range(count):
        when = now - timedelta(days=30 * (count - month))
        result = side_result(cadence_spm=160.0 + month, trunk_lean_deg=4.0 + month % 4)
        stored(store, settings, result, analysed=when, recorded=when, video_name=f"m{month}.mp4")
    return count


def _copy_row(tx: object, row: dict[str, object], copy: int, gear_id: int, now: datetime) -> None:
    start = row["start_utc"]
    assert isinstance(start, datetime)
    digest = hashlib.sha256(f"{row['id']}-{copy}".encode()).hexdigest()
    source_id = tx.add_source(f"bench/copy{copy}/{row['id']}", digest, "gpx", 1, now, [])  # type: ignore[attr-defined]
    activity = Activity(
        sport=Sport(str(row["sport"])),
        sub_sport=SubSport(str(row["sub_sport"])),
        start_utc=start - SHIFT * copy,
        name=f"{row['name']} (copy {copy})",
    )
    stream_key, n_samples = row["stream_key"], row["n_samples"]
    assert isinstance(stream_key, str | None) and isinstance(n_samples, int)
    new = NewActivity(
        source_id=source_id,
        session_index=0,
        activity=activity,
        utc_offset_s=row["utc_offset_s"],
        device_id=None,
        gear_id=gear_id,
        stream_key=stream_key,
        n_samples=n_samples,
        measures=_measures(row),
    )
    tx.add_activity(new)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Timing:
    median_ms: float
    max_ms: float
    size_kb: float


def timed(
    get: Callable[[], bytes], repeat: int, before: Callable[[], None] | None = None
) -> Timing:
    body = get()  # warm-up
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        body = get()
        times.append((time.perf_counter() - t) * 1000)
    return Timing(statistics.median(times), max(times), len(body) / 1024)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "BACKSTRIDE_HOME": str(home)}
    code = f"from backstride.web.server import serve; serve(port={port})"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(url + "/api/profile", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def pages_for(client: TestClient) -> list[tuple[str, str]]:
    """(label, path): every page, then the API calls its charts make."""
    newest = client.get("/api/runs?limit=1").json()["runs"][0]["id"]
    found = [
        ("Training load", "/load"),
        ("Runs (page 1 of 30)", "/runs"),
        ("Runs, filtered", "/runs?since=2020-01-01&min_dist=10"),
        ("Run", f"/runs/{newest}"),
        ("Shoes", "/shoes"),
        ("Import", "/import"),
        ("chart: load", "/api/charts/load"),
        ("chart: run", f"/api/charts/runs/{newest}"),
        ("chart: track", f"/api/charts/runs/{newest}/track"),
        ("API: runs (100)", "/api/runs"),
        ("API: load", "/api/load"),
    ]
    for label, path, probe in EXTRA_PAGES:
        if client.get(probe).status_code == 200:
            found.append((label, path))
    analyses = client.get("/api/gait").json()
    if analyses:
        found.append(("Gait analysis", f"/gait/{analyses[0]['id']}"))
    return found


#: Pages of the care and insight parts (label, path, the API call that says it is there).
EXTRA_PAGES = [
    ("Today", "/today", "/api/today"),
    ("Pain diary", "/diary", "/api/diary"),
    ("chart: pain", "/api/charts/pain", "/api/diary"),
    ("Triage", "/triage", "/api/triage/questions"),
    ("Plan", "/plan", "/api/plan"),
    ("Why", "/why", "/api/why"),
    ("chart: why", "/api/charts/why", "/api/why"),
    ("Gait", "/gait", "/api/gait"),
    ("chart: gait", "/api/charts/gait", "/api/gait"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        settings = build_history(home, args.runs)
        rows: list[tuple[str, str, Timing, Timing, Timing]] = []
        store = Store.open(settings)

        def touch() -> None:
            """A real change (the weight, which no page shows), so the app's history cache
            starts empty, as after an import."""
            p = store.profile()
            store.save_profile(replace(p, weight_kg=70.1 if p.weight_kg == 70.0 else 70.0))

        # The app answers only the Host names it listens under (backstride.web.guard).
        with TestClient(create_app(settings), base_url="http://localhost") as client:
            targets = pages_for(client)
            cold = {p: timed(_getter(client, p), args.repeat, touch) for _, p in targets}
            warm = {p: timed(_getter(client, p), args.repeat) for _, p in targets}
        store.close()
        proc, url = start_server(home)
        try:
            for label, path in targets:
                real = timed(functools.partial(_fetch, url + path), args.repeat)
                rows.append((label, path, cold[path], warm[path], real))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(
        f"\n{args.runs} runs; {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; median (max) of {args.repeat} requests\n"
    )
    print(
        "| page | path | in-process, cold ms | in-process, cached ms | real server ms | size KB |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for label, path, a, b, c in rows:
        print(f"| {label} | `{path}` | {_ms(a)} | {_ms(b)} | {_ms(c)} | {c.size_kb:.0f} |")
    print("\ncold: the database changed just before each request, so nothing is cached;")
    print("real server: the cache as a browser meets it (warm after the first request).")


def _ms(t: Timing) -> str:
    flag = " ⚠" if t.median_ms >= 300 else ""
    return f"{t.median_ms:.0f} ({t.max_ms:.0f}){flag}"


def _getter(client: TestClient, path: str) -> Callable[[], bytes]:
    def get() -> bytes:
        response = client.get(path)
        if response.status_code != 200:  # never time an error page
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        return response.content

    return get


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        data: bytes = response.read()
        return data


if __name__ == "__main__":
    main()
