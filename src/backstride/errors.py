"""Errors raised by backstride.

    BackstrideError                  anything backstride raises on purpose
    ├── FileFormatError              a file that cannot be read (path, offset, reason)
    │   └── UnsafeInputError         a file or archive refused as hostile (zip slip, bomb, entities)
    ├── DuplicateError               an activity that is already stored
    ├── KnowledgeError               a knowledge data file that fails validation
    ├── NotFoundError                an id or name that does not exist
    └── InputValueError              a value given by the user that is out of range or malformed

Only the faces (CLI, web) turn these into exit codes or HTTP statuses.
"""

from __future__ import annotations


class BackstrideError(Exception):
    """Base class of every error backstride raises on purpose."""


class FileFormatError(BackstrideError):
    """A file that cannot be decoded; carries where and why."""

    def __init__(self, path: str, reason: str, offset: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.offset = offset
        where = f" at byte {offset}" if offset is not None else ""
        super().__init__(f"{path}: {reason}{where}")


class UnsafeInputError(FileFormatError):
    """A file or archive refused because it looks hostile (path escape, bomb, XML entities)."""


class DuplicateError(BackstrideError):
    """Something already stored: an activity, or a diary entry logged again."""

    def __init__(self, reason: str, activity_id: int | None = None) -> None:
        self.reason = reason
        self.activity_id = activity_id
        super().__init__(reason)


class KnowledgeError(BackstrideError):
    """A knowledge data file that is missing a field or holds an invalid value."""


class NotFoundError(BackstrideError):
    """An id or name that does not exist in the store."""


class InputValueError(BackstrideError):
    """A value given by the user that is malformed or out of range."""
