"""What the insights dashboards read: pastoral rows without names or free text."""

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate

from candidates.models import CandidateProfile
from pastoral.models import (
    CheckIn,
    CheckInGapCount,
    NetworkIntroduction,
    PulsePeriodTotals,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)


def _recruit_column(field: str) -> Subquery:
    """A column of the recruit the row is about, looked up only when selected: the dashboards'
    aggregates filter and group on other columns, so they pay no join over every recruit."""
    recruits = CandidateProfile.objects.filter(pk=OuterRef("candidate_id")).order_by()
    return Subquery(recruits.values(field)[:1])


def assignments_for_analysis() -> QuerySet:
    return SupportAssignment.objects.values(
        "id",
        "candidate_id",
        "role",
        "started_at",
        "ended_at",
        organisation_id=_recruit_column("organisation_id"),
        profession_id=_recruit_column("profession_id"),
    ).annotate(
        over_capacity=ExpressionWrapper(~Q(over_capacity_reason=""), output_field=BooleanField())
    )


def check_ins_for_analysis() -> QuerySet:
    """One row per check-in, with its days since the pair's previous one and the pair's role
    (both stored on the check-in, so counting them joins nothing). The recruit's columns are
    looked up only when selected; filter on `assignment__candidate_id` to choose recruits."""
    pairs = SupportAssignment.objects.filter(pk=OuterRef("assignment_id")).order_by()
    return CheckIn.objects.values(
        "id",
        "assignment_id",
        "held_on",
        "days_since_previous",
        "role",
        "format",
        "topics",
        candidate_id=Subquery(pairs.values("candidate_id")[:1]),
        organisation_id=Subquery(pairs.values("candidate__organisation_id")[:1]),
    )


def first_buddy_started_on(candidate_id) -> QuerySet:
    """The day a recruit's first buddy started (ended since or not), as a one-value subquery;
    `candidate_id` may be an OuterRef."""
    return (
        SupportAssignment.objects.filter(candidate_id=candidate_id, role=SupportRole.BUDDY)
        .order_by("started_at")
        .values(started_on=TruncDate("started_at"))[:1]
    )


def check_in_gap_counts_for_analysis() -> QuerySet:
    """Check-ins after a pair's first, counted per day held, role and days since the previous
    one, over every recruit (no recruit can be chosen: filter check_ins_for_analysis for that)."""
    return CheckInGapCount.objects.values("held_on", "role", "days_since_previous", "check_ins")


def pulse_period_totals_for_analysis() -> QuerySet:
    """Pulse answers added up per period, over every recruit (no recruit can be chosen: filter
    pulses_for_analysis for that)."""
    return PulsePeriodTotals.objects.values(
        "period_start",
        "answers",
        "first_in_month",
        "first_low_in_month",
        "belonging",
        "wellbeing",
        "supported",
    )


def pulses_for_analysis() -> QuerySet:
    return WellbeingPulse.objects.values(
        "id",
        "candidate_id",
        "period_start",
        "belonging",
        "wellbeing",
        "supported",
        "is_low",
        "submitted_at",
        "first_in_month",
        "first_low_in_month",
        organisation_id=_recruit_column("organisation_id"),
    )


def introductions_for_analysis() -> QuerySet:
    return NetworkIntroduction.objects.values(
        "id",
        "candidate_id",
        "network_id",
        "introduced_on",
        organisation_id=F("candidate__organisation_id"),
        network_kind=F("network__kind"),
    )
