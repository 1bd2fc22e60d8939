"""Reads for onboarding, scoped to the person who asks (strangers get 404), and the read-only
views reminders and insights use."""

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from candidates.models import BarrierTheme, CandidateProfile, Profession
from candidates.selectors import (
    current_step_sql,
    recruit_columns,
    registration_stage,
    registration_timeline,
)
from employers.models import Membership, Organisation
from employers.selectors import organisation_ids_for_staff, user_is_manager_of
from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    CodeOfPracticeDecision,
    JourneyProgress,
    Offer,
    OnboardingSettings,
    OnboardingTask,
    OwnerRole,
    RegistrationTimeCount,
    TaskComment,
)
from pastoral.models import SupportRole
from pastoral.selectors import (
    active_supporter_name_sql,
    candidate_ids_supported_by,
    latest_pulse_is_low_sql,
    pastoral_timeline,
    supported_by,
)
from portal.compiled import CompiledOnce
from portal.links import url_maker
from portal.prepared import prepared
from portal.rows import TemplateRow
from portal.timeline import RecruitRowsOfSources, TimelineEntry, name_of

# Stand-ins while the busiest pages' queries are compiled (portal.compiled): no real id or day.
_STAND_INS = {
    "manager": -730_001,
    "organisation": -730_002,
    "recruit": -730_003,
    "viewer": -730_004,
}
_STAND_IN_DAY = date(1900, 1, 1)


def onboarding_settings() -> OnboardingSettings:
    settings, _ = OnboardingSettings.objects.get_or_create(pk=1)
    return settings


# --- Who may do what on a journey -----------------------------------------------------------


@dataclass(frozen=True)
class JourneyViewer:
    """How one person stands to one recruit's journey."""

    user: object
    is_recruit_self: bool
    is_manager: bool
    is_supporter: bool

    @property
    def can_see(self) -> bool:
        return self.is_recruit_self or self.is_manager or self.is_supporter

    def can_complete(self, task: "OnboardingTask | ChecklistTask") -> bool:
        if self.is_manager:
            return True
        if task.owner_role == OwnerRole.RECRUIT:
            return self.is_recruit_self
        if task.owner_role == OwnerRole.BUDDY:
            return self.is_supporter
        return False


def journey_viewer(user, candidate: CandidateProfile) -> JourneyViewer:
    if not user.is_authenticated:
        return JourneyViewer(user, False, False, False)
    is_staff = user.is_employer_staff
    # `journey_for` asks "does this user manage them? support them?" in the query that loads
    # the recruit.
    manages = getattr(candidate, "viewer_manages", None)
    if manages is None:
        manages = is_staff and user_is_manager_of(user, candidate.organisation_id)
    supports = getattr(candidate, "viewer_supports", None)
    if supports is None:
        supports = is_staff and candidate.pk in candidate_ids_supported_by(user)
    return JourneyViewer(
        user=user,
        is_recruit_self=user.is_recruit and candidate.user_id == user.pk,
        is_manager=is_staff and manages,
        is_supporter=is_staff and supports,
    )


def _recruit_for_journey(shape: str, values: dict) -> QuerySet[CandidateProfile]:
    candidates = CandidateProfile.objects.select_related(
        "user", "organisation", "profession", "offer__profession", "offer__created_by"
    ).filter(pk=values["recruit"])
    if shape == "staff":
        candidates = candidates.annotate(
            viewer_manages=Exists(
                Membership.objects.filter(
                    user_id=values["viewer"],
                    organisation_id=OuterRef("organisation_id"),
                    role=Membership.Role.MANAGER,
                )
            ),
            viewer_supports=supported_by(User(pk=values["viewer"])),
        )
    return candidates


# Every journey page loads the recruit this way: compiled once per worker (portal.compiled).
_RECRUITS_FOR_JOURNEY = CompiledOnce(_recruit_for_journey, _STAND_INS)


