"""``backstride why``: which of this runner's habits come before their pain."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from backstride.cli import JsonOpt, app, emit_json, opened_store, out
from backstride.errors import InputValueError
from backstride.services.insight import why


def _ci(low: float | None, high: float | None) -> str:
    if low is None:
        return "-"
    return f"{low:.1f} to {'∞' if high is None else f'{high:.1f}'}"


@app.command("why")
def why_cmd(
    as_json: JsonOpt = False,
    hazard_hours: Annotated[
        float | None, typer.Option(help="Runs this many hours before an onset count (default 48).")
    ] = None,
) -> None:
    """What comes before YOUR pain: your runs before each pain onset against your other runs."""
    if hazard_hours is not None and not 6 <= hazard_hours <= 168:
        raise InputValueError("--hazard-hours must lie between 6 and 168")
    with opened_store() as store:
        result = why(store, hazard_hours=hazard_hours)
    if as_json:
        emit_json(result.to_json())
        return
    data = result.to_json()
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
    for item in data.get("limitations", []):
        out.print(f"- {item['text']}")
