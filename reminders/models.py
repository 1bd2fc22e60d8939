from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    """What a reminder is about. Each kind has its own email templates and preference."""

    TASK_DUE_SOON = "task_due_soon", "Checklist task due soon"
    TASK_OVERDUE = "task_overdue", "Checklist task overdue"
    REGISTRATION_STEP_LATE = "registration_step_late", "HCPC registration step running late"
    JOURNEY_STALLED = "journey_stalled", "Recruit with no progress for a while"
    CHECK_IN_DUE = "check_in_due", "Check-in due with a recruit"
    PULSE_DUE = "pulse_due", "Wellbeing pulse due"
    LOW_PULSE = "low_pulse", "Low wellbeing pulse"
    PRECEPTORSHIP_REVIEW_LATE = "preceptorship_review_late", "Preceptorship review late"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away"
    DIGEST = "digest", "In a daily summary email"
    OFF = "off", "Don't send these"


class Reminder(models.Model):
    """One reminder for one person about one thing in one period, stored before it is sent.

    The row holds the intent only (who, which kind, about what, for which period): its words,
    dates and link are rendered from its kind's templates when it is sent or shown
    (`reminders.messages`), from the subject as it is then. The unique key (recipient, kind,
    subject, period) makes the scan safe to repeat: a second scan, or two at the same moment,
    find the row already there. Delivery claims the row with a conditional update, so it is sent
    once however many tasks try.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        # The unique key leads with the recipient and serves their lookups; one index fewer
        # to keep up on the scan's large inserts.
        db_index=False,
        # No foreign key in the database: checking it took a quarter of the scan's time (a
        # locked lookup of the user for every row inserted), and the scan writes rows only
        # from users it has just joined. Django's own cascade still deletes a user's reminders.
        db_constraint=False,
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    subject = models.CharField(
        max_length=80, help_text='What it is about, e.g. "onboarding.task:123".'
    )
    period = models.CharField(
        max_length=40, help_text="When it applies, e.g. a due date or an ISO week."
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "period"], name="reminder_once_per_period"
            )
        ]
        indexes = [
            # The sweep and the digest look only at undelivered rows; a partial index keeps
            # that cheap however many sent rows pile up.
            models.Index(
                fields=["delivery", "status", "recipient"],
                condition=Q(status__in=["pending", "sending"]),
                name="reminder_undelivered",
            ),
            # Failed deliveries, newest first, for the admin to retry: only those rows.
            models.Index(
                fields=["-created_at"],
                condition=Q(status="failed"),
                name="reminder_failed_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}: {self.subject} ({self.period})"


class NotificationPreference(models.Model):
    """How one person wants one kind of reminder; no row means straight away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class Notification(models.Model):
    """A delivered reminder in the person's notification list (the header counts unread ones).

    It shows its reminder's message, rendered when the list is shown, like the email was when
    sent: no second copy of the words to fall out of date (a recruit's name corrected or erased
    reads the same everywhere). The recipient and kind are kept here for the list's and the
    unread count's indexes.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(Reminder, on_delete=models.CASCADE, related_name="notification")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# Which kinds each side of the journey can receive (the preferences page shows these).
RECRUIT_KINDS = [
    Kind.TASK_DUE_SOON,
    Kind.TASK_OVERDUE,
    Kind.REGISTRATION_STEP_LATE,
    Kind.PULSE_DUE,
    Kind.PRECEPTORSHIP_REVIEW_LATE,
]
STAFF_KINDS = [
    Kind.TASK_DUE_SOON,
    Kind.TASK_OVERDUE,
    Kind.REGISTRATION_STEP_LATE,
    Kind.JOURNEY_STALLED,
    Kind.CHECK_IN_DUE,
    Kind.LOW_PULSE,
    Kind.PRECEPTORSHIP_REVIEW_LATE,
]


def kinds_for(user) -> list[str]:
    return RECRUIT_KINDS if user.is_recruit else STAFF_KINDS if user.is_employer_staff else []
