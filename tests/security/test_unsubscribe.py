"""Unsubscribe links from emails: working for a long but finite time (one-click, RFC 8058), and
never telling whoever holds one whose account it is."""

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from reminders.emails import UNSUBSCRIBE_SALT, unsubscribe_token
from reminders.models import Kind, NotificationPreference

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _signed_days_ago(days: int, *, user_id: int, kind: str) -> str:
    """The token an email sent `days` ago carried."""

    class SignedThen(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - days * DAY)

    return SignedThen(salt=UNSUBSCRIBE_SALT).sign_object({"u": user_id, "k": kind}, compress=True)


def _url(token: str) -> str:
    return reverse("reminders:unsubscribe", args=[token])


def test_link_from_an_email_older_than_the_limit_is_refused(recruit, settings):
    token = _signed_days_ago(
        settings.REMINDER_UNSUBSCRIBE_VALID_DAYS + 1, user_id=recruit.pk, kind=Kind.TASK_OVERDUE
    )

    shown = Client().get(_url(token))
    clicked = Client(enforce_csrf_checks=True).post(_url(token), {"List-Unsubscribe": "One-Click"})

    assert (shown.status_code, clicked.status_code) == (410, 410)
    assert "This unsubscribe link has expired" in shown.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_link_within_the_limit_still_works_in_one_click(recruit, settings):
    token = _signed_days_ago(
        settings.REMINDER_UNSUBSCRIBE_VALID_DAYS - 1, user_id=recruit.pk, kind=Kind.TASK_OVERDUE
    )

    clicked = Client(enforce_csrf_checks=True).post(_url(token), {"List-Unsubscribe": "One-Click"})

    assert clicked.status_code == 200
    assert list(NotificationPreference.objects.values_list("user", "kind")) == [
        (recruit.pk, Kind.TASK_OVERDUE)
    ]


def test_links_work_for_ninety_days(settings):
    assert settings.REMINDER_UNSUBSCRIBE_VALID_DAYS == 90


def test_pages_never_show_whose_link_it_is(recruit):
    token = unsubscribe_token(user_id=recruit.pk, kind=Kind.TASK_OVERDUE)

    shown = Client().get(_url(token)).content.decode()
    done = Client().post(_url(token)).content.decode()

    for page in (shown, done):
        assert recruit.email not in page
        assert recruit.email.split("@")[0] not in page
        assert recruit.get_full_name() not in page
    assert "You will no longer get emails or notifications about" in shown
    assert "You are unsubscribed from checklist task overdue." in done
