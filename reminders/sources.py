"""Where reminders come from: one source per kind, each reading another app's selectors.

A scanned source describes its reminders as SELECTs: the rows its selectors find, one per
recipient, with the Reminder columns it decides (subject, period, title, detail, link) worked
out by the database, so a scan records them with one INSERT … SELECT per query whatever the
number of rows, and never holds them in Python. A source also tells delivery whether a subject
still needs reminding (a task completed or deleted since the scan is skipped quietly).
"""

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    NullIf,
)
from django.db.models.lookups import Exact
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
    """Looks up managers and buddies for a recruit (for a low-pulse alert, which is not
    scanned)."""

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


# --- The Reminder columns as SQL expressions ---------------------------------------------------
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

# The columns a source decides, each annotated as `due_<column>`; recording adds the rest.
DUE_COLUMNS = ("recipient_id", "kind", "subject", "period", "title", "detail", "url")


def _text(expression) -> Cast:
    return Cast(expression, CharField())


def _iso_date(field: str) -> Cast:
    """`date.isoformat()` (dates come back from both databases as YYYY-MM-DD text)."""
    return _text(F(field))


def _long_date(field: str) -> Expression:
    """`f"{day:%-d %B %Y}"` of a date column, e.g. "5 March 2026"."""
    if connection.vendor == "postgresql":
        # One call instead of a dozen EXTRACTs a row (FM: no padding; English month names).
        return Func(
            F(field),
            template="to_char(%(expressions)s, 'FMDD FMMonth YYYY')",
            output_field=CharField(),
        )
    month = Case(
        *[
            When(Exact(ExtractMonth(field), n), then=Value(name))
            for n, name in enumerate(MONTHS, 1)
        ],
        output_field=CharField(),
    )
    return Concat(
        _text(ExtractDay(field)), Value(" "), month, Value(" "), _text(ExtractYear(field))
    )


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


def repeat_period(due: str, today: date, every_days: int) -> Concat:
    """For something late since the date column `due`: one key for the first `every_days` late
    days, then the next (so a late item is reminded once a week, not every scan). Only for rows
    due before `today`."""
    weeks = (DaysBefore(due, today) - Value(1)) / Value(every_days)
    return Concat(_iso_date(due), Value("/"), _text(weeks))


def recruit_name() -> Coalesce:
    """`User.get_full_name()` of the row's recruit (their email when they gave no name)."""
    return Coalesce(
        NullIf(F("recruit_full_name"), Value("")), F("recruit_email"), output_field=CharField()
    )


def for_recruit() -> Concat:
    """The detail line staff see: whose it is."""
    return Concat(Value("For "), recruit_name())


def subject_expression(prefix: str, column: str) -> Concat:
    """`subject_key` in SQL, the id read from the row's `column`."""
    return Concat(Value(f"{prefix}:"), _text(F(column)))


def link_expression(*candidates: tuple[str, tuple[str, ...]]) -> Expression:
    """`link` in SQL: the path of the first URL name that resolves, its ids read from the
    row's columns (named in each candidate's tuple)."""
    for name, columns in candidates:
        route = _route(name, len(columns))
        if route is None:
            continue
        parts = []
        for index, piece in enumerate(re.split(r"\{(\d+)\}", route)):
            if index % 2:
                parts.append(_text(F(columns[int(piece)])))
            elif piece:
                parts.append(Value(piece))
        return parts[0] if len(parts) == 1 else Concat(*parts, output_field=CharField())
    return Value(_route("home", 0))


def as_reminders(rows: QuerySet, *, kind: str, **columns: Expression) -> QuerySet:
    """`rows` (a selector's values, with `recipient_id`) as this kind's reminders: `columns`
    gives subject, period, title and url, and detail when there is one."""
    columns = {"detail": Value(""), **columns, "kind": Value(kind)}
    return rows.annotate(
        due_recipient_id=F("recipient_id"),
        **{f"due_{name}": expression for name, expression in columns.items()},
    ).values(*(f"due_{name}" for name in DUE_COLUMNS))


# --- The sources ------------------------------------------------------------------------------
class Source:
    kind: str = ""
    app: str = ""
    selector: str = ""

    def available(self) -> bool:
        return _selector(self.app, self.selector) is not None

    def rows(self, *, today: date):
        return _selector(self.app, self.selector)(today=today)

    def due(self, *, today: date) -> list[QuerySet]:
        """SELECTs of this kind's reminders as of `today`: one row per recipient, with the
        columns named in DUE_COLUMNS (each as `due_<column>`)."""
        raise NotImplementedError

    def still_due(self, *, subject_id: int, today: date) -> bool:
        """Whether the subject still needs this reminder, as of the day it was created."""
        return self.rows(today=today).filter(pk=subject_id).exists()


class TaskSource(Source):
    app = "onboarding"

    def title(self) -> Concat:
        raise NotImplementedError

    def period(self, today: date) -> Expression:
        raise NotImplementedError

    def due(self, *, today):
        owners = _selector(self.app, "open_task_owners")(self.rows(today=today))
        common = {
            "subject": subject_expression("onboarding.task", "task_id"),
            "period": self.period(today),
            "title": self.title(),
        }
        mine = link_expression(("onboarding:my-tasks", ()))
        staff = {
            "detail": for_recruit(),
            "url": link_expression(
                ("onboarding:journey", ("recruit_id",)), ("onboarding:recruits", ())
            ),
        }
        return [
            as_reminders(
                rows, kind=self.kind, **common, **({"url": mine} if role == "recruit" else staff)
            )
            for role, rows in owners.items()
        ]


