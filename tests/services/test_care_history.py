"""One read of the history (CareHistory) gives the same answers as each service reading its own."""

from __future__ import annotations

from datetime import datetime, timedelta

from backstride.care import parse_answers
from backstride.knowledge.care import load_care
from backstride.model import PainEntry, PainType
from backstride.services import care, diary
from backstride.store import Store
from tests.services import care_data
from tests.services.care_data import BERLIN_SUMMER

samples_home = care_data.samples_home
sample_home = care_data.sample_home
sample_store = care_data.sample_store


def test_shared_history_gives_the_same_triage_advice_and_plan(sample_store: Store) -> None:
    """Triage two days before "now" (so the triage and today need the history at two
    instants), two diary entries, then the three answers with and without a shared read."""
    store = sample_store
    now = datetime(2026, 8, 24, 8, 0, tzinfo=BERLIN_SUMMER)
    answers = parse_answers({"onset_days_ago": 3, "pain_type": "dull"}, load_care())
    care.run_triage(store, answers, now - timedelta(days=2))
    for hours, score in ((50, 4), (3, 3)):
        diary.log_pain(
            store,
            PainEntry(
                time_utc=now - timedelta(hours=hours),
                score=score,
                pain_type=PainType.DULL,
                location="lower back",
            ),
        )
    care.plan(store, now, 2)  # the first plan saves its step; later ones only read it
    alone = (care.latest_triage(store), care.today(store, now), care.plan(store, now, 2))
    past = care.CareHistory(store)
    shared = (
        care.latest_triage(store, past),
        care.today(store, now, past),
        care.plan(store, now, 2, past),
    )
    assert shared == alone
    assert alone[0] is not None and alone[0].possible_causes  # the runs were really read
    assert alone[1].pain_score == 3
