"""Support: buddies in the first 14 days, check-in regularity, onboarding completion, and the
wellbeing pulse (trend, and the share of recruits giving a low answer).

The cohort for the first three is recruits whose planned start date falls in the period and has
passed; pulses count when their fortnight starts in the period.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from insights.aggregates import summary_of_counts
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Share, Statistic
from insights.models import CheckInGapCount, CountsRefresh, PulsePeriodCount
from insights.scope import Scope
from onboarding.selectors import offer_starts_for_analysis
from pastoral.models import SupportRole, WellbeingPulse, add_months
from pastoral.selectors import check_ins_for_analysis, pulses_for_analysis

BUDDY_WITHIN_DAYS = 14


def first_weeks(scope: Scope) -> dict[str, int]:
    """Counts for the buddy and onboarding measures, over recruits whose planned start is in
    the period and has passed. One query over the offers, each beside its recruit's stored
    onboarding progress (onboarding.JourneyProgress: when their first buddy started, how many
    required tasks they have and have left), so no buddy assignment or task is read."""
    today = scope.today or timezone.localdate()
    started = scope.in_period(
        scope.of_cohort(offer_starts_for_analysis()).filter(start_date__lte=today), "start_date"
    )
    buddied = Q(first_buddy_on__lte=F("start_date") + timedelta(days=BUDDY_WITHIN_DAYS))
    has_tasks = Q(required_count__gt=0)
    all_done = has_tasks & Q(required_open_count=0)
    started_14 = Q(start_date__lte=today - timedelta(days=BUDDY_WITHIN_DAYS))
    return started.aggregate(
        started_14=Count("id", filter=started_14),
        buddied_14=Count("id", filter=started_14 & buddied),
        with_tasks=Count("id", filter=has_tasks),
        completed=Count("id", filter=all_done),
    )


def check_in_gap_counts(check_ins: QuerySet, *by: str) -> QuerySet:
    """The one definition of what the regularity figure counts: check-ins after a pair's first,
    per support role and days since the pair's previous check-in (both stored on each check-in
    by pastoral), and per any further fields `by` names."""
    return (
        check_ins.filter(days_since_previous__isnull=False)
        .order_by()
        .values(*by, "role", "days_since_previous")
        .annotate(check_ins=Count("*"))
    )


def check_in_gaps(scope: Scope) -> dict[str, tuple[int, list[float | None]]]:
    """{support role: (gaps, [median, p90])} days between one check-in and the one before it in
    the same assignment, for check-ins held in the period. One query: for every recruit, over
    the counts per day the last refresh stored (`insights.models.CheckInGapCount`, made by
    `check_in_gap_counts`; the check-ins themselves before the first refresh); otherwise over the
    chosen recruits' check-ins."""
    if scope.every_recruit and CountsRefresh.last() is not None:
        counted = (
            scope.in_period(CheckInGapCount.objects.all(), "held_on")
            .order_by()
            .values("role", "days_since_previous")
            .annotate(check_ins=Sum("check_ins"))
        )
    else:
        check_ins = scope.in_period(
            scope.of_cohort(check_ins_for_analysis(), "assignment__candidate_id"), "held_on"
        )
        counted = check_in_gap_counts(check_ins)
    by_role: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for row in counted:
        by_role[row["role"]].append((row["days_since_previous"], row["check_ins"]))
    return {role: summary_of_counts(sorted(counts)) for role, counts in by_role.items()}


def pulse_period_counts(pulses: QuerySet) -> QuerySet:
    """The one definition of what the pulse trend adds up per fortnight: answers, recruits
    counted through their first answer in the month, and their first low answer (marks pastoral
    stores on each pulse, so no DISTINCT over every answer is needed), and the scores' sums."""
    return (
        pulses.order_by()
        .values("period_start")
        .annotate(
            answers=Count("id"),
            recruits=Count("id", filter=Q(first_in_month=True)),
            low=Count("id", filter=Q(first_low_in_month=True)),
            belonging=Sum("belonging"),
            wellbeing=Sum("wellbeing"),
            supported=Sum("supported"),
        )
    )


def _partial_months(scope: Scope) -> list[date]:
    """The first days of the months the period covers only in part (none when it is open)."""
    months = []
    if scope.start and scope.start.day != 1:
        months.append(scope.start.replace(day=1))
    if scope.end and (scope.end + timedelta(days=1)).day != 1:
        months.append(scope.end.replace(day=1))
    return months


def pulse_months(scope: Scope) -> list[dict]:
    """Per month: recruits answering, recruits with a low answer, and the mean scores.

    One query, per fortnight (`pulse_period_counts`): for every recruit over the sums the last
    refresh stored (`insights.models.PulsePeriodCount`; the answers before the first refresh),
    otherwise over the chosen recruits' answers. A month the period covers only in part may have
    left out a recruit's first answer, so its recruits are counted with DISTINCT over that
    month's answers alone (a second query, only then)."""
    pulses = scope.in_period(scope.of_cohort(pulses_for_analysis()), "period_start")
    if scope.every_recruit and CountsRefresh.last() is not None:
        per_fortnight = scope.in_period(PulsePeriodCount.objects.all(), "period_start").values()
    else:
        per_fortnight = pulse_period_counts(pulses)
    scores = ["belonging", "wellbeing", "supported"]
    totals: dict[date, dict] = {}
    for row in per_fortnight:
        month = row["period_start"].replace(day=1)
        total = totals.setdefault(month, dict.fromkeys(["answers", "recruits", "low", *scores], 0))
        for key in total:
            total[key] += row[key]
    partial = [month for month in _partial_months(scope) if month in totals]
    if partial:
        in_partial = Q()
        for month in partial:
            in_partial |= Q(period_start__gte=month, period_start__lt=add_months(month, 1))
        distinct = (
            pulses.filter(in_partial)
            .annotate(month=TruncMonth("period_start"))
            .values("month")
            .annotate(
                recruits=Count("candidate_id", distinct=True),
                low=Count("candidate_id", distinct=True, filter=WellbeingPulse.low_q()),
            )
        )
        for row in distinct:
            totals[row["month"]].update(recruits=row["recruits"], low=row["low"])
    return [
        {
            "month": month,
            "recruits": total["recruits"],
            "low": total["low"],
            **{score: total[score] / total["answers"] for score in scores},
        }
        for month, total in sorted(totals.items())
    ]


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
