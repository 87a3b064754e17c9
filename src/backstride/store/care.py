"""Rows of the care tables: pain diary entries, triage answers, plan steps and adherence.

The store knows rows, not use cases: linking entries to runs, checking answers and deciding
steps happen in :mod:`backstride.services.diary` and :mod:`backstride.services.care`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import RowMapping

from backstride.model import PainEntry, PainType
from backstride.store.database import Store, decode_json_list
from backstride.store.schema import pain_entries, plan_adherence, triage_results


@dataclass(frozen=True, slots=True)
class StoredTriage:
    """One saved triage: when, the answers given (JSON values), and what it concluded then."""

    id: int
    time_utc: datetime
    answers: Mapping[str, Any]
    urgency: str
    red_flags: tuple[str, ...]


def _pain_values(entry: PainEntry) -> dict[str, Any]:
    return {
        "time_utc": entry.time_utc,
        "utc_offset_s": entry.utc_offset_s,
        "score": entry.score,
        "pain_type": entry.pain_type.value,
        "location": entry.location,
        "radiates_below_knee": entry.radiates_below_knee,
        "numbness_or_tingling": entry.numbness_or_tingling,
        "note": entry.note,
        "activity_id": entry.activity_id,
    }


def _pain_entry(row: RowMapping) -> PainEntry:
    values = dict(row)
    values["pain_type"] = PainType(values["pain_type"])
    return PainEntry(**values)


class CareStore:
    """The care tables of one :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def _all(self, stmt: Any) -> list[RowMapping]:
        with self.engine.connect() as conn:
            return list(conn.execute(stmt).mappings())

    # --- pain diary ------------------------------------------------------------------------------
    def add_pain(self, entries: Sequence[PainEntry]) -> list[int]:
        """Insert entries in one transaction (all or none); their new ids in order."""
        ids = []
        with self.engine.begin() as conn:
            for entry in entries:
                result = conn.execute(insert(pain_entries).values(**_pain_values(entry)))
                ids.append(int(result.inserted_primary_key[0]))  # type: ignore[index]
        return ids

    def pain_entries(self) -> list[PainEntry]:
        stmt = select(pain_entries).order_by(pain_entries.c.time_utc, pain_entries.c.id)
        return [_pain_entry(r) for r in self._all(stmt)]

    def pain_entry(self, entry_id: int) -> PainEntry | None:
        rows = self._all(select(pain_entries).where(pain_entries.c.id == entry_id))
        return _pain_entry(rows[0]) if rows else None

    def replace_pain(self, entry: PainEntry) -> bool:
        """Overwrite the stored entry with ``entry.id``; False when there is none."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(pain_entries)
                .where(pain_entries.c.id == entry.id)
                .values(**_pain_values(entry))
            )
            return int(result.rowcount) > 0

    def delete_pain(self, entry_id: int) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(delete(pain_entries).where(pain_entries.c.id == entry_id))
            return int(result.rowcount) > 0

    def set_pain_links(self, links: Mapping[int, int | None]) -> None:
        """Set the run each entry follows (entry id -> activity id or None), in one transaction."""
        with self.engine.begin() as conn:
            for entry_id, activity_id in links.items():
                conn.execute(
                    update(pain_entries)
                    .where(pain_entries.c.id == entry_id)
                    .values(activity_id=activity_id)
                )

    # --- triage ----------------------------------------------------------------------------------
    def add_triage(
        self, when: datetime, answers: Mapping[str, Any], urgency: str, red_flags: Sequence[str]
    ) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(triage_results).values(
                    time_utc=when, answers=dict(answers), urgency=urgency, red_flags=list(red_flags)
                )
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def latest_triage(self) -> StoredTriage | None:
        stmt = (
            select(triage_results)
            .order_by(triage_results.c.time_utc.desc(), triage_results.c.id.desc())
            .limit(1)
        )
        rows = self._all(stmt)
        if not rows:
            return None
        r = rows[0]
        answers = r["answers"]
        if isinstance(answers, str):  # old drivers hand JSON back as text
            answers = json.loads(answers)
        return StoredTriage(
            id=int(r["id"]),
            time_utc=r["time_utc"],
            answers=dict(answers),
            urgency=str(r["urgency"]),
            red_flags=tuple(str(x) for x in decode_json_list(r["red_flags"])),
        )

    # --- plan ------------------------------------------------------------------------------------
    def add_adherence(self, when: datetime, exercise_id: str) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(plan_adherence).values(time_utc=when, exercise_id=exercise_id)
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]

    def adherence_since(self, since: datetime) -> list[tuple[datetime, str]]:
        """(time, exercise id) of every recorded session at or after ``since``, oldest first."""
        stmt = (
            select(plan_adherence.c.time_utc, plan_adherence.c.exercise_id)
            .where(plan_adherence.c.time_utc >= since)
            .order_by(plan_adherence.c.time_utc)
        )
        return [(r["time_utc"], str(r["exercise_id"])) for r in self._all(stmt)]
