"""Writes for pastoral support. Each function assumes its caller checked access."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile, Profession
from employers.models import Organisation
from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    LocalNetwork,
    NetworkIntroduction,
    PastoralSettings,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
    add_months,
)
from pastoral.selectors import staff_options_for
from pastoral.signals import low_pulse_recorded, supporters_changed


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _refresh_next_check_in(assignment: SupportAssignment) -> None:
    last = assignment.check_ins.order_by("-held_on").values_list("held_on", flat=True).first()
    assignment.next_check_in_on = PastoralSettings.load().next_check_in_on(
        started_on=timezone.localdate(assignment.started_at), last_check_in_on=last
    )
    assignment.save(update_fields=["next_check_in_on"])


def assignment_create(
    *,
    candidate: CandidateProfile,
    staff: User,
    role: str,
    by: User | None,
    over_capacity_reason: str = "",
) -> SupportAssignment:
    """Make `staff` the recruit's buddy, mentor or preceptor.

    Ends the recruit's current assignment in that role (history kept), sets the first check-in
    date and, for a new buddy, resolves the recruit's open buddy change requests; sends
    `supporters_changed` (onboarding stores when the recruit's first buddy started). Raises
    ValidationError (keyed by field) when `staff` is the recruit, is not on the recruit's
    organisation's staff in a matching duty, already holds the role, or is at capacity without a
    reason.
    """
    if staff.pk == candidate.user_id:
        raise ValidationError(
            {"staff": f"{staff.get_full_name()} is the recruit: choose someone else."}
        )
    option = next((o for o in staff_options_for(candidate, role) if o.user.pk == staff.pk), None)
    if option is None:
        role_label = SupportRole(role).label.lower()
        raise ValidationError(
            {
                "staff": f"{staff.get_full_name()} is not on {candidate.organisation}'s staff "
                f"as a possible {role_label}. Choose someone from the recruit's organisation."
            }
        )
    if not option.has_room and not over_capacity_reason.strip():
        raise ValidationError(
            {
                "over_capacity_reason": f"{staff.get_full_name()} already supports "
                f"{option.supporting_now} recruits (capacity {option.capacity}). Give a reason "
                "to assign them anyway."
            }
        )
    now = timezone.now()
    with transaction.atomic():
        current = (
            SupportAssignment.objects.active()
            .select_for_update()
            .filter(candidate=candidate, role=role)
            .first()
        )
        if current and current.staff_id == staff.pk:
            raise ValidationError(
                {"staff": f"{staff.get_full_name()} is already this recruit's {role}."}
            )
        if current:
            current.ended_at = now
            current.save(update_fields=["ended_at"])
        assignment = SupportAssignment.objects.create(
            candidate=candidate,
            staff=staff,
            role=role,
            assigned_by=by,
            started_at=now,
            over_capacity_reason=over_capacity_reason.strip() if not option.has_room else "",
        )
        _refresh_next_check_in(assignment)
        if role == SupportRole.BUDDY:
            BuddyChangeRequest.objects.filter(candidate=candidate, resolved_at__isnull=True).update(
                resolved_at=now,
                resolved_by=by,
                resolution=f"{staff.get_full_name()} assigned as the new buddy.",
            )
        supporters_changed.send(sender=SupportAssignment, candidate_ids=[candidate.pk])
    return assignment


def assignment_end(*, assignment: SupportAssignment, by: User) -> None:
    """End an assignment without a successor; the row stays as history."""
    SupportAssignment.objects.active().filter(pk=assignment.pk).update(ended_at=timezone.now())


def change_request_create(*, candidate: CandidateProfile, reason: str) -> BuddyChangeRequest:
    """Record the recruit's private request for a different buddy (seen by managers only)."""
    current = (
        SupportAssignment.objects.active()
        .filter(candidate=candidate, role=SupportRole.BUDDY)
        .only("pk")
        .first()
    )
    return BuddyChangeRequest.objects.create(
        candidate=candidate, assignment=current, reason=reason.strip()
    )


def change_request_resolve(
    *, change_request: BuddyChangeRequest, by: User, resolution: str
) -> None:
    """Mark the request resolved with the manager's note (only once)."""
    BuddyChangeRequest.objects.filter(pk=change_request.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution.strip()
    )


def check_in_log(
    *,
    assignment: SupportAssignment,
    held_on: date,
    format: str,
    topics: list[str],
    notes: str,
    by: User,
) -> CheckIn:
    """Record a check-in and move the pairing's next check-in date on. Side effects: one
    CheckIn row; the pair's check-ins' days since the previous one (`check_in_gaps_refresh`);
    the assignment's next check-in date."""
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            assignment=assignment,
            held_on=held_on,
            format=format,
            topics=list(topics),
            notes=notes.strip(),
            logged_by=by,
        )
        check_in_gaps_refresh(assignment_id=assignment.pk)
        _refresh_next_check_in(assignment)
    return check_in


