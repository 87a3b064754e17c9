"""Commands of the faces beyond the terminal: ``serve`` (the web app) and ``report``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from backstride.cli import JsonOpt, _now, _today, app, emit_json, err, opened_store, out
from backstride.cli.params import day_option, given_path, is_file
from backstride.errors import BackstrideError, InputValueError
from backstride.settings import Settings

DEFAULT_REPORT = Path("backstride-report.html")


def _missing_extra(exc: ImportError) -> BackstrideError:
    return BackstrideError(
        f"this command needs the 'web' extra: pip install 'backstride[web]' ({exc.name} missing)"
    )


@app.command("serve")
def serve_cmd(
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback exposes your data.")
    ] = "127.0.0.1",
) -> None:
    """Open the local web dashboard (http://127.0.0.1:8000 by default)."""
    try:
        from backstride.web.server import exposure_warning, serve
    except ImportError as exc:
        raise _missing_extra(exc) from None
    warning = exposure_warning(host, port)
    if warning:
        err.print(f"[yellow]warning:[/yellow] {warning}")
    shown = f"[{host}]" if ":" in host else host
    err.print(f"backstride is serving on http://{shown}:{port}  (Ctrl+C stops it)")
    serve(host=host, port=port)


def _gait_analyses() -> list[Any]:
    """The stored video analyses, or none when this installation has no gait part."""
    try:
        from backstride.services.gait import list_analyses
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("backstride"):
            return []
        raise
    return list(list_analyses(Settings.from_env()))


@app.command("report")
def report_cmd(
    out_path: Annotated[
        Path,
        typer.Option(
            "--out",
            help="FILE.html or FILE.pdf to write (replaced if it exists).",
            parser=given_path,
        ),
    ] = DEFAULT_REPORT,
    since: Annotated[
        date | None, day_option("First day of the period (default: the last 16 weeks).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write one document for a physiotherapist: load, pain, red flags, factors, plan."""
    try:
        from backstride.reports import build_report, check_destination, write_report
        from backstride.reports.why_parts import default_provider
    except ImportError as exc:
        raise _missing_extra(exc) from None
    check_destination(out_path)
    with opened_store() as store:
        profile = store.profile()
        today = _today(profile)
        if since is not None and since > today:
            raise InputValueError(
                f"--since {since} is after today ({today}): the report covers days already past"
            )
        zone = ZoneInfo(profile.timezone) if profile.timezone else None
        now = _now().astimezone(zone)
        why = default_provider()
        data = build_report(
            store,
            now=now,
            today=today,
            since=since,
            gait=_gait_analyses(),
            why=None if why is None else why(store, now),
        )
        replaced = is_file(out_path)
        written = write_report(data, out_path)
    if as_json:
        emit_json(
            {"path": str(written), "replaced": replaced, "since": data.since, "until": data.until}
        )
        return
    verb = "Replaced" if replaced else "Wrote"
    out.print(f"{verb} {written} with the report for {data.since} to {data.until}.", markup=False)
