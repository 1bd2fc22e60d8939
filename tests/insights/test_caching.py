import contextlib
from datetime import date

from django.db import transaction
from django.urls import reverse

from insights.caching import cached_tables, data_version
from insights.disclosure import Policy
from insights.scope import Scope
from onboarding.services import task_complete
from tests.factories import BarrierReportFactory, CandidateFactory, OnboardingTaskFactory

SCOPE = Scope(policy=Policy.EXACT, today=date(2026, 6, 30))


def _commit_the_set_up():
    """Run what the set-up's commit would have run (its version bump): the test's transaction
    never commits, and a bump still waiting in it would cover the change under test."""
    connection = transaction.get_connection()
    waiting, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in waiting:
        callback()


def test_cached_tables_computed_once_while_nothing_changes(db):
    calls = []
    assert cached_tables("barriers", SCOPE, lambda: calls.append(1) or ["first"]) == ["first"]
    assert cached_tables("barriers", SCOPE, lambda: calls.append(1) or ["second"]) == ["first"]
    assert calls == [1]


def test_cached_tables_apart_per_scope(db):
    other = Scope(policy=Policy.EXACT, today=date(2026, 6, 30), region="london")
    cached_tables("barriers", SCOPE, lambda: ["everyone"])
    assert cached_tables("barriers", other, lambda: ["london"]) == ["london"]


def test_cached_tables_invalidated_after_a_committed_change(db, django_capture_on_commit_callbacks):
    before = data_version()
    cached_tables("barriers", SCOPE, lambda: ["before"])
    with django_capture_on_commit_callbacks(execute=True):
        BarrierReportFactory(candidate=CandidateFactory())
    assert data_version() > before
    assert cached_tables("barriers", SCOPE, lambda: ["after"]) == ["after"]


def test_dashboard_page_shows_a_change_made_after_it_was_cached(
    client_for, analyst, django_capture_on_commit_callbacks
):
    client = client_for(analyst)
    url = reverse("insights:barriers")

    def figures():
        return [f["table"].as_rows() for f in client.get(url).context["figures"]]

    first = figures()
    assert figures() == first
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(12):
            BarrierReportFactory(
                candidate=CandidateFactory(), theme="language", occurred_on=date.today()
            )
    assert figures() != first


def test_cached_tables_invalidated_after_a_task_completed_by_conditional_update(
    organisation, manager, django_capture_on_commit_callbacks
):
    task = OnboardingTaskFactory(candidate=CandidateFactory(organisation=organisation))
    _commit_the_set_up()
    cached_tables("support", SCOPE, lambda: ["before"])
    with django_capture_on_commit_callbacks(execute=True):
        task_complete(task=task, by=manager)
    assert cached_tables("support", SCOPE, lambda: ["after"]) == ["after"]


def test_one_transaction_bumps_the_version_once_however_many_rows_it_saves(
    db, django_capture_on_commit_callbacks
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            BarrierReportFactory(candidate=CandidateFactory())
    assert data_version() == before + 1


def test_a_change_after_a_rolled_back_one_still_bumps_the_version(
    db, django_capture_on_commit_callbacks
):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            BarrierReportFactory(candidate=CandidateFactory())
            raise RuntimeError  # rolls back the change and the bump waiting for it
        BarrierReportFactory(candidate=CandidateFactory())
    assert data_version() == before + 1