def check_in_gaps_refresh(*, assignment_id: int) -> None:
    """Store on each of the pair's check-ins the days since the one before it, in date order
    (none on the first), and the pair's support role, for HEE's check-in regularity figures. A
    check-in logged late, moved or deleted changes the gap of the one after it too, so the
    pair's few check-ins are all worked out again. Called by `check_in_log` and by the admin
    after it changes a check-in or a pair's role. Side effects: the rows whose gap or role
    changed are updated."""
    role = SupportAssignment.objects.filter(pk=assignment_id).values_list("role", flat=True)
    role = role.first() or ""
    check_ins = CheckIn.objects.filter(assignment_id=assignment_id).order_by("held_on", "pk")
    changed, previous_on = [], None
    for check_in in check_ins.only("pk", "held_on", "days_since_previous", "role"):
        gap = (check_in.held_on - previous_on).days if previous_on is not None else None
        if (check_in.days_since_previous, check_in.role) != (gap, role):
            check_in.days_since_previous, check_in.role = gap, role
            changed.append(check_in)
        previous_on = check_in.held_on
    CheckIn.objects.bulk_update(changed, ["days_since_previous", "role"])


def pulse_month_flags_refresh(*, candidate_id: int, month: date) -> None:
    """Mark the recruit's first answer, and first low answer, among their pulses whose period
    starts in `month`'s calendar month (by period start, then id), so HEE's monthly counts of
    recruits need no DISTINCT over every answer. Called by `pulse_submit` and by the admin
    after it changes a pulse. Side effects: the rows whose marks changed are updated."""
    first_day = month.replace(day=1)
    pulses = WellbeingPulse.objects.filter(
        candidate_id=candidate_id,
        period_start__gte=first_day,
        period_start__lt=add_months(first_day, 1),
    ).order_by("period_start", "pk")
    changed, answered, answered_low = [], False, False
    for pulse in pulses.only(
        "pk", "period_start", "is_low", "first_in_month", "first_low_in_month"
    ):
        marks = (not answered, pulse.is_low and not answered_low)
        answered, answered_low = True, answered_low or pulse.is_low
        if (pulse.first_in_month, pulse.first_low_in_month) != marks:
            pulse.first_in_month, pulse.first_low_in_month = marks
            changed.append(pulse)
    WellbeingPulse.objects.bulk_update(changed, ["first_in_month", "first_low_in_month"])


def analysis_marks_rebuild() -> None:
    """Store every pair's check-in gaps and every recruit's monthly pulse marks again with
    `check_in_gaps_refresh` and `pulse_month_flags_refresh`, for rows written round the
    services (the demo seed, a script's fix). Side effects: as those functions'."""
    for assignment_id in (
        CheckIn.objects.order_by().values_list("assignment_id", flat=True).distinct()
    ):
        check_in_gaps_refresh(assignment_id=assignment_id)
    months = (
        WellbeingPulse.objects.order_by()
        .annotate(month=TruncMonth("period_start"))
        .values_list("candidate_id", "month")
        .distinct()
    )
    for candidate_id, month in months:
        pulse_month_flags_refresh(candidate_id=candidate_id, month=month)


