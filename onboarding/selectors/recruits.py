"""What the manager's start page reads: their recruits ranked, filtered and paged, one row each."""

import functools
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile, Profession
from candidates.selectors import current_step_sql, registration_stage
from employers.models import Membership, Organisation
from onboarding.models import (
    ChecklistApplication,
    JourneyProgress,
    Offer,
    OnboardingSettings,
    OnboardingTask,
)
from onboarding.selectors.access import _STAND_IN_DAY, _STAND_INS
from pastoral.models import SupportRole
from pastoral.selectors import active_supporter_name_sql, latest_pulse_is_low_sql
from portal.compiled import CompiledOnce
from portal.links import url_maker
from portal.prepared import prepared


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


def _organisations_managed_with_settings(_shape, values: dict) -> QuerySet[Organisation]:
    setting = OnboardingSettings.objects.filter(pk=1).values("stalled_after_days")[:1]
    # No DISTINCT: a person holds a role in an organisation once (membership_unique_role).
    return Organisation.objects.filter(
        memberships__user=values["manager"], memberships__role=Membership.Role.MANAGER
    ).annotate(stalled_after_days=Subquery(setting))


_MANAGED_ORGANISATIONS = CompiledOnce(_organisations_managed_with_settings, _STAND_INS)


def organisations_managed_with_settings(user) -> list[Organisation]:
    """The organisations `user` manages, each carrying `stalled_after_days` from the onboarding
    settings: the manager's start page reads both in one query (compiled once per worker)."""
    sql, params = _MANAGED_ORGANISATIONS.sql(None, {"manager": user.pk})
    return list(Organisation.objects.raw(*prepared(sql, params)))


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
    by `status` and ordered by `sort`, stalled journeys first. A NARROW query: the default
    order reads JourneyProgress alone (its organisation index), and only the sorts and filters
    that need a recruit's name, offer or checklists join them. `recruit_page` counts and
    slices it (compiled once per shape) before anything is loaded for display."""
    if stalled_after_days is None:
        stalled_after_days = onboarding_settings().stalled_after_days
    managed = Membership.objects.filter(user=user, role=Membership.Role.MANAGER).values(
        "organisation_id"
    )
    progress = JourneyProgress.objects.filter(organisation_id__in=managed)
    if organisation_id:
        progress = progress.filter(organisation_id=organisation_id)
    progress = progress.annotate(
        is_stalled=JourneyProgress.is_stalled(today=today, days=stalled_after_days)
    )
    if status == "stalled":
        progress = progress.filter(is_stalled=1)
    elif status == "overdue":
        # The earliest open due date is stored: overdue tasks exactly when it has passed.
        # same rule as OnboardingTask.overdue_q
        progress = progress.filter(next_due_on__lt=today)
    elif status == "no-offer":
        progress = progress.filter(candidate__offer__isnull=True)
    elif status == "no-checklist":
        progress = progress.exclude(
            Exists(ChecklistApplication.objects.filter(candidate_id=OuterRef("candidate_id")))
        )
    return _in_recruit_order(progress, today=today, sort=sort)


def _overdue_count(today: date) -> Coalesce:
    overdue = (
        OnboardingTask.objects.overdue(today=today)
        .filter(candidate_id=OuterRef("candidate_id"))
        .values("candidate_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))


def _in_recruit_order(progress: QuerySet, *, today: date, sort: str) -> QuerySet:
    """JourneyProgress rows (annotated with `is_stalled`) in the page's order for `sort`."""
    order = RECRUIT_SORTS.get(sort, RECRUIT_SORTS["progress"])[0]
    if "-overdue_count" in order and "overdue_count" not in progress.query.annotations:
        progress = progress.annotate(overdue_count=_overdue_count(today))
    return progress.order_by("-is_stalled", *order, "candidate_id")


@dataclass(frozen=True)
class RecruitPage:
    """One page of a list and the total count."""

    rows: list
    number: int
    per_page: int
    count: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@functools.cache
