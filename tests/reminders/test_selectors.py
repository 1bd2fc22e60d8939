import pytest
from django.utils import timezone

from reminders.selectors import unread_count
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_unread_count_counts_only_this_persons_unread_notifications(recruit, manager):
    assert unread_count(recruit) == 0
    NotificationFactory.create_batch(2, recipient=recruit)
    NotificationFactory(recipient=recruit, read_at=timezone.now())
    NotificationFactory(recipient=manager)

    assert (unread_count(recruit), unread_count(manager)) == (2, 1)
