"""What the pastoral pages read: a recruit's supporters, check-ins, pulses and change
requests, the assignment picker, the self-assessment, and support summaries for lists of
recruits."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile
from employers.models import Membership, Organisation
from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    NetworkIntroduction,
    PastoralSettings,
    SelfAssessmentCriterion,
    SelfAssessmentGroup,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)
from pastoral.selectors.access import can_read_pulse_comment, managed_organisation_ids

# Which staff duties qualify someone for each support role.
ELIGIBLE_DUTIES = {
    SupportRole.BUDDY: [Membership.Role.BUDDY],
    SupportRole.MENTOR: [Membership.Role.MENTOR],
    SupportRole.PRECEPTOR: [Membership.Role.BUDDY, Membership.Role.MENTOR],
}


def active_assignments_for(candidate) -> QuerySet[SupportAssignment]:
    """The recruit's current buddy, mentor and preceptor assignments, with the staff member."""
    return (
        SupportAssignment.objects.active()
        .filter(candidate=candidate)
        .select_related("staff")
        .order_by("role")
    )


def preceptor_for(candidate) -> User | None:
    assignment = active_assignments_for(candidate).filter(role=SupportRole.PRECEPTOR).first()
    return assignment.staff if assignment else None


def assignment_history_for(candidate) -> QuerySet[SupportAssignment]:
    return SupportAssignment.objects.filter(candidate=candidate).select_related(
        "staff", "assigned_by"
    )


@dataclass
class StaffOption:
    """One member of staff in the assignment picker."""

    user: User
    profession: object
    shares_profession: bool
    supporting_now: int
    capacity: int

    @property
    def has_room(self) -> bool:
        return self.supporting_now < self.capacity

    @property
    def label(self) -> str:
        parts = [self.user.get_full_name()]
        if self.profession:
            same = " (same profession)" if self.shares_profession else ""
            parts.append(f"{self.profession}{same}")
        parts.append(f"supports {self.supporting_now} of {self.capacity}")
        if not self.has_room:
            parts.append("at capacity")
        return " – ".join(parts)


