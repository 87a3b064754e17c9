"""Parse untrusted XML (GPX, TCX) safely and forgivingly.

Safety: parsing goes through defusedxml, which refuses entity declarations (billion laughs,
quadratic blow-up) and external references (XXE); a DTD without entities is allowed. Refusals
raise :class:`UnsafeInputError`.

Forgiveness, for faults seen in real exports (../shared/data):
- a UTF-8 byte-order mark and whitespace before the XML declaration are stripped
  (sportslib__6281425038.tcx starts with spaces);
- an element or attribute prefix used without an ``xmlns:`` declaration is declared on the
  root element with a placeholder namespace, and parsing is retried once
  (sportslib__6037744996.gpx uses ``gpxdata:`` undeclared). Readers match extension elements by
  local name, so the placeholder never matters.

Malformed XML raises :class:`FileFormatError` whose reason names the line and column.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as DET

from backstride.errors import FileFormatError, UnsafeInputError

_LEADING = re.compile(rb"(?:\xef\xbb\xbf|[ \t\r\n])*")
_UNBOUND_PREFIX = expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]

_USED_PREFIX = re.compile(rb"</?([A-Za-z_][\w.\-]*):[A-Za-z_]")
_ATTR_PREFIX = re.compile(rb"\s([A-Za-z_][\w.\-]*):[A-Za-z_][\w.\-]*\s*=")
_DECLARED_PREFIX = re.compile(rb"xmlns:([A-Za-z_][\w.\-]*)\s*=")
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S)
_ROOT_START = re.compile(rb"\s*<([A-Za-z_][\w.\-:]*)")


@dataclass(frozen=True, slots=True)
class ParsedXml:
    """The root element and what had to be repaired to read the document."""

    root: ET.Element
    warnings: tuple[str, ...] = ()


def local_name(tag: str) -> str:
    """The tag without its ``{namespace}``."""
    return tag[tag.rfind("}") + 1 :]


def namespace_of(tag: str) -> str:
    """The ``{namespace}`` part of a tag (with braces), or '' for no namespace."""
    return tag[: tag.rfind("}") + 1] if tag.startswith("{") else ""


def _strip_leading(data: bytes) -> tuple[bytes, int]:
    """Data without leading BOMs and whitespace, and how many newlines were stripped."""
    start = _LEADING.match(data)
    end = 0 if start is None else start.end()
    return data[end:], data.count(b"\n", 0, end)


def _ascii_compatible(data: bytes) -> bool:
    """True when prefixes can be found with byte patterns (not UTF-16/32)."""
    return b"\x00" not in data[:4]


def _declare_missing_prefixes(data: bytes) -> tuple[bytes, list[str]]:
    """The document with every undeclared prefix declared on the root element."""
    used = set(_USED_PREFIX.findall(data)) | set(_ATTR_PREFIX.findall(data))
    missing = sorted(used - set(_DECLARED_PREFIX.findall(data)) - {b"xml", b"xmlns"})
    pos = 0
    while (item := _PROLOG_ITEM.match(data, pos)) is not None:
        pos = item.end()
    root = _ROOT_START.match(data, pos)
    if not missing or root is None:
        return data, []
    decls = b"".join(b' xmlns:%s="urn:backstride:undeclared:%s"' % (p, p) for p in missing)
    names = [p.decode("ascii", "replace") for p in missing]
    return data[: root.end()] + decls + data[root.end() :], names


def _malformed(path: str, exc: ET.ParseError, skipped_lines: int) -> FileFormatError:
    line, column = getattr(exc, "position", (0, 0))
    message = str(exc).split(":", 1)[0]
    return FileFormatError(
        path, f"malformed XML at line {line + skipped_lines}, column {column}: {message}"
    )


def _parse(data: bytes) -> ET.Element:
    root = DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    if not isinstance(root, ET.Element):  # pragma: no cover - defusedxml always returns one
        raise TypeError("parser returned no element")
    return root


def parse_xml(data: bytes, path: str) -> ParsedXml:
    """Parse an untrusted XML document; see the module docstring for what is repaired.

    Raises UnsafeInputError for entity declarations or external references, FileFormatError
    for malformed XML (reason with line and column).
    """
    body, skipped_lines = _strip_leading(data)
    try:
        try:
            return ParsedXml(_parse(body))
        except ET.ParseError as exc:
            if getattr(exc, "code", None) != _UNBOUND_PREFIX or not _ascii_compatible(body):
                raise
            repaired, names = _declare_missing_prefixes(body)
            if not names:
                raise
            note = (
                f"declared namespace prefixes the file uses without declaring: {', '.join(names)}"
            )
            return ParsedXml(_parse(repaired), (note,))
    except ET.ParseError as exc:
        raise _malformed(path, exc, skipped_lines) from None
    except defusedxml.EntitiesForbidden:
        raise UnsafeInputError(path, "XML entity declarations are not allowed") from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise UnsafeInputError(path, "XML external references are not allowed") from None
    except (ValueError, LookupError) as exc:  # e.g. an encoding expat cannot use
        raise FileFormatError(path, f"unreadable XML: {exc}") from None