def journey_for(user, candidate_id: int) -> tuple[CandidateProfile, JourneyViewer]:
    """The recruit and how `user` stands to them: the recruit, their managers and their
    assigned buddy or mentor; anyone else gets 404."""
    found = _RECRUITS_FOR_JOURNEY.objects(
        "staff" if user.is_authenticated and user.is_employer_staff else "other",
        {"recruit": candidate_id, "viewer": user.pk},
    )
    if not found:
        raise Http404("No such recruit.")
    candidate = found[0]
    viewer = journey_viewer(user, candidate)
    if not viewer.can_see:
        raise Http404("No such recruit.")
    return candidate, viewer


def journey_managed_by(user, candidate_id: int) -> CandidateProfile:
    """A recruit whose journey `user` manages; anyone else gets 404."""
    candidate, viewer = journey_for(user, candidate_id)
    if not viewer.is_manager:
        raise Http404("No such recruit.")
    return candidate


def task_for(user, task_id: int) -> tuple[OnboardingTask, JourneyViewer]:
    """A task on a journey `user` may see; strangers get 404."""
    task = (
        OnboardingTask.objects.select_related("candidate__user", "candidate__organisation")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404("No such task.")
    viewer = journey_viewer(user, task.candidate)
    if not viewer.can_see:
        raise Http404("No such task.")
    return task, viewer


def own_checklist_recruit(user) -> CandidateProfile:
    """The signed-in recruit's profile with their organisation and offer loaded (see
    `offer_of`); its `user` is `user`, not read again. 404 for anyone without a profile."""
    try:
        candidate = CandidateProfile.objects.select_related("organisation", "offer").get(user=user)
    except CandidateProfile.DoesNotExist:
        raise Http404("No candidate profile for this account.") from None
    candidate.user = user
    return candidate


def offer_of(candidate: CandidateProfile) -> Offer | None:
    if candidate._state.fields_cache.get("offer", False) is not False:
        # Already loaded with the recruit (`journey_for`), None when they have no offer.
        return candidate._state.fields_cache["offer"]
    return (
        Offer.objects.select_related("profession", "created_by").filter(candidate=candidate).first()
    )


def _rows_of_recruit(model: type[models.Model], person: str) -> CompiledOnce:
    """A model's rows of one recruit, with the person who made each: the journey reads a few
    of those per model, compiled once per worker (portal.compiled)."""
    return CompiledOnce(
        lambda _shape, values: (
            model.objects.filter(candidate_id=values["recruit"]).select_related(person).order_by()
        ),
        _STAND_INS,
    )


_DECISIONS = _rows_of_recruit(CodeOfPracticeDecision, "decided_by")
_APPLICATIONS = _rows_of_recruit(ChecklistApplication, "applied_by")


def decisions_of(candidate: CandidateProfile) -> list[CodeOfPracticeDecision]:
    """The recruit's Code of Practice decisions, newest first (sorted here: a recruit has a
    few)."""
    decisions = _DECISIONS.objects(None, {"recruit": candidate.pk})
    return sorted(decisions, key=lambda decision: decision.decided_at, reverse=True)


def unanswered_refusal_of(candidate: CandidateProfile) -> CodeOfPracticeDecision | None:
    """The recruit's latest Code of Practice refusal, unless a direct application has since
    been recorded after it (with an account of how the person applied). One query."""
    refusal = (
        CodeOfPracticeDecision.objects.filter(
            candidate=candidate, outcome=CodeOfPracticeDecision.Outcome.REFUSED
        )
        .annotate(
            answered=Exists(CodeOfPracticeDecision.objects.filter(follows_refusal=OuterRef("pk")))
        )
        .order_by("-decided_at", "-pk")
        .first()
    )
    return None if refusal is None or refusal.answered else refusal


_OWNER_ROLES = dict(OwnerRole.choices)
_BARRIER_THEMES = dict(BarrierTheme.choices)
# Sorts a task not yet done, or a comment without a date, before any moment.
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass
class ChecklistComment(TemplateRow):
    author_name: str
    created_at: datetime
    body: str


@dataclass
class ChecklistTask(TemplateRow):
    """One task of a recruit's checklist with its comments, as the checklist shows it: labels,
    element ids and links worked out once here rather than per row in the template.
    `can_complete` is set for one viewer by `checklist_sections`."""

    pk: int
    title: str
    guidance: str
    section: str
    owner_role: str
    owner_role_label: str
    required: bool
    due_on: date
    position: int
    barrier_theme: str
    barrier_theme_label: str
    completed_at: datetime | None
    completed_by_name: str
    comments: list[ChecklistComment]
    comment_url: str
    complete_url: str
    reopen_url: str
    element_id: str
    comment_field_id: str
    can_complete: bool = False


# A row of the checklist's query: a task or a comment on one (`RecruitRowsOfSources`).
_CHECKLIST_COLUMNS = {
    "pk": models.IntegerField,
    "task_pk": models.IntegerField,  # a comment's task
    "task_title": models.CharField,
    "task_guidance": models.TextField,
    "task_section": models.CharField,
    "task_owner_role": models.CharField,
    "task_required": models.BooleanField,
    "task_due_on": models.DateField,
    "task_position": models.IntegerField,
    "task_barrier_theme": models.CharField,
    "at": models.DateTimeField,  # a task's completion, a comment's writing
    "by": models.CharField,  # who completed a task, who wrote a comment
    "text": models.TextField,  # a comment's
}


def _checklist_sources(candidate_id: int) -> dict:
    return {
        "task": (
            OnboardingTask.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "task_title": "title",
                "task_guidance": "guidance",
                "task_section": "section",
                "task_owner_role": "owner_role",
                "task_required": "required",
                "task_due_on": "due_on",
                "task_position": "position",
                "task_barrier_theme": "barrier_theme",
                "at": "completed_at",
                "by": name_of("completed_by"),
            },
        ),
        "comment": (
            TaskComment.objects.filter(task__candidate_id=candidate_id),
            {
                "pk": "pk",
                "task_pk": "task_id",
                "at": "created_at",
                "by": name_of("author"),
                "text": "body",
            },
        ),
    }


