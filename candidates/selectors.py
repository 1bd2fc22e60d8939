from django.db.models import QuerySet
from django.http import Http404

from candidates.models import CandidateProfile
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
    """The signed-in recruit's own profile, or 404."""
    try:
        return CandidateProfile.objects.select_related("user", "organisation", "profession").get(
            user=user
        )
    except CandidateProfile.DoesNotExist:
        raise Http404("No candidate profile for this account.") from None


def candidate_visible_to(user, candidate_id: int) -> CandidateProfile:
    """One recruit, if `user` may see them; strangers get 404."""
    try:
        return candidates_visible_to(user).get(pk=candidate_id)
    except CandidateProfile.DoesNotExist:
        raise Http404("No such recruit.") from None
