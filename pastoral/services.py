"""Writes for pastoral support. Each function assumes its caller checked access."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile, Profession
from employers.models import Organisation
from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    CheckInGapCount,
    LocalNetwork,
    NetworkIntroduction,
    PastoralSettings,
    PulsePeriodTotals,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
    add_months,
)
from pastoral.selectors import staff_options_for
from pastoral.signals import low_pulse_recorded
from portal.locks import lock_table_writes_until_commit, lock_until_commit
from portal.stored_counts import recount_deferred_to


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
    date and, for a new buddy, resolves the recruit's open buddy change requests. Raises
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
    """Record a check-in and move the pairing's next check-in date on. Its days since the
    pair's previous check-in are stored by `check_in_gaps_refresh` (pastoral.receivers)."""
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            assignment=assignment,
            held_on=held_on,
            format=format,
            topics=list(topics),
            notes=notes.strip(),
            logged_by=by,
        )
        _refresh_next_check_in(assignment)
    return check_in


def check_in_gaps_refresh(*, assignment_id: int, days: Iterable[date] = ()) -> None:
    """Store on each of the pair's check-ins the days since the one before it, in date order
    (none on the first), and the pair's support role. A check-in logged late, moved or deleted
    changes the gap of the one after it too, so the pair's few check-ins are all worked out
    again. Side effects: the rows whose gap or role changed are updated (without signals), and
    the gap counts of their days and of `days` (where a check-in was added, moved from or
    deleted) are counted again (`check_in_gap_counts_refresh`)."""
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
    check_in_gap_counts_refresh(days={check_in.held_on for check_in in changed} | set(days))


# Advisory lock spaces (portal.locks): one day's gap counts, one period's pulse totals.
GAP_COUNTS_LOCK, PERIOD_TOTALS_LOCK = 7301, 7302
# The counts are derived rows: deleted in SQL, so no model signal fires for them (the source
# rows' own signals already tell the dashboards' cache that the data changed).
DELETE_GAP_COUNTS_OF_DAY = "DELETE FROM pastoral_checkingapcount WHERE held_on = %s"
DELETE_PERIOD_TOTALS_OF_PERIOD = "DELETE FROM pastoral_pulseperiodtotals WHERE period_start = %s"


def check_in_gap_counts_refresh(*, days: Iterable[date]) -> None:
    """Count again, for each of `days`, the check-ins held that day by role and days since the
    pair's previous one. Side effect: those days' CheckInGapCount rows are replaced (inside
    portal.stored_counts.stored_counts_deferred, the whole table is rebuilt when the block ends
    instead)."""
    days = sorted(set(days))
    if not days or recount_deferred_to(check_in_gap_counts_rebuild):
        return
    with transaction.atomic():
        lock_until_commit(GAP_COUNTS_LOCK, [day.toordinal() for day in days])
        with connection.cursor() as cursor:
            for day in days:
                cursor.execute(DELETE_GAP_COUNTS_OF_DAY, [day])
        counted = (
            CheckIn.objects.filter(held_on__in=days, days_since_previous__isnull=False)
            .order_by()
            .values("held_on", "role", "days_since_previous")
            .annotate(check_ins=Count("*"))
        )
        CheckInGapCount.objects.bulk_create(CheckInGapCount(**row) for row in counted)


GAP_COUNTS_REBUILD = """
    INSERT INTO pastoral_checkingapcount (held_on, role, days_since_previous, check_ins)
    SELECT held_on, role, days_since_previous, COUNT(*) FROM pastoral_checkin
    WHERE days_since_previous IS NOT NULL
    GROUP BY held_on, role, days_since_previous
"""


def check_in_gap_counts_rebuild() -> int:
    """Every day's check-in gap counts from scratch, in one INSERT … SELECT (for bulk loads that
    write check-ins without the services). Side effect: every CheckInGapCount row is replaced,
    and other transactions' writes to the table wait until this one ends. Returns how many rows
    there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        lock_table_writes_until_commit("pastoral_checkingapcount")
        cursor.execute("DELETE FROM pastoral_checkingapcount")
        cursor.execute(GAP_COUNTS_REBUILD)
        return cursor.rowcount


def pulse_month_flags_refresh(
    *, candidate_id: int, month: date, period_starts: Iterable[date] = ()
) -> None:
    """Mark the recruit's first answer, and first low answer, among their pulses whose period
    starts in `month`'s calendar month (by period start, then id). Side effects: the rows whose
    marks changed are updated (without signals), and the totals of their periods and of
    `period_starts` (where a pulse was added, changed, moved from or deleted) are added up
    again (`pulse_period_totals_refresh`)."""
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
    pulse_period_totals_refresh(
        period_starts={pulse.period_start for pulse in changed} | set(period_starts)
    )


def pulse_period_totals_refresh(*, period_starts: Iterable[date]) -> None:
    """Add up again every answer to the pulse for each of `period_starts`. Side effect: those
    periods' PulsePeriodTotals rows are replaced (removed when no answer is left); inside
    portal.stored_counts.stored_counts_deferred, the whole table is rebuilt when the block ends
    instead."""
    period_starts = sorted(set(period_starts))
    if not period_starts or recount_deferred_to(pulse_period_totals_rebuild):
        return
    with transaction.atomic():
        lock_until_commit(PERIOD_TOTALS_LOCK, [day.toordinal() for day in period_starts])
        with connection.cursor() as cursor:
            for period_start in period_starts:
                cursor.execute(DELETE_PERIOD_TOTALS_OF_PERIOD, [period_start])
        totals = (
            WellbeingPulse.objects.filter(period_start__in=period_starts)
            .order_by()
            .values("period_start")
            .annotate(
                answers=Count("*"),
                first_in_month_total=Count("id", filter=Q(first_in_month=True)),
                first_low_in_month_total=Count("id", filter=Q(first_low_in_month=True)),
                belonging_total=Sum("belonging"),
                wellbeing_total=Sum("wellbeing"),
                supported_total=Sum("supported"),
            )
        )
        PulsePeriodTotals.objects.bulk_create(
            PulsePeriodTotals(
                period_start=row["period_start"],
                answers=row["answers"],
                first_in_month=row["first_in_month_total"],
                first_low_in_month=row["first_low_in_month_total"],
                belonging=row["belonging_total"],
                wellbeing=row["wellbeing_total"],
                supported=row["supported_total"],
            )
            for row in totals
        )


PERIOD_TOTALS_REBUILD = """
    INSERT INTO pastoral_pulseperiodtotals (period_start, answers, first_in_month,
        first_low_in_month, belonging, wellbeing, supported)
    SELECT period_start, COUNT(*),
        SUM(CASE WHEN first_in_month THEN 1 ELSE 0 END),
        SUM(CASE WHEN first_low_in_month THEN 1 ELSE 0 END),
        SUM(belonging), SUM(wellbeing), SUM(supported)
    FROM pastoral_wellbeingpulse
    GROUP BY period_start
"""


def pulse_period_totals_rebuild() -> int:
    """Every period's pulse totals from scratch, in one INSERT … SELECT (for bulk loads that
    write pulses without the services). Side effect: every PulsePeriodTotals row is replaced,
    and other transactions' writes to the table wait until this one ends. Returns how many rows
    there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        lock_table_writes_until_commit("pastoral_pulseperiodtotals")
        cursor.execute("DELETE FROM pastoral_pulseperiodtotals")
        cursor.execute(PERIOD_TOTALS_REBUILD)
        return cursor.rowcount


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
    pulse id (reminders alerts the buddy and managers). Raises ValidationError if the recruit
    already answered for this period.
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