_CHECKLIST_ROWS = RecruitRowsOfSources(_CHECKLIST_COLUMNS, _checklist_sources)


def tasks_of(candidate: CandidateProfile) -> list[ChecklistTask]:
    """The recruit's tasks in checklist order, each with its comments in the order they were
    made. One query (compiled once per worker), sorted here: a checklist is a few dozen rows."""
    comment_url = url_maker("onboarding:task-comment")
    complete_url = url_maker("onboarding:task-complete")
    reopen_url = url_maker("onboarding:task-reopen")
    rows = _CHECKLIST_ROWS.rows(candidate.pk)
    comments: dict[int, list[ChecklistComment]] = {}
    for row in sorted(rows, key=lambda row: row["at"] or _NEVER):
        if row["source"] == "comment":
            comments.setdefault(row["task_pk"], []).append(
                ChecklistComment(row["by"] or "", row["at"], row["text"])
            )
    tasks = sorted(
        (row for row in rows if row["source"] == "task"),
        key=lambda row: (row["task_due_on"], row["task_position"], row["pk"]),
    )
    return [
        ChecklistTask(
            pk=row["pk"],
            title=row["task_title"],
            guidance=row["task_guidance"],
            section=row["task_section"],
            owner_role=row["task_owner_role"],
            owner_role_label=_OWNER_ROLES.get(row["task_owner_role"], row["task_owner_role"]),
            required=row["task_required"],
            due_on=row["task_due_on"],
            position=row["task_position"],
            barrier_theme=row["task_barrier_theme"],
            barrier_theme_label=_BARRIER_THEMES.get(
                row["task_barrier_theme"], row["task_barrier_theme"]
            ),
            completed_at=row["at"],
            completed_by_name=row["by"] or "",
            comments=comments.get(row["pk"], []),
            comment_url=comment_url(row["pk"]),
            complete_url=complete_url(row["pk"]),
            reopen_url=reopen_url(row["pk"]),
            element_id=f"task-{row['pk']}",
            comment_field_id=f"comment-{row['pk']}",
        )
        for row in tasks
    ]


def checklist_sections(tasks: list[ChecklistTask], viewer: JourneyViewer) -> list[dict]:
    """`tasks` (from `tasks_of`) grouped by section for the checklist, in order, each marked
    with whether `viewer` may tick it off."""
    sections: dict[str, dict] = {}
    for task in tasks:
        task.can_complete = viewer.can_complete(task)
        name = task.section or "Other tasks"
        sections.setdefault(name, {"name": name, "tasks": []})["tasks"].append(task)
    return list(sections.values())


