"""What the manager's start page reads: their recruits ranked, filtered and paged, one row each."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import RegistrationStep
from candidates.selectors import registration_stage
from employers.models import Membership, Organisation
from onboarding.models import (
    ChecklistApplication,
    JourneyProgress,
    Offer,
    OnboardingSettings,
    OnboardingTask,
)
from pastoral.models import SupportAssignment, SupportRole, WellbeingPulse


def onboarding_settings() -> OnboardingSettings:
    settings, _ = OnboardingSettings.objects.get_or_create(pk=1)
    return settings


# key: (order after "stalled first", label). Recruits are ranked from their stored progress rows.
RECRUIT_SORTS = {
    "name": (("candidate__user__full_name",), "Name"),
    "start": (("candidate__offer__start_date", "candidate__user__full_name"), "Start date"),
    "overdue": (("-overdue_count", "candidate__user__full_name"), "Most overdue"),
    "progress": (("last_progress_at",), "Longest without progress"),
}


RECRUIT_FILTERS = {
    "stalled": "Stalled",
    "overdue": "With overdue tasks",
    "no-offer": "No offer yet",
    "no-checklist": "No checklist yet",
}


def _with_progress(profiles: QuerySet, *, today: date, stalled_after_days: int) -> QuerySet:
    """`last_progress_at`, `open_count` and `is_stalled` (`JourneyProgress.is_stalled`) of
    recruit profiles, from their stored JourneyProgress row (one LEFT JOIN, no work over their
    tasks)."""
    return profiles.annotate(
        last_progress_at=Coalesce("journey_progress__last_progress_at", "created_at"),
        open_count=Coalesce("journey_progress__open_count", Value(0)),
    ).annotate(is_stalled=JourneyProgress.is_stalled(today=today, days=stalled_after_days))


def organisations_managed_with_settings(user) -> list[Organisation]:
    """The organisations `user` manages, each carrying `stalled_after_days` from the onboarding
    settings: the manager's start page reads both in one query."""
    setting = OnboardingSettings.objects.filter(pk=1).values("stalled_after_days")[:1]
    # No DISTINCT: a person holds a role in an organisation once (membership_unique_role).
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Membership.Role.MANAGER
        ).annotate(stalled_after_days=Subquery(setting))
    )


def recruits_for_manager(
    user,
    *,
    today: date,
    organisation_id: int | None = None,
    status: str = "",
    sort: str = "",
    stalled_after_days: int | None = None,
) -> QuerySet[JourneyProgress]:
    """The stored progress rows of the recruits of the organisations `user` manages, filtered
    by `status` and ordered by `sort`, stalled journeys first, each annotated with `is_stalled`
    (`JourneyProgress.is_stalled`). Ranked from JourneyProgress (its organisation index), with
    only the joins a sort or filter needs: `recruit_page` adds what the page shows."""
    if stalled_after_days is None:
        stalled_after_days = onboarding_settings().stalled_after_days
    managed = Membership.objects.filter(user=user, role=Membership.Role.MANAGER).values(
        "organisation_id"
    )
    progress = JourneyProgress.objects.filter(organisation_id__in=managed)
    if organisation_id:
        progress = progress.filter(organisation_id=organisation_id)
    if status == "stalled":
        progress = progress.stalled(today=today, days=stalled_after_days)
    elif status == "overdue":
        progress = progress.filter(Exists(_tasks_of_recruit().overdue(today=today)))
    elif status == "no-offer":
        progress = progress.filter(candidate__offer__isnull=True)
    elif status == "no-checklist":
        progress = progress.exclude(
            Exists(ChecklistApplication.objects.filter(candidate_id=OuterRef("candidate_id")))
        )
    return _in_recruit_order(
        progress, today=today, sort=sort, stalled_after_days=stalled_after_days
    )


def _in_recruit_order(
    progress: QuerySet[JourneyProgress], *, today: date, sort: str, stalled_after_days: int
) -> QuerySet[JourneyProgress]:
    """`progress` annotated with `is_stalled`, stalled journeys first, then in `sort`'s order."""
    progress = progress.annotate(
        is_stalled=JourneyProgress.is_stalled(today=today, days=stalled_after_days)
    )
    order = RECRUIT_SORTS.get(sort, RECRUIT_SORTS["progress"])[0]
    if "-overdue_count" in order:
        progress = progress.annotate(overdue_count=_overdue_count(today))
    return progress.order_by("-is_stalled", *order, "candidate_id")


