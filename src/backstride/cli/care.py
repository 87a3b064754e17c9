"""Commands of care: `triage`, `today`, `plan` (and `plan done`); `pain` lives in cli.diary."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, tzinfo
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from backstride import presentation as fmt
from backstride import strict_json
from backstride.care import dose_text, number_from_text, parse_answers, parse_given_answers
from backstride.care.answers import answer_value
from backstride.cli import JsonOpt, app, emit_json, err, json_wanted, opened_store, out
from backstride.cli.diary import local_now
from backstride.cli.params import given_path, is_file, shown_path
from backstride.errors import InputValueError, NotFoundError
from backstride.knowledge.care import CareKnowledge, load_care
from backstride.knowledge.care_items import QuestionItem, QuestionType
from backstride.model import Plan, PlanStep, PlanWeek, TodayAdvice, TriageAnswers, TriageResult
from backstride.presentation import plural
from backstride.services import care

plan_app = typer.Typer(
    help="A phase-aware plan of exercises and running from your own data.",
    invoke_without_command=True,
)
app.add_typer(plan_app, name="plan")

#: The largest answers file read. The answers to every question are a JSON object of a few
#: hundred bytes; 1 MiB leaves room for any formatting and refuses a wrong file at once.
MAX_ANSWERS_BYTES = 1024 * 1024
#: A name that is no exercise is shown cut to this many characters.
SHOWN_NAME_CHARS = 60


def _phase_dict(result: TriageResult | TodayAdvice | Plan) -> dict[str, Any]:
    p = result.phase
    return {"tissue": p.tissue, "clinical": p.clinical, "days_since_onset": p.days_since_onset}


def _phase_text(result: TriageResult | TodayAdvice | Plan) -> str:
    p = result.phase
    if p.days_since_onset is None:
        return "phase unknown (no onset given)"
    return f"tissue phase {p.tissue} · clinical phase {p.clinical} (day {p.days_since_onset:.0f})"


# --- triage --------------------------------------------------------------------------------------
def _read_answers(path: Path, knowledge: CareKnowledge) -> TriageAnswers:
    """The answers in a JSON file: at most :data:`MAX_ANSWERS_BYTES` are read (a device such as
    /dev/zero, or a wrong file, is refused without reading it all)."""
    shown = shown_path(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise InputValueError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_ANSWERS_BYTES:
        raise InputValueError(
            f"{shown}: larger than {MAX_ANSWERS_BYTES // 1024} KiB; an answers file is a JSON "
            "object of a few hundred bytes"
        )
    try:
        raw = strict_json.loads(data.decode("utf-8-sig"))
    except strict_json.RepeatedKeyError as exc:
        raise InputValueError(
            f"{shown}: answer {exc.key!r} is given twice; give each answer once"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputValueError(f"{shown}: not valid JSON ({exc})") from None
    except RecursionError:
        raise InputValueError(
            f"{shown}: the JSON is nested too deep; an answers file is one flat object"
        ) from None
    return parse_given_answers(raw, knowledge)


def _line(prompt: str) -> str:
    """One line typed after ``prompt`` (shown on standard error, so --json output stays clean);
    InputValueError when the input ends first."""
    typer.echo(f"{prompt} ", nl=False, err=True)
    line = sys.stdin.readline()
    if not line:
        typer.echo("", err=True)
        raise InputValueError(
            "the input ended before every question was answered; answer them at a terminal, "
            "or give them as a file with --answers FILE"
        )
    return line.rstrip("\r\n")


def _confirm(prompt: str) -> bool:
    """A yes/no question; Enter means no."""
    while True:
        said = _line(f"{prompt} [y/N]:").strip().lower()
        if said in {"y", "yes"}:
            return True
        if said in {"", "n", "no"}:
            return False
        err.print("[yellow]answer y or n[/yellow]")


def _ask(q: QuestionItem) -> Any:
    """One question on the terminal (to stderr, so --json output stays clean)."""
    if q.type is QuestionType.YES_NO:
        return _confirm(q.prompt)
    hint = f" ({q.unit})" if q.unit else ""
    if q.type is QuestionType.CHOICE:
        hint = f" ({', '.join(q.choices)})"
    while True:
        text = _line(f"{q.prompt}{hint} [Enter to skip]:")
        try:
            if q.type is QuestionType.NUMBER:
                return number_from_text(q, text)
            return answer_value(q, text.strip().lower()) if text.strip() else None
        except InputValueError as exc:
            err.print(f"[yellow]{exc}[/yellow]")


def _interview(knowledge: CareKnowledge) -> TriageAnswers:
    err.print("Answer for how things are now. A skipped question counts as no or unknown.")
    given: dict[str, Any] = {}
    for q in knowledge.questions:
        if q.ask_if is not None and given.get(q.ask_if) is not True:
            continue
        given[q.key] = _ask(q)
    return parse_answers(given, knowledge)


def triage_dict(result: TriageResult) -> dict[str, Any]:
    """The JSON the issue promises: urgency, red flags, advice, phase, causes, disclaimer."""
    return {
        "urgency": result.urgency,
        "red_flags": list(result.red_flags),
        "advice": result.advice,
        "phase": _phase_dict(result),
        "possible_causes": [dataclasses.asdict(c) for c in result.possible_causes],
        "disclaimer": result.disclaimer,
    }


def _show_triage(result: TriageResult, knowledge: CareKnowledge) -> None:
    colour = {"emergency": "bold red", "urgent": "red", "soon": "yellow"}.get(
        result.urgency, "green"
    )
    out.print(
        f"[{colour}]{result.urgency.value.replace('_', ' ').upper()}[/{colour}]: {result.advice}"
    )
    flags = {f.id: f for f in knowledge.red_flags}
    for flag_id in result.red_flags:
        out.print(f"  • {flags[flag_id].summary}" if flag_id in flags else f"  • {flag_id}")
    out.print(_phase_text(result))
    for cause in result.possible_causes:
        detail = f" [dim]({cause.detail})[/dim]" if cause.detail else ""
        out.print(f"  - {cause.summary} [dim]grade {cause.grade}[/dim]{detail}")
    out.print(f"[dim]{result.disclaimer}[/dim]")


@app.command("triage")
def triage_cmd(
    answers: Annotated[
        Path | None,
        typer.Option(help="JSON file of answers instead of the questions.", parser=given_path),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check for warning signs first, then the phase and what the pain is linked with."""
    knowledge = load_care()
    given = _read_answers(answers, knowledge) if answers else _interview(knowledge)
    with opened_store() as store:
        result = care.run_triage(store, given, local_now(store))
    if as_json:
        emit_json(triage_dict(result))
    else:
        _show_triage(result, knowledge)