def applications_of(candidate: CandidateProfile) -> list[ChecklistApplication]:
    """The checklists applied to the recruit, oldest first (sorted here, as `decisions_of`)."""
    applications = _APPLICATIONS.objects(None, {"recruit": candidate.pk})
    return sorted(applications, key=lambda application: application.applied_at)


# --- Templates -----------------------------------------------------------------------------


def templates_visible_to(user) -> QuerySet[ChecklistTemplate]:
    """The NHS default and the templates of organisations `user` works in."""
    if not user.is_authenticated or not user.is_employer_staff:
        return ChecklistTemplate.objects.none()
    return (
        ChecklistTemplate.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids_for_staff(user))
        )
        .select_related("organisation", "copied_from")
        .annotate(
            item_count=Count("items", distinct=True),
            use_count=Count("applications", distinct=True),
        )
        .order_by("organisation__name", "name")
    )


def template_for(user, template_id: int) -> ChecklistTemplate:
    try:
        return templates_visible_to(user).get(pk=template_id)
    except ChecklistTemplate.DoesNotExist:
        raise Http404("No such template.") from None


def template_editable_by(user, template_id: int) -> ChecklistTemplate:
    """A template `user` may change: one of an organisation they manage. The NHS default is
    changed only in the admin; anyone else gets 404."""
    template = template_for(user, template_id)
    if template.organisation_id is None or not user_is_manager_of(user, template.organisation_id):
        raise Http404("No such template.")
    return template


def templates_applicable_to(candidate: CandidateProfile) -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=candidate.organisation_id)
    ).order_by("organisation__name", "name")


# --- The manager's start page ---------------------------------------------------------------

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


