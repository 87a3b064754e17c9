"""Small wording helpers for the report: plurals and sentence joins."""

from __future__ import annotations

from collections.abc import Iterable


def join_sentences(parts: Iterable[str]) -> str:
    """Sentences joined by a space, each ending in a full stop (never ``.;``)."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in kept)
