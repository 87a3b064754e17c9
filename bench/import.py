"""Benchmark: import an archive of 300 distinct one-hour runs, against peers decoding the same files.

The archive is built from real running files in ../shared/data/fit (about an hour each, one sample
per second), copied with every timestamp moved by a whole number of days (bench/fitshift.py) so
that each copy is a distinct activity. backstride's figure is the WHOLE import (read the zip,
decode, measures, Arrow IPC stream files, SQLite rows, one transaction per file) into a fresh
store; the peers' figure is their decode of the same bytes alone. The import uses its default
worker processes; the CPU time it took (this process and the workers) and the load average
before and after are printed, because the machine may be shared.

    python bench/import.py [--runs 300] [--peer-sample 30] [--rounds 3]

Everything runs in ``--rounds`` interleaved rounds (import, then each peer), and each round's
ratios are taken within the round: on a virtual machine whose speed drifts by a fifth from one
minute to the next, that keeps the drift out of the comparison. The official SDK and fitdecode
take about half a second per file, so they decode a sample of the archive: about
``peer-sample`` files in all, the same number from each of the four source files (their sizes
differ twofold, and the import takes all four equally), chosen at random with fixed seeds, a
different sample in each round; fitfast and backstride's decoder take all of it. Every figure
is a mean per file (total time over files), as the import's is; the summary table gives the
median over rounds.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import platform
import random
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
    return statistics.fmean(times)


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


PEERS: list[tuple[str, Callable[[bytes], object], bool]] = [  # name, decode, sampled
    ("backstride: FIT decode alone", backstride_decode, False),
    ("fitfast 0.1: records() (record columns only)", fitfast_records, False),
    ("fitfast 0.1: parse() (all messages)", fitfast_parse, False),
    ("garmin-fit-sdk: Decoder.read()", sdk_decode, True),
    ("fitdecode: FitReader", fitdecode_decode, True),
]
IMPORT = "backstride: whole import (decode + measures + storage)"
SDK = "garmin-fit-sdk: Decoder.read()"
FITFAST = "fitfast 0.1: records() (record columns only)"


def one_round(archive: Path, files: list[bytes], sample: list[bytes]) -> dict[str, float]:
    """ms per file of the import and of every peer, measured one after the other."""
    times = {IMPORT: backstride_import(archive, len(files))}
    for name, decode, sampled in PEERS:
        times[name] = per_file_ms(decode, sample if sampled else files)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--peer-sample", type=int, default=30, help="files the slow peers decode")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()
    per_source = max(1, math.ceil(args.peer_sample / (args.rounds * len(SOURCES))))
    per_round = per_source * len(SOURCES)
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive.zip"
        files = build_archive(args.runs, archive)
        for r in range(args.rounds):
            draw = random.Random(r)
            picks = [  # file i is a copy of SOURCES[i % len(SOURCES)]
                i
                for source in range(len(SOURCES))
                for i in draw.sample(range(source, len(files), len(SOURCES)), per_source)
            ]
            rounds.append(one_round(archive, files, [files[i] for i in picks]))
    load_after = os.getloadavg()
    print(
        f"Import benchmark, {args.runs} one-hour runs, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average (1 min) "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; {args.rounds} rounds, "
        f"the SDK and fitdecode on {per_round} sampled files a round\n"
    )
    print("| what | ms per file (median of rounds) | SDK time / this (median of rounds) |")
    print("|---|---:|---:|")
    for name in [IMPORT] + [peer[0] for peer in PEERS]:
        ms = statistics.median(t[name] for t in rounds)
        ratio = statistics.median(t[SDK] / t[name] for t in rounds)
        print(f"| {name} | {ms:.2f} | {ratio:.0f}× |")
    print(
        "\n| round | whole import (ms per file) | SDK (ms per file) | SDK / import | fitfast records() / import |"
    )
    print("|---:|---:|---:|---:|---:|")
    for r, t in enumerate(rounds, 1):
        print(
            f"| {r} | {t[IMPORT]:.2f} | {t[SDK]:.1f} | {t[SDK] / t[IMPORT]:.0f}× | "
            f"{t[FITFAST] / t[IMPORT]:.2f}× |"
        )


if __name__ == "__main__":
    main()
