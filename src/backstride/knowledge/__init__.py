"""Knowledge as data: thresholds, rules and method choices with their sources and evidence grades.

The YAML files in this package are read with :mod:`importlib.resources` and checked when loaded;
a missing source, grade or value raises :class:`backstride.errors.KnowledgeError` naming the file
and the item. ``load_rules()`` gives the typed rules that ``backstride.metrics`` reads.
"""

from backstride.knowledge._files import (
    KnowledgeFile,
    all_items,
    file_names,
    load_file,
    parse_text,
    read_file,
)
from backstride.knowledge._items import (
    Grade,
    KnowledgeItem,
    MeasureItem,
    base_fields,
    unit_suffix,
)
from backstride.knowledge.care import CareKnowledge, CareRules, build_care, load_care
from backstride.knowledge.rules import (
    MeasureRules,
    Rule,
    SpikeBand,
    build_rules,
    load_rules,
    rules_from_file,
)

__all__ = [
    "CareKnowledge",
    "CareRules",
    "Grade",
    "KnowledgeFile",
    "KnowledgeItem",
    "MeasureItem",
    "MeasureRules",
    "Rule",
    "SpikeBand",
    "all_items",
    "base_fields",
    "build_care",
    "build_rules",
    "file_names",
    "load_care",
    "load_file",
    "load_rules",
    "parse_text",
    "read_file",
    "rules_from_file",
    "unit_suffix",
]
