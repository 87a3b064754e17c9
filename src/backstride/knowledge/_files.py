"""Reading knowledge files: YAML shipped inside this package, checked item by item.

A file's ``kind`` picks the parser of its items; a later issue adds a kind (causes, red flags,
exercises, phases) by adding its parser to :data:`PARSERS`. Item ids are unique across files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from backstride.knowledge._items import KnowledgeItem, fail, parse_measure_item
from backstride.knowledge.care_parsers import CARE_PARSERS
from backstride.knowledge.trigger_items import parse_trigger_change

ItemParser = Callable[[Any, str], KnowledgeItem]

#: The parser for each kind of knowledge file.
PARSERS: Mapping[str, ItemParser] = {
    "measures": parse_measure_item,
    **CARE_PARSERS,
    "trigger_changes": parse_trigger_change,
}

PACKAGE = "backstride.knowledge"

SUPPORTED_VERSION = 1


@dataclass(frozen=True, slots=True)
class KnowledgeFile:
    """The checked items of one knowledge file."""

    name: str
    kind: str
    items: tuple[KnowledgeItem, ...]


def _load_yaml(text: str) -> Any:
    """Safe YAML load; libyaml's safe loader when PyYAML has it (several times faster)."""
    if hasattr(yaml, "CSafeLoader"):
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def parse_text(text: str, name: str) -> KnowledgeFile:
    """Parse and check one knowledge file's text; ``name`` is used in error messages."""
    try:
        doc = _load_yaml(text)
    except yaml.YAMLError as exc:
        raise fail(name, None, f"is not valid YAML ({exc})") from exc
    if not isinstance(doc, Mapping):
        raise fail(name, None, "must be a mapping with 'kind', 'version' and 'items'")
    kind = doc.get("kind")
    parser = PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None or not isinstance(kind, str):
        raise fail(name, None, f"unknown kind {kind!r} (known: {', '.join(PARSERS)})")
    if doc.get("version") != SUPPORTED_VERSION:
        raise fail(name, None, f"version must be {SUPPORTED_VERSION}, got {doc.get('version')!r}")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise fail(name, None, "needs a non-empty list 'items'")
    items = tuple(parser(raw, name) for raw in raw_items)
    check_unique(items)
    return KnowledgeFile(name=name, kind=kind, items=items)


def check_unique(items: Iterable[KnowledgeItem]) -> None:
    """Raise KnowledgeError when two items share an id (naming both files)."""
    seen: dict[str, str] = {}
    for item in items:
        if item.id in seen:
            raise fail(item.file, item.id, f"id already used in {seen[item.id]}")
        seen[item.id] = item.file


def file_names() -> tuple[str, ...]:
    """Names of the knowledge files shipped with backstride, sorted."""
    root = resources.files(PACKAGE)
    return tuple(sorted(p.name for p in root.iterdir() if p.name.endswith(".yaml")))


def read_file(path: Traversable | Path) -> KnowledgeFile:
    """Read and check one knowledge file from a path (a shipped resource or a file on disk)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(path.name, None, f"cannot be read ({exc})") from exc
    return parse_text(text, path.name)


@cache
def load_file(name: str) -> KnowledgeFile:
    """One shipped knowledge file, checked (cached)."""
    return read_file(resources.files(PACKAGE).joinpath(name))


@cache
def all_items() -> tuple[KnowledgeItem, ...]:
    """Every item of every shipped knowledge file, checked, ids unique across files (cached)."""
    items = tuple(item for name in file_names() for item in load_file(name).items)
    check_unique(items)
    return items
