"""Triage against backstride's own vignettes, and the rule that nothing lowers the urgency."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backstride.care import highest_urgency, parse_answers, raised_flags, triage
from backstride.care.answers import answers_as_dict, number_from_text
from backstride.errors import InputValueError
from backstride.knowledge.care import CareKnowledge, load_care
from backstride.knowledge.care_fields import AnyOf, Clause
from backstride.knowledge.care_items import RedFlagItem
from backstride.model import Urgency
from tests.care.conftest import answers_strategy

NOW = datetime(2026, 9, 1, 7, 0, tzinfo=UTC)
VIGNETTES = yaml.safe_load((Path(__file__).parent / "vignettes.yaml").read_text(encoding="utf-8"))


def _evaluate(answers: Mapping[str, Any]) -> Any:
    care = load_care()
    return triage(parse_answers(answers, care), care, NOW)


@pytest.mark.parametrize("case", VIGNETTES, ids=[c["name"] for c in VIGNETTES])
def test_vignette(case: dict[str, Any]) -> None:
    result = _evaluate(case["answers"])
    assert result.urgency == Urgency(case["urgency"])
    assert set(result.red_flags) == set(case["red_flags"])
    if "tissue" in case:
        assert result.phase.tissue == case["tissue"]
    if "clinical" in case:
        assert result.phase.clinical == case["clinical"]
    assert result.advice == load_care().urgency[result.urgency].advice
    assert "does not diagnose" in result.disclaimer


def test_the_vignettes_cover_every_red_flag_and_every_level(knowledge: CareKnowledge) -> None:
    assert len(VIGNETTES) >= 40
    named = {flag for case in VIGNETTES for flag in case["red_flags"]}
    assert named == {f.id for f in knowledge.red_flags}
    assert {c["urgency"] for c in VIGNETTES} == {u.value for u in Urgency}
    alone = {c["red_flags"][0] for c in VIGNETTES if len(c["red_flags"]) == 1}
    assert {f.id for f in knowledge.red_flags} <= alone  # each flag alone
    assert sum(len(c["red_flags"]) >= 2 for c in VIGNETTES) >= 5
    assert {t for c in VIGNETTES if (t := c.get("tissue"))} == {"acute", "subacute", "chronic"}
    assert {t for c in VIGNETTES if (t := c.get("clinical"))} == {"acute", "subacute", "chronic"}


def test_the_domain_table_is_the_rule(knowledge: CareKnowledge) -> None:
    """Each level of shared/domain.md section 3 holds the signs it names there."""
    by_level = {u: {f.id for f in knowledge.red_flags if f.urgency is u} for u in Urgency}
    assert by_level[Urgency.EMERGENCY] == {
        "red_flag.saddle_numbness",
        "red_flag.bladder_or_bowel_change",
        "red_flag.both_legs",
        "red_flag.leg_weakness_worsening",
        "red_flag.serious_accident",
        "red_flag.chest_pain",
    }
    assert by_level[Urgency.URGENT] == {
        "red_flag.fever",
        "red_flag.unexplained_weight_loss",
        "red_flag.cancer_history",
        "red_flag.night_or_rest_pain",
        "red_flag.immunosuppressed_or_steroids_or_iv_drugs",
        "red_flag.leg_weakness",
        "red_flag.minor_trauma_with_osteoporosis",
    }
    assert by_level[Urgency.SOON] == {
        "red_flag.radiating_with_numbness",
        "red_flag.first_episode_age",
        "red_flag.not_improving",
        "red_flag.stops_daily_activities",
        "red_flag.recurring_despite_rest",
    }
    assert by_level[Urgency.SELF_CARE] == set()


def _satisfying(clause: Clause) -> Any:
    """A value of the clause's answer that makes it true."""
    if clause.op in {"is", "equals"}:
        return clause.value
    assert isinstance(clause.value, float)
    return {"above": clause.value + 1, "at_least": clause.value, "below": clause.value - 1}[
        clause.op
    ]