def _at_start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _is_stalled(*, today: date, stalled_after_days: int) -> Case:
    """1 when there are open tasks and no progress for `stalled_after_days`, else 0; over
    `open_count` and `last_progress_at` (JourneyProgress's columns, or annotations of those)."""
    return Case(
        When(
            open_count__gt=0,
            last_progress_at__lt=_at_start_of(today - timedelta(days=stalled_after_days)),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def _with_progress(profiles: QuerySet, *, today: date, stalled_after_days: int) -> QuerySet:
    """`last_progress_at`, `open_count` and `is_stalled` of recruit profiles, from their stored
    JourneyProgress row (one LEFT JOIN, no work over their tasks)."""
    return profiles.annotate(
        last_progress_at=Coalesce("journey_progress__last_progress_at", "created_at"),
        open_count=Coalesce("journey_progress__open_count", Value(0)),
    ).annotate(is_stalled=_is_stalled(today=today, stalled_after_days=stalled_after_days))


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
        is_stalled=_is_stalled(today=today, stalled_after_days=stalled_after_days)
    )
    if status == "stalled":
        progress = progress.filter(is_stalled=1)
    elif status == "overdue":
        # The earliest open due date is stored: overdue tasks exactly when it has passed.
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
        OnboardingTask.objects.filter(
            candidate_id=OuterRef("candidate_id"), completed_at__isnull=True, due_on__lt=today
        )
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
        # _is_stalled's threshold, worked out from today as it works it out.
        "stalled_since": _at_start_of(today - timedelta(days=days)),
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
class RecruitRow(TemplateRow):
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


# --- The shared timeline --------------------------------------------------------------------


_NOT_LOADED = object()


def onboarding_timeline(
    candidate: CandidateProfile,
    *,
    offer=_NOT_LOADED,
    decisions=None,
    applications=None,
    tasks=None,
) -> list[TimelineEntry]:
    """Dated onboarding events of one recruit, newest first: the offer, Code of Practice
    decisions, checklists applied, tasks completed and comments. A page that has already
    loaded the offer, decisions, applications or `tasks_of` passes them in, and they are not
    read again."""
    entries = []
    if offer is _NOT_LOADED:
        offer = offer_of(candidate)
    if offer is not None:
        entries.append(
            TimelineEntry(
                offer.created_at,
                "offer",
                f"Offer recorded: {offer.title}, band {offer.band}",
                detail=f"Planned start {offer.start_date:%d %B %Y}",
                actor=str(offer.created_by or ""),
            )
        )
    for decision in decisions_of(candidate) if decisions is None else decisions:
        entries.append(
            TimelineEntry(
                decision.decided_at,
                "code-of-practice",
                f"Code of Practice: {decision.get_outcome_display().lower()} "
                f"({decision.get_recruitment_route_display().split(' (')[0].lower()}, "
                f"{decision.country.name}, {decision.country_status_label})",
                detail=(
                    decision.application_account or decision.agreement_text or decision.explanation
                ),
                actor=str(decision.decided_by or ""),
            )
        )
    for application in applications_of(candidate) if applications is None else applications:
        entries.append(
            TimelineEntry(
                application.applied_at,
                "checklist",
                f"Checklist applied: {application.template_name}",
                actor=str(application.applied_by or ""),
            )
        )
    if tasks is None:
        done = [
            (task.completed_at, task.title, str(task.completed_by or ""))
            for task in OnboardingTask.objects.filter(
                candidate=candidate, completed_at__isnull=False
            ).select_related("completed_by")
        ]
        comments = [
            (comment.created_at, comment.task.title, comment.body, str(comment.author or ""))
            for comment in TaskComment.objects.filter(task__candidate=candidate).select_related(
                "author", "task"
            )
        ]
    else:
        done = [
            (task.completed_at, task.title, task.completed_by_name)
            for task in tasks
            if task.completed_at is not None
        ]
        comments = [
            (comment.created_at, task.title, comment.body, comment.author_name)
            for task in tasks
            for comment in task.comments
        ]
    for completed_at, title, completed_by in done:
        entries.append(TimelineEntry(completed_at, "task", f"Done: {title}", actor=completed_by))
    for created_at, title, body, author in comments:
        entries.append(
            TimelineEntry(created_at, "comment", f"Comment on {title}", detail=body, actor=author)
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def journey_timeline(candidate: CandidateProfile, **loaded) -> list[TimelineEntry]:
    """HCPC steps, onboarding and pastoral events of one recruit, newest first. `loaded`: the
    offer, decisions, applications and tasks a page already holds (see `onboarding_timeline`)."""
    entries = [
        *registration_timeline(candidate),
        *onboarding_timeline(candidate, **loaded),
        *pastoral_timeline(candidate),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


# --- For reminders and insights -------------------------------------------------------------


def _open_tasks() -> QuerySet[OnboardingTask]:
    return (
        OnboardingTask.objects.filter(completed_at__isnull=True)
        .select_related("candidate__user", "candidate__organisation")
        .order_by("pk")
    )


def open_tasks_due_between(start: date, end: date) -> QuerySet[OnboardingTask]:
    """Open tasks due from `start` to `end` inclusive, with the recruit, their account and
    organisation loaded; iterate with `.iterator(chunk_size=...)` for batches."""
    return _open_tasks().filter(due_on__range=(start, end))


def overdue_open_tasks(*, today: date) -> QuerySet[OnboardingTask]:
    """Open tasks whose due date has passed, as `open_tasks_due_between` loads them."""
    return _open_tasks().filter(due_on__lt=today)


def stalled_journeys(*, today: date, days: int | None = None) -> QuerySet[CandidateProfile]:
    """Recruits with open tasks and no progress (a task completed, or else the offer recorded)
    for `days` days (the admin's setting when not given); annotated with `last_progress_at`."""
    if days is None:
        days = onboarding_settings().stalled_after_days
    return (
        _with_progress(CandidateProfile.objects.all(), today=today, stalled_after_days=days)
        .filter(is_stalled=1)
        .select_related("user", "organisation")
        .order_by("last_progress_at", "pk")
    )


def tasks_for_analysis() -> QuerySet:
    """One row per task, without names or free text: who owns it, when it was due and done,
    which barrier theme it serves, and the recruit's organisation, region and pathway."""
    return OnboardingTask.objects.values(
        "id",
        "candidate_id",
        "template_item_id",
        "section",
        "owner_role",
        "required",
        "barrier_theme",
        "due_on",
        "completed_at",
        "created_at",
        organisation_id=F("candidate__organisation_id"),
        region=F("candidate__organisation__region"),
        pathway=F("candidate__pathway"),
        profession_slug=F("candidate__profession__slug"),
    )


def journey_progress_for_analysis() -> QuerySet:
    """One row per recruit: their stored task counts (onboarding.JourneyProgress), so the
    dashboards count who finished their required tasks without reading every task."""
    return JourneyProgress.objects.values(
        "candidate_id", "open_count", "required_count", "required_open_count"
    )


def registration_time_counts_for_analysis() -> QuerySet:
    """HCPC registrations counted per month finished, the recruit's profession and days since
    their offer, over every recruit (no recruit can be chosen: filter the registration steps
    for that)."""
    return RegistrationTimeCount.objects.values(
        "month", "days", "registrations", profession_slug=F("profession__slug")
    )


def offer_starts_for_analysis() -> QuerySet:
    """One row per offer: the recruit, their planned start, and their stored progress (when
    their first buddy started, how many required tasks they have and have left). Nothing else
    is joined, so counting over every offer reads the offers and progress rows alone."""
    progress = "candidate__journey_progress__"
    return Offer.objects.values(
        "id",
        "candidate_id",
        "start_date",
        first_buddy_on=F(f"{progress}first_buddy_on"),
        required_count=F(f"{progress}required_count"),
        required_open_count=F(f"{progress}required_open_count"),
    )


def offers_for_analysis() -> QuerySet:
    """One row per offer, without names or free text. The recruit's pathway is looked up only
    when selected, so the dashboards' counts over every offer pay no join over every recruit."""
    pathway = CandidateProfile.objects.filter(pk=OuterRef("candidate_id")).order_by()
    return Offer.objects.values(
        "id",
        "candidate_id",
        "organisation_id",
        "band",
        "recruitment_route",
        "recruited_from",
        "offer_date",
        "start_date",
        "created_at",
        region=F("organisation__region"),
        profession_slug=F("profession__slug"),
        pathway=Subquery(pathway.values("pathway")[:1]),
    )


def code_of_practice_decisions_for_analysis() -> QuerySet:
    """One row per Code of Practice decision, without names or free text."""
    return CodeOfPracticeDecision.objects.values(
        "id",
        "candidate_id",
        "country",
        "recruitment_route",
        "country_status",
        "outcome",
        "decided_at",
        "follows_refusal_id",
        organisation_id=F("candidate__organisation_id"),
        region=F("candidate__organisation__region"),
    )


# --- For reminders: who each reminder goes to, set-based ---------------------------------------


def open_task_owners(tasks: QuerySet[OnboardingTask]) -> dict[str, QuerySet]:
    """For open tasks (`open_tasks_due_between`, `overdue_open_tasks`), one row per task and
    person who owns it now, by owner role: "recruit" (the recruit), "manager" (each manager of
    the recruit's organisation) and "buddy" (each of the recruit's active buddies).

    Plain values: `recipient_id`, `task_id`, `task_title`, `due_on` and `recruit_columns`. One
    SELECT each however many tasks, for reminders to record with INSERT … SELECT."""
    tasks = tasks.order_by()
    columns = {"task_id": F("pk"), "task_title": F("title"), **recruit_columns("candidate")}
    # One filter() call per relation, so the recipient column reads the row that matched.
    memberships = "candidate__organisation__memberships"
    support = "candidate__support_assignments"
    managed = tasks.filter(
        owner_role=OwnerRole.MANAGER, **{f"{memberships}__role": Membership.Role.MANAGER}
    )
    buddied = tasks.filter(
        owner_role=OwnerRole.BUDDY,
        **{f"{support}__role": SupportRole.BUDDY, f"{support}__ended_at__isnull": True},
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
    `recipient_id` and `recruit_columns`."""
    return (
        stalled_journeys(today=today)
        .filter(organisation__memberships__role=Membership.Role.MANAGER)
        .order_by()
        .values(recipient_id=F("organisation__memberships__user_id"), **recruit_columns())
    )
