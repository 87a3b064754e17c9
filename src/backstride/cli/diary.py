"""`backstride pain`: log, list, edit, delete, import and export the pain diary."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

import backstride.cli as _cli
from backstride.care.diary import local_time, parse_pain_type, parse_time
from backstride.cli import JsonOpt, app, emit_json, opened_store, out
from backstride.cli.params import IdArg, given_path, input_file, is_file
from backstride.errors import InputValueError
from backstride.model import PainEntry
from backstride.presentation import plural
from backstride.services import diary
from backstride.store import Store

pain_app = typer.Typer(
    help="The pain diary: one 0-10 score at a time, linked to the run it follows.",
    no_args_is_help=True,
)
app.add_typer(pain_app, name="pain")

ScoreOpt = Annotated[int | None, typer.Option(help="Pain from 0 (none) to 10 (worst).")]
TypeOpt = Annotated[
    str | None, typer.Option("--type", help="sharp, dull, radiating, stiffness or throbbing.")
]
LocationOpt = Annotated[str | None, typer.Option(help="Where it hurts, e.g. 'lower back left'.")]
TimeOpt = Annotated[
    str | None,
    typer.Option(
        help="ISO 8601, e.g. 2026-06-03T19:30+02:00; without an offset, in the profile's time "
        "zone (default now)."
    ),
]
BelowKneeOpt = Annotated[
    bool | None,
    typer.Option(
        "--radiates-below-knee/--no-radiates-below-knee", help="Pain spreads below a knee."
    ),
]
NumbOpt = Annotated[
    bool | None, typer.Option("--numbness/--no-numbness", help="Numbness or tingling in a leg.")
]
NoteOpt = Annotated[str | None, typer.Option(help="A free note.")]


def local_now(store: Store) -> datetime:
    """Now, on the runner's clock: the profile's time zone, else the computer's."""
    now = _cli._now()  # looked up at call time, so tests can set the clock
    zone = store.profile().timezone
    return now.astimezone(ZoneInfo(zone)) if zone else now.astimezone()


def entry_dict(entry: PainEntry) -> dict[str, Any]:
    """An entry as JSON values; ``time`` is local with its offset, ``time_utc`` in UTC."""
    values = dataclasses.asdict(entry)
    values["time"] = local_time(entry).isoformat()
    values["pain_type"] = entry.pain_type.value
    return values


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _show(entries: list[PainEntry]) -> None:
    table = Table(title="Pain diary")
    for col in ("id", "time", "score", "type", "location", "below knee", "numb", "run", "note"):
        table.add_column(col, justify="right" if col in {"id", "score", "run"} else "left")
    for e in entries:
        table.add_row(
            str(e.id),
            local_time(e).strftime("%Y-%m-%d %H:%M %z"),
            str(e.score),
            e.pain_type.value,
            e.location,
            _yes_no(e.radiates_below_knee),
            _yes_no(e.numbness_or_tingling),
            "" if e.activity_id is None else str(e.activity_id),
            e.note or "",
        )
    out.print(table)


def _required(value: Any, option: str) -> Any:
    if value is None:
        raise typer.BadParameter(f"{option} is required")
    return value


