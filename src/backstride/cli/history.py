"""Commands over the run history: import, runs, load, shoes, surface, profile."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import backstride.cli as _cli
from backstride import presentation as fmt
from backstride.cli import (
    JsonOpt,
    app,
    emit_json,
    err,
    json_wanted,
    opened_store,
    out,
    shoes_app,
)
from backstride.cli.params import IdArg, day_option, finite, given_path, shown_path
from backstride.errors import InputValueError
from backstride.knowledge import load_rules
from backstride.model import Sport, Surface, Units
from backstride.presentation import plural
from backstride.services import ImportReport, estimate_count, history, import_paths
from backstride.store import MAX_ROW_ID
from backstride.timeutil import profile_zone


# --- import --------------------------------------------------------------------------------------
@app.command("import")
def import_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, folders, export archives.", parser=given_path)
    ],
    as_json: JsonOpt = False,
) -> None:
    """Import activity files (FIT, GPX, TCX, compressed or not), folders and export archives.
    Exit code 1 when every path given failed and nothing was imported or skipped."""
    with opened_store() as store:
        total = sum(estimate_count(p) for p in paths)
        columns = (
            TextColumn("[bold]importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("", total=max(total, 1))

            def advance(label: str) -> None:
                bar.update(task, advance=1, description=escape(Path(label).name[-40:]))
                if bar.tasks[0].completed > (bar.tasks[0].total or 0):
                    bar.update(task, total=bar.tasks[0].completed)

            report = import_paths(store, paths, _cli._now(), progress=advance)
    if as_json:
        emit_json(report.as_dict())
    else:
        _show_import(report)
    if report.failed and not report.imported and not report.skipped:
        raise typer.Exit(1)


def _show_import(report: ImportReport) -> None:
    for item in report.failed:
        err.print(f"[red]failed[/red]  {escape(shown_path(item.path))}: {escape(item.reason)}")
    for item in report.skipped:
        err.print(
            f"[yellow]skipped[/yellow] {escape(shown_path(item.path))}: {escape(item.reason)}"
        )
    for done in report.imported:
        if done.replaces is not None:
            err.print(
                f"[cyan]replaced[/cyan] activity {done.activity_id}: now from "
                f"{escape(done.path)}, which records more of the run than {escape(done.replaces)}"
            )
    out.print(
        f"Imported {plural(len(report.imported), 'activity', 'activities')}; "
        f"skipped {len(report.skipped)}; failed {len(report.failed)}.",
        markup=False,
    )


# --- runs ----------------------------------------------------------------------------------------
@app.command("runs")
def runs_cmd(
    as_json: JsonOpt = False,
    sport: Annotated[str | None, typer.Option(help="Only this sport, e.g. running.")] = None,
) -> None:
    """Every activity with its measures; spikes compare with the longest run of 30 days."""
    if sport is not None:
        sport = _known_sport(sport)
    with opened_store() as store:
        views = history.run_views(store, sport=sport)
        units = store.profile().units
    if sport is not None and not views:
        err.print(f"note: no activity of sport {sport!r} is stored; see 'backstride runs'")
    if as_json:
        emit_json([v.as_dict() for v in views])
        return
    u = units.value
    table = Table(title="Activities")
    headers = (
        "id",
        "date",
        "sport",
        f"dist {u}",
        "moving",
        f"pace /{u}",
        "cadence spm",
        "ascent m",
        "descent m",
        "spike",
        "shoe",
    )
    for col in headers:
        table.add_column(col, justify="left" if col in {"date", "sport", "shoe"} else "right")
    for v in views:
        r = v.row
        sport = r["sport"] if r["sub_sport"] == "generic" else f"{r['sport']}/{r['sub_sport']}"
        table.add_row(
            str(v.id),
            v.local_date.isoformat(),
            sport,
            fmt.distance(r["distance_m"], units, unit=False),
            fmt.duration(r["moving_s"]),
            fmt.pace(r["avg_speed_mps"], units, unit=False),
            fmt.number(r["avg_cadence_spm"]),
            fmt.number(r["ascent_m"]),
            fmt.number(r["descent_m"]),
            fmt.percent(v.spike_pct),
            r["shoe"] or "",
        )
    out.print(table)


def _known_sport(text: str) -> str:
    """A sport's name as stored; InputValueError for a name that is no sport."""
    wanted = text.strip().lower()
    if wanted in {str(s) for s in Sport}:
        return wanted
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise InputValueError(
        f"unknown sport {shown!r}; choose one of {', '.join(str(s) for s in Sport)}"
    )


