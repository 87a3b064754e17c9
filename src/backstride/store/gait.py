"""Rows of the gait table: one per stored running-form analysis.

The store knows rows, not use cases: where the files live, when a video was filmed and which
old folders to adopt are decided in :mod:`backstride.services.gait`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import RowMapping

from backstride.store.database import Store
from backstride.store.schema import gait_analyses


@dataclass(frozen=True, slots=True)
class GaitRow:
    """One stored analysis as the table holds it; ``folder`` is relative to the home (POSIX)."""

    id: int
    analysed_utc: datetime
    recorded_utc: datetime
    recorded_from: str
    view: str
    video_name: str
    folder: str
    steps: int
    cadence_spm: float | None
    result: Mapping[str, Any]


def _row(r: RowMapping) -> GaitRow:
    result = r["result"]
    return GaitRow(
        id=int(r["id"]),
        analysed_utc=r["analysed_utc"],
        recorded_utc=r["recorded_utc"],
        recorded_from=str(r["recorded_from"]),
        view=str(r["view"]),
        video_name=str(r["video_name"]),
        folder=str(r["folder"]),
        steps=int(r["steps"]),
        cadence_spm=None if r["cadence_spm"] is None else float(r["cadence_spm"]),
        result=result if isinstance(result, dict) else {},
    )


_ORDER = (gait_analyses.c.recorded_utc, gait_analyses.c.id)


class GaitStore:
    """The gait table of one :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def add(
        self,
        *,
        analysed_utc: datetime,
        recorded_utc: datetime,
        recorded_from: str,
        view: str,
        video_name: str,
        folder: str,
        steps: int,
        cadence_spm: float | None,
        result: Mapping[str, Any],
    ) -> GaitRow:
        """Insert one analysis; IntegrityError when ``folder`` already has a row."""
        values: dict[str, Any] = {
            "analysed_utc": analysed_utc,
            "recorded_utc": recorded_utc,
            "recorded_from": recorded_from,
            "view": view,
            "video_name": video_name,
            "folder": folder,
            "steps": steps,
            "cadence_spm": cadence_spm,
            "result": dict(result),
        }
        with self.engine.begin() as conn:
            found = conn.execute(insert(gait_analyses).values(**values))
            new_id = int(found.inserted_primary_key[0])  # type: ignore[index]
        return GaitRow(id=new_id, **{**values, "result": dict(result)})

    def rows(self) -> list[GaitRow]:
        """Every analysis, by the time its video was filmed (then by id)."""
        with self.engine.connect() as conn:
            found = conn.execute(select(gait_analyses).order_by(*_ORDER)).mappings()
            return [_row(r) for r in found]

    def row(self, analysis_id: int) -> GaitRow | None:
        with self.engine.connect() as conn:
            stmt = select(gait_analyses).where(gait_analyses.c.id == analysis_id)
            found = conn.execute(stmt).mappings().first()
        return None if found is None else _row(found)

    def folders(self) -> set[str]:
        """The folders that already have a row."""
        with self.engine.connect() as conn:
            return {str(f) for f in conn.execute(select(gait_analyses.c.folder)).scalars()}
