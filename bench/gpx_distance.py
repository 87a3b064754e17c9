"""How far a distance computed from positions (all a GPX file carries) can be from the watch's own.

A GPX file holds positions and times but not the distance the watch showed, so backstride's GPX
reader sums the great-circle steps between the points. This checks how close that can come to
the watch on every real FIT file in ../shared/data/fit that holds both positions and the watch's
distance: the geodesic over the file's own recorded positions (exactly what a GPX export of the
run holds) against the watch's distance over the same records. It also tries cubic smoothing
splines of position against time (scipy's ``make_smoothing_spline`` with a fixed penalty,
evaluated every second), which damp GPS noise where points are dense and restore curvature
where they are sparse, to show whether any smoothing would bring every file within 1 %.

    python bench/gpx_distance.py [--lam 0.1 1 10]

Only the files' own data are used; nothing is fitted to them.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np
from scipy.interpolate import make_smoothing_spline

from backstride.errors import FileFormatError
from backstride.formats import decode
from backstride.formats.geodesy import EARTH_MEAN_RADIUS_M, FloatArray, haversine_m

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "fit"
GAP_S = 60.0  # a longer gap between points splits the track (the watch paused)


def local_xy(lat: FloatArray, lon: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Metres east and north of the track's mean point (equirectangular; tracks are small)."""
    lat0 = np.radians(lat.mean())
    x = np.radians(lon - lon.mean()) * np.cos(lat0) * EARTH_MEAN_RADIUS_M
    y = np.radians(lat - lat.mean()) * EARTH_MEAN_RADIUS_M
    return x, y


def spline_length(t: FloatArray, lat: FloatArray, lon: FloatArray, lam: float) -> float:
    """Length of smoothing splines x(t), y(t) fitted per stretch without a long gap."""
    x, y = local_xy(lat, lon)
    total = 0.0
    for part in np.split(np.arange(len(t)), np.flatnonzero(np.diff(t) > GAP_S) + 1):
        ts = t[part]
        if len(part) < 5:
            total += float(np.hypot(np.diff(x[part]), np.diff(y[part])).sum())
            continue
        sx = make_smoothing_spline(ts, x[part], lam=lam)
        sy = make_smoothing_spline(ts, y[part], lam=lam)
        grid = np.append(np.arange(ts[0], ts[-1], 1.0), ts[-1])
        total += float(np.hypot(np.diff(sx(grid)), np.diff(sy(grid))).sum())
    return total


def tracks() -> list[tuple[str, str, float, float, FloatArray, FloatArray, FloatArray]]:
    """(file, sport, watch distance, median interval, t, lat, lon) of every positioned session."""
    found = []
    for path in sorted(DATA.iterdir()):
        if not path.name.endswith((".fit", ".fit.gz")):
            continue
        try:
            recording = decode(path.name, path.read_bytes())
        except FileFormatError:
            continue
        for activity in recording.activities:
            s = activity.stream
            lat, lon, dist = s.get("lat_deg"), s.get("lon_deg"), s.get("distance_m")
            if lat is None or lon is None or dist is None:
                continue
            ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon) & np.isfinite(dist))
            if len(ok) < 100:
                continue
            t, la, lo = s.time_s[ok], lat[ok], lon[ok]
            keep = np.concatenate([[True], np.diff(t) > 0])  # one point per time
            watch = float(dist[ok[-1]] - dist[ok[0]])
            if watch < 500.0:
                continue
            interval = float(np.median(np.diff(t[keep])))
            found.append(
                (path.name, str(activity.sport), watch, interval, t[keep], la[keep], lo[keep])
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lam", type=float, nargs="*", default=[0.1, 1.0, 10.0])
    args = parser.parse_args()
    started = time.perf_counter()
    rows = []
    for name, sport, watch, interval, t, lat, lon in tracks():
        geodesic = float(np.nansum(haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])))
        ratios = [geodesic / watch] + [spline_length(t, lat, lon, lam) / watch for lam in args.lam]
        rows.append((name, sport, watch, interval, ratios))
    heads = ["geodesic (backstride)"] + [f"spline, penalty {lam:g}" for lam in args.lam]
    print(
        f"`python bench/gpx_distance.py` - {len(rows)} positioned sessions in "
        f"{time.perf_counter() - started:.0f} s, Python {platform.python_version()}\n"
    )
    print("| file | sport | watch (m) | interval (s) | " + " | ".join(heads) + " |")
    print("|---|---|---:|---:|" + "---:|" * len(heads))
    for name, sport, watch, interval, ratios in rows:
        cells = " | ".join(f"{r - 1:+.2%}" for r in ratios)
        print(f"| {name} | {sport} | {watch:.0f} | {interval:g} | {cells} |")
    errors = np.abs(np.array([r for *_, r in rows]) - 1.0)
    print("\n| summary | " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * len(heads))
    for label, values in (
        ("within 1 %", [f"{(e <= 0.01).sum()} of {len(e)}" for e in errors.T]),
        ("median absolute difference", [f"{np.median(e):.2%}" for e in errors.T]),
        ("largest absolute difference", [f"{e.max():.2%}" for e in errors.T]),
    ):
        print(f"| {label} | " + " | ".join(values) + " |")


if __name__ == "__main__":
    main()
