import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from reminders.emails import unsubscribe_token
from reminders.models import Delivery, Kind, Notification, NotificationPreference
from tests.factories import NotificationFactory, OnboardingTaskFactory

pytestmark = pytest.mark.django_db


# --- Notifications ----------------------------------------------------------------------------
def _about_task(recipient, title: str, **kwargs):
    """A notification of an overdue task of the recipient's own, called `title`."""
    task = OnboardingTaskFactory(candidate=recipient.candidate_profile, title=title)
    return NotificationFactory(recipient=recipient, reminder__task=task, **kwargs)


@pytest.mark.parametrize("count", [1, 3])
def test_notifications_list_query_count_constant(
    client_for, recruit, count, django_assert_num_queries
):
    for n in range(count):
        _about_task(recruit, f"Task {n}")
    client = client_for(recruit)
    # session, user, count for the paginator, the page with its reminders, the tasks they are
    # about (one query per kind on the page), the header's unread count
    with django_assert_num_queries(6):
        response = client.get(reverse("reminders:notifications"))
    assert response.status_code == 200
    assert response.content.decode().count("Mark as read<span") == count


def test_notifications_list_shows_only_mine(client_for, recruit, other_candidate):
    _about_task(recruit, "Mine")
    _about_task(other_candidate.user, "Theirs")
    body = client_for(recruit).get(reverse("reminders:notifications")).content.decode()
    assert "Mine" in body
    assert "Theirs" not in body


def test_notifications_list_renders_each_reminders_message(client_for, recruit):
    _about_task(recruit, "Book induction")
    body = client_for(recruit).get(reverse("reminders:notifications")).content.decode()
    assert '<a href="/onboarding/my-tasks/">“Book induction” was due on 2 March 2026</a>' in body


def test_notifications_list_says_when_the_subject_was_removed(client_for, recruit):
    notification = _about_task(recruit, "Book induction")
    recruit.candidate_profile.onboarding_tasks.all().delete()
    assert Notification.objects.filter(pk=notification.pk).exists()
    body = client_for(recruit).get(reverse("reminders:notifications")).content.decode()
    assert "Checklist task overdue</a> – What this was about has since been removed." in body


def test_header_shows_unread_count(client_for, recruit):
    NotificationFactory.create_batch(2, recipient=recruit)
    NotificationFactory(recipient=recruit, read_at="2026-03-01T09:00Z")
    body = client_for(recruit).get(reverse("reminders:notifications")).content.decode()
    assert '<span class="app-notification-count">2<span' in body


def test_notification_read_marks_one(client_for, recruit):
    first, second = NotificationFactory.create_batch(2, recipient=recruit)
    response = client_for(recruit).post(reverse("reminders:notification-read", args=[first.pk]))
    assert response.status_code == 302
    assert list(Notification.objects.filter(read_at__isnull=True)) == [second]


def test_notification_read_refuses_strangers(client_for, recruit, other_candidate):
    theirs = NotificationFactory(recipient=other_candidate.user)
    response = client_for(recruit).post(reverse("reminders:notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_read_all_marks_only_mine(client_for, recruit, other_candidate):
    NotificationFactory.create_batch(3, recipient=recruit)
    theirs = NotificationFactory(recipient=other_candidate.user)
    client_for(recruit).post(reverse("reminders:notifications-read-all"))
    assert Notification.objects.filter(read_at__isnull=True).get() == theirs


def test_notifications_need_sign_in(client):
    response = client.get(reverse("reminders:notifications"))
    assert response.status_code == 302


# --- Preferences ------------------------------------------------------------------------------
def test_preferences_save(client_for, recruit):
    data = {
        Kind.TASK_DUE_SOON: "immediate",
        Kind.TASK_OVERDUE: "digest",
        Kind.REGISTRATION_STEP_LATE: "off",
        Kind.PULSE_DUE: "immediate",
        Kind.PRECEPTORSHIP_REVIEW_LATE: "digest",
    }
    response = client_for(recruit).post(reverse("reminders:preferences"), data)
    assert response.status_code == 302
    saved = dict(
        NotificationPreference.objects.filter(user=recruit).values_list("kind", "delivery")
    )
    assert saved == data


def test_preferences_missing_choice_keeps_input_and_stores_nothing(client_for, recruit):
    response = client_for(recruit).post(
        reverse("reminders:preferences"), {Kind.TASK_OVERDUE: "digest"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose how you want “checklist task due soon” reminders" in body
    assert 'value="digest" checked' in body
    assert NotificationPreference.objects.count() == 0


def test_preferences_manager_cannot_turn_low_pulse_off(client_for, manager):
    data = {kind: "immediate" for kind in Kind.values if kind != Kind.PULSE_DUE}
    data[Kind.LOW_PULSE] = "off"
    response = client_for(manager).post(reverse("reminders:preferences"), data)
    assert response.status_code == 200
    assert "Managers can&#x27;t turn low wellbeing alerts off" in response.content.decode()
    assert NotificationPreference.objects.count() == 0


# --- Unsubscribe ------------------------------------------------------------------------------
def test_unsubscribe_get_confirms_without_changing(recruit):
    token = unsubscribe_token(user_id=recruit.pk, kind=Kind.TASK_OVERDUE)
    response = Client().get(reverse("reminders:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert "Stop emails about: checklist task overdue" in response.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_unsubscribe_post_turns_only_that_kind_off(recruit):
    token = unsubscribe_token(user_id=recruit.pk, kind=Kind.TASK_OVERDUE)
    # RFC 8058 one-click: a mail client posts with no session and no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("reminders:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert list(NotificationPreference.objects.values_list("user", "kind", "delivery")) == [
        (recruit.pk, Kind.TASK_OVERDUE, Delivery.OFF)
    ]


def test_unsubscribe_wrong_signature_refused(recruit):
    token = unsubscribe_token(user_id=recruit.pk, kind=Kind.TASK_OVERDUE)
    forged = signing.dumps({"u": recruit.pk, "k": Kind.TASK_OVERDUE}, salt="something-else")
    for bad in (token[:-2] + "xx", forged):
        response = Client().post(reverse("reminders:unsubscribe", args=[bad]))
        assert response.status_code == 400
    assert NotificationPreference.objects.count() == 0


def test_unsubscribe_token_is_per_kind(recruit):
    overdue = unsubscribe_token(user_id=recruit.pk, kind=Kind.TASK_OVERDUE)
    due_soon = unsubscribe_token(user_id=recruit.pk, kind=Kind.TASK_DUE_SOON)
    assert overdue != due_soon
    Client().post(reverse("reminders:unsubscribe", args=[due_soon]))
    assert list(NotificationPreference.objects.values_list("kind", flat=True)) == [
        Kind.TASK_DUE_SOON
    ]


def test_unsubscribe_low_pulse_refused_for_manager(manager):
    token = unsubscribe_token(user_id=manager.pk, kind=Kind.LOW_PULSE)
    response = Client().post(reverse("reminders:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert "These alerts can't be turned off" in response.content.decode()
    assert NotificationPreference.objects.count() == 0
