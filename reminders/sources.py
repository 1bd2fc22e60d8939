"""Where reminders come from: one source per kind, each reading another app's selector.

A source turns the rows its selector finds into `Due` records (one per recipient) in batches,
so a scan never holds more than a batch in memory, and tells delivery whether a subject still
needs reminding (a task completed or deleted since the scan is skipped quietly).
"""

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from employers.models import Membership
from reminders.models import Kind


@dataclass(frozen=True)
class Due:
    recipient_id: int
    kind: str
    subject: str
    period: str
    title: str
    detail: str = ""
    url: str = ""
    # A manager's low-pulse alert is sent even when they turned the kind off.
    mandatory: bool = False


def subject_key(prefix: str, pk: int) -> str:
    return f"{prefix}:{pk}"


def subject_pk(subject: str) -> int:
    return int(subject.rsplit(":", 1)[1])


def repeat_period(due: date, today: date, every_days: int) -> str:
    """For something late since `due`: one key for the first `every_days` late days, then the
    next (so a late item is reminded once a week, not every scan)."""
    return f"{due.isoformat()}/{max((today - due).days - 1, 0) // every_days}"


_SLOT = 987654321  # stands in for an id while a URL is reversed once per name


@functools.lru_cache(maxsize=256)
def _route(name: str, arity: int) -> str | None:
    """The path for URL `name` with `arity` integer ids, as a format string; None when the name
    does not resolve. Reversed once per name, since a scan links thousands of rows to it."""
    try:
        path = reverse(name, args=[_SLOT + i for i in range(arity)])
    except NoReverseMatch:
        return None
    for i in range(arity):
        path = path.replace(str(_SLOT + i), "{" + str(i) + "}")
    return path


def link(*candidates: tuple[str, tuple]) -> str:
    """The first of these URL names that resolves (apps fill in their pages over time)."""
    for name, args in candidates:
        route = _route(name, len(args))
        if route is not None:
            return route.format(*args)
    return _route("home", 0)


def _selector(app: str, name: str) -> Callable | None:
    """An app's selector, or None while that app has not published it yet."""
    try:
        return getattr(import_module(f"{app}.selectors"), name)
    except (ImportError, AttributeError):
        return None


def _name(user) -> str:
    return user.get_full_name()


class People:
    """Looks up managers and buddies for recruits, cached for one scan (a few queries per batch,
    however many rows)."""

    def __init__(self) -> None:
        self._managers: dict[int | None, list[int]] = {None: []}
        self._managers_loaded = False
        self._buddies: dict[int, list[int]] = {}

    def managers(self, organisation_id: int | None) -> list[int]:
        if self._managers_loaded is False:
            # Every organisation's managers in one query: there are few, and most have recruits.
            for org_id, user_id in Membership.objects.filter(
                role=Membership.Role.MANAGER
            ).values_list("organisation_id", "user_id"):
                self._managers.setdefault(org_id, []).append(user_id)
            self._managers_loaded = True
        return self._managers.get(organisation_id, [])

    def load_buddies(self, candidate_ids: Iterable[int]) -> None:
        """Look up, in one query, the buddies of those recruits not looked up yet this scan."""
        missing = {pk for pk in candidate_ids if pk not in self._buddies}
        if not missing:
            return
        active_buddy_ids_for = _selector("pastoral", "active_buddy_ids_for")
        if active_buddy_ids_for is None:
            self._buddies.update({pk: [] for pk in missing})
        else:
            self._buddies.update(active_buddy_ids_for(missing))

    def buddies(self, candidate_id: int) -> list[int]:
        self.load_buddies([candidate_id])
        return self._buddies[candidate_id]


class Source:
    kind: str = ""
    app: str = ""
    selector: str = ""

    def available(self) -> bool:
        return _selector(self.app, self.selector) is not None

    def rows(self, *, today: date):
        return _selector(self.app, self.selector)(today=today)

    def due(self, *, today: date, people: People, batch_size: int) -> Iterator[Due]:
        batch = []
        for row in self.rows(today=today).iterator(chunk_size=batch_size):
            batch.append(row)
            if len(batch) >= batch_size:
                yield from self._dues_for_batch(batch, today=today, people=people)
                batch = []
        if batch:
            yield from self._dues_for_batch(batch, today=today, people=people)

    def _dues_for_batch(self, batch: list, *, today: date, people: People) -> Iterator[Due]:
        self.load_people(batch, people)
        for row in batch:
            yield from self.dues_for(row, today=today, people=people)

    def load_people(self, batch: list, people: People) -> None:
        """Look up, once per batch, the people `dues_for` will ask about (nothing by default)."""

    def dues_for(self, row, *, today: date, people: People) -> Iterable[Due]:
        raise NotImplementedError

    def still_due(self, *, subject_id: int, today: date) -> bool:
        """Whether the subject still needs this reminder, as of the day it was created."""
        return self.rows(today=today).filter(pk=subject_id).exists()


