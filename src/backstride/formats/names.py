"""What a file is, from its name and from its first bytes."""

from __future__ import annotations

import re

#: Activity formats by extension.
KINDS = ("fit", "gpx", "tcx")
#: Wrappers an activity file may carry: ``run.fit.gz``, ``run.gpx.zip``.
WRAPPERS = (".gz", ".zip")

_FIT_SIGNATURE = b".FIT"
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_XML_ROOTS = {b"gpx": "gpx", b"TrainingCenterDatabase": "tcx"}
_SNIFF_BYTES = 4096


def leaf_name(label: str) -> str:
    """The file name at the end of a path or archive label (``a.zip!dir/b.fit`` -> ``b.fit``)."""
    return re.split(r"[\\/!]", label)[-1]


def kind_from_name(name: str) -> str | None:
    """``fit``, ``gpx`` or ``tcx`` from the extension (after any ``.gz``/``.zip``), or None."""
    lower = leaf_name(name).lower()
    for wrapper in WRAPPERS:
        if lower.endswith(wrapper):
            lower = lower[: -len(wrapper)]
            break
    for kind in KINDS:
        if lower.endswith("." + kind):
            return kind
    return None


def is_activity_name(name: str) -> bool:
    """True for ``.fit``, ``.gpx``, ``.tcx``, each optionally ``.gz`` or ``.zip`` (any case)."""
    return kind_from_name(name) is not None


def sniff_kind(data: bytes) -> str | None:
    """``fit`` when the FIT header signature ``.FIT`` sits at byte 8; ``gpx`` or ``tcx`` when
    the first XML element is ``<gpx>`` or ``<TrainingCenterDatabase>``; else None."""
    if len(data) >= 12 and data[8:12] == _FIT_SIGNATURE:
        return "fit"
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    match = _XML_ROOT.search(head)
    return None if match is None else _XML_ROOTS.get(match.group(1))
