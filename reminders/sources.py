"""Where reminders come from and what they say: one source per kind, reading its app's feeds.

Scanning, a source describes its reminders as intents (recipient, subject, period): queries over
its app's feed selectors (`<app>.selectors.feeds`) that the scan stores in bulk. Sending or
showing, a source says which subjects still need reminding and renders each reminder's message
(title, a line under it, a link) from its kind's templates, loading the subjects of many
reminders in one query. A message's date is its period's (what was due when the reminder was
made); names and titles are the subject's as they are now.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    CharField,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import dateformat, timezone

from candidates.selectors import feeds as candidates_feeds
from learning.selectors import feeds as learning_feeds
from onboarding.selectors import feeds as onboarding_feeds
from pastoral.selectors import current_pulse_period
from pastoral.selectors import feeds as pastoral_feeds
from reminders.models import Kind, Reminder

# An email's subject line and a list entry are cut here (they always were).
TITLE_LENGTH = 200


@dataclass(frozen=True)
class Message:
    """What a reminder says: a title (the email's subject), a line under it, and the path of the
    page to open (on SITE_URL)."""

    title: str
    detail: str = ""
    url: str = "/"


@dataclass(frozen=True)
class Intent:
    """A reminder to store, worked out in Python (the scan's are queries: `Source.due`)."""

    recipient_id: int
    kind: str
    subject: str
    period: str
    # A manager's low-pulse alert is sent even when they turned the kind off.
    mandatory: bool = False


def subject_key(subject_type: str, pk: int) -> str:
    return f"{subject_type}:{pk}"


def subject_pk(subject: str) -> int:
    return int(subject.rsplit(":", 1)[1])


def period_day(period: str) -> date:
    """The day a period starts from: every period begins with an ISO date."""
    return date.fromisoformat(period[:10])


def long_date(day: date) -> str:
    return dateformat.format(day, "j F Y")


def for_recruit(candidate) -> str:
    """The line staff see under a reminder about someone else's work: whose it is."""
    return f"For {candidate.user.get_full_name()}"


# --- Intents as queries: what the scan stores ------------------------------------------------
def intents(rows: QuerySet, *, subject_type: str, subject_id: str, period: Expression) -> QuerySet:
    """A feed's values (with `recipient_id`) as intents: `intent_subject`, the subject's key
    from the id column `subject_id`, and `intent_period`."""
    return rows.annotate(
        intent_subject=Concat(Value(f"{subject_type}:"), Cast(subject_id, CharField())),
        intent_period=period,
    )


def on_day(field: str) -> Cast:
    """The period of something due on the date `field`: `date.isoformat()` (dates come back
    from both databases as YYYY-MM-DD text)."""
    return Cast(F(field), CharField())


class DaysBefore(Func):
    """Whole days from the date `expression` to the fixed `day`."""

    output_field = IntegerField()

    def __init__(self, expression, day: date):
        super().__init__(Value(day, output_field=DateField()), expression)

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: a date minus a date is a number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def weekly_since(field: str, today: date) -> Concat:
    """The period of something late since the date `field`: one key for its first
    REMINDER_OVERDUE_REPEAT_DAYS late days, then the next (so a late item is reminded once a
    week, not every scan). Only for rows due before `today`."""
    every = settings.REMINDER_OVERDUE_REPEAT_DAYS
    repeats = (DaysBefore(field, today) - Value(1)) / Value(every)
    return Concat(on_day(field), Value("/"), Cast(repeats, CharField()))


# --- The sources ------------------------------------------------------------------------------
class Source:
    kind: str = ""
    subject_type: str = ""  # the subject key's prefix, e.g. "onboarding.task"
    title: str = ""  # the message's title, as a str.format template

    def due(self, *, today: date) -> list[QuerySet]:
        """This kind's reminders as of `today`, as queries of intents (`intents`)."""
        return []

    def subjects(self, *, today: date) -> QuerySet:
        """The subjects that need this reminder as of `today`."""
        raise NotImplementedError

    def still_due(self, subject_ids: set[int], *, today: date) -> set[int]:
        """Which of these subjects still need this reminder as of `today`, in one query."""
        return set(
            self.subjects(today=today).filter(pk__in=subject_ids).values_list("pk", flat=True)
        )

    def load(self, subject_ids: set[int]) -> dict:
        """The subjects by id, with what their messages name, in one query."""
        raise NotImplementedError

    def message(self, reminder: Reminder, subject) -> Message:
        raise NotImplementedError

    def messages(self, reminders: list[Reminder]) -> dict[int, Message]:
        """Each reminder's message, by reminder id; one query whatever the number."""
        subjects = self.load({subject_pk(reminder.subject) for reminder in reminders})
        messages = {}
        for reminder in reminders:
            subject = subjects.get(subject_pk(reminder.subject))
            messages[reminder.pk] = (
                self.gone() if subject is None else self.message(reminder, subject)
            )
        return messages

    def render(self, **values) -> str:
        return self.title.format(**values)[:TITLE_LENGTH]

    def gone(self) -> Message:
        """For a notification whose subject has since been deleted."""
        return Message(Kind(self.kind).label, "What this was about has since been removed.")


class TaskSource(Source):
    subject_type = "onboarding.task"

    def period(self, today: date) -> Expression:
        raise NotImplementedError

    def due(self, *, today):
        owners = onboarding_feeds.open_task_owners(self.subjects(today=today))
        return [
            intents(
                rows,
                subject_type=self.subject_type,
                subject_id="task_id",
                period=self.period(today),
            )
            for rows in owners.values()
        ]

    def load(self, subject_ids):
        return onboarding_feeds.tasks_by_id(subject_ids)

    def message(self, reminder, task):
        title = self.render(task=task.title, due=long_date(period_day(reminder.period)))
        if reminder.recipient_id == task.candidate.user_id:
            return Message(title, url=reverse("onboarding:my-tasks"))
        return Message(
            title,
            for_recruit(task.candidate),
            reverse("onboarding:journey", args=[task.candidate_id]),
        )


class TaskDueSoon(TaskSource):
    kind = Kind.TASK_DUE_SOON
    title = "“{task}” is due on {due}"

    def subjects(self, *, today):
        window = timedelta(days=settings.REMINDER_TASK_DUE_SOON_DAYS)
        return onboarding_feeds.open_tasks_due_between(today, today + window)

    def period(self, today):
        return on_day("due_on")


class TaskOverdue(TaskSource):
    kind = Kind.TASK_OVERDUE
    title = "“{task}” was due on {due}"

    def subjects(self, *, today):
        return onboarding_feeds.overdue_open_tasks(today=today)

    def period(self, today):
        return weekly_since("due_on", today)


class RegistrationStepLate(Source):
    kind = Kind.REGISTRATION_STEP_LATE
    subject_type = "candidates.step"
    title = "{step} is past HCPC's target (due {due})"

    def due(self, *, today):
        recipients = candidates_feeds.late_registration_step_recipients(today=today)
        period = weekly_since("due_on", today)
        return [
            intents(rows, subject_type=self.subject_type, subject_id="step_id", period=period)
            for rows in recipients.values()
        ]

    def subjects(self, *, today):
        return candidates_feeds.late_registration_steps(today=today)

    def load(self, subject_ids):
        return candidates_feeds.registration_steps_by_id(subject_ids)

    def message(self, reminder, step):
        title = self.render(step=step.display_name, due=long_date(period_day(reminder.period)))
        if reminder.recipient_id == step.candidate.user_id:
            return Message(title, url=reverse("candidates:journey"))
        return Message(
            title,
            for_recruit(step.candidate),
            reverse("candidates:candidate-journey", args=[step.candidate_id]),
        )


class JourneyStalled(Source):
    """Recruits whose journey has not moved for a while (onboarding decides how long)."""

    kind = Kind.JOURNEY_STALLED
    subject_type = "candidates.candidate"
    title = "{recruit}'s journey has not moved for a while"

    def due(self, *, today):
        every = settings.REMINDER_STALLED_REPEAT_DAYS
        period = date.fromordinal(today.toordinal() // every * every).isoformat()
        rows = onboarding_feeds.stalled_journey_managers(today=today)
        return [
            intents(
                rows, subject_type=self.subject_type, subject_id="recruit_id", period=Value(period)
            )
        ]

    def subjects(self, *, today):
        return onboarding_feeds.stalled_journeys(today=today)

    def load(self, subject_ids):
        return candidates_feeds.candidates_by_id(subject_ids)

    def message(self, reminder, candidate):
        return Message(
            self.render(recruit=candidate.user.get_full_name()),
            url=reverse("onboarding:journey", args=[candidate.pk]),
        )


class CheckInDue(Source):
    kind = Kind.CHECK_IN_DUE
    subject_type = "pastoral.assignment"
    title = "A check-in with {recruit} is due ({due})"

    def due(self, *, today):
        rows = pastoral_feeds.check_in_due_recipients(today=today)
        return [
            intents(
                rows,
                subject_type=self.subject_type,
                subject_id="assignment_id",
                period=on_day("next_check_in_on"),
            )
        ]

    def subjects(self, *, today):
        return pastoral_feeds.check_ins_due(today=today)

    def load(self, subject_ids):
        return pastoral_feeds.assignments_by_id(subject_ids)

    def message(self, reminder, assignment):
        return Message(
            self.render(
                recruit=assignment.candidate.user.get_full_name(),
                due=long_date(period_day(reminder.period)),
            ),
            url=reverse("pastoral:check-in-new", args=[assignment.pk]),
        )


class PulseDue(Source):
    kind = Kind.PULSE_DUE
    subject_type = "candidates.candidate"
    title = "How are you getting on? Your wellbeing pulse is ready"

    def due(self, *, today):
        period = current_pulse_period(today).isoformat()
        rows = pastoral_feeds.pulse_due_recipients(today=today)
        return [
            intents(
                rows, subject_type=self.subject_type, subject_id="recruit_id", period=Value(period)
            )
        ]

    def subjects(self, *, today):
        return pastoral_feeds.pulse_due_candidates(today=today)

    def messages(self, reminders):
        # The same words for everyone: nothing to load.
        message = Message(self.render(), url=reverse("pastoral:pulse"))
        return {reminder.pk: message for reminder in reminders}


class PreceptorshipReviewLate(Source):
    kind = Kind.PRECEPTORSHIP_REVIEW_LATE
    subject_type = "learning.review"
    title = "The {months}-month preceptorship review is late (due {due})"

    def due(self, *, today):
        recipients = learning_feeds.late_preceptorship_review_recipients(today=today)
        period = weekly_since("due_date", today)
        return [
            intents(rows, subject_type=self.subject_type, subject_id="review_id", period=period)
            for rows in recipients.values()
        ]

    def subjects(self, *, today):
        return learning_feeds.late_preceptorship_reviews(today=today)

    def load(self, subject_ids):
        return learning_feeds.preceptorship_reviews_by_id(subject_ids)

    def message(self, reminder, review):
        title = self.render(months=review.months, due=long_date(period_day(reminder.period)))
        url = reverse("learning:review-sign-off", args=[review.pk])
        candidate = review.preceptorship.candidate
        if reminder.recipient_id == candidate.user_id:
            return Message(title, url=url)
        return Message(title, for_recruit(candidate), url)


class LowPulse(Source):
    """Not scanned: pastoral announces a low pulse (`low_pulse_recorded`) and it is alerted at
    once."""

    kind = Kind.LOW_PULSE
    subject_type = "pastoral.pulse"
    title = "{recruit}'s wellbeing pulse was low"

    def intents_for_pulse(self, pulse_id: int) -> list[Intent]:
        """The recruit's active buddies and their organisation's managers (who can't turn these
        off), for the pulse `pulse_id` if it was low."""
        pulse = pastoral_feeds.low_pulses().filter(pk=pulse_id).first()
        if pulse is None:
            return []
        recipients = pastoral_feeds.low_pulse_recipients(pulse)
        subject = subject_key(self.subject_type, pulse.pk)
        period = pulse.period_start.isoformat()
        return [
            Intent(recipient_id, self.kind, subject, period, mandatory=role == "manager")
            for role, recipient_ids in recipients.items()
            for recipient_id in recipient_ids
        ]

    def subjects(self, *, today):
        return pastoral_feeds.low_pulses()

    def load(self, subject_ids):
        return pastoral_feeds.pulses_by_id(subject_ids)

    def message(self, reminder, pulse):
        return Message(
            self.render(recruit=pulse.candidate.user.get_full_name()),
            url=reverse("pastoral:recruit", args=[pulse.candidate_id]),
        )


SOURCES: dict[str, Source] = {
    source.kind: source
    for source in [
        TaskDueSoon(),
        TaskOverdue(),
        RegistrationStepLate(),
        JourneyStalled(),
        CheckInDue(),
        PulseDue(),
        LowPulse(),
        PreceptorshipReviewLate(),
    ]
}


def messages_for(reminders: Iterable[Reminder]) -> dict[int, Message]:
    """Each reminder's message, by reminder id: one query per kind among them (none for some
    kinds), whatever their number."""
    by_kind: dict[str, list[Reminder]] = {}
    for reminder in reminders:
        by_kind.setdefault(reminder.kind, []).append(reminder)
    messages = {}
    for kind, group in by_kind.items():
        messages |= SOURCES[kind].messages(group)
    return messages


def still_due(reminders: Iterable[Reminder]) -> set[int]:
    """The ids of those reminders whose subject still needs them, each as of the day it was
    made: one query per kind and day among them."""
    groups: dict[tuple[str, date], dict[int, list[int]]] = {}
    for reminder in reminders:
        key = (reminder.kind, timezone.localdate(reminder.created_at))
        groups.setdefault(key, {}).setdefault(subject_pk(reminder.subject), []).append(reminder.pk)
    due = set()
    for (kind, day), by_subject in groups.items():
        for subject_id in SOURCES[kind].still_due(set(by_subject), today=day):
            due.update(by_subject[subject_id])
    return due