# --- load ----------------------------------------------------------------------------------------
@app.command("load")
def load_cmd(as_json: JsonOpt = False) -> None:
    """Weekly running load: distance, change, longest run, rest days, ACWR, monotony, strain."""
    with opened_store() as store:
        profile = store.profile()
        weeks = history.weeks(store, today=_cli._today(profile))
    if as_json:
        emit_json({"weeks": [dataclasses.asdict(w) for w in weeks]})
        return
    units = profile.units
    u = units.value
    table = Table(
        title="Weekly running load (Monday to Sunday, local time)",
        caption="ACWR: acute:chronic workload ratio (EWMA 7/28 days on distance). "
        "Its thresholds are contested; read it as a trend, not a verdict.",
    )
    for col in (
        "week",
        f"dist {u}",
        "change",
        "runs",
        f"longest {u}",
        "rest days",
        "ACWR",
        "monotony",
        "strain",
    ):
        table.add_column(col, justify="left" if col == "week" else "right")
    shown, idle = _trim_idle_tail(weeks)
    for w in shown:
        table.add_row(
            w.week_start.isoformat(),
            fmt.distance(w.distance_m, units, 1, unit=False),
            fmt.percent(w.change_pct),
            str(w.runs),
            fmt.distance(w.longest_run_m, units, 1, unit=False),
            str(w.rest_days),
            fmt.number(w.acwr, 2),
            fmt.number(w.monotony, 2),
            fmt.number(w.strain, 0),
        )
    if idle:
        table.add_row(
            f"+{len(idle)} weeks",
            "0",
            "",
            "0",
            "",
            str(sum(w.rest_days for w in idle)),
            fmt.number(idle[-1].acwr, 2),
            "",
            "",
            style="dim",
        )
    out.print(table)


def _trim_idle_tail(weeks: list[Any]) -> tuple[list[Any], list[Any]]:
    """Split off the run of empty weeks at the end (shown as one line; --json keeps them all)."""
    end = len(weeks)
    while end > 1 and weeks[end - 1].runs == 0 and weeks[end - 2].runs == 0:
        end -= 1
    return weeks[:end], weeks[end:]


# --- shoes ---------------------------------------------------------------------------------------
@shoes_app.callback()
def shoes_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List shoes with their distance and retirement advice."""
    if ctx.invoked_subcommand is not None:
        return
    with opened_store() as store:
        profile = store.profile()
        gear = {g.id: g for g in store.gear_list()}
        reports = history.shoes(store, _cli._today(profile))
    if as_json:
        emit_json(
            {
                "shoes": [
                    {
                        "name": gear[r.gear_id].name,
                        "brand": gear[r.gear_id].brand,
                        "model": gear[r.gear_id].model,
                        "retired": gear[r.gear_id].retired_utc,
                        **dataclasses.asdict(r),
                    }
                    for r in reports
                ],
                "pairs_in_rotation": sum(r.in_rotation for r in reports),
            }
        )
        return
    rules = load_rules()
    wear, pairs = rules.shoe_retirement, rules.rotation
    table = Table(
        title="Shoes",
        caption=fmt.in_units(
            f"{sum(r.in_rotation for r in reports)} pair(s) in rotation (used in the last "
            f"{rules.rotation_window.window_days} days). Plan a new pair from "
            f"{wear.plan_from_km:g} km, past its range at {wear.past_range_km:g} km (grade "
            f"{wear.item.grade}: {wear.item.note}) Runners using {pairs.min_pairs_count} or more "
            f"pairs had fewer injuries (hazard ratio {pairs.hazard_ratio:g}, grade "
            f"{pairs.item.grade}).",
            profile.units,
        ),
    )
    for col in ("name", "distance", "runs", "first", "last", "status", "advice"):
        table.add_column(col)
    for r in reports:
        g = gear[r.gear_id]
        table.add_row(
            escape(g.name),
            fmt.distance(r.distance_m, profile.units, 0),
            str(r.runs),
            r.first_use.date().isoformat() if r.first_use else "-",
            r.last_use.date().isoformat() if r.last_use else "-",
            "retired" if g.retired_utc else ("in rotation" if r.in_rotation else "idle"),
            fmt.in_units(r.advice, profile.units),
        )
    out.print(table)


@shoes_app.command("add")
def shoes_add(
    ctx: typer.Context,
    name: str,
    brand: str | None = None,
    model: str | None = None,
    start_km: Annotated[
        float,
        typer.Option(
            help=f"Distance already on the shoe, km (0 to {history.MAX_START_KM:g}).",
            callback=finite,
        ),
    ] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Add a pair of shoes."""
    with opened_store() as store:
        g = history.add_shoe(store, name, _cli._now(), brand, model, start_km)
    if json_wanted(ctx, as_json):
        emit_json(dataclasses.asdict(g))
    else:
        out.print(f"Added shoe {g.name!r} (id {g.id}).", markup=False)


