"""Errors of the gait analysis; all are :class:`backstride.errors.BackstrideError`.

BackstrideError
├── GaitError              a clip that cannot be analysed (reason, path)
│   ├── NoRunnerError      nobody, or nobody for long enough, in the clip
│   └── SeveralPeopleError more than one person and no clear runner to follow
└── MissingExtraError      an optional dependency (an extra) is not installed
"""

from __future__ import annotations

from backstride.errors import BackstrideError


class GaitError(BackstrideError):
    """A clip that cannot be analysed; ``reason`` says why in plain words."""

    def __init__(self, reason: str, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)

    def at(self, path: str) -> GaitError:
        """The same error naming the video file."""
        return type(self)(self.reason, path)


class NoRunnerError(GaitError):
    """Nobody (or nobody for long enough) was found in the clip."""


class SeveralPeopleError(GaitError):
    """Several people in view and none of them clearly the runner."""


class MissingExtraError(BackstrideError):
    """An optional part of backstride needs packages that are not installed."""

    def __init__(self, extra: str, package: str) -> None:
        self.extra = extra
        self.package = package
        super().__init__(
            f"this needs the optional package {package!r}: install backstride with the "
            f"'{extra}' extra, e.g. pip install 'backstride[{extra}]'"
        )
