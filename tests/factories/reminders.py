import factory
from django.utils import timezone

from reminders.models import Delivery, Kind, Notification, NotificationPreference, Reminder
from tests.factories.accounts import RecruitUserFactory

__all__ = ["NotificationFactory", "NotificationPreferenceFactory", "ReminderFactory"]


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    recipient = factory.SubFactory(RecruitUserFactory)
    kind = Kind.TASK_OVERDUE
    subject = factory.Sequence(lambda n: f"onboarding.task:{n}")
    period = "2026-03-02/0"
    title = factory.Sequence(lambda n: f"Reminder {n}")
    delivery = Delivery.IMMEDIATE


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(RecruitUserFactory)
    kind = Kind.TASK_OVERDUE
    title = factory.Sequence(lambda n: f"Notification {n}")
    url = "/onboarding/my-tasks/"
    created_at = factory.LazyFunction(timezone.now)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(RecruitUserFactory)
    kind = Kind.TASK_OVERDUE
    delivery = Delivery.DIGEST
