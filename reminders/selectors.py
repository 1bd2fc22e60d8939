"""Reads for reminders, scoped to the person who asks (strangers get 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from reminders.models import Delivery, Kind, Notification, NotificationPreference


def notifications_for(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def notification_for(user, notification_id: int) -> Notification:
    return get_object_or_404(notifications_for(user), pk=notification_id)


def unread_count(user) -> int:
    """One COUNT over a partial index of unread rows."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_for(user) -> dict[str, str]:
    """Every kind with this person's choice (immediate when they never chose)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATE) for kind in Kind.values}
