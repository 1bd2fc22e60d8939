from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import FinishedStepCount, RegistrationStep
from candidates.services import finished_step_counts_rebuild
from onboarding.models import RegistrationTimeCount
from onboarding.services import registration_time_counts_rebuild
from pastoral.models import CheckInGapCount, PulsePeriodTotals
from pastoral.services import check_in_gap_counts_rebuild, pulse_period_totals_rebuild
from portal.stored_counts import (
    days_between_sql,
    month_of_sql,
    recount_deferred_to,
    save_touches,
    stored_counts_deferred,
)
from tests.factories import (
    CandidateFactory,
    CheckInFactory,
    OfferFactory,
    RegistrationStepFactory,
    SupportAssignmentFactory,
    WellbeingPulseFactory,
    step_template,
)

COUNT_TABLES = [FinishedStepCount, RegistrationTimeCount, CheckInGapCount, PulsePeriodTotals]
NOTHING_STORED = {model: set() for model in COUNT_TABLES}


def _stored() -> dict:
    return {
        model: set(
            model.objects.values_list(
                *[field.attname for field in model._meta.concrete_fields if not field.primary_key]
            )
        )
        for model in COUNT_TABLES
    }


def _rebuilt() -> dict:
    finished_step_counts_rebuild()
    registration_time_counts_rebuild()
    check_in_gap_counts_rebuild()
    pulse_period_totals_rebuild()
    return _stored()


def _write_rows_each_table_counts(candidate, buddy) -> None:
    """A registration finished after an offer, a pair's two check-ins and two pulses: rows that
    each of the four tables counts, several of them twice over."""
    OfferFactory(candidate=candidate, offer_date=date(2025, 6, 1))
    RegistrationStepFactory(
        candidate=candidate,
        template=step_template("registered"),
        status=RegistrationStep.Status.DONE,
        started_on=date(2025, 10, 1),
        finished_on=date(2025, 10, 11),
        due_on=date(2025, 10, 15),
    )
    assignment = SupportAssignmentFactory(candidate=candidate, staff=buddy)
    CheckInFactory(assignment=assignment, held_on=date(2025, 9, 1))
    CheckInFactory(assignment=assignment, held_on=date(2025, 9, 8))
    WellbeingPulseFactory(
        candidate=candidate, period_start=date(2025, 9, 1), belonging=2, is_low=True
    )
    WellbeingPulseFactory(candidate=candidate, period_start=date(2025, 9, 15), belonging=5)


def _writes_to_count_tables(queries) -> list[str]:
    tables = [model._meta.db_table for model in COUNT_TABLES]
    return [q["sql"] for q in queries if any(table in q["sql"] for table in tables)]


def _rebuild_deletes(queries) -> list[str]:
    """The statements that empty a whole count table: one per rebuild."""
    tables = {f"DELETE FROM {model._meta.db_table}" for model in COUNT_TABLES}
    return sorted(q["sql"] for q in queries if q["sql"] in tables)


def test_counts_outside_a_block_follow_each_write(candidate, buddy):
    with CaptureQueriesContext(connection) as queries:
        _write_rows_each_table_counts(candidate, buddy)

    stored = _stored()
    assert all(stored.values())
    assert _rebuild_deletes(queries) == []
    assert _rebuilt() == stored


def test_counts_wait_inside_a_block_and_each_table_is_rebuilt_once_at_its_end(candidate, buddy):
    with CaptureQueriesContext(connection) as queries, stored_counts_deferred():
        _write_rows_each_table_counts(candidate, buddy)
        assert _writes_to_count_tables(queries) == []
        assert _stored() == NOTHING_STORED

    stored = _stored()
    assert stored[FinishedStepCount] == {
        (step_template("registered").pk, date(2025, 10, 1), 10, 1, 1, 1)
    }
    assert stored[PulsePeriodTotals] == {
        (date(2025, 9, 1), 1, 1, 1, 2, 4, 4),
        (date(2025, 9, 15), 1, 0, 0, 5, 4, 4),
    }
    assert all(stored.values())
    assert _rebuild_deletes(queries) == sorted(
        f"DELETE FROM {model._meta.db_table}" for model in COUNT_TABLES
    )
    assert _rebuilt() == stored


def test_counts_equal_what_each_write_counting_gives(candidate, buddy, organisation):
    _write_rows_each_table_counts(candidate, buddy)
    counted_row_by_row = _stored()
    candidate.delete()
    assert _stored() == NOTHING_STORED

    with stored_counts_deferred():
        _write_rows_each_table_counts(CandidateFactory(organisation=organisation), buddy)

    assert _stored() == counted_row_by_row


def test_an_error_in_a_block_rolls_its_writes_back_rebuilds_nothing_and_goes_on(candidate, buddy):
    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(RuntimeError, match="seed failed"),
        stored_counts_deferred(),
    ):
        _write_rows_each_table_counts(candidate, buddy)
        raise RuntimeError("seed failed")

    assert _writes_to_count_tables(queries) == []
    assert not RegistrationStep.objects.filter(candidate=candidate).exists()
    # Outside the block again: each write is counted as it comes.
    _write_rows_each_table_counts(candidate, buddy)
    assert all(_stored().values())


def test_nested_blocks_leave_the_rebuilds_to_the_outermost(candidate, buddy):
    with CaptureQueriesContext(connection) as queries, stored_counts_deferred():
        with stored_counts_deferred():
            _write_rows_each_table_counts(candidate, buddy)
        assert _stored() == NOTHING_STORED
        assert _rebuild_deletes(queries) == []

    assert len(_rebuild_deletes(queries)) == len(COUNT_TABLES)
    stored = _stored()
    assert all(stored.values())
    assert _rebuilt() == stored


def test_a_block_defers_nothing_for_other_threads_or_once_it_has_ended(db):
    with stored_counts_deferred():
        block_context = copy_context()
        with ThreadPoolExecutor(max_workers=1) as pool:
            fresh = pool.submit(recount_deferred_to, pulse_period_totals_rebuild)
            copied = pool.submit(
                block_context.run, recount_deferred_to, pulse_period_totals_rebuild
            )
            assert (fresh.result(), copied.result()) == (False, False)
        assert recount_deferred_to(pulse_period_totals_rebuild) is True

    assert recount_deferred_to(pulse_period_totals_rebuild) is False
    # A task started with the block's context and still running after it counts as before.
    assert block_context.run(recount_deferred_to, pulse_period_totals_rebuild) is False


def test_save_touches_says_whether_a_save_may_have_changed_the_fields():
    fields = {"held_on", "assignment_id"}

    assert save_touches(None, fields)  # a save of every field
    assert save_touches(["notes", "held_on"], fields)
    assert not save_touches(["notes"], fields)
    assert not save_touches([], fields)


@pytest.mark.django_db
def test_month_and_days_sql_as_the_database_in_use_writes_them():
    dates = f"{month_of_sql('d')}, {days_between_sql('s', 'd')}"
    sql = f"SELECT {dates} FROM (SELECT %s AS s, %s AS d) x"
    with connection.cursor() as cursor:
        cursor.execute(sql, [date(2026, 1, 30), date(2026, 3, 2)])
        month, days = cursor.fetchone()

    assert (str(month), days) == ("2026-03-01", 31)
