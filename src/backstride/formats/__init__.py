"""Readers: activity files (FIT, GPX, TCX, compressed or zipped) in, model Recordings out.

:func:`decode` reads one file; :func:`backstride.formats.archives.iter_members` walks folders
and export archives. Every input is untrusted: sizes are bounded by :class:`Limits`, XML
entities are refused, and any bytes give a Recording or a FileFormatError - never another
exception from these readers.
"""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO

from backstride.errors import FileFormatError, UnsafeInputError
from backstride.formats.containers import (
    CORRUPT_ERRORS,
    GZIP_MAGIC,
    ZIP_EMPTY_MAGIC,
    ZIP_MAGIC,
    declared_entry_count,
    gunzip,
    read_member,
    unsafe_name_reason,
)
from backstride.formats.fit import read_fit
from backstride.formats.gpx import read_gpx
from backstride.formats.limits import DEFAULT_LIMITS, Limits
from backstride.formats.names import is_activity_name, kind_from_name, leaf_name, sniff_kind
from backstride.formats.tcx import read_tcx
from backstride.model import Recording

__all__ = ["DEFAULT_LIMITS", "Limits", "decode", "is_activity_name"]

#: Errors a third-party-style decoder may let slip on hostile bytes; :func:`decode` reports them
#: as FileFormatError so that one bad file never stops an import.
_DECODER_SLIPS = (ValueError, IndexError, KeyError, ArithmeticError, struct.error)


def decode(label: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Recording:
    """Decode one activity file named ``label`` (a path, or ``archive.zip!member``).

    Handles ``.fit``, ``.gpx``, ``.tcx``, each optionally gzipped (``.gz``) or zipped alone
    (``.zip``). The content decides where it is clear (gzip and zip magic numbers, the FIT
    signature at byte 8, the XML root element); the extension decides otherwise.
    Raises FileFormatError, or UnsafeInputError for input refused as hostile.
    """
    if len(data) > limits.max_file_bytes:
        raise UnsafeInputError(
            label, f"file is larger than the limit of {limits.max_file_bytes} bytes"
        )
    payload, name = _unwrap(label, leaf_name(label), data, limits)
    kind = sniff_kind(payload) or kind_from_name(name)
    if kind is None:
        raise FileFormatError(label, "not an activity file: expected FIT, GPX or TCX content")
    if kind == "gpx":
        return read_gpx(payload, label)
    if kind == "tcx":
        return read_tcx(payload, label)
    return _read_fit(payload, label)


def _read_fit(payload: bytes, label: str) -> Recording:
    try:
        return read_fit(payload, label)
    except _DECODER_SLIPS as exc:
        raise FileFormatError(label, f"FIT decoder failed: {type(exc).__name__}: {exc}") from None


def _unwrap(label: str, name: str, data: bytes, limits: Limits) -> tuple[bytes, str]:
    """Remove gzip and single-file zip layers (at most ``limits.max_depth``)."""
    depth = 0
    while data.startswith((GZIP_MAGIC, ZIP_MAGIC, ZIP_EMPTY_MAGIC)):
        if depth == limits.max_depth:
            raise UnsafeInputError(
                label, f"compressed more than {limits.max_depth} times over; refused"
            )
        depth += 1
        if data.startswith(GZIP_MAGIC):
            data = gunzip(data, label, limits)
            name = name[:-3] if name.lower().endswith(".gz") else name
        else:
            data, name = _single_zip_member(data, label, limits)
    return data, name


def _single_zip_member(data: bytes, label: str, limits: Limits) -> tuple[bytes, str]:
    """The one activity file a ``.fit.zip``-style archive holds, and its name."""
    try:
        count = declared_entry_count(BytesIO(data))
        if count is not None and count > limits.max_members:
            raise UnsafeInputError(
                label, f"zip declares {count} entries, more than {limits.max_members}"
            )
        with zipfile.ZipFile(BytesIO(data)) as zf:
            files = [i for i in zf.infolist() if not i.is_dir()]
            chosen = [i for i in files if is_activity_name(i.filename)] or files
            if len(chosen) != 1:
                raise FileFormatError(
                    label,
                    f"zip holds {len(chosen)} activity files; import it as an archive instead",
                )
            reason = unsafe_name_reason(chosen[0])
            if reason is not None:
                raise UnsafeInputError(label, f"zip member refused: {reason}")
            inner = read_member(zf, chosen[0], label, limits, limits.max_file_bytes)
            return inner, leaf_name(chosen[0].filename)
    except CORRUPT_ERRORS as exc:
        raise FileFormatError(label, f"not a readable zip archive: {exc}") from None
