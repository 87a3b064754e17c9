"""JSON sent by a person or a program, read so that nothing in it is dropped unseen.

The JSON standard leaves an object member given twice undefined, and Python keeps the last one
silently: ``{"saddle_numbness": true, "saddle_numbness": false}`` would lose a red flag. Both the
command line (``triage --answers``) and the web API read such input through :func:`loads`, which
refuses it.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["RepeatedKeyError", "loads"]


class RepeatedKeyError(json.JSONDecodeError):
    """An object member given twice; ``key`` names it."""

    def __init__(self, key: str, doc: str, pos: int) -> None:
        super().__init__(f"{key!r} is given twice; give each once", doc, pos)
        self.key = key


class _Repeated(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


def loads(data: str | bytes) -> Any:
    """``json.loads`` that raises :class:`RepeatedKeyError` (a ``json.JSONDecodeError``) for a
    member given twice; its position is that of the second one where it can be found."""
    try:
        return json.loads(data, object_pairs_hook=_unique)
    except _Repeated as exc:
        doc = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
        quoted = json.dumps(exc.key)
        first = doc.find(quoted)
        second = doc.find(quoted, first + 1) if first >= 0 else -1
        raise RepeatedKeyError(exc.key, doc, max(second, 0)) from None
