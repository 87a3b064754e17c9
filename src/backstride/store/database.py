"""The store: one SQLAlchemy engine (SQLite by default) plus the stream files.

The store knows rows, not use cases: :mod:`backstride.services` decides what to write.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Engine,
    Table,
    Text,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from backstride.errors import DuplicateError, InputValueError
from backstride.model import Activity, Device, Gear, Lap, Profile, RunMeasures, Units
from backstride.settings import Settings
from backstride.store import migrate
from backstride.store.problems import database_problem, home_problem
from backstride.store.schema import UTCDateTime, activities, devices, gear, laps, profile, sources
from backstride.store.streams import StreamFiles

MEASURE_FIELDS = tuple(f.name for f in dataclasses.fields(RunMeasures))
#: The largest id a stored row can have: SQLite's integer and PostgreSQL's bigint (64 bits).
MAX_ROW_ID = 2**63 - 1
#: How long a write waits for another process's write to finish before giving up with
#: "database is locked" (an import holds the lock for one file's transaction at a time).
BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the importer
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: consistent after a crash or kill
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def measures_row(m: RunMeasures) -> dict[str, Any]:
    """RunMeasures as column values (nested tuples become JSON lists)."""
    row = {name: getattr(m, name) for name in MEASURE_FIELDS}
    row["cadence_by_speed"] = [dataclasses.asdict(b) for b in m.cadence_by_speed]
    row["hr_zone_s"] = list(m.hr_zone_s)
    row["surface"] = str(m.surface)
    return row


def lap_row(activity_id: int, index: int, lap: Lap) -> dict[str, Any]:
    row = {f.name: getattr(lap, f.name) for f in dataclasses.fields(Lap)}
    return {"activity_id": activity_id, "lap_index": index, **row}


# Statements built once: their compiled form is cached, the values travel as parameters.
_INSERT_SOURCE = insert(sources)
_INSERT_ACTIVITY = insert(activities)
_INSERT_LAP = insert(laps)


_NEAR = (
    select(
        activities.c.id,
        activities.c.name,
        activities.c.gear_id,
        activities.c.surface_override,
        activities.c.stream_key,
        activities.c.sport,
        activities.c.distance_m,
        sources.c.path,
        sources.c.format,
    )
    .join(sources, sources.c.id == activities.c.source_id)
    .where(
        activities.c.start_utc.between(
            bindparam("lo", type_=UTCDateTime), bindparam("hi", type_=UTCDateTime)
        )
    )
    .where(activities.c.sport.in_(bindparam("sports", expanding=True)))
    .where(activities.c.source_id != bindparam("exclude"))
    .limit(1)
)
_DETAIL = frozenset({"cadence_by_speed", "hr_zone_s"})
_BY_SHA = select(sources.c.path).where(sources.c.sha256 == bindparam("sha"))


def _clamped(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with each string cut to its column's length, where the column has one (SQLite
    would keep longer strings; PostgreSQL refuses them)."""
    out = dict(values)
    for name, value in values.items():
        length = getattr(table.c[name].type, "length", None)
        if isinstance(value, str) and length is not None and len(value) > length:
            out[name] = value[:length]
    return out


