"""``backstride gait``: running form from a phone video (side or rear view)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from backstride.care.diary import EARLIEST_UTC
from backstride.cli import JsonOpt, _now, app, emit_json, err, opened_store, out
from backstride.cli.params import finite, given_path, input_file
from backstride.errors import InputValueError
from backstride.gait.keypoints import View
from backstride.gait.results import LABELS, GaitResult
from backstride.gait.rules import METRIC_CAUSES
from backstride.services import gait as service
from backstride.settings import Settings
from backstride.store import Store
from backstride.timeutil import profile_zone

_STAGES = {"pose": "finding the runner", "video": "drawing the video"}


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if unit == "leg_length" else f"{value:.1f}"


def _print_result(result: GaitResult, folder: Path) -> None:
    cad = f"{result.cadence_spm:.0f} steps/min" if result.cadence_spm else "-"
    table = Table(title=f"Running form ({result.view.value} view): {result.steps} steps, {cad}")
    for col in ("measure", "median", "unit", "flag", "confidence", "see"):
        table.add_column(col, justify="right" if col in {"median", "confidence"} else "left")
    for name, m in result.metrics.items():
        table.add_row(
            LABELS.get(name, name),
            _value(m.value, m.unit),
            m.unit.replace("_", " "),
            m.flag or "-",
            f"{m.confidence:.2f}",
            METRIC_CAUSES.get(name) or "",
        )
    out.print(table)
    for warning in result.warnings:
        out.print(f"[yellow]note[/yellow] {warning}")
    out.print(f"Saved in {folder}: result.json, annotated.mp4, summary.png")


def _list(store: Store, as_json: bool) -> None:
    past = service.list_analyses(Settings.from_env(), store)
    if as_json:
        emit_json(
            [
                {
                    "id": p.id,
                    "folder": str(p.folder),
                    "analysed_utc": p.analysed_utc,
                    "recorded_utc": p.recorded_utc,
                    "recorded_from": p.recorded_from,
                    "video": p.video_stem,
                    "video_name": p.video_name,
                    "files_missing": p.files_missing,
                    "result": p.result,
                }
                for p in past
            ]
        )
        return
    from backstride.reports.gait_parts import flags_text  # the reports package loads slowly

    zone = profile_zone(store.profile())
    table = Table(title="Running-form analyses (by the day they were filmed)")
    for col in ("id", "filmed", "video", "view", "steps", "cadence spm", "flags"):
        table.add_column(col)
    for p in past:
        cad = p.result.get("cadence_spm")
        when = p.when_utc
        table.add_row(
            str(p.id),
            when.astimezone(zone).strftime("%Y-%m-%d %H:%M") if when else "?",
            p.video_name or p.video_stem,
            str(p.result.get("view", "")),
            str(p.result.get("steps", "")),
            f"{cad:.0f}" if isinstance(cad, int | float) else "-",
            flags_text(p.result),
        )
    out.print(table)
    for p in past:
        if p.files_missing:
            err.print(f"[yellow]note[/yellow] analysis {p.id}: its folder {p.folder} is gone")


@app.command("gait")
def gait_cmd(
    video: Annotated[
        Path | None,
        typer.Argument(help="The video file; leave out to list past analyses.", parser=given_path),
    ] = None,
    view: Annotated[View, typer.Option(help="Where the camera stood.")] = View.SIDE,
    height_cm: Annotated[
        float | None,
        typer.Option("--height-cm", help="Runner's height, for distances in cm.", callback=finite),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write the results here instead.", parser=given_path),
    ] = None,
    recorded: Annotated[
        str | None,
        typer.Option(
            "--recorded",
            help="When the video was filmed, YYYY-MM-DD[THH:MM] in your time zone "
            "(default: the video's own date, else the file's).",
        ),
    ] = None,
    slow_motion: Annotated[
        float,
        typer.Option(
            "--slow-motion",
            help="How many times slower than real life the clip plays (e.g. 8 for 240 fps "
            "saved to play at 30); 1 when it plays in real time.",
            callback=finite,
        ),
    ] = 1.0,
    as_json: JsonOpt = False,
) -> None:
    """Running form from a video: contacts, cadence, overstride, foot strike, trunk lean, hip
    extension (side view) or pelvic drop and crossover (rear view). Without VIDEO: past ones."""
    if video is not None:
        input_file(video)
    with opened_store() as store:
        if video is None:
            _list(store, as_json)
            return
        given = None if recorded is None else _recorded(recorded, profile_zone(store.profile()))
        run = _analyse(video, store, view, height_cm, out_dir, given, slow_motion)
    if as_json:
        emit_json(run.result.as_dict())
        err.print(f"saved in {run.folder}")
        return
    _print_result(run.result, run.folder)


def _recorded(text: str, zone: tzinfo) -> datetime:
    """``--recorded`` as an aware UTC instant, refused (as ``pain log --time`` refuses it) when
    the wall-clock time does not exist in ``zone`` (the clocks went forward), happens twice
    there (they went back), or lies before 1900."""
    raw = text.strip()
    if raw[:4].isdigit() and int(raw[:4]) < EARLIEST_UTC.year:
        raise InputValueError(f"recorded {text!r} is before {EARLIEST_UTC.year}")
    try:
        when = service.parse_recorded(raw, zone)
    except OverflowError:
        raise InputValueError(f"recorded {text!r} is out of range") from None
    if when < EARLIEST_UTC:
        raise InputValueError(f"recorded {text!r} is before {EARLIEST_UTC.year}")
    if len(raw) == len("YYYY-MM-DD"):  # a day alone is taken at midday
        return when
    typed = datetime.strptime(raw, "%Y-%m-%dT%H:%M")  # noqa: DTZ007 - a wall clock in ``zone``
    early, late = typed.replace(tzinfo=zone, fold=0), typed.replace(tzinfo=zone, fold=1)
    if when.astimezone(zone).replace(tzinfo=None) != typed:
        raise InputValueError(
            f"recorded {text!r} does not exist in {zone} (the clocks went forward then)"
        )
    if early.utcoffset() != late.utcoffset():
        raise InputValueError(
            f"recorded {text!r} happens twice in {zone} (the clocks went back then): give a "
            "time an hour before or after, or the day alone"
        )
    return when


def _analyse(
    video: Path,
    store: Store,
    view: View,
    height_cm: float | None,
    out_dir: Path | None,
    recorded: datetime | None,
    slow_motion: float = 1.0,
) -> service.GaitRun:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return service.analyse_video(
            video,
            settings=Settings.from_env(),
            now=_now(),
            view=view,
            height_m=height_cm / 100.0 if height_cm is not None else None,
            out_dir=out_dir,
            progress=progress,
            recorded=recorded,
            store=store,
            slow_motion=slow_motion,
        )