class TaskSource(Source):
    app = "onboarding"

    def load_people(self, batch, people):
        people.load_buddies({task.candidate_id for task in batch if task.owner_role == "buddy"})

    def recipients(self, task, people: People) -> list[int]:
        candidate = task.candidate
        if task.owner_role == "manager":
            return people.managers(candidate.organisation_id)
        if task.owner_role == "buddy":
            return people.buddies(candidate.pk)
        return [candidate.user_id]

    def describe(self, task, recipient_id: int, url_for_staff: str) -> tuple[str, str]:
        raise NotImplementedError

    def dues_for(self, task, *, today, people):
        candidate = task.candidate
        for recipient_id in self.recipients(task, people):
            is_recruit = recipient_id == candidate.user_id
            url = (
                link(("onboarding:my-tasks", ()))
                if is_recruit
                else link(("onboarding:journey", (candidate.pk,)), ("onboarding:recruits", ()))
            )
            title = self.title(task)
            detail = "" if is_recruit else f"For {_name(candidate.user)}"
            yield Due(
                recipient_id=recipient_id,
                kind=self.kind,
                subject=subject_key("onboarding.task", task.pk),
                period=self.period(task, today),
                title=title,
                detail=detail,
                url=url,
            )


class TaskDueSoon(TaskSource):
    kind = Kind.TASK_DUE_SOON
    selector = "open_tasks_due_between"

    def rows(self, *, today):
        window = timedelta(days=settings.REMINDER_TASK_DUE_SOON_DAYS)
        return _selector(self.app, self.selector)(today, today + window).select_related(
            "candidate__user"
        )

    def title(self, task) -> str:
        return f"“{task.title}” is due on {task.due_on:%-d %B %Y}"

    def period(self, task, today) -> str:
        return task.due_on.isoformat()


class TaskOverdue(TaskSource):
    kind = Kind.TASK_OVERDUE
    selector = "overdue_open_tasks"

    def rows(self, *, today):
        return super().rows(today=today).select_related("candidate__user")

    def title(self, task) -> str:
        return f"“{task.title}” was due on {task.due_on:%-d %B %Y}"

    def period(self, task, today) -> str:
        return repeat_period(task.due_on, today, settings.REMINDER_OVERDUE_REPEAT_DAYS)


class RegistrationStepLate(Source):
    kind = Kind.REGISTRATION_STEP_LATE
    app = "candidates"
    selector = "late_registration_steps"

    def dues_for(self, step, *, today, people):
        candidate = step.candidate
        title = (
            f"{step.display_name} is past HCPC's target (due {step.due_on:%-d %B %Y})"
            if hasattr(step, "display_name")
            else f"A registration step is past its target (due {step.due_on:%-d %B %Y})"
        )
        period = repeat_period(step.due_on, today, settings.REMINDER_OVERDUE_REPEAT_DAYS)
        subject = subject_key("candidates.step", step.pk)
        yield Due(
            recipient_id=candidate.user_id,
            kind=self.kind,
            subject=subject,
            period=period,
            title=title,
            url=link(("candidates:journey", ())),
        )
        for manager_id in people.managers(candidate.organisation_id):
            yield Due(
                recipient_id=manager_id,
                kind=self.kind,
                subject=subject,
                period=period,
                title=title,
                detail=f"For {_name(candidate.user)}",
                url=link(
                    ("candidates:candidate-journey", (candidate.pk,)),
                    ("onboarding:recruits", ()),
                ),
            )


