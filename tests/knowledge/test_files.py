"""Every shipped knowledge file and item is well formed; a broken file gives KnowledgeError."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from backstride.errors import KnowledgeError
from backstride.knowledge import (
    Grade,
    KnowledgeItem,
    MeasureItem,
    all_items,
    file_names,
    load_file,
    parse_text,
    read_file,
    unit_suffix,
)


def shipped_text(name: str) -> str:
    return resources.files("backstride.knowledge").joinpath(name).read_text(encoding="utf-8")


def test_the_measures_file_ships_as_package_data() -> None:
    assert "measures.yaml" in file_names()


@pytest.mark.parametrize("name", file_names())
def test_every_item_has_a_source_and_a_valid_grade(name: str) -> None:
    items = load_file(name).items
    assert items
    for item in items:
        assert isinstance(item, KnowledgeItem)
        assert item.source.strip(), item.id
        assert item.summary.strip(), item.id
        assert item.grade in set(Grade), item.id
        assert item.file == name
        if item.contested:
            assert item.note, f"{item.id} is contested but says nothing about who disagrees"


@pytest.mark.parametrize("name", file_names())
def test_the_raw_yaml_agrees_with_the_checked_items(name: str) -> None:
    """Independent of the loader: read the YAML and look at the fields directly."""
    raw = yaml.safe_load(shipped_text(name))
    for entry in raw["items"]:
        assert isinstance(entry["source"], str) and entry["source"].strip(), entry["id"]
        assert entry["grade"] in {"A", "B", "C", "-"}, entry["id"]


def test_ids_are_unique_across_all_files() -> None:
    ids = [i.id for i in all_items()]
    assert len(ids) == len(set(ids))


def test_every_value_name_states_its_unit() -> None:
    for item in all_items():
        if not isinstance(item, MeasureItem):
            continue
        for key, value in item.values.items():
            if isinstance(value, tuple) and value and not isinstance(value[0], float):
                for band in value:
                    assert all(unit_suffix(k) for k in band), (item.id, key)  # type: ignore[union-attr]
            else:
                assert item.unit_of(key), (item.id, key)


def test_engineering_choices_are_graded_dash_and_say_so() -> None:
    method = [i for i in load_file("measures.yaml").items if i.id.startswith("method.")]
    assert method
    for item in method:
        assert item.grade is Grade.NONE
        assert item.source.startswith("backstride engineering choice")
        assert item.note, f"{item.id}: a choice says why in its note"


def test_contested_items_are_the_ones_the_domain_names() -> None:
    contested = {i.id for i in all_items() if i.contested}
    assert {"load.acwr", "load.weekly_increase"} <= contested


GOOD_ITEM = """
kind: measures
version: 1
items:
  - id: test.item
    summary: A rule.
    source: Someone 2020.
    grade: B
    values:
      window_days: 7
"""


def test_a_minimal_good_file_parses() -> None:
    parsed = parse_text(GOOD_ITEM, "good.yaml")
    (item,) = parsed.items
    assert isinstance(item, MeasureItem)
    assert item.values["window_days"] == 7.0
    assert item.unit_of("window_days") == "days"


BROKEN = {
    "missing source": GOOD_ITEM.replace("    source: Someone 2020.\n", ""),
    "empty source": GOOD_ITEM.replace("Someone 2020.", "''"),
    "missing grade": GOOD_ITEM.replace("    grade: B\n", ""),
    "bad grade": GOOD_ITEM.replace("grade: B", "grade: D"),
    "missing summary": GOOD_ITEM.replace("    summary: A rule.\n", ""),
    "missing values": GOOD_ITEM.replace("    values:\n      window_days: 7\n", ""),
    "value without unit": GOOD_ITEM.replace("window_days", "window"),
    "value not a number": GOOD_ITEM.replace("window_days: 7", "window_days: seven"),
    "boolean value": GOOD_ITEM.replace("window_days: 7", "window_days: true"),
    "unknown field": GOOD_ITEM.replace("grade: B", "grade: B\n    sorce: typo"),
    "contested without note": GOOD_ITEM.replace("grade: B", "grade: B\n    contested: true"),
    "contested not bool": GOOD_ITEM.replace("grade: B", "grade: B\n    contested: maybe"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_item_names_the_file_and_the_item(case: str) -> None:
    with pytest.raises(KnowledgeError) as err:
        parse_text(BROKEN[case], "broken.yaml")
    message = str(err.value)
    assert "broken.yaml" in message
    assert "test.item" in message


BROKEN_FILES = {
    "not yaml": "kind: measures\nitems: [unclosed\n",
    "not a mapping": "- just\n- a list\n",
    "unknown kind": GOOD_ITEM.replace("kind: measures", "kind: spells"),
    "wrong version": GOOD_ITEM.replace("version: 1", "version: 9"),
    "no items": "kind: measures\nversion: 1\nitems: []\n",
    "bad id": GOOD_ITEM.replace("id: test.item", "id: Not An Id"),
    "duplicate id": GOOD_ITEM + GOOD_ITEM.split("items:\n")[1],
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_a_broken_file_gives_knowledge_error(case: str) -> None:
    with pytest.raises(KnowledgeError, match=r"broken\.yaml"):
        parse_text(BROKEN_FILES[case], "broken.yaml")


def test_removing_any_required_field_of_any_shipped_item_is_caught(tmp_path: Path) -> None:
    """Each shipped item, with its source, grade, summary or values removed, written to a real
    file and read back: the error names the file and that item."""
    raw = yaml.safe_load(shipped_text("measures.yaml"))
    for entry in raw["items"]:
        for field in ("source", "grade", "summary", "values"):
            broken = {k: v for k, v in entry.items() if k != field}
            doc = {**raw, "items": [broken]}
            path = tmp_path / "measures-broken.yaml"
            path.write_text(yaml.safe_dump(doc), encoding="utf-8")
            with pytest.raises(KnowledgeError) as err:
                read_file(path)
            assert "measures-broken.yaml" in str(err.value)
            assert entry["id"] in str(err.value), (entry["id"], field)


def test_an_unreadable_file_gives_knowledge_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(KnowledgeError, match=r"binary\.yaml"):
        read_file(path)
