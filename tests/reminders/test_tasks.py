from datetime import date, timedelta

import pytest
from django.core import mail

from reminders.models import Kind, Reminder
from reminders.tasks import deliver_reminders
from tests.factories import OnboardingTaskFactory, ReminderFactory
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 10)


def _pending_reminders(candidate, n):
    return [
        ReminderFactory(
            recipient=candidate.user,
            kind=Kind.TASK_OVERDUE,
            subject=f"onboarding.task:{OnboardingTaskFactory(candidate=candidate, due_on=DUE).pk}",
            created_at=at(DUE + timedelta(days=1)),
        ).pk
        for _ in range(n)
    ]


def test_deliver_reminders_sends_each_of_the_batch_once(candidate):
    ids = _pending_reminders(candidate, 3)

    assert deliver_reminders.delay(reminder_ids=ids).get() == {"sent": 3}
    assert len(mail.outbox) == 3
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_deliver_reminders_batch_delivered_twice_sends_nothing_twice(candidate):
    ids = _pending_reminders(candidate, 2)
    deliver_reminders.delay(reminder_ids=ids[:1]).get()

    assert deliver_reminders.delay(reminder_ids=ids).get() == {"done": 1, "sent": 1}
    assert len(mail.outbox) == 2