# --- today ---------------------------------------------------------------------------------------
def today_dict(advice: TodayAdvice) -> dict[str, Any]:
    values = dataclasses.asdict(advice)
    values["phase"] = _phase_dict(advice)
    return values


@app.command("today")
def today_cmd(as_json: JsonOpt = False) -> None:
    """Should I run today? Rest, cross-train, an easy run with limits, or normal training."""
    with opened_store() as store:
        advice = care.today(store, local_now(store))
        units = store.profile().units
    if as_json:
        emit_json(today_dict(advice))
        return
    out.print(f"[bold]{advice.decision.value.replace('_', ' ').capitalize()}[/bold]")
    limits = advice.limits
    if limits is not None:
        if limits.distance_cap_m is not None:
            out.print(f"  at most {fmt.distance(limits.distance_cap_m, units, 1)}")
        if limits.flat_route:
            out.print(f"  flat route (≤ {limits.max_descent_per_km_m:g} m descent per km)")
        if limits.cadence is not None:
            c = limits.cadence
            out.print(
                f"  cadence {c.low_spm:.0f}-{c.high_spm:.0f} steps/min (yours {c.own_spm:.0f})"
            )
        if limits.long_run_cap_m is not None and limits.distance_cap_m is None:
            out.print(f"  long run at most {fmt.distance(limits.long_run_cap_m, units, 1)}")
    for reason in advice.reasons:
        out.print(f"  - {reason}")
    out.print(_phase_text(advice))
    out.print(f"[dim]{advice.disclaimer}[/dim]")


# --- plan ----------------------------------------------------------------------------------------
def _days(days: tuple[date, ...]) -> str:
    return " ".join(d.strftime("%a") for d in days)


