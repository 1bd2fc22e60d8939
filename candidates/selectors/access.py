"""Who may see what of a recruit's registration: profile, steps, documents, barriers.
Strangers get 404."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from candidates.models import BarrierReport, CandidateProfile, EvidenceDocument, RegistrationStep
from employers.selectors import organisation_ids_managed_by


def candidates_visible_to(user) -> QuerySet[CandidateProfile]:
    """Recruits whose registration journey `user` may see: their own, or, for a manager,
    their organisations' recruits. Buddies and mentors see recruits through onboarding."""
    profiles = CandidateProfile.objects.select_related("user", "organisation", "profession")
    if not user.is_authenticated:
        return profiles.none()
    if user.is_recruit:
        return profiles.filter(user=user)
    if user.is_employer_staff:
        return profiles.filter(organisation_id__in=organisation_ids_managed_by(user))
    return profiles.none()


def candidate_for_user(user) -> CandidateProfile:
    """The signed-in recruit's own profile, or 404. Its `user` is `user`, not read again."""
    candidate = get_object_or_404(
        CandidateProfile.objects.select_related("organisation", "profession"), user=user
    )
    candidate.user = user
    return candidate


def candidate_visible_to(user, candidate_id: int) -> CandidateProfile:
    """One recruit, if `user` may see them; strangers get 404."""
    return get_object_or_404(candidates_visible_to(user), pk=candidate_id)


def candidate_managed_by(user, candidate_id: int) -> CandidateProfile:
    """One recruit of an organisation `user` manages; anyone else gets 404."""
    if not user.is_authenticated or not user.is_employer_staff:
        raise Http404("No such recruit.")
    return candidate_visible_to(user, candidate_id)


def _visible_candidate_filter(user, prefix: str = "candidate__") -> Q | None:
    if not user.is_authenticated:
        return None
    if user.is_recruit:
        return Q(**{f"{prefix}user": user})
    if user.is_employer_staff:
        return Q(**{f"{prefix}organisation_id__in": organisation_ids_managed_by(user)})
    return None


def _one_visible(queryset: QuerySet, user, pk: int, what: str):
    condition = _visible_candidate_filter(user)
    if condition is None:
        raise Http404(f"No such {what}.")
    return get_object_or_404(queryset.filter(condition), pk=pk)


def step_visible_to(user, step_id: int) -> RegistrationStep:
    return _one_visible(
        RegistrationStep.objects.select_related(
            "template", "candidate__user", "candidate__profession"
        ),
        user,
        step_id,
        "step",
    )


def document_visible_to(user, document_id: int) -> EvidenceDocument:
    return _one_visible(
        EvidenceDocument.objects.select_related("candidate__user", "step__template"),
        user,
        document_id,
        "document",
    )


def document_managed_by(user, document_id: int) -> EvidenceDocument:
    if not user.is_authenticated or not user.is_employer_staff:
        raise Http404("No such document.")
    return document_visible_to(user, document_id)


def barrier_visible_to(user, report_id: int) -> BarrierReport:
    return _one_visible(
        BarrierReport.objects.select_related("candidate__user"), user, report_id, "barrier"
    )
