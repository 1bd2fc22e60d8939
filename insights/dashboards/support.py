"""Support: buddies in the first 14 days, check-in regularity, onboarding completion, and the
wellbeing pulse (trend, and the share of recruits giving a low answer).

The cohort for the first three is recruits whose planned start date falls in the period and has
passed; pulses count when their fortnight starts in the period.
"""

from datetime import timedelta

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Lag, TruncMonth
from django.utils import timezone

from insights.aggregates import DaysBetween, grouped_percentiles
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Share, Statistic
from insights.scope import Scope
from onboarding.selectors import offers_for_analysis, tasks_for_analysis
from pastoral.models import SupportRole
from pastoral.selectors import (
    assignments_for_analysis,
    check_ins_for_analysis,
    pulses_for_analysis,
)

BUDDY_WITHIN_DAYS = 14


def _started(scope: Scope):
    today = scope.today or timezone.localdate()
    return scope.in_period(
        scope.of_cohort(offers_for_analysis()).filter(start_date__lte=today), "start_date"
    )


def first_weeks(scope: Scope) -> dict[str, int]:
    """Counts for the buddy and onboarding measures. One query."""
    today = scope.today or timezone.localdate()
    buddied = Exists(
        assignments_for_analysis()
        .order_by()
        .filter(
            candidate_id=OuterRef("candidate_id"),
            role=SupportRole.BUDDY,
            started_at__date__lte=OuterRef("start_date") + timedelta(days=BUDDY_WITHIN_DAYS),
        )
    )
    required = (
        tasks_for_analysis().order_by().filter(candidate_id=OuterRef("candidate_id"), required=True)
    )
    return (
        _started(scope)
        .annotate(
            buddied=buddied,
            has_tasks=Exists(required),
            has_open=Exists(required.filter(completed_at__isnull=True)),
        )
        .aggregate(
            started_14=Count(
                "id", filter=Q(start_date__lte=today - timedelta(days=BUDDY_WITHIN_DAYS))
            ),
            buddied_14=Count(
                "id",
                filter=Q(buddied=True, start_date__lte=today - timedelta(days=BUDDY_WITHIN_DAYS)),
            ),
            with_tasks=Count("id", filter=Q(has_tasks=True)),
            completed=Count("id", filter=Q(has_tasks=True, has_open=False)),
        )
    )


def check_in_gaps(scope: Scope) -> dict[str, tuple[int, list[float | None]]]:
    """{support role: (gaps, [median, p90])} days between one check-in and the one before it in
    the same assignment, for check-ins held in the period. One query."""
    check_ins = scope.of_cohort(check_ins_for_analysis())
    if scope.end:
        # Later check-ins are never "the one before" a check-in in the period.
        check_ins = check_ins.filter(held_on__lte=scope.end)
    previous_on = Window(
        Lag("held_on"), partition_by=[F("assignment_id")], order_by=F("held_on").asc()
    )
    gaps = grouped_percentiles(
        check_ins,
        group=["role"],
        value=DaysBetween("held_on", previous_on),
        keep=scope.period_q("held_on"),
    )
    return {key[0]: value for key, value in gaps.items()}


def pulse_months(scope: Scope) -> list[dict]:
    """Per month: recruits answering, recruits with a low answer, and the mean scores. One
    query."""
    pulses = scope.in_period(scope.of_cohort(pulses_for_analysis()), "period_start")
    return list(
        pulses.annotate(month=TruncMonth("period_start"))
        .values("month")
        .annotate(
            recruits=Count("candidate_id", distinct=True),
            low=Count("candidate_id", distinct=True, filter=Q(is_low=True)),
            belonging=Avg("belonging"),
            wellbeing=Avg("wellbeing"),
            supported=Avg("supported"),
        )
        .order_by("month")
    )


def build(scope: Scope) -> list[RawTable]:
    counts = first_weeks(scope)
    measures = RawTable(
        slug="first-weeks",
        title="Buddies and onboarding",
        row_heading="Measure",
        columns=["Recruits in the group", "Share"],
        rows=[
            (
                f"Had a buddy within {BUDDY_WITHIN_DAYS} days of starting",
                [
                    CountFigure(counts["started_14"]),
                    Share(counts["buddied_14"], counts["started_14"]),
                ],
            ),
            (
                "Finished every required onboarding task",
                [
                    CountFigure(counts["with_tasks"]),
                    Share(counts["completed"], counts["with_tasks"]),
                ],
            ),
        ],
        chart_column=1,
        description=(
            "Recruits whose planned start date is in the period and has passed. The buddy measure "
            f"counts those who started at least {BUDDY_WITHIN_DAYS} days ago."
        ),
    )
    gaps = check_in_gaps(scope)
    regularity = RawTable(
        slug="check-ins",
        title="Days between check-ins",
        row_heading="Supporter",
        columns=["Check-ins after the first", "Median days", "90th percentile days"],
        rows=[
            (label, [CountFigure(n), Statistic(median, n), Statistic(p90, n)])
            for role, label in SupportRole.choices
            for n, (median, p90) in [gaps.get(role, (0, [None, None]))]
        ],
        chart_column=1,
        description="For check-ins held in the period, days since the pair's previous check-in.",
    )
    months = pulse_months(scope)
    pulse = RawTable(
        slug="pulse",
        title="Wellbeing pulse by month",
        row_heading="Month",
        columns=[
            "Recruits answering",
            "Mean belonging (1–5)",
            "Mean wellbeing (1–5)",
            "Mean feeling supported (1–5)",
            "Share with a low answer",
        ],
        rows=[
            (
                f"{row['month']:%B %Y}",
                [
                    CountFigure(row["recruits"]),
                    Statistic(row["belonging"], row["recruits"], decimals=1),
                    Statistic(row["wellbeing"], row["recruits"], decimals=1),
                    Statistic(row["supported"], row["recruits"], decimals=1),
                    Share(row["low"], row["recruits"]),
                ],
            )
            for row in months
        ],
        chart_column=2,
        description="Answers by the month their fortnight started; a low answer is at or below "
        "the low score set by the portal's administrators.",
    )
    return [measures, regularity, pulse]
