from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from reminders.models import Kind, Reminder
from tests.factories import OnboardingTaskFactory
from tests.reminders.conftest import at, committed

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 10)


def test_send_reminders_scans_now_and_lists_each_new_reminders_message(candidate):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, title="Book induction")
    out = StringIO()

    with committed():
        call_command("send_reminders", "--now", at(DUE + timedelta(days=1)).isoformat(), stdout=out)

    assert Reminder.objects.get(kind=Kind.TASK_OVERDUE).status == "sent"
    lines = out.getvalue().splitlines()
    # The recruit's overdue task, and this fortnight's wellbeing pulse.
    assert lines[0] == "Scan as of 2026-03-11 09:00: 2 new reminder(s), 2 delivery task(s) queued."
    assert lines[-1].split() == [
        "-", candidate.user.email, "task_overdue", "[pending]", "“Book", "induction”", "was",
        "due", "on", "10", "March", "2026",
    ]  # fmt: skip
