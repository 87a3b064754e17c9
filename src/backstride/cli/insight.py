"""``backstride why``: which of this runner's habits come before their pain."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from backstride.cli import JsonOpt, app, emit_json, opened_store, out
from backstride.cli.diary import local_now
from backstride.cli.params import finite
from backstride.errors import InputValueError
from backstride.services.insight import factors_json, why_with_changes


def _ci(low: float | None, high: float | None) -> str:
    if low is None:
        return "-"
    return f"{low:.1f} to {'∞' if high is None else f'{high:.1f}'}"


@app.command("why")
def why_cmd(
    as_json: JsonOpt = False,
    hazard_hours: Annotated[
        float | None,
        typer.Option(
            help="Runs this many hours before an onset count (default 48).", callback=finite
        ),
    ] = None,
) -> None:
    """What comes before YOUR pain: your runs before each pain onset against your other runs."""
    if hazard_hours is not None and not 6 <= hazard_hours <= 168:
        raise InputValueError("--hazard-hours must lie between 6 and 168")
    with opened_store() as store:
        result, changes = why_with_changes(store, local_now(store), hazard_hours=hazard_hours)
    data = factors_json(result, changes)
    by_id = {factor["id"]: factor for factor in data["factors"]}
    if as_json:
        emit_json(data)
        return
    out.print(data["method"])
    if data["status"] == "insufficient_data":
        out.print(f"\n[bold]{data['message']}[/bold]")
    elif result.factors:
        table = Table(title="What came before your pain, best supported first")
        for col in ("factor", "odds ratio", "95 % CI", "episodes", "significant", "evidence"):
            table.add_column(col)
        for f in result.factors:
            table.add_row(
                f.label,
                "-" if f.odds_ratio is None else f"{f.odds_ratio:.1f}",
                _ci(f.ci_low, f.ci_high),
                f"{f.exposed_episodes}/{f.compared_episodes}",
                "yes" if f.significant else "no",
                f.evidence.grade if f.evidence else "-",
            )
        out.print(table)
        for f in result.factors:
            if f.significant:
                out.print(f"\n[bold]{f.label}[/bold]: {f.explanation}")
                if f.advice:
                    out.print(f"  What to change: {f.advice}")
                change = changes.get(f.id)
                if change is not None:
                    out.print(f"  Your plan (`backstride plan`): {change.change}")
                cause = by_id.get(f.id, {}).get("cause")
                if cause:
                    out.print(f"  In the knowledge base: {cause}")
    for item in data.get("limitations", []):
        out.print(f"- {item['text']}")