def pulse_submit(
    *,
    candidate: CandidateProfile,
    belonging: int,
    wellbeing: int,
    supported: int,
    comment: str = "",
    today: date | None = None,
) -> WellbeingPulse:
    """Store the recruit's pulse for the current period.

    A low answer marks the pulse low and, once committed, sends `low_pulse_recorded` with the
    pulse id (reminders alerts the buddy and managers). Side effects: one WellbeingPulse row;
    the recruit's first-in-month marks (`pulse_month_flags_refresh`). Raises ValidationError if
    the recruit already answered for this period.
    """
    settings = PastoralSettings.load()
    period_start = settings.pulse_period_start(today or timezone.localdate())
    scores = (belonging, wellbeing, supported)
    for score in scores:
        if not 1 <= score <= 5:
            raise ValidationError("Each answer must be a number from 1 to 5.")
    is_low = WellbeingPulse.answers_are_low(scores, low_at_most=settings.pulse_low_at_most)
    next_start = period_start + timedelta(days=settings.pulse_period_days)
    already = (
        f"You have already answered the pulse for the fortnight starting {_day(period_start)}. "
        f"The next one opens on {_day(next_start)}."
    )
    if WellbeingPulse.objects.filter(candidate=candidate, period_start=period_start).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            pulse = WellbeingPulse.objects.create(
                candidate=candidate,
                period_start=period_start,
                belonging=belonging,
                wellbeing=wellbeing,
                supported=supported,
                comment=comment.strip(),
                is_low=is_low,
            )
            pulse_month_flags_refresh(candidate_id=candidate.pk, month=period_start)
    except IntegrityError:
        raise ValidationError(already) from None
    if is_low:
        transaction.on_commit(
            lambda: low_pulse_recorded.send(sender=WellbeingPulse, pulse_id=pulse.pk)
        )
    return pulse


def network_save(
    *,
    network: LocalNetwork | None = None,
    organisation: Organisation,
    by: User,
    name: str,
    kind: str,
    description: str = "",
    contact: str = "",
    link: str = "",
    share_with_region: bool = False,
    is_active: bool = True,
) -> LocalNetwork:
    """Create or update a network kept by `organisation`; sharing it shows it to recruits of
    every organisation in the same region."""
    network = network or LocalNetwork(organisation=organisation)
    network.name = name.strip()
    network.kind = kind
    network.description = description.strip()
    network.contact = contact.strip()
    network.link = link
    network.region = organisation.region if share_with_region else ""
    network.is_active = is_active
    network.updated_by = by
    network.save()
    return network


def introduction_record(
    *, candidate: CandidateProfile, network: LocalNetwork, introduced_on: date | None = None
) -> NetworkIntroduction:
    """Note that the recruit was introduced to the network; saying it twice changes nothing."""
    introduction, _ = NetworkIntroduction.objects.get_or_create(
        candidate=candidate,
        network=network,
        defaults={"introduced_on": introduced_on or timezone.localdate()},
    )
    return introduction


def self_assessment_rate(
    *,
    organisation: Organisation,
    criterion: SelfAssessmentCriterion,
    rating: int,
    evidence: str,
    by: User,
) -> SelfAssessmentRating:
    """Set the organisation's rating and evidence for one criterion."""
    rated, _ = SelfAssessmentRating.objects.update_or_create(
        organisation=organisation,
        criterion=criterion,
        defaults={"rating": rating, "evidence": evidence.strip(), "updated_by": by},
    )
    return rated


def staff_profile_update(*, user: User, profession: Profession | None) -> StaffProfile:
    profile, _ = StaffProfile.objects.update_or_create(
        user=user, defaults={"profession": profession}
    )
    return profile