def _tasks_of_recruit():
    return OnboardingTask.objects.filter(candidate_id=OuterRef("candidate_id"))


def _overdue_count(today: date) -> Coalesce:
    overdue = (
        _tasks_of_recruit()
        .overdue(today=today)
        .values("candidate_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))


def recruit_page(
    user,
    *,
    today: date,
    number: int | str | None,
    per_page: int,
    organisation_id: int | None = None,
    status: str = "",
    sort: str = "",
    stalled_after_days: int | None = None,
) -> Page:
    """Page `number` (1-based; out of range gives the last page, anything else the first) of
    `recruits_for_manager` with these choices, in three queries: the count, the page's slice
    of the narrow ranking, and those recruits' rows in the ranking's order, with what the page
    shows of each (only the shown rows are joined and worked out): their user, profession and
    organisation; `has_offer`; `overdue_count`; the next open task's `next_task_title` (first
    by due date, as on their checklist; its due date is the stored `next_due_on`, the earliest
    open one); `low_pulse` (`WellbeingPulse.latest_is_low`); `buddy`
    (`SupportAssignment.active_supporter_name`); and the registration stage's columns
    (`RegistrationStep.stage_columns`)."""
    if stalled_after_days is None:
        stalled_after_days = onboarding_settings().stalled_after_days
    recruits = recruits_for_manager(
        user,
        today=today,
        organisation_id=organisation_id,
        status=status,
        sort=sort,
        stalled_after_days=stalled_after_days,
    )
    page = Paginator(recruits.values_list("candidate_id", "is_stalled"), per_page).get_page(number)
    ranked = dict(page.object_list)
    recruit = OuterRef("candidate_id")
    next_task = _tasks_of_recruit().open().order_by("due_on", "position", "pk")
    shown = (
        JourneyProgress.objects.filter(candidate_id__in=ranked)
        .select_related("candidate__user", "candidate__profession", "candidate__organisation")
        .annotate(
            overdue_count=_overdue_count(today),
            has_offer=Exists(Offer.objects.filter(candidate_id=recruit)),
            next_task_title=Subquery(next_task.values("title")[:1]),
            low_pulse=WellbeingPulse.latest_is_low(recruit),
            buddy=SupportAssignment.active_supporter_name(recruit, SupportRole.BUDDY),
            **RegistrationStep.stage_columns(recruit),
        )
        .in_bulk()
    )
    page.object_list = []
    for candidate_id, is_stalled in ranked.items():
        progress = shown[candidate_id]
        # The organisation ranked on is a copy: the recruit's own must still match it.
        if progress.candidate.organisation_id == progress.organisation_id:
            progress.is_stalled = is_stalled
            page.object_list.append(progress)
    return page


@dataclass
class RecruitRow:
    candidate_id: int
    name: str
    profession: str
    ods_code: str
    has_offer: bool
    stage: str
    next_task_title: str | None
    next_task_due: date | None
    overdue_count: int
    days_since_progress: int
    is_stalled: bool
    buddy: str | None
    low_pulse: bool


def recruit_rows(shown, *, today: date) -> list[RecruitRow]:
    """Rows for one page of `recruit_page`, for the template (no further queries)."""
    rows = []
    for progress in shown:
        candidate = progress.candidate
        progress_on = timezone.localdate(progress.last_progress_at)
        rows.append(
            RecruitRow(
                candidate_id=progress.candidate_id,
                name=str(candidate.user),
                profession=str(candidate.profession or ""),
                ods_code=candidate.organisation.ods_code if candidate.organisation else "",
                has_offer=progress.has_offer,
                stage=registration_stage(
                    has_steps=progress.has_steps,
                    current_step=progress.current_step,
                    round=progress.current_step_round,
                ),
                next_task_title=progress.next_task_title,
                next_task_due=progress.next_due_on if progress.next_task_title else None,
                overdue_count=progress.overdue_count,
                days_since_progress=max((today - progress_on).days, 0),
                is_stalled=bool(progress.is_stalled),
                buddy=progress.buddy,
                low_pulse=bool(progress.low_pulse),
            )
        )
    return rows
