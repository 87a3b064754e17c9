"""The pieces a report section is made of: facts, and blocks of text, rows and a chart."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.reports.charts import Chart


@dataclass(frozen=True, slots=True)
class Fact:
    """One line of the "who" section."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Block:
    """A section's content beyond the built-in ones: a title, lines of text, rows, a chart.

    ``items`` are shown as a list under the table (diary notes, advice); ``parts`` are
    sub-sections with their own heading, shown after the rest. Care and insight parts reach
    the report as blocks.
    """

    id: str
    title: str
    lines: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    chart: Chart | None = None
    empty: str | None = None  # what to say when there is nothing to show
    items: tuple[str, ...] = ()
    parts: tuple[Block, ...] = ()
