"""What the journey page reads: the recruit's offer, Code of Practice decisions, checklist
and the checklists applied."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from candidates.models import CandidateProfile
from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    CodeOfPracticeDecision,
    Offer,
    OnboardingTask,
    TaskComment,
)
from onboarding.selectors.access import JourneyViewer


def offer_of(candidate: CandidateProfile) -> Offer | None:
    """The recruit's offer, None without one: no query when it was loaded with the recruit
    (`journeys_visible_to`, `own_checklist_recruit`)."""
    try:
        return candidate.offer
    except Offer.DoesNotExist:
        return None


def decisions_of(candidate: CandidateProfile) -> QuerySet[CodeOfPracticeDecision]:
    """The recruit's Code of Practice decisions, newest first, with who made each."""
    return (
        CodeOfPracticeDecision.objects.filter(candidate=candidate)
        .select_related("decided_by")
        .order_by("-decided_at")
    )


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


def tasks_of(candidate: CandidateProfile) -> list[OnboardingTask]:
    """The recruit's tasks in checklist order, with who completed each and `comment_list`: its
    comments in the order they were made, with their authors."""
    comments = TaskComment.objects.select_related("author").order_by("created_at", "pk")
    return list(
        OnboardingTask.objects.filter(candidate=candidate)
        .select_related("completed_by")
        .prefetch_related(Prefetch("comments", queryset=comments, to_attr="comment_list"))
        .order_by("due_on", "position", "pk")
    )


def checklist_sections(tasks: list[OnboardingTask], viewer: JourneyViewer) -> list[dict]:
    """`tasks` (from `tasks_of`) grouped by section for the checklist, in order, each marked
    with whether `viewer` may tick it off (`can_complete`)."""
    sections: dict[str, dict] = {}
    for task in tasks:
        task.can_complete = viewer.can_complete(task)
        name = task.section or "Other tasks"
        sections.setdefault(name, {"name": name, "tasks": []})["tasks"].append(task)
    return list(sections.values())


def applications_of(candidate: CandidateProfile) -> QuerySet[ChecklistApplication]:
    """The checklists applied to the recruit, oldest first, with who applied each."""
    return (
        ChecklistApplication.objects.filter(candidate=candidate)
        .select_related("applied_by")
        .order_by("applied_at")
    )


def templates_applicable_to(candidate: CandidateProfile) -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=candidate.organisation_id)
    ).order_by("organisation__name", "name")
