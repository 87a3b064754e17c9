"""What went wrong with the home folder or the database, in words a runner can act on.

Every problem of the store's surroundings, rather than of backstride, becomes one
:class:`StoreError` naming the folder, file or URL: a home that is a file or cannot be
created or written, a database URL that is not one, a file that is not a database (or is
damaged), a database another process is writing, a read-only database. The faces show its
message on one line, as they show every :class:`~backstride.errors.BackstrideError`.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError

from backstride.errors import BackstrideError

#: The longest URL shown in a message; the rest is cut.
_SHOWN_URL_CHARS = 80
#: A password in a URL that SQLAlchemy could not parse: ``scheme://user:PASSWORD@``.
_PASSWORD = re.compile(r"(//[^/@:]*:)[^@/]*@")


class StoreError(BackstrideError):
    """The home folder or the database cannot be used; the message names it and says why."""


def shown_url(url: str) -> str:
    """The database's file for SQLite, else its URL without a password (cut to 80 characters)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        masked = _PASSWORD.sub(r"\1***@", url)
    else:
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            return parsed.database
        masked = parsed.render_as_string(hide_password=True)
    return masked if len(masked) <= _SHOWN_URL_CHARS else masked[:_SHOWN_URL_CHARS] + "..."


def home_problem(home: Path, exc: OSError) -> StoreError:
    """The home folder ``home`` cannot be created or used."""
    if home.exists() and not home.is_dir():
        return StoreError(
            f"BACKSTRIDE_HOME {home} is a file, not a folder: point BACKSTRIDE_HOME at a folder"
        )
    reason = exc.strerror or str(exc)
    return StoreError(
        f"cannot use {home} as backstride's home folder ({reason}): point BACKSTRIDE_HOME at "
        "a folder you can write"
    )


def database_problem(exc: SQLAlchemyError, url: str) -> StoreError | None:
    """What ``exc``, raised by the database at ``url``, means for the runner; None for an
    error of backstride's own (a constraint its code broke, a query it got wrong), which
    should stay a bug report rather than become advice.

    Explained: a URL that is not one (``ArgumentError``), the driver's operational errors
    (locked, read-only, cannot open; ``OperationalError``) and a file that is not a database
    or is damaged (the driver's plain ``DatabaseError``).
    """
    where = shown_url(url)
    if isinstance(exc, ArgumentError):
        return StoreError(
            f"BACKSTRIDE_DATABASE_URL {where!r} is not a database URL backstride can use "
            f"({exc}); e.g. sqlite:////path/to/backstride.db or postgresql://user@host/db"
        )
    if not (isinstance(exc, OperationalError) or type(exc) is DatabaseError):
        return None
    detail = str(exc.orig)
    said = detail.lower()
    if "locked" in said:
        return StoreError(
            f"the database {where} is locked: another backstride is writing to it; try again "
            "when it has finished"
        )
    if "readonly" in said or "read-only" in said:
        return StoreError(
            f"the database {where} is read-only: backstride needs to write to it and to its folder"
        )
    if "unable to open" in said:
        return StoreError(
            f"cannot open the database {where}: check that its folder exists and that you may "
            "write there"
        )
    if "not a database" in said or "malformed" in said:
        return StoreError(
            f"{where} is not a backstride database or is damaged ({detail}): move it aside to "
            "start afresh, or put back a backup"
        )
    return StoreError(f"the database {where} failed: {detail}")