class Writer:
    """Reads and writes inside one open transaction (see :meth:`Store.transaction`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def activity_near(
        self,
        start: datetime,
        tolerance_s: float,
        sports: Sequence[str],
        other_than_source: int | None = None,
    ) -> RowMapping | None:
        """An activity of one of ``sports`` starting within ``tolerance_s`` of ``start``, not
        from the source ``other_than_source`` (the sessions of one file are never copies of
        each other)."""
        delta = timedelta(seconds=tolerance_s)
        params = {
            "lo": start - delta,
            "hi": start + delta,
            "sports": list(sports),
            "exclude": -1 if other_than_source is None else other_than_source,
        }
        return self.conn.execute(_NEAR, params).mappings().first()

    def add_source(
        self, path: str, sha256: str, fmt: str, size: int, now: datetime, warnings: Sequence[str]
    ) -> int:
        """The new source's id. Raises DuplicateError when a file with this SHA-256 is already
        stored (another import committed it meanwhile); the transaction must then end."""
        values = {
            "path": path,
            "sha256": sha256,
            "format": fmt,
            "size_bytes": size,
            "imported_utc": now,
            "warnings": list(warnings),
        }
        try:
            result = self.conn.execute(_INSERT_SOURCE, values)
        except IntegrityError:
            raise DuplicateError(f"a file with SHA-256 {sha256} is already stored") from None
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def device_id(self, device: Device | None) -> int | None:
        if device is None or (device.manufacturer is None and device.product is None):
            return None
        device = Device(**_clamped(devices, dataclasses.asdict(device)))
        key = and_(
            devices.c.manufacturer.is_(None)
            if device.manufacturer is None
            else devices.c.manufacturer == device.manufacturer,
            devices.c.product.is_(None)
            if device.product is None
            else devices.c.product == device.product,
            devices.c.serial_number.is_(None)
            if device.serial_number is None
            else devices.c.serial_number == device.serial_number,
        )
        found = self.conn.execute(select(devices.c.id).where(key)).scalar()
        if found is not None:
            return int(found)
        result = self.conn.execute(insert(devices).values(**dataclasses.asdict(device)))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def gear_id(
        self,
        name: str,
        now: datetime,
        brand: str | None = None,
        model: str | None = None,
        retired_utc: datetime | None = None,
    ) -> int:
        """The id of the gear with this name, added when missing (retired at ``retired_utc``
        when given); a brand or model given is recorded where the gear has none. Names come
        from files: too long ones are cut."""
        cut = _clamped(gear, {"name": name, "brand": brand, "model": model})
        name, brand, model = cut["name"], cut["brand"], cut["model"]
        found = self.conn.execute(select(gear.c.id).where(gear.c.name == name)).scalar()
        if found is None:
            result = self.conn.execute(
                insert(gear).values(
                    name=name,
                    brand=brand,
                    model=model,
                    added_utc=now,
                    retired_utc=retired_utc,
                    start_distance_m=0.0,
                )
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]
        if brand is not None or model is not None:
            self.conn.execute(
                update(gear)
                .where(gear.c.id == found)
                .values(
                    brand=func.coalesce(gear.c.brand, brand),
                    model=func.coalesce(gear.c.model, model),
                )
            )
        return int(found)

    def activity_ids_of_source(self, sha256: str, sports: Iterable[str]) -> list[int]:
        """The activities of one of ``sports`` stored from the file with this SHA-256."""
        rows = self.conn.execute(
            select(activities.c.id)
            .join(sources, sources.c.id == activities.c.source_id)
            .where(sources.c.sha256 == sha256)
            .where(activities.c.sport.in_([str(s) for s in sports]))
        )
        return [int(r[0]) for r in rows]

    def fill_gear(self, activity_ids: Sequence[int], name: str, now: datetime) -> int:
        """Give the named gear to those of ``activity_ids`` that have none; returns how many."""
        if not activity_ids:
            return 0
        gear_id = self.gear_id(name, now)
        result = self.conn.execute(
            update(activities)
            .where(activities.c.id.in_(list(activity_ids)))
            .where(activities.c.gear_id.is_(None))
            .values(gear_id=gear_id)
        )
        return int(result.rowcount)

    def fill_name(self, activity_id: int, name: str) -> bool:
        """Name the activity ``name`` when it has no name; True when it took it."""
        result = self.conn.execute(
            update(activities)
            .where(activities.c.id == activity_id)
            .where(activities.c.name.is_(None))
            .values(name=name)
        )
        return bool(result.rowcount)

    def add_activity(self, new: NewActivity) -> int:
        result = self.conn.execute(_INSERT_ACTIVITY, new.values())
        activity_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        self._add_laps(activity_id, new.activity)
        return activity_id

    def replace_activity(self, old: RowMapping, new: NewActivity) -> None:
        """Store ``new`` under the id of ``old`` (an :meth:`activity_near` row), so that what
        points at the activity (pain diary entries) stays linked. What the runner said of the
        old copy is kept: its shoe, its surface, and its name when the new copy has none."""
        values = new.values()
        if old["gear_id"] is not None:
            values["gear_id"] = old["gear_id"]
        if old["surface_override"] is not None:
            values["surface_override"] = old["surface_override"]
            values["surface"] = old["surface_override"]
        if values["name"] is None:
            values["name"] = old["name"]
        self.conn.execute(update(activities).where(activities.c.id == old["id"]).values(values))
        self.conn.execute(delete(laps).where(laps.c.activity_id == old["id"]))
        self._add_laps(old["id"], new.activity)

    def _add_laps(self, activity_id: int, activity: Activity) -> None:
        if activity.laps:
            self.conn.execute(
                _INSERT_LAP, [lap_row(activity_id, i, lap) for i, lap in enumerate(activity.laps)]
            )


@dataclass(frozen=True, slots=True)
class NewActivity:
    """One decoded and measured activity with the ids it refers to, ready to be stored."""

    source_id: int
    session_index: int
    activity: Activity
    utc_offset_s: int | None
    device_id: int | None
    gear_id: int | None
    stream_key: str | None
    n_samples: int
    measures: RunMeasures

    def values(self) -> dict[str, Any]:
        """The activity's column values."""
        activity = self.activity
        return {
            "source_id": self.source_id,
            "session_index": self.session_index,
            "device_id": self.device_id,
            "gear_id": self.gear_id,
            "sport": str(activity.sport),
            "sub_sport": str(activity.sub_sport),
            "start_utc": activity.start_utc,
            "utc_offset_s": self.utc_offset_s,
            "name": activity.name,
            "surface_override": None,
            "stream_key": self.stream_key,
            "n_samples": self.n_samples,
            "file_elapsed_s": activity.elapsed_s,
            "file_timer_s": activity.timer_s,
            "file_distance_m": activity.distance_m,
            "calories_kcal": activity.calories_kcal,
            **measures_row(self.measures),
        }