def _show_week(week: PlanWeek) -> None:
    r = week.running
    phase = week.tissue_phase or "unknown"
    title = f"Week {week.index} from {week.start.isoformat()}: tissue phase {phase}"
    table = Table(title=title, caption=r.note, title_justify="left", caption_justify="left")
    for col in ("exercise", "dose", "days", "done 7 d"):
        table.add_column(col)
    for ex in week.exercises:
        table.add_row(ex.name, dose_text(ex.dose), _days(ex.days), str(ex.done_last_7_days))
    out.print(table)


def _step_text(step: PlanStep, zone: tzinfo | None) -> str:
    return f"Step {step.step} from {step.since_utc.astimezone(zone):%Y-%m-%d}: {step.reason}"


def _show_plan(plan: Plan, zone: tzinfo | None) -> None:
    if plan.withheld:
        out.print(f"[bold red]Plan withheld.[/bold red] {plan.reason}")
        out.print(f"[dim]{plan.disclaimer}[/dim]")
        return
    out.print(_phase_text(plan))
    if plan.reason:
        out.print(plan.reason)
    for earlier in plan.steps[:-1]:
        out.print(f"[dim]{_step_text(earlier, zone)}[/dim]")
    if plan.step is not None:
        out.print(_step_text(plan.step, zone))
    for week in plan.weeks:
        _show_week(week)
    out.print("[bold]Running, from your data[/bold]")
    for note in plan.running_changes:
        tag = f"[bold]trigger {note.trigger}:[/bold] " if note.trigger else ""
        out.print(f"  - {tag}{note.text} [dim]grade {note.grade}[/dim]")
    out.print("[bold]Care[/bold]")
    for note in plan.advice:
        out.print(f"  - {note.text} [dim]grade {note.grade}[/dim]")
    for left in plan.left_out:
        out.print(f"  [yellow]left out[/yellow] {left.name}: {left.reason}")
    out.print(f"[dim]{plan.disclaimer}[/dim]")


@plan_app.callback()
def plan_cmd(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option(help="How many weeks to plan (1-12).")] = 4,
    ics: Annotated[
        Path | None,
        typer.Option(
            help="Also write the plan as a calendar file (replacing it if it exists).",
            parser=given_path,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """A plan for the coming weeks; withheld when triage calls for a doctor first."""
    if ctx.invoked_subcommand is not None:
        return
    replaced = ics is not None and is_file(ics)
    with opened_store() as store:
        now = local_now(store)
        result = care.plan(store, now, weeks)
        if ics is not None:
            care.write_calendar(result, ics, now)
    if as_json:
        emit_json(dataclasses.asdict(result) | {"phase": _phase_dict(result)})
    else:
        _show_plan(result, now.tzinfo)
        if ics is not None:
            said = "Replaced" if replaced else "Calendar written to"
            out.print(f"{said} {ics}{' with the calendar' if replaced else ''}.", markup=False)


@plan_app.command("done")
def plan_done_cmd(
    ctx: typer.Context,
    exercise: Annotated[str, typer.Argument(help="Exercise id or name, e.g. plank.")],
    as_json: JsonOpt = False,
) -> None:
    """Record that you did one session of an exercise; refused while the triage withholds the
    plan (urgent or emergency)."""
    _known_exercise(exercise)
    with opened_store() as store:
        now = local_now(store)
        current = care.plan(store, now, 1)
        if current.withheld and current.urgency is not None:  # the triage calls for a doctor
            raise InputValueError(
                f"the plan is withheld, so no exercise is recorded: {current.reason}"
            )
        item, count = care.plan_done(store, exercise, now)
    if json_wanted(ctx, as_json):
        emit_json({"exercise": item.id, "name": item.name, "done_last_7_days": count})
    else:
        sessions = plural(count, "session")
        out.print(f"Recorded {item.name}: {sessions} in the last 7 days.", markup=False)


def _known_exercise(name: str) -> None:
    """NotFoundError naming the exercises known when ``name`` is none of them (the name cut to
    :data:`SHOWN_NAME_CHARS` characters)."""
    knowledge = load_care()
    try:
        care.find_exercise(name, knowledge)
    except NotFoundError:
        shown = name if len(name) <= SHOWN_NAME_CHARS else name[:SHOWN_NAME_CHARS] + "..."
        known = ", ".join(ex.id.removeprefix("exercise.") for ex in knowledge.exercises)
        raise NotFoundError(f"no exercise {shown!r}; known: {known}") from None
