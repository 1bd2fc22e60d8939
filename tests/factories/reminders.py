import factory
from django.utils import timezone

from reminders.models import Delivery, Kind, Notification, NotificationPreference, Reminder
from tests.factories.accounts import RecruitUserFactory

__all__ = ["NotificationFactory", "NotificationPreferenceFactory", "ReminderFactory"]


class ReminderFactory(factory.django.DjangoModelFactory):
    """An overdue-task reminder; pass `task=` for one about a real task (its message names it),
    or a `subject` of your own."""

    class Meta:
        model = Reminder

    class Params:
        task = None

    recipient = factory.SubFactory(RecruitUserFactory)
    kind = Kind.TASK_OVERDUE
    subject = factory.LazyAttributeSequence(
        lambda o, n: f"onboarding.task:{o.task.pk if o.task else 900_000 + n}"
    )
    period = "2026-03-02/0"
    delivery = Delivery.IMMEDIATE


class NotificationFactory(factory.django.DjangoModelFactory):
    """A delivered reminder in the recipient's list; `reminder__task=` says what it is about."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(RecruitUserFactory)
    reminder = factory.SubFactory(
        ReminderFactory, recipient=factory.SelfAttribute("..recipient"), status="sent"
    )
    kind = factory.SelfAttribute("reminder.kind")
    created_at = factory.LazyFunction(timezone.now)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(RecruitUserFactory)
    kind = Kind.TASK_OVERDUE
    delivery = Delivery.DIGEST
