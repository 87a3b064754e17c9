"""Benchmark: import an archive of 300 distinct one-hour runs, against peers decoding the same files.

The archive is built from real running files in ../shared/data/fit (about an hour each, one sample
per second), copied with every timestamp moved by a whole number of days (bench/fitshift.py) so
that each copy is a distinct activity. backstride's figure is the WHOLE import (read the zip,
decode, measures, Arrow IPC stream files, SQLite rows, one transaction per file) into a fresh
store; the peers' figure is their decode of the same bytes alone. All in one run; the import uses
its default worker processes, and the CPU time it took (this process and the workers) and the
load average before and after are printed with the table, because the machine may be shared.

    python bench/import.py [--runs 300] [--peer-sample 30]

The official SDK and fitdecode take about half a second per file, so by default they decode a
sample of the archive (every 10th file); fitfast and backstride take all of it. Per-file medians.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fitshift import shift

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "fit"
SOURCES = [  # real runs of 57-83 minutes with one record per second
    "fitparse__developer-types-sample.fit",
    "sportslib__6860622783.fit",
    "goldencheetah__HRV-Data.fit",
    "sportslib__6782987395.fit",
]


def build_archive(n: int, target: Path) -> list[bytes]:
    originals = [(DATA / name).read_bytes() for name in SOURCES]
    files = [
        shift(originals[i % len(originals)], 86400 * (1 + i // len(originals))) for i in range(n)
    ]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i, data in enumerate(files):
            zf.writestr(f"runs/run_{i:04d}.fit", data)
    return files


def per_file_ms(decode: Callable[[bytes], object], files: list[bytes]) -> float:
    times = []
    for data in files:
        t = time.perf_counter()
        decode(data)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def sdk_decode(data: bytes) -> object:
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise RuntimeError(errors)
    return messages


def fitdecode_decode(data: bytes) -> object:
    import fitdecode

    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        return [frame for frame in reader]


def fitfast_parse(data: bytes) -> object:
    import fitfast

    return fitfast.parse(data)


def fitfast_records(data: bytes) -> object:
    import fitfast

    return fitfast.records(data)


def backstride_decode(data: bytes) -> object:
    from backstride.formats.fit import read_fit

    return read_fit(data, "bench.fit")


def backstride_import(archive: Path, n: int) -> float:
    """Median-free figure: the whole import's wall time divided by the files imported."""
    from backstride.services import import_paths
    from backstride.settings import Settings
    from backstride.store import Store

    with tempfile.TemporaryDirectory() as home:
        store = Store.open(Settings.from_env({"BACKSTRIDE_HOME": home}))
        cpu = os.times()
        t = time.perf_counter()
        report = import_paths(store, [archive], datetime.now(UTC))
        elapsed = time.perf_counter() - t
        after = os.times()
        store.close()
    if len(report.imported) != n:
        raise RuntimeError(
            f"imported {len(report.imported)} of {n}: {report.failed[:3]} {report.skipped[:3]}"
        )
    main_ms = (after.user + after.system - cpu.user - cpu.system) * 1000 / n
    workers_ms = (
        (after.children_user + after.children_system - cpu.children_user - cpu.children_system)
        * 1000
        / n
    )
    print(
        f"whole import: {elapsed * 1000 / n:.2f} ms per file (wall); CPU per file: "
        f"{main_ms:.2f} ms in this process, {workers_ms:.2f} ms in the workers",
        file=sys.stderr,
    )
    return elapsed * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--peer-sample", type=int, default=30, help="files the slow peers decode")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.zip"
        files = build_archive(args.runs, archive)
        sample = files[:: max(1, len(files) // args.peer_sample)][: args.peer_sample]
        rows = [
            (
                "backstride: whole import (decode + measures + storage)",
                backstride_import(archive, args.runs),
                args.runs,
            ),
            ("backstride: FIT decode alone", per_file_ms(backstride_decode, files), len(files)),
            (
                "fitfast 0.1: records() (record columns only)",
                per_file_ms(fitfast_records, files),
                len(files),
            ),
            ("fitfast 0.1: parse() (all messages)", per_file_ms(fitfast_parse, files), len(files)),
            ("garmin-fit-sdk: Decoder.read()", per_file_ms(sdk_decode, sample), len(sample)),
            ("fitdecode: FitReader", per_file_ms(fitdecode_decode, sample), len(sample)),
        ]
    sdk = rows[4][1]
    load_after = os.getloadavg()
    print(
        f"Import benchmark, {args.runs} one-hour runs, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average (1 min) "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after\n"
    )
    print("| what | ms per file | files | SDK time / this |")
    print("|---|---:|---:|---:|")
    for name, ms, count in rows:
        print(f"| {name} | {ms:.2f} | {count} | {sdk / ms:.0f}× |")


if __name__ == "__main__":
    main()