class Store:
    """Open with :meth:`open`; the schema is migrated to the newest revision on opening."""

    def __init__(self, engine: Engine, streams: StreamFiles) -> None:
        self.engine = engine
        self.streams = streams

    @staticmethod
    def open(settings: Settings) -> Store:
        """Create the home folder if needed, connect and migrate. StoreError (naming the folder,
        file or URL) when the home cannot be used or the database cannot be opened."""
        try:
            settings.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise home_problem(settings.home, exc) from exc
        try:
            engine = make_engine(settings.database_url)
            migrate.upgrade(engine)
        except SQLAlchemyError as exc:
            problem = database_problem(exc, settings.database_url)
            if problem is None:
                raise
            raise problem from exc
        return Store(engine, StreamFiles(settings.streams_dir))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        with self.engine.begin() as conn:
            yield Writer(conn)

    def _all(self, stmt: Any) -> list[RowMapping]:
        with self.engine.connect() as conn:
            return list(conn.execute(stmt).mappings())

    # --- reads -----------------------------------------------------------------------------
    def source_path_by_sha(self, sha256: str) -> str | None:
        """The path a file with this SHA-256 was imported from, if it was."""
        with self.engine.connect() as conn:
            found = conn.execute(_BY_SHA, {"sha": sha256}).scalar()
        return None if found is None else str(found)

    def source_shas(self) -> frozenset[str]:
        """The SHA-256 of every imported file (one query, for an import of many files)."""
        with self.engine.connect() as conn:
            return frozenset(str(sha) for sha in conn.execute(select(sources.c.sha256)).scalars())

    def activity_rows(self, sport: str | None = None, detail: bool = True) -> list[RowMapping]:
        """Every activity with its source path and shoe name, in start order; ``detail=False``
        leaves out the per-band JSON columns (cadence by speed, heart-rate zones). With them,
        they come as their JSON text where the driver allows (:func:`decode_json_list` reads
        either): decoding them for every row was most of the time of reading a long history,
        and a page needs them for a few runs at most."""
        columns = [
            type_coerce(c, Text).label(c.name) if c.name in _DETAIL else c
            for c in activities.c
            if detail or c.name not in _DETAIL
        ]
        stmt = (
            select(*columns, sources.c.path.label("source"), gear.c.name.label("shoe"))
            .join(sources, sources.c.id == activities.c.source_id)
            .outerjoin(gear, gear.c.id == activities.c.gear_id)
            .order_by(activities.c.start_utc, activities.c.id)
        )
        if sport is not None:
            stmt = stmt.where(activities.c.sport == sport)
        return self._all(stmt)

    def activity_row(self, activity_id: int) -> RowMapping | None:
        rows = self._all(
            select(activities, sources.c.path.label("source"), gear.c.name.label("shoe"))
            .join(sources, sources.c.id == activities.c.source_id)
            .outerjoin(gear, gear.c.id == activities.c.gear_id)
            .where(activities.c.id == activity_id)
        )
        return rows[0] if rows else None

    def lap_rows(self, activity_id: int) -> list[RowMapping]:
        return self._all(
            select(laps).where(laps.c.activity_id == activity_id).order_by(laps.c.lap_index)
        )

    def counts(self) -> dict[str, int]:
        out = {}
        with self.engine.connect() as conn:
            for table in (sources, activities, laps, gear, devices):
                out[table.name] = int(
                    conn.execute(select(func.count()).select_from(table)).scalar_one()
                )
        return out

    def stream_keys(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(activities.c.stream_key).where(activities.c.stream_key.is_not(None))
            )
            return [str(r[0]) for r in rows]

    # --- gear ----------------------------------------------------------------------------------
    def gear_list(self) -> list[Gear]:
        rows = self._all(select(gear).order_by(gear.c.added_utc, gear.c.id))
        return [Gear(**dict(r)) for r in rows]

    def gear_by_name(self, name: str) -> Gear | None:
        rows = self._all(select(gear).where(func.lower(gear.c.name) == name.lower()))
        return Gear(**dict(rows[0])) if rows else None

    def add_gear(
        self,
        name: str,
        now: datetime,
        brand: str | None,
        model: str | None,
        start_distance_m: float,
    ) -> Gear:
        given = {"name": name, "brand": brand, "model": model}
        if _clamped(gear, given) != given:
            limits = ", ".join(f"{k} {gear.c[k].type.length}" for k in given)  # type: ignore[attr-defined]
            raise InputValueError(f"a shoe's name, brand or model is too long (at most: {limits})")
        with self.engine.begin() as conn:
            conn.execute(
                insert(gear).values(
                    name=name,
                    brand=brand,
                    model=model,
                    added_utc=now,
                    start_distance_m=start_distance_m,
                )
            )
        found = self.gear_by_name(name)
        assert found is not None
        return found

    def set_gear_retired(self, gear_id: int, when: datetime | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(gear).where(gear.c.id == gear_id).values(retired_utc=when))

    def assign_gear(self, gear_id: int | None, activity_ids: Sequence[int]) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(activities)
                .where(activities.c.id.in_(list(activity_ids)))
                .values(gear_id=gear_id)
            )
            return int(result.rowcount)

    def set_surface(self, activity_id: int, surface: str | None, effective: str) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(activities)
                .where(activities.c.id == activity_id)
                .values(surface_override=surface, surface=effective)
            )
            return int(result.rowcount)

    # --- profile -------------------------------------------------------------------------------
    def profile(self) -> Profile:
        rows = self._all(select(profile).where(profile.c.id == 1))
        if not rows:
            return Profile()
        values = {k: v for k, v in dict(rows[0]).items() if k != "id"}
        values["units"] = Units(values["units"])
        return Profile(**values)

    def save_profile(self, p: Profile) -> None:
        values: Mapping[str, Any] = {**dataclasses.asdict(p), "units": str(p.units)}
        with self.engine.begin() as conn:
            exists = conn.execute(select(profile.c.id).where(profile.c.id == 1)).scalar()
            if exists is None:
                conn.execute(insert(profile).values(id=1, **values))
            else:
                conn.execute(update(profile).where(profile.c.id == 1).values(**values))
            if p.height_m:
                conn.execute(
                    update(activities)
                    .where(activities.c.avg_step_length_m.is_not(None))
                    .values(step_length_height_ratio=activities.c.avg_step_length_m / p.height_m)
                )


def decode_json_list(value: Any) -> list[Any]:
    """A JSON list column's value as a list: the decoded list, or its JSON text (as
    :meth:`Store.activity_rows` reads it)."""
    if isinstance(value, str):
        loaded = json.loads(value)
        return list(loaded)
    return list(value or [])
