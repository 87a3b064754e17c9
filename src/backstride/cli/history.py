"""Commands over the run history: import, runs, load, shoes, surface, profile."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backstride import presentation as fmt
from backstride.cli import JsonOpt, _now, _today, app, emit_json, err, opened_store, out, shoes_app
from backstride.errors import InputValueError, NotFoundError
from backstride.knowledge import load_rules
from backstride.model import Surface, Units
from backstride.services import estimate_count, history, import_paths
from backstride.store import Store


# --- import --------------------------------------------------------------------------------------
@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders, export archives.")],
    as_json: JsonOpt = False,
) -> None:
    """Import activity files (FIT, GPX, TCX, compressed or not), folders and export archives."""
    with opened_store() as store:
        total = sum(estimate_count(p) for p in paths if p.exists())
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
                bar.update(task, advance=1, description=Path(label).name[-40:])
                if bar.tasks[0].completed > (bar.tasks[0].total or 0):
                    bar.update(task, total=bar.tasks[0].completed)

            report = import_paths(store, paths, _now(), progress=advance)
    if as_json:
        emit_json(report.as_dict())
        return
    for item in report.failed:
        err.print(f"[red]failed[/red]  {item.path}: {item.reason}")
    for item in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {item.path}: {item.reason}")
    for done in report.imported:
        if done.replaces is not None:
            err.print(
                f"[cyan]replaced[/cyan] activity {done.activity_id}: now from {done.path}, "
                f"which records more of the run than {done.replaces}"
            )
    out.print(
        f"Imported {len(report.imported)} activities; skipped {len(report.skipped)}; "
        f"failed {len(report.failed)}."
    )


# --- runs ----------------------------------------------------------------------------------------
@app.command("runs")
def runs_cmd(
    as_json: JsonOpt = False,
    sport: Annotated[str | None, typer.Option(help="Only this sport, e.g. running.")] = None,
) -> None:
    """Every activity with its measures; spikes compare with the longest run of 30 days."""
    with opened_store() as store:
        views = history.run_views(store, sport=sport)
        units = store.profile().units
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


# --- load ----------------------------------------------------------------------------------------
@app.command("load")
def load_cmd(as_json: JsonOpt = False) -> None:
    """Weekly running load: distance, change, longest run, rest days, ACWR, monotony, strain."""
    with opened_store() as store:
        profile = store.profile()
        weeks = history.weeks(store, today=_today(profile))
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
def _shoe_or_fail(store: Store, name: str) -> Any:
    found = store.gear_by_name(name)
    if found is None:
        raise NotFoundError(f"no shoe named {name!r}; see 'backstride shoes'")
    return found


@shoes_app.callback()
def shoes_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List shoes with their distance and retirement advice."""
    if ctx.invoked_subcommand is not None:
        return
    with opened_store() as store:
        profile = store.profile()
        gear = {g.id: g for g in store.gear_list()}
        reports = history.shoes(store, _today(profile))
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
        caption=f"{sum(r.in_rotation for r in reports)} pair(s) in rotation (used in the last "
        f"{rules.rotation_window.window_days} days). Plan a new pair from {wear.plan_from_km:g} km, "
        f"past its range at {wear.past_range_km:g} km (grade {wear.item.grade}: {wear.item.note}) "
        f"Runners using {pairs.min_pairs_count} or more pairs had fewer injuries (hazard ratio "
        f"{pairs.hazard_ratio:g}, grade {pairs.item.grade}).",
    )
    for col in ("name", "distance", "runs", "first", "last", "status", "advice"):
        table.add_column(col)
    for r in reports:
        g = gear[r.gear_id]
        table.add_row(
            g.name,
            fmt.distance(r.distance_m, profile.units, 0),
            str(r.runs),
            r.first_use.date().isoformat() if r.first_use else "-",
            r.last_use.date().isoformat() if r.last_use else "-",
            "retired" if g.retired_utc else ("in rotation" if r.in_rotation else "idle"),
            r.advice,
        )
    out.print(table)