def with_flag(answers: Mapping[str, Any], flag: RedFlagItem) -> dict[str, Any]:
    """``answers`` changed just enough for ``flag`` to hold."""
    out = dict(answers)
    for condition in flag.when:
        clause = condition.clauses[0] if isinstance(condition, AnyOf) else condition
        value = _satisfying(clause)
        out[clause.key] = int(value) if clause.key == "age" else value
    return out


@settings(max_examples=300, deadline=None)
@given(answers=answers_strategy(), flag_index=st.integers(0, 10_000))
def test_adding_any_red_flag_never_lowers_the_urgency(
    answers: dict[str, Any], flag_index: int
) -> None:
    care = load_care()
    flag = care.red_flags[flag_index % len(care.red_flags)]
    # a flag that holds only while another sign is absent (stable weakness: not worsening) can
    # be added only where that sign was not answered yes; taking a yes back is no addition
    retracts = [
        c.key
        for c in flag.when
        if isinstance(c, Clause) and c.op == "is" and c.value is False and answers.get(c.key)
    ]
    assume(not retracts)
    before = _evaluate(answers).urgency
    after = _evaluate(with_flag(answers, flag))
    assert after.urgency.rank >= before.rank
    assert after.urgency.rank >= flag.urgency.rank
    assert flag.id in after.red_flags


@settings(max_examples=200, deadline=None)
@given(answers=answers_strategy(), key_index=st.integers(0, 1000))
def test_a_further_yes_never_lowers_the_urgency(answers: dict[str, Any], key_index: int) -> None:
    """Turning any yes/no answer other than "improving" to yes never lowers it either."""
    care = load_care()
    keys = [q.key for q in care.questions if q.type.value == "yes_no" and q.key != "improving"]
    key = keys[key_index % len(keys)]
    before = _evaluate(answers).urgency
    after = _evaluate({**answers, key: True}).urgency
    assert after.rank >= before.rank


@settings(max_examples=200, deadline=None)
@given(answers=answers_strategy())
def test_the_urgency_is_the_highest_flag_and_answers_survive_storage(
    answers: dict[str, Any],
) -> None:
    care = load_care()
    parsed = parse_answers(answers, care)
    flags = raised_flags(parsed, care)
    result = triage(parsed, care, NOW)
    assert result.urgency == highest_urgency(f.urgency for f in flags)
    assert parse_answers(answers_as_dict(parsed), care) == parsed


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"fevr": True}, "fevr"),
        ({"fever": "yes"}, "fever"),
        ({"fever": 1}, "fever"),
        ({"pain_score": 11}, "pain_score"),
        ({"pain_score": 4.5}, "pain_score"),
        ({"pain_score": True}, "pain_score"),
        ({"age": "forty"}, "age"),
        ({"onset_days_ago": -1}, "onset_days_ago"),
        ({"onset_days_ago": float("nan")}, "onset_days_ago"),
        ({"pain_type": "burning"}, "pain_type"),
        ({"pain_type": "Sharp"}, "pain_type"),
    ],
)
def test_an_unknown_key_or_bad_value_is_an_error_naming_the_key(
    answers: dict[str, Any], key: str
) -> None:
    with pytest.raises(InputValueError, match=repr(key)):
        parse_answers(answers, load_care())


def test_answers_must_be_an_object() -> None:
    with pytest.raises(InputValueError, match="JSON object"):
        parse_answers([["fever", True]], load_care())


def test_typed_numbers(knowledge: CareKnowledge) -> None:
    age = knowledge.question("age")
    assert age is not None
    assert number_from_text(age, " 42 ") == 42
    assert number_from_text(age, "") is None
    for bad in ("4x", "200", "41.5"):
        with pytest.raises(InputValueError, match="'age'"):
            number_from_text(age, bad)


def test_pain_type_and_nerve_signs_give_possible_causes_never_a_diagnosis() -> None:
    result = _evaluate({"pain_type": "sharp", "numbness_or_tingling": True})
    ids = [c.id for c in result.possible_causes]
    assert ids == ["pain_type.sharp", "pain_type.radiating"]
    for cause in result.possible_causes:
        assert cause.summary.startswith("Often linked with")
        assert "only an examination can tell" in cause.summary
        assert cause.found_in == "answers"
