"""Who may see what of onboarding: a recruit's journey and tasks, checklist templates.
Strangers get 404."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from candidates.models import CandidateProfile
from employers.models import Membership
from employers.selectors import organisation_ids_for_staff, user_is_manager_of
from onboarding.models import ChecklistTemplate, OnboardingTask, OwnerRole
from pastoral.selectors import candidate_ids_supported_by, supported_by


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

    def can_complete(self, task: OnboardingTask) -> bool:
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


def journeys_visible_to(user) -> QuerySet[CandidateProfile]:
    """The recruits whose journey `user` may see: themself, the recruits of organisations they
    manage, those they support now. Each comes with their user, organisation, profession and
    offer, and, for staff, `viewer_manages` and `viewer_supports` (read by `journey_viewer`)."""
    if not user.is_authenticated:
        return CandidateProfile.objects.none()
    candidates = CandidateProfile.objects.select_related(
        "user", "organisation", "profession", "offer__profession", "offer__created_by"
    )
    if user.is_employer_staff:
        return candidates.annotate(
            viewer_manages=Exists(
                Membership.objects.filter(
                    user=user,
                    organisation_id=OuterRef("organisation_id"),
                    role=Membership.Role.MANAGER,
                )
            ),
            viewer_supports=supported_by(user),
        ).filter(Q(viewer_manages=True) | Q(viewer_supports=True))
    if user.is_recruit:
        return candidates.filter(user=user)
    return CandidateProfile.objects.none()


def journey_for(user, candidate_id: int) -> tuple[CandidateProfile, JourneyViewer]:
    """The recruit and how `user` stands to them: the recruit, their managers and their
    assigned buddy or mentor; anyone else gets 404."""
    candidate = get_object_or_404(journeys_visible_to(user), pk=candidate_id)
    return candidate, journey_viewer(user, candidate)


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
    candidate = get_object_or_404(
        CandidateProfile.objects.select_related("organisation", "offer"), user=user
    )
    candidate.user = user
    return candidate


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
    return get_object_or_404(templates_visible_to(user), pk=template_id)


def template_editable_by(user, template_id: int) -> ChecklistTemplate:
    """A template `user` may change: one of an organisation they manage. The NHS default is
    changed only in the admin; anyone else gets 404."""
    template = template_for(user, template_id)
    if template.organisation_id is None or not user_is_manager_of(user, template.organisation_id):
        raise Http404("No such template.")
    return template
