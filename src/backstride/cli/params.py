"""The kinds of values the commands take, parsed strictly in one place.

A day is ``YYYY-MM-DD`` and nothing else (typer's own date type also reads a bare number as a
Unix timestamp, so ``20210101`` became 1970-08-22); a float is finite; an id fits the
database's 64-bit integer; a path is not empty (typer reads ``""`` as the current folder). A
value refused here is a usage error: exit code 2 and ``Invalid value for '--since': ...``.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from backstride.errors import InputValueError
from backstride.services.importing import path_problem
from backstride.store import MAX_ROW_ID

#: Paths are shown cut to this many characters in messages.
SHOWN_PATH_CHARS = 100

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` as a date; typer.BadParameter for anything else."""
    cleaned = text.strip()
    if _DAY.fullmatch(cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            pass  # 2026-02-30
    shown = cleaned if len(cleaned) <= 30 else cleaned[:30] + "..."
    raise typer.BadParameter(f"{shown!r} is not a date: give it as YYYY-MM-DD, e.g. 2021-01-31")


def day_option(help_text: str) -> Any:
    """An option that takes one day as ``YYYY-MM-DD`` (see :func:`parse_day`)."""
    return typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help=help_text)


def finite(value: float | None) -> float | None:
    """Option callback: refuse NaN and the infinities (``nan``, ``inf``, ``1e309``)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number backstride can use: give a finite one")
    return value


def given_path(text: str) -> Path:
    """A path as typed; an empty one is refused (``Path("")`` would be the current folder)."""
    if text == "":
        raise typer.BadParameter("empty path: give a file name")
    return Path(text)


def shown_path(path: Path | str) -> str:
    """A path for a message, cut to :data:`SHOWN_PATH_CHARS` characters."""
    text = str(path)
    return text if len(text) <= SHOWN_PATH_CHARS else text[:SHOWN_PATH_CHARS] + "..."


def input_file(path: Path) -> Path:
    """``path`` when it names a regular file; InputValueError saying what it is otherwise (the
    import's :func:`~backstride.services.importing.path_problem`, or a folder)."""
    problem = path_problem(path)
    if problem is None and path.is_dir():
        problem = "is a folder, not a file"
    if problem is not None:
        raise InputValueError(f"{shown_path(path)}: {problem}")
    return path


def is_file(path: Path) -> bool:
    """Whether ``path`` names an existing regular file; False where it cannot be looked at."""
    try:
        return path.is_file()
    except OSError:
        return False


IdArg = Annotated[int, typer.Argument(min=0, max=MAX_ROW_ID, help="The id, as listed.")]
PathArg = Annotated[Path, typer.Argument(parser=given_path)]

__all__ = [
    "IdArg",
    "PathArg",
    "day_option",
    "finite",
    "given_path",
    "input_file",
    "is_file",
    "parse_day",
    "shown_path",
]
