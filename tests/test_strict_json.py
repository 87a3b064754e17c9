"""backstride.strict_json: JSON read so that a member given twice is refused, not dropped."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride import strict_json

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(values)
def test_json_without_repeated_keys_reads_as_json_loads_reads_it(value: object) -> None:
    text = json.dumps(value)
    assert strict_json.loads(text) == json.loads(text)
    assert strict_json.loads(text.encode("utf-8")) == json.loads(text)


@given(st.text(min_size=1, max_size=8), values, values, st.booleans())
def test_a_repeated_key_is_refused_at_any_depth(
    key: str, first: object, second: object, nested: bool
) -> None:
    member = f"{json.dumps(key)}: {json.dumps(first)}, {json.dumps(key)}: {json.dumps(second)}"
    text = f'{{"outer": [{{{member}}}]}}' if nested else f"{{{member}}}"
    with pytest.raises(strict_json.RepeatedKeyError) as caught:
        strict_json.loads(text)
    assert caught.value.key == key
    assert isinstance(caught.value, json.JSONDecodeError)


def test_the_position_is_that_of_the_second_member() -> None:
    text = '{"fever": true,\n "fever": false}'
    with pytest.raises(strict_json.RepeatedKeyError) as caught:
        strict_json.loads(text)
    assert (caught.value.lineno, caught.value.colno) == (2, 2)
    assert "'fever' is given twice" in str(caught.value)
