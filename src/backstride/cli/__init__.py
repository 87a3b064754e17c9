"""The command line: parse, call a service, render a table or JSON. Nothing else lives here.

The commands live in one module per area (history: import, runs, load, shoes, profile); each
registers itself on :data:`app`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.exc import SQLAlchemyError

from backstride.errors import BackstrideError
from backstride.model import Profile
from backstride.settings import Settings
from backstride.store import Store, database_problem

app = typer.Typer(
    help="backstride: why does my back hurt after running? Answers from your own runs.",
    no_args_is_help=True,
    add_completion=False,
)
shoes_app = typer.Typer(
    help="Shoes: mileage, retirement advice, rotation.", invoke_without_command=True
)
app.add_typer(shoes_app, name="shoes")

out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value != value:  # NaN has no JSON form
        return None
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, default=_jsonable, indent=2, allow_nan=False) + "\n")


@contextmanager
def opened_store() -> Iterator[Store]:
    store = Store.open(Settings.from_env())
    try:
        yield store
    finally:
        store.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _today(profile: Profile) -> date:
    from zoneinfo import ZoneInfo

    if profile.timezone:
        return _now().astimezone(ZoneInfo(profile.timezone)).date()
    return _now().astimezone().date()


def json_wanted(ctx: typer.Context, flag: bool) -> bool:
    """Whether JSON was asked for: on this command, or on a group above it (``shoes --json
    add X`` as well as ``shoes add X --json``)."""
    parent = ctx.parent
    while not flag and parent is not None:
        flag = bool(parent.params.get("as_json"))
        parent = parent.parent
    return flag


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    if "--json" in sys.argv[1:]:
        emit_json({"error": message})
    raise SystemExit(code) from None


def main() -> None:
    """Entry point: one place turns backstride's errors, problems of the home folder or the
    database, and usage errors into one line on standard error and exit code 2 (with
    ``--json``, also ``{"error": message}`` on standard output, for scripts)."""
    try:
        code = app(standalone_mode=False)  # a command's typer.Exit(code) comes back as its code
    except BackstrideError as exc:
        _fail(str(exc))
    except SQLAlchemyError as exc:  # a database that fails after it opened (locked, read-only)
        problem = database_problem(exc, Settings.from_env().database_url)
        if problem is None:
            raise
        _fail(str(problem))
    except typer.Abort:
        raise SystemExit(1) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # usage errors: click's, or the copy of click that typer carries
        show, usage_code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(usage_code, int):
            show()
            message = getattr(exc, "format_message", None)
            if "--json" in sys.argv[1:]:
                emit_json({"error": message() if callable(message) else str(exc)})
            raise SystemExit(usage_code) from None
        raise
    if isinstance(code, int) and code != 0:
        raise SystemExit(code)


# the command modules register themselves on `app` when imported
from backstride.cli import care as _care  # noqa: E402, F401
from backstride.cli import gait as _gait  # noqa: E402, F401
from backstride.cli import history as _history  # noqa: E402
from backstride.cli import insight as _insight  # noqa: E402, F401
from backstride.cli import web as _web  # noqa: E402, F401

__all__ = [
    "JsonOpt",
    "app",
    "emit_json",
    "err",
    "json_wanted",
    "main",
    "opened_store",
    "out",
]
_ = _history
