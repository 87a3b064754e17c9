"""Bounds on what one import may decompress: every archive and compressed file is hostile input.

The defaults fit the largest real exports (a Garmin account export of many years runs to a few
GiB; a single activity file rarely passes 10 MiB) while refusing decompression bombs early.
"""

from __future__ import annotations

from dataclasses import dataclass

from backstride.errors import InputValueError

MiB = 1 << 20
GiB = 1 << 30

#: The compression-ratio bound applies only once a member has produced this many bytes: tiny
#: files of repeated bytes legitimately compress far beyond any ratio, and cannot hurt anyone.
RATIO_CHECK_MIN_BYTES = 1 * MiB


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on decompressed sizes, compression ratio, member count and nesting.

    ``max_file_bytes``: decompressed size of one activity file (bytes).
    ``max_archive_bytes``: total decompressed bytes read from one archive, nested ones included.
    ``max_ratio``: decompressed over compressed size of one member (checked past
    :data:`RATIO_CHECK_MIN_BYTES`).
    ``max_members``: entries in one zip archive.
    ``max_depth``: containers inside containers (an archive in a folder is depth 1, a zip in it 2).
    """

    max_file_bytes: int = 256 * MiB
    max_archive_bytes: int = 8 * GiB
    max_ratio: float = 200.0
    max_members: int = 200_000
    max_depth: int = 3

    def __post_init__(self) -> None:
        for name in (
            "max_file_bytes",
            "max_archive_bytes",
            "max_ratio",
            "max_members",
            "max_depth",
        ):
            if getattr(self, name) <= 0:
                raise InputValueError(f"Limits.{name} must be positive")


DEFAULT_LIMITS = Limits()