@shoes_app.command("add")
def shoes_add(
    name: str,
    brand: str | None = None,
    model: str | None = None,
    start_km: Annotated[float, typer.Option(help="Distance already on the shoe, km.")] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Add a pair of shoes."""
    if start_km < 0:
        raise InputValueError("--start-km cannot be negative")
    with opened_store() as store:
        if store.gear_by_name(name) is not None:
            raise InputValueError(f"a shoe named {name!r} already exists")
        g = store.add_gear(name, _now(), brand, model, start_km * 1000.0)
    if as_json:
        emit_json(dataclasses.asdict(g))
    else:
        out.print(f"Added shoe {g.name!r} (id {g.id}).")


@shoes_app.command("assign")
def shoes_assign(
    name: str,
    activity_ids: Annotated[list[int] | None, typer.Argument(help="Activity ids.")] = None,
    since: Annotated[datetime | None, typer.Option(help="Every run from this day.")] = None,
    until: Annotated[datetime | None, typer.Option(help="...up to this date (inclusive).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Say which shoe a run was in: by activity ids, or every run in a date range."""
    with opened_store() as store:
        shoe = _shoe_or_fail(store, name)
        ids = list(activity_ids or [])
        if since is not None or until is not None:
            ids += history.resolve_ids(
                history.run_views(store), since and since.date(), until and until.date()
            )
        if not ids:
            raise InputValueError("give activity ids or --since/--until")
        count = store.assign_gear(shoe.id, sorted(set(ids)))
    if as_json:
        emit_json({"shoe": shoe.name, "assigned": count})
    else:
        out.print(f"{count} activities now use {shoe.name!r}.")


@shoes_app.command("retire")
def shoes_retire(
    name: str,
    undo: Annotated[bool, typer.Option(help="Put a retired shoe back into use.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Retire a pair of shoes (or bring it back with --undo)."""
    with opened_store() as store:
        shoe = _shoe_or_fail(store, name)
        store.set_gear_retired(shoe.id, None if undo else _now())
    if as_json:
        emit_json({"shoe": shoe.name, "retired": not undo})
    else:
        out.print(f"{shoe.name!r} {'is back in use' if undo else 'retired'}.")


# --- surface -------------------------------------------------------------------------------------
@app.command("surface")
def surface_cmd(
    activity_id: int,
    surface: Annotated[str, typer.Argument(help="road, track, trail, treadmill or auto.")],
    as_json: JsonOpt = False,
) -> None:
    """Override the surface of a run (or go back to what the file says with 'auto')."""
    from backstride.services.activity import set_surface

    chosen = None if surface == "auto" else _parse_surface(surface)
    with opened_store() as store:
        effective = set_surface(store, activity_id, chosen)
    if as_json:
        emit_json({"id": activity_id, "surface": effective})
    else:
        out.print(f"Activity {activity_id}: surface {effective}.")


def _parse_surface(text: str) -> Surface:
    try:
        return Surface(text.lower())
    except ValueError:
        choices = ", ".join(s.value for s in Surface if s != Surface.UNKNOWN)
        msg = f"unknown surface {text!r}; choose one of {choices} or auto"
        raise InputValueError(msg) from None


# --- profile -------------------------------------------------------------------------------------
@app.command("profile")
def profile_cmd(
    height_cm: Annotated[float | None, typer.Option(help="Height in cm.")] = None,
    weight_kg: Annotated[float | None, typer.Option(help="Weight in kg.")] = None,
    birth_year: Annotated[int | None, typer.Option()] = None,
    units: Annotated[Units | None, typer.Option(help="km or mi for display.")] = None,
    max_hr: Annotated[float | None, typer.Option(help="Maximum heart rate, bpm.")] = None,
    resting_hr: Annotated[float | None, typer.Option(help="Resting heart rate, bpm.")] = None,
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
            today=_now().date(),
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