class TaskDueSoon(TaskSource):
    kind = Kind.TASK_DUE_SOON
    selector = "open_tasks_due_between"

    def rows(self, *, today):
        window = timedelta(days=settings.REMINDER_TASK_DUE_SOON_DAYS)
        return _selector(self.app, self.selector)(today, today + window).select_related(
            "candidate__user"
        )

    def title(self):
        return Concat(Value("“"), F("task_title"), Value("” is due on "), _long_date("due_on"))

    def period(self, today):
        return _iso_date("due_on")


class TaskOverdue(TaskSource):
    kind = Kind.TASK_OVERDUE
    selector = "overdue_open_tasks"

    def rows(self, *, today):
        return super().rows(today=today).select_related("candidate__user")

    def title(self):
        return Concat(Value("“"), F("task_title"), Value("” was due on "), _long_date("due_on"))

    def period(self, today):
        return repeat_period("due_on", today, settings.REMINDER_OVERDUE_REPEAT_DAYS)


class RegistrationStepLate(Source):
    kind = Kind.REGISTRATION_STEP_LATE
    app = "candidates"
    selector = "late_registration_steps"

    def due(self, *, today):
        recipients = _selector(self.app, "late_registration_step_recipients")(today=today)
        common = {
            "subject": subject_expression("candidates.step", "step_id"),
            "period": repeat_period("due_on", today, settings.REMINDER_OVERDUE_REPEAT_DAYS),
            "title": Concat(
                F("step_name"),
                Value(" is past HCPC's target (due "),
                _long_date("due_on"),
                Value(")"),
            ),
        }
        return [
            as_reminders(
                recipients["recruit"],
                kind=self.kind,
                **common,
                url=link_expression(("candidates:journey", ())),
            ),
            as_reminders(
                recipients["manager"],
                kind=self.kind,
                **common,
                detail=for_recruit(),
                url=link_expression(
                    ("candidates:candidate-journey", ("recruit_id",)), ("onboarding:recruits", ())
                ),
            ),
        ]


class JourneyStalled(Source):
    """Recruits whose journey has not moved for a while (onboarding decides how long)."""

    kind = Kind.JOURNEY_STALLED
    app = "onboarding"
    selector = "stalled_journeys"

    def due(self, *, today):
        every = settings.REMINDER_STALLED_REPEAT_DAYS
        period = date.fromordinal(today.toordinal() // every * every).isoformat()
        rows = _selector(self.app, "stalled_journey_managers")(today=today)
        return [
            as_reminders(
                rows,
                kind=self.kind,
                subject=subject_expression("candidates.candidate", "recruit_id"),
                period=Value(period),
                title=Concat(recruit_name(), Value("'s journey has not moved for a while")),
                url=link_expression(
                    ("onboarding:journey", ("recruit_id",)), ("onboarding:recruits", ())
                ),
            )
        ]


class CheckInDue(Source):
    kind = Kind.CHECK_IN_DUE
    app = "pastoral"
    selector = "check_ins_due"

    def due(self, *, today):
        rows = _selector(self.app, "check_in_due_recipients")(today=today)
        title = Concat(
            Value("A check-in with "),
            recruit_name(),
            Value(" is due ("),
            _long_date("next_check_in_on"),
            Value(")"),
        )
        return [
            as_reminders(
                rows,
                kind=self.kind,
                subject=subject_expression("pastoral.assignment", "assignment_id"),
                period=_iso_date("next_check_in_on"),
                title=title,
                url=link_expression(
                    ("pastoral:check-in-new", ("assignment_id",)), ("pastoral:supporting", ())
                ),
            )
        ]


class PulseDue(Source):
    kind = Kind.PULSE_DUE
    app = "pastoral"
    selector = "pulse_due_candidates"

    def due(self, *, today):
        period_start = _selector("pastoral", "current_pulse_period")(today)
        rows = _selector(self.app, "pulse_due_recipients")(today=today)
        return [
            as_reminders(
                rows,
                kind=self.kind,
                subject=subject_expression("candidates.candidate", "recruit_id"),
                period=Value(period_start.isoformat()),
                title=Value("How are you getting on? Your wellbeing pulse is ready"),
                url=link_expression(("pastoral:pulse", ()), ("pastoral:my-support", ())),
            )
        ]


class PreceptorshipReviewLate(Source):
    kind = Kind.PRECEPTORSHIP_REVIEW_LATE
    app = "learning"
    selector = "late_preceptorship_reviews"

    def due(self, *, today):
        recipients = _selector(self.app, "late_preceptorship_review_recipients")(today=today)
        common = {
            "subject": subject_expression("learning.review", "review_id"),
            "period": repeat_period("due_date", today, settings.REMINDER_OVERDUE_REPEAT_DAYS),
            "title": Concat(
                Value("The "),
                _text(F("months")),
                Value("-month preceptorship review is late (due "),
                _long_date("due_date"),
                Value(")"),
            ),
            "url": link_expression(
                ("learning:review-sign-off", ("review_id",)),
                ("learning:preceptorship-detail", ("preceptorship_id",)),
            ),
        }
        return [
            as_reminders(recipients["recruit"], kind=self.kind, **common),
            as_reminders(recipients["preceptor"], kind=self.kind, detail=for_recruit(), **common),
        ]


class LowPulse(Source):
    """Not scanned: a low pulse is announced by pastoral's signal and alerted at once."""

    kind = Kind.LOW_PULSE
    app = "pastoral"
    selector = "pulses_for_analysis"

    def rows(self, *, today):
        return _selector(self.app, self.selector)().low()

    def due(self, *, today):
        return []

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
