"""The typed view of ``trigger_changes.yaml``: each exposure's words and plan change, by exposure.

Checked when loaded: one item per exposure, and each item's ``cause`` names an item of
``causes.yaml`` (KnowledgeError otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from backstride.knowledge._files import all_items, load_file
from backstride.knowledge._items import KnowledgeItem, fail
from backstride.knowledge.plan_items import CauseItem
from backstride.knowledge.trigger_items import TriggerChangeItem

TRIGGERS_FILE = "trigger_changes.yaml"

TriggerChanges = Mapping[str, TriggerChangeItem]


def build_trigger_changes(
    items: Iterable[KnowledgeItem], known: Iterable[KnowledgeItem]
) -> TriggerChanges:
    """The trigger-change items by exposure id; ``known``: every item, to check the causes."""
    causes = {i.id for i in known if isinstance(i, CauseItem)}
    out: dict[str, TriggerChangeItem] = {}
    for item in items:
        if not isinstance(item, TriggerChangeItem):
            raise fail(item.file, item.id, "is not a trigger_changes item")
        if item.exposure in out:
            raise fail(item.file, item.id, f"exposure {item.exposure!r} has two items")
        if item.cause not in causes:
            raise fail(item.file, item.id, f"cause {item.cause!r} is not in causes.yaml")
        out[item.exposure] = item
    return MappingProxyType(out)


@cache
def load_trigger_changes() -> TriggerChanges:
    """The shipped trigger changes, by exposure id (cached)."""
    return build_trigger_changes(load_file(TRIGGERS_FILE).items, all_items())
