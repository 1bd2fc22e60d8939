"""What reminders read: due, overdue and stalled work, who each reminder goes to, and the tasks
a reminder's message names (loaded many at once)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, QuerySet

from candidates.models import CandidateProfile
from employers.models import Membership
from onboarding.models import OnboardingTask, OwnerRole
from onboarding.selectors.recruits import _with_progress, onboarding_settings
from pastoral.models import SupportAssignment, SupportRole


def _with_recruits(tasks: QuerySet[OnboardingTask]) -> QuerySet[OnboardingTask]:
    return tasks.select_related("candidate__user", "candidate__organisation").order_by("pk")


def open_tasks_due_between(start: date, end: date) -> QuerySet[OnboardingTask]:
    """Open tasks due from `start` to `end` inclusive, with the recruit, their account and
    organisation loaded; iterate with `.iterator(chunk_size=...)` for batches."""
    return _with_recruits(OnboardingTask.objects.open().filter(due_on__range=(start, end)))


def overdue_open_tasks(*, today: date) -> QuerySet[OnboardingTask]:
    """Tasks overdue as of `today` (`OnboardingTask.objects.overdue`), as
    `open_tasks_due_between` loads them."""
    return _with_recruits(OnboardingTask.objects.overdue(today=today))


def stalled_journeys(*, today: date, days: int | None = None) -> QuerySet[CandidateProfile]:
    """Recruits whose journey is stalled (`JourneyProgress.stalled_q`: open tasks and no
    progress, a task completed or else the offer recorded, for `days` days, the admin's setting
    when not given); annotated with `last_progress_at`."""
    if days is None:
        days = onboarding_settings().stalled_after_days
    return (
        _with_progress(CandidateProfile.objects.all(), today=today, stalled_after_days=days)
        .filter(is_stalled=1)
        .select_related("user", "organisation")
        .order_by("last_progress_at", "pk")
    )


def open_task_owners(tasks: QuerySet[OnboardingTask]) -> dict[str, QuerySet]:
    """For open tasks (`open_tasks_due_between`, `overdue_open_tasks`), one row per task and
    person who owns it now, by owner role: "recruit" (the recruit), "manager" (each manager of
    the recruit's organisation) and "buddy" (each of the recruit's active buddies).

    Plain values: `recipient_id`, `task_id` and `due_on`. One SELECT each however many tasks."""
    tasks = tasks.order_by()
    columns = {"task_id": F("pk")}
    # One filter() call per relation, so the recipient column reads the row that matched.
    memberships = "candidate__organisation__memberships"
    support = "candidate__support_assignments"
    managed = tasks.filter(
        owner_role=OwnerRole.MANAGER, **{f"{memberships}__role": Membership.Role.MANAGER}
    )
    buddied = tasks.filter(
        SupportAssignment.active_q(prefix=f"{support}__"),
        owner_role=OwnerRole.BUDDY,
        **{f"{support}__role": SupportRole.BUDDY},
    )
    return {
        OwnerRole.RECRUIT: tasks.filter(owner_role=OwnerRole.RECRUIT).values(
            "due_on", recipient_id=F("candidate__user_id"), **columns
        ),
        OwnerRole.MANAGER: managed.values(
            "due_on", recipient_id=F(f"{memberships}__user_id"), **columns
        ),
        OwnerRole.BUDDY: buddied.values(
            "due_on", recipient_id=F(f"{support}__staff_id"), **columns
        ),
    }


def stalled_journey_managers(*, today: date) -> QuerySet:
    """`stalled_journeys`, one row per recruit and manager of their organisation: plain values
    `recipient_id` and `recruit_id`."""
    return (
        stalled_journeys(today=today)
        .filter(organisation__memberships__role=Membership.Role.MANAGER)
        .order_by()
        .values(recipient_id=F("organisation__memberships__user_id"), recruit_id=F("pk"))
    )


def tasks_by_id(ids: Iterable[int]) -> dict[int, OnboardingTask]:
    """Tasks by id, done or not, each with its recruit's account, in one query."""
    return OnboardingTask.objects.select_related("candidate__user").in_bulk(list(ids))