class JourneyStalled(Source):
    """Recruits whose journey has not moved for a while (onboarding decides how long)."""

    kind = Kind.JOURNEY_STALLED
    app = "onboarding"
    selector = "stalled_journeys"

    def dues_for(self, candidate, *, today, people):
        every = settings.REMINDER_STALLED_REPEAT_DAYS
        period = date.fromordinal(today.toordinal() // every * every).isoformat()
        for manager_id in people.managers(candidate.organisation_id):
            yield Due(
                recipient_id=manager_id,
                kind=self.kind,
                subject=subject_key("candidates.candidate", candidate.pk),
                period=period,
                title=f"{_name(candidate.user)}'s journey has not moved for a while",
                url=link(("onboarding:journey", (candidate.pk,)), ("onboarding:recruits", ())),
            )


class CheckInDue(Source):
    kind = Kind.CHECK_IN_DUE
    app = "pastoral"
    selector = "check_ins_due"

    def dues_for(self, assignment, *, today, people):
        candidate = assignment.candidate
        yield Due(
            recipient_id=assignment.staff_id,
            kind=self.kind,
            subject=subject_key("pastoral.assignment", assignment.pk),
            period=assignment.next_check_in_on.isoformat(),
            title=(
                f"A check-in with {_name(candidate.user)} is due "
                f"({assignment.next_check_in_on:%-d %B %Y})"
            ),
            url=link(
                ("pastoral:check-in-new", (assignment.pk,)),
                ("pastoral:supporting", ()),
            ),
        )


class PulseDue(Source):
    kind = Kind.PULSE_DUE
    app = "pastoral"
    selector = "pulse_due_candidates"

    def due(self, *, today, people, batch_size):
        period_start = _selector("pastoral", "current_pulse_period")(today)
        self._period = period_start.isoformat()
        yield from super().due(today=today, people=people, batch_size=batch_size)

    def dues_for(self, candidate, *, today, people):
        yield Due(
            recipient_id=candidate.user_id,
            kind=self.kind,
            subject=subject_key("candidates.candidate", candidate.pk),
            period=self._period,
            title="How are you getting on? Your wellbeing pulse is ready",
            url=link(("pastoral:pulse", ()), ("pastoral:my-support", ())),
        )


class PreceptorshipReviewLate(Source):
    kind = Kind.PRECEPTORSHIP_REVIEW_LATE
    app = "learning"
    selector = "late_preceptorship_reviews"

    def dues_for(self, review, *, today, people):
        preceptorship = review.preceptorship
        candidate = preceptorship.candidate
        title = (
            f"The {review.months}-month preceptorship review is late "
            f"(due {review.due_date:%-d %B %Y})"
        )
        period = repeat_period(review.due_date, today, settings.REMINDER_OVERDUE_REPEAT_DAYS)
        subject = subject_key("learning.review", review.pk)
        url = link(
            ("learning:review-sign-off", (review.pk,)),
            ("learning:preceptorship-detail", (preceptorship.pk,)),
        )
        if review.preceptee_signed_at is None:
            yield Due(
                recipient_id=candidate.user_id,
                kind=self.kind,
                subject=subject,
                period=period,
                title=title,
                url=url,
            )
        # The preceptor now, from pastoral (a reassigned preceptorship keeps its first
        # preceptor on the row until the new one signs). Late reviews are few: one query each.
        preceptor = _selector("pastoral", "preceptor_for")(candidate)
        if review.preceptor_signed_at is None and preceptor is not None:
            yield Due(
                recipient_id=preceptor.pk,
                kind=self.kind,
                subject=subject,
                period=period,
                title=title,
                detail=f"For {_name(candidate.user)}",
                url=url,
            )


class LowPulse(Source):
    """Not scanned: a low pulse is announced by pastoral's signal and alerted at once."""

    kind = Kind.LOW_PULSE
    app = "pastoral"
    selector = "pulses_for_analysis"

    def rows(self, *, today):
        return _selector(self.app, self.selector)().filter(is_low=True)

    def due(self, *, today, people, batch_size):
        return iter(())

    def dues_for_pulse(self, pulse_id: int, *, people: People) -> list[Due]:
        from accounts.models import User

        pulse = self.rows(today=date.today()).filter(id=pulse_id).first()
        if pulse is None:
            return []
        recruit = User.objects.filter(candidate_profile__pk=pulse["candidate_id"]).first()
        if recruit is None:
            return []
        subject = subject_key("pastoral.pulse", pulse_id)
        title = f"{_name(recruit)}'s wellbeing pulse was low"
        dues = [
            Due(
                recipient_id=buddy_id,
                kind=self.kind,
                subject=subject,
                period=pulse["period_start"].isoformat(),
                title=title,
                url=link(
                    ("pastoral:recruit", (pulse["candidate_id"],)), ("pastoral:supporting", ())
                ),
            )
            for buddy_id in people.buddies(pulse["candidate_id"])
        ]
        dues += [
            Due(
                recipient_id=manager_id,
                kind=self.kind,
                subject=subject,
                period=pulse["period_start"].isoformat(),
                title=title,
                url=link(
                    ("pastoral:recruit", (pulse["candidate_id"],)),
                    ("pastoral:pulses", ()),
                    ("onboarding:recruits", ()),
                ),
                mandatory=True,
            )
            for manager_id in people.managers(pulse["organisation_id"])
        ]
        return dues


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
