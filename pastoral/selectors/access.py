"""Who may see what of pastoral support, scoped to who asks; strangers get 404.

Who may read what:
- check-in notes: the pair (the recruit and the member of staff on the assignment) and the
  recruit's managers;
- a pulse comment: the recruit, their organisation's managers and their active buddy (who must be
  on that organisation's staff), never anyone outside the organisation;
- pulse scores and check-in dates: also the recruit's other active supporters.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from candidates.models import CandidateProfile
from employers.models import Membership, Organisation
from employers.selectors import organisation_ids_managed_by
from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    LocalNetwork,
    SupportAssignment,
    SupportRole,
)


def managed_organisation_ids(user) -> list[int]:
    """`organisation_ids_managed_by`, asked once per user object (one request's worth)."""
    if not hasattr(user, "_pastoral_managed_ids"):
        user._pastoral_managed_ids = organisation_ids_managed_by(user)
    return user._pastoral_managed_ids


def candidate_ids_supported_by(user) -> set[int]:
    """Recruits `user` supports now, in any role."""
    if not user.is_authenticated:
        return set()
    return set(
        SupportAssignment.objects.active().filter(staff=user).values_list("candidate_id", flat=True)
    )


def supported_by(user) -> Exists:
    """Whether `user` supports the recruit now, in any role: an expression for a query of
    recruits (`CandidateProfile.objects.annotate(supported=supported_by(user))`)."""
    return Exists(
        SupportAssignment.objects.active().filter(staff_id=user.pk, candidate_id=OuterRef("pk"))
    )


def assignments_supported_by(user) -> QuerySet[SupportAssignment]:
    """The active assignments in which `user` is the buddy, mentor or preceptor."""
    return (
        SupportAssignment.objects.active()
        .filter(staff=user)
        .select_related("candidate__user", "candidate__profession")
        .order_by("next_check_in_on", "candidate__user__full_name")
    )


def assignment_for_logging(user, assignment_id: int) -> SupportAssignment:
    """An active assignment in which `user` is the supporter (only they log its check-ins)."""
    supported = SupportAssignment.objects.active().filter(staff=user)
    return get_object_or_404(supported.select_related("candidate__user"), pk=assignment_id)


def recruit_for_manager(user, candidate_id: int) -> CandidateProfile:
    """A recruit of an organisation `user` manages."""
    recruits = CandidateProfile.objects.select_related("user", "organisation", "profession")
    managed = recruits.filter(organisation_id__in=managed_organisation_ids(user))
    return get_object_or_404(managed, pk=candidate_id)


def recruit_for_supporter(user, candidate_id: int) -> CandidateProfile:
    """A recruit `user` manages or supports now."""
    access = Q(organisation_id__in=managed_organisation_ids(user)) | Q(
        pk__in=candidate_ids_supported_by(user)
    )
    recruits = CandidateProfile.objects.select_related("user", "organisation", "profession")
    return get_object_or_404(recruits.filter(access), pk=candidate_id)


def can_read_check_in_notes(user, check_in: CheckIn) -> bool:
    assignment = check_in.assignment
    if not user.is_authenticated:
        return False
    if user.pk in (assignment.staff_id, assignment.candidate.user_id):
        return True
    return assignment.candidate.organisation_id in managed_organisation_ids(user)


def can_read_pulse_comment(user, candidate: CandidateProfile) -> bool:
    """Only the recruit, their organisation's managers and their buddy (on that organisation's
    staff) read pulse comments."""
    if not user.is_authenticated:
        return False
    if user.pk == candidate.user_id:
        return True
    if candidate.organisation_id is None:
        return False
    if candidate.organisation_id in managed_organisation_ids(user):
        return True
    return (
        SupportAssignment.objects.active()
        .filter(candidate=candidate, staff=user, role=SupportRole.BUDDY)
        .exists()
        and Membership.objects.filter(user=user, organisation_id=candidate.organisation_id).exists()
    )


def change_requests_for_manager(user) -> QuerySet[BuddyChangeRequest]:
    return BuddyChangeRequest.objects.filter(
        candidate__organisation_id__in=managed_organisation_ids(user)
    ).select_related("candidate__user", "assignment__staff", "resolved_by")


def change_request_for_manager(user, request_id: int) -> BuddyChangeRequest:
    return get_object_or_404(change_requests_for_manager(user), pk=request_id)


def networks_for_recruit(candidate: CandidateProfile) -> QuerySet[LocalNetwork]:
    """Networks kept by the recruit's organisation, shared with its region, or national."""
    networks = LocalNetwork.objects.filter(is_active=True).select_related("organisation")
    national = Q(organisation__isnull=True, region="")
    if candidate.organisation_id is None:
        return networks.filter(national)
    return networks.filter(
        national
        | Q(organisation_id=candidate.organisation_id)
        | Q(region=candidate.organisation.region)
    )


def network_for_recruit(candidate: CandidateProfile, network_id: int) -> LocalNetwork:
    return get_object_or_404(networks_for_recruit(candidate), pk=network_id)


def organisations_for_staff(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct()


def networks_kept_by(user) -> QuerySet[LocalNetwork]:
    """Networks kept by organisations where `user` is on the staff."""
    return LocalNetwork.objects.filter(organisation__memberships__user=user).distinct()


def network_kept_by(user, network_id: int) -> LocalNetwork:
    return get_object_or_404(networks_kept_by(user), pk=network_id)


def organisation_managed_by(user, organisation_id: int | None = None) -> Organisation:
    """An organisation `user` manages: the one asked for, or their first."""
    organisations = Organisation.objects.filter(pk__in=managed_organisation_ids(user))
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    organisation = organisations.first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation
