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
from typing import Annotated, Any

import typer
from rich.console import Console

from backstride.errors import BackstrideError
from backstride.model import Profile
from backstride.settings import Settings
from backstride.store import Store

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


def main() -> None:
    """Entry point: one place turns backstride's errors into a message and exit code 2 (with
    ``--json``, also ``{"error": message}`` on standard output, for scripts)."""
    try:
        app(standalone_mode=False)
    except BackstrideError as exc:
        err.print(f"[red]error:[/red] {exc}")
        if "--json" in sys.argv[1:]:
            emit_json({"error": str(exc)})
        raise SystemExit(2) from None
    except typer.Abort:
        raise SystemExit(1) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:  # usage errors: click's, or the copy of click that typer carries
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            raise SystemExit(code) from None
        raise


# the command modules register themselves on `app` when imported
from backstride.cli import care as _care  # noqa: E402, F401
from backstride.cli import gait as _gait  # noqa: E402, F401
from backstride.cli import history as _history  # noqa: E402
from backstride.cli import insight as _insight  # noqa: E402, F401
from backstride.cli import web as _web  # noqa: E402, F401

__all__ = ["JsonOpt", "app", "emit_json", "err", "main", "opened_store", "out"]
_ = _history