def staff_options_for(candidate: CandidateProfile, role: str) -> list[StaffOption]:
    """Who in the recruit's organisation can take on `role`, with their room to do so; those
    with room and the recruit's profession first. Three queries whatever the staff size."""
    capacities: dict[int, tuple[User, int]] = {}
    memberships = Membership.objects.filter(
        organisation_id=candidate.organisation_id, role__in=ELIGIBLE_DUTIES[role]
    ).select_related("user")
    for membership in memberships:
        if membership.user_id == candidate.user_id or not membership.user.is_active:
            continue
        known = capacities.get(membership.user_id)
        capacity = max(membership.capacity, known[1]) if known else membership.capacity
        capacities[membership.user_id] = (membership.user, capacity)
    if not capacities:
        return []
    professions = {
        profile.user_id: profile.profession
        for profile in StaffProfile.objects.filter(user_id__in=capacities).select_related(
            "profession"
        )
    }
    counts = dict(
        SupportAssignment.objects.active()
        .filter(staff_id__in=capacities, role=role)
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    options = [
        StaffOption(
            user=user,
            profession=professions.get(user_id),
            shares_profession=bool(
                candidate.profession_id
                and professions.get(user_id)
                and professions[user_id].pk == candidate.profession_id
            ),
            supporting_now=counts.get(user_id, 0),
            capacity=capacity,
        )
        for user_id, (user, capacity) in capacities.items()
    ]
    options.sort(
        key=lambda o: (not o.has_room, not o.shares_profession, o.supporting_now, str(o.user))
    )
    return options


def check_ins_for_viewer(user, candidate: CandidateProfile) -> list[CheckIn]:
    """The recruit's check-ins (the caller has already checked the viewer may see the recruit),
    each marked `notes_visible` for this viewer."""
    is_recruit = user.pk == candidate.user_id
    is_manager = not is_recruit and candidate.organisation_id in managed_organisation_ids(user)
    check_ins = list(
        CheckIn.objects.filter(assignment__candidate=candidate).select_related("assignment__staff")
    )
    for check_in in check_ins:
        check_in.notes_visible = is_manager or is_recruit or check_in.assignment.staff_id == user.pk
    return check_ins


def pulses_for_viewer(user, candidate: CandidateProfile) -> list[WellbeingPulse]:
    """The recruit's pulses, newest first, each marked `comment_visible` for this viewer."""
    comment_visible = can_read_pulse_comment(user, candidate)
    pulses = list(WellbeingPulse.objects.filter(candidate=candidate))
    for pulse in pulses:
        pulse.comment_visible = comment_visible
    return pulses


def current_pulse_period(today: date | None = None) -> date:
    return PastoralSettings.load().pulse_period_start(today or timezone.localdate())


def pulse_for_period(candidate: CandidateProfile, period_start: date) -> WellbeingPulse | None:
    return WellbeingPulse.objects.filter(candidate=candidate, period_start=period_start).first()


def pulses_for_managed_organisations(user, *, since: date) -> QuerySet[WellbeingPulse]:
    """Pulses from the recruits of organisations `user` manages (comments included: managers may
    read them), low ones first."""
    return (
        WellbeingPulse.objects.filter(
            candidate__organisation_id__in=managed_organisation_ids(user),
            period_start__gte=since,
        )
        .select_related("candidate__user")
        .order_by("-is_low", "-period_start", "candidate__user__full_name")
    )


def pulse_is_low(pulse: WellbeingPulse) -> bool:
    """Whether any answer was low (at or below the low score in force when it was submitted):
    the same rule as `WellbeingPulse.low_q`, for a pulse already in memory."""
    return pulse.is_low


def open_change_request_for(candidate: CandidateProfile) -> BuddyChangeRequest | None:
    return BuddyChangeRequest.objects.filter(candidate=candidate, resolved_at__isnull=True).first()


def introduced_network_ids(candidate: CandidateProfile) -> set[int]:
    return set(
        NetworkIntroduction.objects.filter(candidate=candidate).values_list("network_id", flat=True)
    )


def self_assessment_criterion(criterion_id: int) -> SelfAssessmentCriterion:
    return get_object_or_404(
        SelfAssessmentCriterion.objects.filter(is_active=True), pk=criterion_id
    )


def self_assessment_for(organisation: Organisation) -> list[dict]:
    """Each group with its criteria, the organisation's ratings and a score: the percentage of
    the maximum (unrated criteria count as 0). Two queries."""
    ratings = {
        rating.criterion_id: rating
        for rating in SelfAssessmentRating.objects.filter(organisation=organisation)
    }
    groups = {
        value: {"key": value, "label": label, "rows": []}
        for value, label in SelfAssessmentGroup.choices
    }
    for criterion in SelfAssessmentCriterion.objects.filter(is_active=True):
        groups[criterion.group]["rows"].append((criterion, ratings.get(criterion.pk)))
    for group in groups.values():
        rows = group["rows"]
        total = sum(rating.rating for _, rating in rows if rating)
        maximum = SelfAssessmentRating.MAXIMUM * len(rows)
        group["rated"] = sum(1 for _, rating in rows if rating)
        group["score"] = round(100 * total / maximum) if maximum else None
    return list(groups.values())


def latest_pulse_is_low(candidate_id) -> Subquery:
    """An expression: whether the latest pulse of the recruit `candidate_id` (an OuterRef or
    F) was low; NULL when they have none (`WellbeingPulse.latest_is_low`). For a list that
    reads it with its own rows."""
    return WellbeingPulse.latest_is_low(candidate_id)


def support_summaries(candidate_ids: list[int], *, with_pulse: bool = True) -> dict[int, dict]:
    """For each recruit: "buddy", "mentor", "preceptor" (display names or None), "low_pulse"
    (their latest pulse was low; left False without `with_pulse`, for a caller that reads
    `latest_pulse_is_low` itself) and "next_check_in_on" (the earliest across their
    supporters). Two queries (one without the pulse), whatever the number of recruits. Each
    name is `SupportAssignment.active_supporter_name`'s, read for many recruits at once."""
    summaries = {
        candidate_id: {
            "buddy": None,
            "mentor": None,
            "preceptor": None,
            "low_pulse": False,
            "next_check_in_on": None,
        }
        for candidate_id in candidate_ids
    }
    if not summaries:
        return summaries
    assignments = (
        SupportAssignment.objects.active()
        .filter(candidate_id__in=summaries)
        .order_by("-started_at")
        .values_list("candidate_id", "role", "next_check_in_on", "staff__full_name", "staff__email")
    )
    for candidate_id, role, due, full_name, email in assignments:
        summary = summaries[candidate_id]
        summary[role] = full_name or email  # as User.get_full_name()
        if due and (summary["next_check_in_on"] is None or due < summary["next_check_in_on"]):
            summary["next_check_in_on"] = due
    if not with_pulse:
        return summaries
    low_latest = (
        CandidateProfile.objects.filter(pk__in=summaries)
        .annotate(low=latest_pulse_is_low(OuterRef("pk")))
        .filter(low=True)
        .values_list("pk", flat=True)
    )
    for candidate_id in low_latest:
        summaries[candidate_id]["low_pulse"] = True
    return summaries
