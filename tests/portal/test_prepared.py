"""portal.prepared: statements PostgreSQL plans once per connection."""

from datetime import date

import pytest
from django.db import connection, transaction

from portal.prepared import prepared
from tests.factories import CandidateFactory, OnboardingTaskFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's PREPARE")

TASKS_DUE = (
    "SELECT id FROM onboarding_onboardingtask WHERE candidate_id = %s AND due_on < %s"
    " AND title LIKE 'Task%%' ORDER BY id"
)


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prepared_here(name: str) -> int:
    return _run("SELECT COUNT(*) FROM pg_prepared_statements WHERE name = %s", [name])[0][0]


@on_postgresql
def test_a_statement_is_prepared_once_per_connection_and_gives_the_plain_rows():
    candidate = CandidateFactory()
    tasks = [
        OnboardingTaskFactory(candidate=candidate, title=f"Task {n}", due_on=date(2026, 1, n + 1))
        for n in range(3)
    ]
    params = [candidate.pk, date(2026, 1, 3)]

    statement, same_params = prepared(TASKS_DUE, params)
    again, _ = prepared(TASKS_DUE, params)

    name = statement.split()[1]
    assert statement.startswith("EXECUTE ") and again == statement and same_params == params
    assert _run(statement, params) == _run(TASKS_DUE, params) == [(tasks[0].pk,), (tasks[1].pk,)]
    assert _prepared_here(name) == 1
    other, _ = prepared(TASKS_DUE.replace("ORDER BY id", "ORDER BY id DESC"), params)
    assert other.split()[1] != name  # a statement's name is its own


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_the_statement_again():
    sql = "SELECT %s::int + 1"
    statement, _ = prepared(sql, [1])
    assert _run(statement, [1]) == [(2,)]

    connection.close()  # the next query opens a new session, which has no prepared statements

    assert _run(*prepared(sql, [41])) == [(42,)]
    assert _prepared_here(statement.split()[1]) == 1


@on_postgresql
def test_a_statement_postgresql_will_not_prepare_runs_as_it_is_and_the_transaction_goes_on():
    # Text against integers: fine as a literal PostgreSQL types itself, refused as a text
    # parameter.
    sql = "SELECT 1 WHERE %s = ANY(ARRAY[1, 2])"

    with transaction.atomic():
        statement, params = prepared(sql, ["2"])
        rows = _run(statement, params)
        assert _run("SELECT 2", []) == [(2,)]  # the transaction was not ended by the refusal

    assert (statement, rows) == (sql, [(1,)])
    assert prepared(sql, ["2"])[0] == sql  # remembered: not tried again


@on_postgresql
def test_a_transaction_marked_for_rollback_prepares_nothing():
    sql = "SELECT %s::int * 2"

    with transaction.atomic():
        transaction.set_rollback(True)

        assert prepared(sql, [21]) == (sql, [21])


@on_postgresql
def test_parameters_without_a_type_run_unprepared():
    sql = "SELECT COALESCE(%s, 'none')"

    assert prepared(sql, [None]) == (sql, [None])


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the other databases' way")
def test_other_databases_run_the_statement_as_it_is():
    assert prepared(TASKS_DUE, [1, date(2026, 1, 3)]) == (TASKS_DUE, [1, date(2026, 1, 3)])