def _shown_recruits_sql(count: int) -> str:
    """The shown recruits' row of the recruits page, for `count` ids: written by hand, as the
    page's budget can't afford the ORM building this query anew on every request (it cost more
    than running it). Parameters: today, then the ids. The next open task is the first by due
    date, position and id, as on the recruit's checklist; its due date is the stored
    `next_due_on` (the earliest open due date). Profession, ODS code and offer are looked up
    one row each rather than joined: PostgreSQL then has three tables, not six, to order, and
    planning was half this query's time. The registration stage and the buddy come from the SQL
    twins their apps keep (`current_step_sql`, `active_supporter_name_sql`). Tests compare each
    figure with the ORM's or the Python definition's."""
    # same rule as OnboardingTask.overdue_q (overdue_count)
    task = OnboardingTask._meta.db_table
    stage_columns = ",\n            ".join(
        f"({sql}) AS {name}" for name, sql in current_step_sql("progress.candidate_id").items()
    )
    return f"""
        SELECT progress.candidate_id, progress.last_progress_at, progress.next_due_on,
            progress.organisation_id,
            (SELECT COUNT(*) FROM {task} task
              WHERE task.candidate_id = progress.candidate_id AND task.completed_at IS NULL
                AND task.due_on < %s) AS overdue_count,
            (SELECT task.title FROM {task} task
              WHERE task.candidate_id = progress.candidate_id AND task.completed_at IS NULL
              ORDER BY task.due_on, task.position, task.id LIMIT 1) AS next_task_title,
            ({latest_pulse_is_low_sql("progress.candidate_id")}) AS low_pulse,
            recruit.full_name, recruit.email,
            (SELECT profession.name FROM {Profession._meta.db_table} profession
              WHERE profession.id = profile.profession_id) AS profession,
            (SELECT organisation.ods_code FROM {Organisation._meta.db_table} organisation
              WHERE organisation.id = profile.organisation_id) AS ods_code,
            (SELECT offer.id FROM {Offer._meta.db_table} offer
              WHERE offer.candidate_id = profile.id) AS offer_id,
            {stage_columns},
            ({active_supporter_name_sql("progress.candidate_id", SupportRole.BUDDY)}) AS buddy,
            profile.organisation_id AS organisation_id_now
        FROM {JourneyProgress._meta.db_table} progress
        JOIN {CandidateProfile._meta.db_table} profile ON profile.id = progress.candidate_id
        JOIN {User._meta.db_table} recruit ON recruit.id = profile.user_id
        WHERE progress.candidate_id IN ({", ".join(["%s"] * count)})
    """  # noqa: S608 (table names from the models; values are parameters)


def _ranking_values(*, manager_id: int, organisation_id: int | None, today: date, days: int):
    return {
        "manager": manager_id,
        "organisation": organisation_id,
        "today": today,
        # JourneyProgress.stalled_q's threshold, worked out from today as it works it out.
        "stalled_since": JourneyProgress.stalled_since(today=today, days=days),
    }


def _ranking(shape: tuple, values: dict) -> QuerySet:
    by_organisation, status, sort, stalled_after_days = shape
    recruits = recruits_for_manager(
        values["manager"],
        today=values["today"],
        organisation_id=values["organisation"] if by_organisation else None,
        status=status,
        sort=sort,
        stalled_after_days=stalled_after_days,
    )
    return recruits.annotate(total=Window(Count("pk"))).values_list(
        "candidate_id", "total", "is_stalled"
    )


_RANKINGS = CompiledOnce(
    _ranking,
    stand_ins=lambda shape: _ranking_values(
        manager_id=_STAND_INS["manager"],
        organisation_id=_STAND_INS["organisation"],
        today=_STAND_IN_DAY,
        days=shape[3],
    ),
)


