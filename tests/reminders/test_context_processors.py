import pytest
from django.test import RequestFactory

from reminders.context_processors import unread_notifications
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_unread_notifications_one_count_query(recruit, django_assert_num_queries):
    NotificationFactory.create_batch(3, recipient=recruit)
    request = RequestFactory().get("/")
    request.user = recruit
    context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert int(str(context["nav_unread_count"])) == 3


def test_unread_notifications_nothing_for_anonymous(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {}
