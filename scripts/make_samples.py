"""Write backstride's bundled sample history: SYNTHETIC runs of one made-up runner.

Not real data. Twelve weeks of running around an invented 1.6 km park loop, written as gzipped
GPX 1.1 (Garmin TrackPointExtension: heart rate, cadence in strides per minute) and TCX
(RunCadence in strides per minute). The plan has a deliberate spike (a long run 60 % longer than
anything in the previous 30 days) and a hilly phase, so that every measure has something to show.
Deterministic: the same files on every run of this script (seeded random numbers, fixed dates).

    python scripts/make_samples.py samples/
"""

from __future__ import annotations

import gzip
import math
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

CENTRE = (52.5153, 13.3489)  # an invented loop in a city park
LOOP_M = 1600.0
STEP_S = 2  # one sample every 2 s keeps the files small

# (week, weekday 0=Mon, distance km, hilly) - the runner's invented diary
PLAN = [
    (0, 1, 6, False),
    (0, 3, 6, False),
    (0, 6, 10, False),
    (1, 1, 6, False),
    (1, 3, 7, False),
    (1, 6, 11, False),
    (2, 1, 7, False),
    (2, 3, 7, False),
    (2, 5, 8, False),
    (2, 6, 12, False),
    (3, 1, 5, False),
    (3, 4, 6, False),
    (4, 0, 7, True),
    (4, 2, 7, True),
    (4, 6, 19, True),
    (5, 1, 5, False),
    (5, 4, 6, False),
    (6, 1, 7, False),
    (6, 3, 8, True),
    (6, 6, 13, False),
    (7, 0, 7, False),
    (7, 1, 7, False),
    (7, 2, 8, False),
    (7, 3, 6, False),
    (7, 6, 14, True),
    (8, 1, 8, False),
    (8, 3, 8, False),
    (8, 6, 14, False),
    (9, 1, 8, False),
    (9, 3, 9, True),
    (9, 6, 15, False),
    (10, 1, 6, False),
    (10, 4, 6, False),
    (11, 1, 8, False),
    (11, 3, 8, False),
    (11, 6, 16, False),
]
FIRST_MONDAY = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)  # 08:00 in Berlin (CEST)


def track(distance_m: float, hilly: bool, rng: np.random.Generator) -> dict[str, np.ndarray]:
    speed = 2.9 + rng.normal(0, 0.05)
    n = int(distance_m / speed / STEP_S) + 1
    t = np.arange(n) * STEP_S
    v = np.clip(speed + 0.15 * np.sin(t / 300.0) + rng.normal(0, 0.05, n), 2.0, 4.5)
    d = np.concatenate([[0.0], np.cumsum(v[1:] * STEP_S)])
    angle = 2 * math.pi * d / LOOP_M
    radius_deg = LOOP_M / (2 * math.pi) / 111_195.0
    lat = CENTRE[0] + radius_deg * np.sin(angle)
    lon = CENTRE[1] + radius_deg * np.cos(angle) / math.cos(math.radians(CENTRE[0]))
    amp = 22.0 if hilly else 3.0
    alt = 40.0 + amp * np.sin(angle) + rng.normal(0, 0.3, n)
    cadence_spm = np.round(164 + 6 * (v - 2.9) + rng.normal(0, 1.5, n))
    hr = np.round(
        np.clip(120 + 30 * (1 - np.exp(-t / 400.0)) + 8 * (v - 2.9) + rng.normal(0, 2, n), 90, 190)
    )
    return {"t": t, "lat": lat, "lon": lon, "alt": alt, "d": d, "cad": cadence_spm, "hr": hr}


def iso(start: datetime, seconds: float) -> str:
    return (start + timedelta(seconds=float(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(start: datetime, tr: dict[str, np.ndarray], name: str) -> str:
    pts = "\n".join(
        f'<trkpt lat="{la:.7f}" lon="{lo:.7f}"><ele>{al:.1f}</ele><time>{iso(start, t)}</time>'
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{int(h)}</gpxtpx:hr>"
        f"<gpxtpx:cad>{int(c // 2)}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>"
        for t, la, lo, al, h, c in zip(
            tr["t"], tr["lat"], tr["lon"], tr["alt"], tr["hr"], tr["cad"], strict=True
        )
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="backstride sample generator (synthetic)" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f"<metadata><time>{iso(start, 0)}</time></metadata>\n"
        f"<trk><name>{escape(name)}</name><type>running</type><trkseg>\n{pts}\n</trkseg></trk></gpx>\n"
    )


def tcx(start: datetime, tr: dict[str, np.ndarray]) -> str:
    pts = "\n".join(
        f"<Trackpoint><Time>{iso(start, t)}</Time><Position><LatitudeDegrees>{la:.7f}</LatitudeDegrees>"
        f"<LongitudeDegrees>{lo:.7f}</LongitudeDegrees></Position><AltitudeMeters>{al:.1f}</AltitudeMeters>"
        f"<DistanceMeters>{d:.1f}</DistanceMeters><HeartRateBpm><Value>{int(h)}</Value></HeartRateBpm>"
        f"<Extensions><ns3:TPX><ns3:RunCadence>{int(c // 2)}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>"
        for t, la, lo, al, d, h, c in zip(
            tr["t"], tr["lat"], tr["lon"], tr["alt"], tr["d"], tr["hr"], tr["cad"], strict=True
        )
    )
    total_s = float(tr["t"][-1])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">\n'
        f'<Activities><Activity Sport="Running"><Id>{iso(start, 0)}</Id>\n'
        f'<Lap StartTime="{iso(start, 0)}"><TotalTimeSeconds>{total_s:.0f}</TotalTimeSeconds>'
        f"<DistanceMeters>{tr['d'][-1]:.1f}</DistanceMeters><Calories>0</Calories>"
        "<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>\n"
        f"<Track>\n{pts}\n</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n"
    )


def main(out: Path) -> None:
    rng = np.random.default_rng(20260601)
    out.mkdir(parents=True, exist_ok=True)
    for i, (week, weekday, km, hilly) in enumerate(PLAN):
        start = FIRST_MONDAY + timedelta(days=7 * week + weekday, minutes=int(rng.integers(0, 40)))
        tr = track(km * 1000.0, hilly, rng)
        stem = start.strftime("%Y-%m-%d_%H%M") + ("_hills" if hilly else "")
        if i % 3 == 2:
            text, suffix = tcx(start, tr), ".tcx.gz"
        else:
            text, suffix = gpx(start, tr, f"Sample run {i + 1}"), ".gpx.gz"
        (out / f"{stem}{suffix}").write_bytes(gzip.compress(text.encode(), mtime=0))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "samples"))
