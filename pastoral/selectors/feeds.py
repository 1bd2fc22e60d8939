"""What reminders read: check-ins and pulses due, low pulses, active buddies, who each reminder
goes to, and the assignments and pulses a reminder's message names (loaded many at once)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, QuerySet

from candidates.models import CandidateProfile
from employers.models import Membership
from pastoral.models import SupportAssignment, SupportRole, WellbeingPulse
from pastoral.selectors.pages import current_pulse_period


def active_buddy_ids_for(candidate_ids: Iterable[int]) -> dict[int, list[int]]:
    """Candidate id → user ids of that recruit's active buddies, for many recruits in one query.

    Every id asked about is a key (an empty list when the recruit has no buddy now).
    """
    buddy_ids: dict[int, list[int]] = {candidate_id: [] for candidate_id in candidate_ids}
    if not buddy_ids:
        return buddy_ids
    rows = (
        SupportAssignment.objects.active()
        .filter(role=SupportRole.BUDDY, candidate_id__in=list(buddy_ids))
        .order_by("candidate_id", "pk")
        .values_list("candidate_id", "staff_id")
    )
    for candidate_id, staff_id in rows:
        buddy_ids[candidate_id].append(staff_id)
    return buddy_ids


def check_ins_due(*, today: date) -> QuerySet[SupportAssignment]:
    """Active assignments whose next check-in is due today or overdue."""
    return (
        SupportAssignment.objects.active()
        .filter(next_check_in_on__lte=today)
        .select_related("candidate__user", "staff")
    )


def pulse_due_candidates(*, today: date) -> QuerySet[CandidateProfile]:
    """Recruits with an employer who have not answered the pulse for the current period."""
    period_start = current_pulse_period(today)
    answered = WellbeingPulse.objects.filter(period_start=period_start).values("candidate_id")
    return (
        CandidateProfile.objects.filter(organisation__isnull=False, user__is_active=True)
        .exclude(pk__in=answered)
        .select_related("user")
    )


def check_in_due_recipients(*, today: date) -> QuerySet:
    """`check_ins_due` as plain values: `recipient_id` (the member of staff), `assignment_id`
    and `next_check_in_on`."""
    return (
        check_ins_due(today=today)
        .order_by()
        .values("next_check_in_on", recipient_id=F("staff_id"), assignment_id=F("pk"))
    )


def pulse_due_recipients(*, today: date) -> QuerySet:
    """`pulse_due_candidates` as plain values: `recipient_id` (the recruit's account) and
    `recruit_id`."""
    return (
        pulse_due_candidates(today=today)
        .order_by()
        .values(recipient_id=F("user_id"), recruit_id=F("pk"))
    )


def low_pulses() -> QuerySet[WellbeingPulse]:
    """Pulses answered low (`WellbeingPulse.low_q`), each with its recruit (and their account
    and organisation)."""
    return WellbeingPulse.objects.low().select_related("candidate__user", "candidate__organisation")


def low_pulse_recipients(pulse: WellbeingPulse) -> dict[str, list[int]]:
    """Who hears of a low pulse at once: user ids of the recruit's active buddies ("buddy") and
    of the managers of their organisation ("manager")."""
    candidate = pulse.candidate
    managers = Membership.objects.filter(
        organisation_id=candidate.organisation_id, role=Membership.Role.MANAGER
    ).order_by("pk")
    return {
        "buddy": active_buddy_ids_for([candidate.pk])[candidate.pk],
        "manager": list(managers.values_list("user_id", flat=True)),
    }


def assignments_by_id(ids: Iterable[int]) -> dict[int, SupportAssignment]:
    """Assignments by id, ended or not, each with its recruit's account, in one query."""
    return SupportAssignment.objects.select_related("candidate__user").in_bulk(list(ids))


def pulses_by_id(ids: Iterable[int]) -> dict[int, WellbeingPulse]:
    """Pulses by id, each with its recruit's account, in one query."""
    return WellbeingPulse.objects.select_related("candidate__user").in_bulk(list(ids))