@pain_app.command("log")
def pain_log(
    score: ScoreOpt = None,
    pain_type: TypeOpt = None,
    location: LocationOpt = None,
    time: TimeOpt = None,
    radiates_below_knee: BelowKneeOpt = None,
    numbness: NumbOpt = None,
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Log how your back feels now (or at --time)."""
    with opened_store() as store:
        zone = diary.runner_zone(store)
        when, offset = parse_time(time, zone) if time else _now_and_offset(store)
        entry = PainEntry(
            time_utc=when,
            utc_offset_s=offset,
            score=_required(score, "--score"),
            pain_type=parse_pain_type(_required(pain_type, "--type")),
            location=_required(location, "--location"),
            radiates_below_knee=radiates_below_knee,
            numbness_or_tingling=numbness,
            note=note,
        )
        saved = diary.log_pain(store, entry, _cli._now())
    if as_json:
        emit_json(entry_dict(saved))
        return
    run = f", after run {saved.activity_id}" if saved.activity_id is not None else ""
    out.print(f"Logged pain {saved.score}/10 (entry {saved.id}{run}).")


def _now_and_offset(store: Store) -> tuple[datetime, int]:
    return parse_time(local_now(store).isoformat())


@pain_app.command("list")
def pain_list(as_json: JsonOpt = False) -> None:
    """Every diary entry, oldest first, with the run it follows."""
    with opened_store() as store:
        entries = diary.list_pain(store)
    if as_json:
        emit_json([entry_dict(e) for e in entries])
    else:
        _show(entries)


@pain_app.command("edit")
def pain_edit(
    entry_id: IdArg,
    score: ScoreOpt = None,
    pain_type: TypeOpt = None,
    location: LocationOpt = None,
    time: TimeOpt = None,
    radiates_below_knee: BelowKneeOpt = None,
    numbness: NumbOpt = None,
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Change fields of one entry."""
    changes: dict[str, Any] = {}
    if pain_type is not None:
        changes["pain_type"] = parse_pain_type(pain_type)
    given = {
        "score": score,
        "location": location,
        "radiates_below_knee": radiates_below_knee,
        "numbness_or_tingling": numbness,
        "note": note,
    }
    changes.update({k: v for k, v in given.items() if v is not None})
    if not changes and time is None:
        raise InputValueError(
            "nothing to change: give at least one of --score, --type, --location, --time, "
            "--radiates-below-knee/--no-radiates-below-knee, --numbness/--no-numbness, --note"
        )
    with opened_store() as store:
        if time is not None:
            changes["time_utc"], changes["utc_offset_s"] = parse_time(
                time, diary.runner_zone(store)
            )
        edited = diary.edit_pain(store, entry_id, changes, _cli._now())
    if as_json:
        emit_json(entry_dict(edited))
    else:
        out.print(f"Entry {entry_id} updated.")


@pain_app.command("delete")
def pain_delete(entry_id: IdArg, as_json: JsonOpt = False) -> None:
    """Delete one entry."""
    with opened_store() as store:
        gone = diary.delete_pain(store, entry_id)
    if as_json:
        emit_json({"deleted": entry_dict(gone)})
    else:
        out.print(f"Entry {entry_id} deleted.")


@pain_app.command("import")
def pain_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="CSV (or ; or tab separated) with time,score,type,location.", parser=given_path
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Import diary entries from CSV: every row or none; bad rows are listed by line."""
    input_file(path)
    with opened_store() as store:
        report = diary.import_pain_csv(store, path, _cli._now())
    if as_json:
        emit_json(dataclasses.asdict(report))
        return
    if report.encoding != "utf-8":
        out.print(
            f"Read as {report.encoding}, not UTF-8: check that accented letters in locations "
            "and notes look right."
        )
    out.print(
        f"Imported {plural(report.added, 'entry', 'entries')} ({report.linked} linked to a run); "
        f"{report.duplicates} already in the diary."
    )
    if report.repeats:
        said = ", ".join(f"line {r.line} repeats line {r.repeats_line}" for r in report.repeats)
        out.print(f"Skipped rows that repeat an earlier row: {said}.")
    if report.ignored_columns:
        out.print(f"Columns not used by the diary, ignored: {', '.join(report.ignored_columns)}")


@pain_app.command("export")
def pain_export(
    path: Annotated[
        Path | None,
        typer.Argument(help="CSV file to write (default: print).", parser=given_path),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Export the diary as CSV, in the form `pain import` reads (replacing FILE if it exists)."""
    replaced = path is not None and is_file(path)
    with opened_store() as store:
        text, count = diary.export_pain_csv(store, path)
    if as_json:
        shown: dict[str, Any] = {"path": None if path is None else str(path), "entries": count}
        if path is None:
            shown["csv"] = text
        else:
            shown["replaced"] = replaced
        emit_json(shown)
    elif path is None:
        typer.echo(text, nl=False)
    else:
        entries = plural(count, "entry", "entries")
        said = f"Replaced {path} with {entries}" if replaced else f"Wrote {entries} to {path}"
        out.print(f"{said}.", markup=False)
