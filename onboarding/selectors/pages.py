"""What the journey page reads: the recruit's offer, Code of Practice decisions, checklist
and the checklists applied."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import models
from django.db.models import Q, QuerySet

from candidates.models import BarrierTheme, CandidateProfile
from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    CodeOfPracticeDecision,
    Offer,
    OnboardingTask,
    OwnerRole,
    TaskComment,
)
from onboarding.selectors.access import _STAND_INS, JourneyViewer
from portal.compiled import CompiledOnce
from portal.links import url_maker
from portal.timeline import RecruitRowsOfSources, name_of


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


_OWNER_ROLES = dict(OwnerRole.choices)
_BARRIER_THEMES = dict(BarrierTheme.choices)


# Sorts a task not yet done, or a comment without a date, before any moment.
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass
class ChecklistComment:
    author_name: str
    created_at: datetime
    body: str


@dataclass
class ChecklistTask:
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


def templates_applicable_to(candidate: CandidateProfile) -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=candidate.organisation_id)
    ).order_by("organisation__name", "name")