@shoes_app.command("assign")
def shoes_assign(
    ctx: typer.Context,
    name: str,
    activity_ids: Annotated[
        list[int] | None, typer.Argument(help="Activity ids.", min=0, max=MAX_ROW_ID)
    ] = None,
    since: Annotated[date | None, day_option("Every run from this day.")] = None,
    until: Annotated[date | None, day_option("...up to this day (inclusive).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Say which shoe a run was in: by activity ids, or every run in a date range (local days,
    YYYY-MM-DD). Only runs get a shoe."""
    with opened_store() as store:
        done = history.assign_shoe(
            store, name, activity_ids or [], since, until, _cli._today(store.profile())
        )
    note = history.not_runs_note(done)
    if note is not None:
        err.print(f"[yellow]note[/yellow] {note}")
    if json_wanted(ctx, as_json):
        emit_json(
            {
                "shoe": done.shoe,
                "assigned": len(done.assigned),
                "ids": list(done.assigned),
                "moved_from": done.moved_from,
                "not_runs": [{"id": i, "sport": sport} for i, sport in done.not_runs],
            }
        )
        return
    moved = "; ".join(
        f"{count} of them had {shoe!r} before" for shoe, count in done.moved_from.items()
    )
    now_use = "now uses" if len(done.assigned) == 1 else "now use"
    said = f"{plural(len(done.assigned), 'run')} {now_use} {done.shoe!r}"
    out.print(f"{said}; {moved}." if moved else f"{said}.", markup=False)


@shoes_app.command("retire")
def shoes_retire(
    ctx: typer.Context,
    name: str,
    undo: Annotated[bool, typer.Option(help="Put a retired shoe back into use.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Retire a pair of shoes (or bring it back with --undo)."""
    with opened_store() as store:
        shoe, changed = history.retire_shoe(store, name, None if undo else _cli._now())
        zone = profile_zone(store.profile())
    if json_wanted(ctx, as_json):
        emit_json({"shoe": shoe.name, "retired": shoe.retired_utc, "changed": changed})
        return
    if shoe.retired_utc is None:
        said = "is back in use" if changed else "is already in use"
    else:
        day = shoe.retired_utc.astimezone(zone).date().isoformat()
        said = f"retired on {day}" if changed else f"is already retired (since {day})"
    out.print(f"{shoe.name!r} {said}.", markup=False)


# --- surface -------------------------------------------------------------------------------------
@app.command("surface")
def surface_cmd(
    activity_id: IdArg,
    surface: Annotated[str, typer.Argument(help="road, track, trail, treadmill or auto.")],
    as_json: JsonOpt = False,
) -> None:
    """Override the surface of a run (or go back to what the file says with 'auto')."""
    from backstride.services.activity import set_surface

    chosen = None if surface.strip().lower() == "auto" else _parse_surface(surface)
    with opened_store() as store:
        effective = set_surface(store, activity_id, chosen)
    if as_json:
        emit_json({"id": activity_id, "surface": effective})
    else:
        out.print(f"Activity {activity_id}: surface {effective}.")


def _parse_surface(text: str) -> Surface:
    """One of the surfaces the help lists; ``unknown`` is what a run without one shows, not a
    choice."""
    choices = [s for s in Surface if s != Surface.UNKNOWN]
    wanted = text.strip().lower()
    for choice in choices:
        if wanted == choice.value:
            return choice
    shown = text if len(text) <= 40 else text[:40] + "..."
    listed = ", ".join(s.value for s in choices)
    raise InputValueError(f"unknown surface {shown!r}; choose one of {listed} or auto")


# --- profile -------------------------------------------------------------------------------------
@app.command("profile")
def profile_cmd(
    height_cm: Annotated[float | None, typer.Option(help="Height in cm.", callback=finite)] = None,
    weight_kg: Annotated[float | None, typer.Option(help="Weight in kg.", callback=finite)] = None,
    birth_year: Annotated[int | None, typer.Option()] = None,
    units: Annotated[Units | None, typer.Option(help="km or mi for display.")] = None,
    max_hr: Annotated[
        float | None, typer.Option(help="Maximum heart rate, bpm.", callback=finite)
    ] = None,
    resting_hr: Annotated[
        float | None, typer.Option(help="Resting heart rate, bpm.", callback=finite)
    ] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA zone, e.g. Europe/Berlin.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the runner's profile, or change it with options."""
    from backstride.services.activity import update_profile

    with opened_store() as store:
        p = update_profile(
            store,
            height_cm=height_cm,
            weight_kg=weight_kg,
            birth_year=birth_year,
            units=units,
            max_hr=max_hr,
            resting_hr=resting_hr,
            timezone=timezone,
            today=_cli._now().date(),
        )
    if as_json:
        emit_json(dataclasses.asdict(p))
        return
    table = Table(title="Profile", show_header=False)
    table.add_row("height", fmt.number(p.height_m * 100 if p.height_m else None, 0, " cm"))
    table.add_row("weight", fmt.number(p.weight_kg, 1, " kg"))
    table.add_row("birth year", str(p.birth_year or "-"))
    table.add_row("units", p.units.value)
    table.add_row("max HR", fmt.number(p.max_hr_bpm, 0, " bpm"))
    table.add_row("resting HR", fmt.number(p.resting_hr_bpm, 0, " bpm"))
    table.add_row("time zone", p.timezone or "-")
    out.print(table)
