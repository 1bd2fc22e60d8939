"""Barriers: reports by theme over time, by profession and by region, and the share resolved.

A report counts when it occurred in the period. Only theme, severity and dates are read: the
description and resolution a recruit wrote never leave the candidates app.
"""

from collections import defaultdict

from django.db.models import Count, F
from django.db.models.functions import TruncQuarter

from candidates.models import BarrierTheme, Profession
from candidates.selectors import barrier_reports_for_analysis
from employers.models import Region
from insights.aggregates import DaysBetween, summary_of_counts
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Share, Statistic
from insights.scope import Scope


def _reports(scope: Scope):
    return scope.in_period(scope.of_cohort(barrier_reports_for_analysis()), "occurred_on")


def counts_by_quarter(scope: Scope) -> dict[tuple[str, tuple[int, int]], int]:
    """{(theme, (year, quarter)): reports}. One query over the reports alone."""
    rows = (
        _reports(scope)
        .annotate(quarter=TruncQuarter("occurred_on"))
        .values("theme", "quarter")
        .annotate(n=Count("id"))
    )
    return {
        (row["theme"], (row["quarter"].year, (row["quarter"].month - 1) // 3 + 1)): row["n"]
        for row in rows
    }


def counts_by_recruit(scope: Scope) -> dict[tuple[str, str | None, str | None], int]:
    """{(theme, the recruit's profession slug, their region): reports}. One query: the reports
    joined to their recruits once for both cross-tabs that need them (`counts_by`)."""
    rows = (
        _reports(scope)
        .annotate(
            by_profession=F("candidate__profession__slug"),
            by_region=F("candidate__organisation__region"),
        )
        .values("theme", "by_profession", "by_region")
        .annotate(n=Count("id"))
    )
    return {(row["theme"], row["by_profession"], row["by_region"]): row["n"] for row in rows}


def counts_by(by_recruit: dict, field: str) -> dict[tuple[str, str], int]:
    """{(theme, profession slug or region): reports}, summed from `counts_by_recruit`, for
    `field` "profession" or "region"."""
    position = {"profession": 1, "region": 2}[field]
    summed: dict = defaultdict(int)
    for key, n in by_recruit.items():
        summed[(key[0], key[position])] += n
    return dict(summed)


def resolution_by_theme(scope: Scope) -> dict[str, dict]:
    """{theme: {"reports", "resolved", "n", "median"}} with the median days to resolve. One
    query: reports counted per theme and days to resolve (none while open)."""
    rows = (
        _reports(scope)
        .annotate(days=DaysBetween("resolved_on", "occurred_on"))
        .values("theme", "days")
        .annotate(n=Count("id"))
    )
    reports: dict[str, int] = defaultdict(int)
    days: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        reports[row["theme"]] += row["n"]
        if row["days"] is not None:
            days[row["theme"]].append((row["days"], row["n"]))
    result = {}
    for theme, count in reports.items():
        n, (median,) = summary_of_counts(sorted(days[theme]), (0.5,))
        result[theme] = {"theme": theme, "reports": count, "resolved": n, "n": n, "median": median}
    return result


def _theme_rows(columns: list, counts: dict) -> list:
    return [
        (label, [CountFigure(counts.get((theme, column), 0)) for column in columns])
        for theme, label in BarrierTheme.choices
    ]


def build(scope: Scope) -> list[RawTable]:
    tables = []
    by_quarter = counts_by_quarter(scope)
    quarters = sorted({quarter for _, quarter in by_quarter})
    tables.append(
        RawTable(
            slug="themes-over-time",
            title="Barrier reports by theme and quarter",
            row_heading="Theme",
            columns=[f"{year} Q{quarter}" for year, quarter in quarters],
            rows=_theme_rows(quarters, by_quarter),
            total_row=True,
            total_column=True,
            additive=list(range(len(quarters))),
            chart_column=-1,
            description="Calendar quarters by the date the barrier occurred.",
        )
    )

    by_recruit = counts_by_recruit(scope)
    by_profession = counts_by(by_recruit, "profession")
    slugs = {slug for _, slug in by_profession}
    professions = [
        (slug, name)
        for slug, name in Profession.objects.filter(slug__in=slugs).values_list("slug", "name")
    ]
    tables.append(
        RawTable(
            slug="themes-by-profession",
            title="Barrier reports by theme and profession",
            row_heading="Theme",
            columns=[name for _, name in professions],
            rows=_theme_rows([slug for slug, _ in professions], by_profession),
            total_row=True,
            total_column=True,
            additive=list(range(len(professions))),
            chart_column=-1,
        )
    )

    by_region = counts_by(by_recruit, "region")
    regions = [
        (value, label) for value, label in Region.choices if any(r == value for _, r in by_region)
    ]
    tables.append(
        RawTable(
            slug="themes-by-region",
            title="Barrier reports by theme and NHS region",
            row_heading="Theme",
            columns=[label for _, label in regions],
            rows=_theme_rows([value for value, _ in regions], by_region),
            total_row=True,
            total_column=True,
            additive=list(range(len(regions))),
            chart_column=-1,
        )
    )

    resolution = resolution_by_theme(scope)
    empty = defaultdict(int, median=None)
    tables.append(
        RawTable(
            slug="resolved",
            title="Share of barrier reports resolved",
            row_heading="Theme",
            columns=["Reports", "Resolved", "Share resolved", "Median days to resolve"],
            rows=[
                (
                    label,
                    [
                        CountFigure(row["reports"]),
                        CountFigure(row["resolved"]),
                        Share(row["resolved"], row["reports"]),
                        Statistic(row["median"], row["n"]),
                    ],
                )
                for theme, label in BarrierTheme.choices
                for row in [resolution.get(theme, empty)]
            ],
            chart_column=2,
            description="Reports from the period that have since been marked resolved.",
        )
    )
    return tables