def recruit_page(
    user,
    *,
    today: date,
    number: int,
    per_page: int,
    organisation_id: int | None = None,
    status: str = "",
    sort: str = "",
    stalled_after_days: int | None = None,
) -> RecruitPage:
    """Page `number` (1-based; out of range gives the last page) of `recruits_for_manager`
    with these choices, in two queries. The first ranks and slices the narrow query in the
    database and counts it in the same pass (a window COUNT); its SQL is compiled once per
    shape (organisation chosen or not, status, sort, stalled days) as building it anew cost
    more than running it (portal.compiled). The second reads only the shown recruits'
    JourneyProgress rows with their joins and figures (`is_stalled`, `overdue_count`,
    `next_task_title`, `next_task_due`, `low_pulse` and `buddy` from pastoral, the current step
    from candidates (`has_steps`, `current_step`, `current_step_round`), and the recruit's
    `full_name`, `email`, `profession`, `ods_code` and `offer_id`)."""
    if stalled_after_days is None:
        stalled_after_days = onboarding_settings().stalled_after_days
    shape = (
        organisation_id is not None,
        status if status in RECRUIT_FILTERS else "",
        sort if sort in RECRUIT_SORTS else "progress",
        stalled_after_days,
    )
    values = _ranking_values(
        manager_id=user.pk, organisation_id=organisation_id, today=today, days=stalled_after_days
    )
    sql, params = _RANKINGS.sql(shape, values)

    def ranked(number: int) -> list[tuple]:
        page = [*params, per_page, (number - 1) * per_page]
        with connection.cursor() as cursor:
            cursor.execute(*prepared(f"{sql} LIMIT %s OFFSET %s", page))
            return cursor.fetchall()

    number = max(number, 1)
    picked = ranked(number)
    if not picked and number > 1:
        first = ranked(1)
        if first:  # the window COUNT is of every row, so the first page tells the last
            number = -(-first[0][1] // per_page)
            picked = ranked(number)
    if not picked:
        return RecruitPage([], 1, per_page, 0)
    stalled = {candidate_id: bool(is_stalled) for candidate_id, _total, is_stalled in picked}
    shown = {
        row.candidate_id: row
        for row in JourneyProgress.objects.raw(
            *prepared(_shown_recruits_sql(len(picked)), [today, *stalled])
        )
        # The organisation ranked on is a copy: the recruit's own must still match it.
        if row.organisation_id == row.organisation_id_now
    }
    rows = []
    for candidate_id, is_stalled in stalled.items():
        if row := shown.get(candidate_id):
            row.is_stalled = is_stalled
            row.next_task_due = row.next_due_on if row.next_task_title is not None else None
            rows.append(row)
    return RecruitPage(rows, number, per_page, picked[0][1])


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
    profile_url: str
    journey_url: str
    offer_url: str


def recruit_rows(shown: list[JourneyProgress], *, today: date) -> list[RecruitRow]:
    """Rows for one page of `recruit_page`, for the template (no further queries)."""
    profile_url = url_maker("candidates:candidate-journey")
    journey_url = url_maker("onboarding:journey")
    offer_url = url_maker("onboarding:offer")
    rows = []
    for row in shown:
        pk = row.candidate_id
        progress_on = timezone.localdate(row.last_progress_at)
        rows.append(
            RecruitRow(
                candidate_id=pk,
                name=row.full_name or row.email,
                profession=row.profession or "",
                ods_code=row.ods_code or "",
                has_offer=row.offer_id is not None,
                stage=registration_stage(
                    has_steps=row.has_steps,
                    current_step=row.current_step,
                    round=row.current_step_round,
                ),
                next_task_title=row.next_task_title,
                next_task_due=row.next_task_due,
                overdue_count=row.overdue_count,
                days_since_progress=max((today - progress_on).days, 0),
                is_stalled=row.is_stalled,
                buddy=row.buddy,
                low_pulse=bool(row.low_pulse),
                profile_url=profile_url(pk),
                journey_url=journey_url(pk),
                offer_url=offer_url(pk),
            )
        )
    return rows
