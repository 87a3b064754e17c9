"""Time backstride's FIT reader against garmin-fit-sdk, fitdecode and fitfast.

Run: ``python bench/fit_decode.py`` (from the repository root; the files are read from
``../shared/data/fit``). Each decoder decodes the same bytes, already in memory; the
median of several runs is reported in milliseconds per file, as a Markdown table.

* read_fit: backstride.formats.fit.read_fit -> Recording (sessions, laps, device, streams)
* garmin-fit-sdk: Decoder.read() with its defaults (every message, hr merging, CRC check)
* fitdecode: iterating every frame of FitReader (CRC check on, its default)
* fitfast parse: fitfast.parse (every message as dicts); fitfast records: the record
  message only, as NumPy columns
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import fitdecode
import fitfast
from garmin_fit_sdk import Decoder, Stream

from backstride.formats.fit import read_fit

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "fit"
FILES = [
    "sportslib__6782987395.fit",  # FR945, 83 min, 1 s records + Stryd developer fields
    "runpandas__run.fit",  # FR645M, 53 min, smart recording
    "goldencheetah__HRV-Data.fit",  # Stryd app, 71 min, records alternating with hrv
    "sportslib__6860622783.fit",  # FR945 treadmill, 63 min, running dynamics + Stryd
    "sportslib__6909950168.fit",  # Suunto 9, 37 min, big-endian
    "fitparse__activity-small-fenix2-run.fit",  # Fenix 2, 47 min
]


def _sdk(data: bytes) -> object:
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    return messages, errors


def _fitdecode(data: bytes) -> object:
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        return sum(1 for _ in reader)


DECODERS: dict[str, tuple[Callable[[bytes], object], int]] = {
    "read_fit": (read_fit, 60),
    "garmin-fit-sdk": (_sdk, 3),
    "fitdecode": (_fitdecode, 3),
    "fitfast parse": (fitfast.parse, 15),
    "fitfast records": (fitfast.records, 15),
}


def median_ms(decode: Callable[[bytes], object], data: bytes, repeats: int) -> float:
    decode(data)  # warm up: imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        decode(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def main() -> int:
    header = ["file", "records", *(f"{name} (ms)" for name in DECODERS), "SDK / read_fit"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name in FILES:
        data = (DATA / name).read_bytes()
        records = sum(len(a.stream) for a in read_fit(data).activities)
        timings = {label: median_ms(f, data, n) for label, (f, n) in DECODERS.items()}
        cells = [name, str(records), *(f"{ms:.2f}" for ms in timings.values())]
        cells.append(f"{timings['garmin-fit-sdk'] / timings['read_fit']:.0f}x")
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
