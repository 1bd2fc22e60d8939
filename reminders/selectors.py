"""Reads for reminders, scoped to the person who asks (strangers get 404)."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portal.personal_data import PersonalRows
from reminders.models import Delivery, Kind, Notification, NotificationPreference, Reminder
from reminders.sources import messages_for


def notifications_for(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("reminder")


def with_messages(notifications: Iterable[Notification]) -> list[Notification]:
    """The notifications (from `notifications_for`), each with its reminder's message as
    `.message`, rendered now: one query per kind among them, whatever their number."""
    notifications = list(notifications)
    messages = messages_for(notification.reminder for notification in notifications)
    for notification in notifications:
        notification.message = messages[notification.reminder_id]
    return notifications


def notification_for(user, notification_id: int) -> Notification:
    return get_object_or_404(notifications_for(user), pk=notification_id)


def unread_count(user) -> int:
    """One COUNT over a partial index of unread rows (every page's header asks)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_for(user) -> dict[str, str]:
    """Every kind with this person's choice (immediate when they never chose)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in Kind.values}


def personal_data(user) -> list[PersonalRows]:
    """What reminders holds about `user`, for the privacy app's export and erasure (reminders
    and notifications are deleted: nothing in them is counted)."""
    return [
        PersonalRows(Reminder.objects.filter(recipient=user), delete_on_erasure=True),
        PersonalRows(Notification.objects.filter(recipient=user), delete_on_erasure=True),
        PersonalRows(NotificationPreference.objects.filter(user=user)),
    ]
