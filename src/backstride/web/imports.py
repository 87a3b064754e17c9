"""Imports started from the browser: uploaded files go to a folder, one background job imports it.

The job calls :func:`backstride.services.import_paths` (the same use case as ``backstride
import``) and counts its progress callbacks, so the page can poll ``/api/imports/{id}``. One
import runs at a time: a second is refused (HTTP 409) rather than queued, so the store never
has two writers. Uploaded files are deleted when the job ends, so each is stored under the name the runner's
browser gave it, ``upload:<file name>`` (``upload:<archive name>!<member>`` for a file inside an
uploaded archive), never under the temporary path; duplicates are still found by SHA-256.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from backstride.errors import BackstrideError, InputValueError
from backstride.services import ImportReport, estimate_count, import_paths
from backstride.web.context import WebContext

#: File names as stored: letters, digits and . _ - only (no separators, nothing hidden).
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: A path inside an upload folder: .../uploads/<job id>/<index>_<name>[/<archive member>]
_UPLOADED = re.compile(r"(?:^|[/\\])uploads[/\\][0-9a-f]{12}[/\\]\d{4}_(?P<rest>.+)$")
MAX_NAME = 120
#: How a stored source names an uploaded file: ``upload:`` and the file's own name.
UPLOAD_PREFIX = "upload:"


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BusyError(BackstrideError):
    """Another import is still running."""


@dataclass(slots=True)
class ImportJob:
    """Progress of one import; ``done`` counts files handled, ``total`` is an estimate."""

    id: str
    files: int
    total: int
    started_utc: datetime
    done: int = 0
    current: str | None = None
    state: JobState = JobState.RUNNING
    report: ImportReport | None = None
    error: str | None = None
    finished_utc: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def advance(self, label: str) -> None:
        with self.lock:
            self.done += 1
            self.total = max(self.total, self.done)
            self.current = Path(uploaded_label(label)).name

    def as_dict(self) -> dict[str, Any]:
        with self.lock:
            report = None if self.report is None else self.report.as_dict()
            return {
                "id": self.id,
                "state": self.state.value,
                "files": self.files,
                "done": self.done,
                "total": self.total,
                "current": self.current,
                "error": self.error,
                "report": report,
                "started_utc": self.started_utc.isoformat().replace("+00:00", "Z"),
                "finished_utc": None
                if self.finished_utc is None
                else self.finished_utc.isoformat().replace("+00:00", "Z"),
            }


def safe_name(name: str, index: int) -> str:
    """A file name that cannot leave its folder; keeps the extension the importer reads."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")
    base = base[-MAX_NAME:] or "upload"
    return f"{index:04d}_{base}"


def display_name(name: str) -> str:
    """The name an uploaded file had on the runner's machine, fit to show and store: its last
    path part, printable characters only, at most ``MAX_NAME`` long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    shown = "".join(c for c in base if c.isprintable()).strip()
    return shown[-MAX_NAME:] or "upload"


def source_label(label: str, folder: Path, names: Mapping[str, str]) -> str:
    """``upload:<original name>[!<archive member>]`` for a file in a job's upload ``folder``
    (``names``: stored file name to original name); any other label unchanged."""
    prefix = str(folder) + os.sep
    if not label.startswith(prefix):
        return label
    rest = label[len(prefix) :].replace(os.sep, "/")
    cut = min((i for i in (rest.find("/"), rest.find("!")) if i >= 0), default=len(rest))
    stored, member = rest[:cut], rest[cut:]  # member: "!<in archive>" or "/<in folder>"
    original = names.get(stored) or stored.split("_", 1)[-1]
    return f"{UPLOAD_PREFIX}{original}{member}"


class ImportJobs:
    """The app's import jobs; at most one runs at a time."""

    def __init__(self, ctx: WebContext, upload_root: Path) -> None:
        self.ctx = ctx
        self.upload_root = upload_root
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and the empty folder its uploads go to (refused while busy)."""
        self._refuse_if_busy()
        job_id = uuid.uuid4().hex[:12]
        folder = self.upload_root / job_id
        folder.mkdir(parents=True)
        return job_id, folder

    def start(self, job_id: str, folder: Path, names: Mapping[str, str] | None = None) -> ImportJob:
        """Import every file in ``folder`` in a background thread; ``names`` maps each stored
        file name to the name it was uploaded as (the source the store keeps). The caller
        removes the folder when this raises; the job removes it when it ends."""
        uploads = sorted(p for p in folder.iterdir() if p.is_file())
        if not uploads:
            raise InputValueError("no files were uploaded")
        with self._lock:
            self._refuse_if_busy()
            job = ImportJob(job_id, len(uploads), max(1, estimate_count(folder)), self.ctx.now())
            self._jobs[job_id] = job
        names = dict(names or {})
        args = (job, folder, uploads, names)
        thread = threading.Thread(target=self._run, args=args, daemon=True)
        thread.start()
        return job

    def get(self, job_id: str) -> ImportJob | None:
        return self._jobs.get(job_id)

    def _refuse_if_busy(self) -> None:
        running = [j for j in self._jobs.values() if j.state == JobState.RUNNING]
        if running:
            raise BusyError(f"import {running[0].id} is still running; wait for it to finish")

    def _run(
        self, job: ImportJob, folder: Path, uploads: list[Path], names: Mapping[str, str]
    ) -> None:
        """Import each uploaded file as named on the command line would be: one that is not an
        activity file or an archive is reported as such, never passed over in silence."""
        try:
            report = import_paths(
                self.ctx.store,
                uploads,
                self.ctx.now(),
                progress=job.advance,
                workers=self.ctx.import_workers,
                label=lambda label: source_label(label, folder, names),
            )
            self.ctx.warm()  # the next page finds the history loaded
            with job.lock:
                job.report = _relabel(report, folder)
                job.state = JobState.DONE
        except Exception as exc:  # a job thread must record, never lose, what went wrong
            with job.lock:
                job.error = f"{type(exc).__name__}: {exc}"
                job.state = JobState.FAILED
        finally:
            with job.lock:
                job.finished_utc = self.ctx.now()
            shutil.rmtree(folder, ignore_errors=True)


def uploaded_label(path: str) -> str:
    """The name the runner gave an uploaded file (and any archive member after it), from an
    ``upload:`` source or from an upload path (as stores before ``upload:`` kept them); other
    paths unchanged."""
    if path.startswith(UPLOAD_PREFIX):
        return path[len(UPLOAD_PREFIX) :]
    found = _UPLOADED.search(path)
    return found.group("rest") if found else path


def _relabel(report: ImportReport, folder: Path) -> ImportReport:
    """Paths as the runner named them: the upload folder and our index prefix taken off."""
    clean = uploaded_label
    return ImportReport(
        imported=[
            dataclasses.replace(
                i, path=clean(i.path), replaces=None if i.replaces is None else clean(i.replaces)
            )
            for i in report.imported
        ],
        skipped=[dataclasses.replace(p, path=clean(p.path)) for p in report.skipped],
        failed=[dataclasses.replace(p, path=clean(p.path)) for p in report.failed],
    )
