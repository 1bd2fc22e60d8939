"""Time: median and 90th-percentile days per HCPC step, and from offer to registration.

A step counts when it finished in the period; days are calendar days from its start to its
finish. HCPC's targets are shown as published (the assessment target is in working days), with
the share of steps finished by their due date, which already counts working days.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F, QuerySet, Sum

from candidates.models import Profession, RegistrationStep, RegistrationStepTemplate
from candidates.selectors import registration_steps_for_analysis
from insights.aggregates import DaysBetween, summary_of_counts, value_counts
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Reference, Share, Statistic
from insights.models import CountsRefresh, FinishedStepCount
from insights.scope import Scope
from onboarding.selectors import journey_progress_for_analysis

HCPC = Profession.Regulator.HCPC


def _target(amount: int | None, unit: str) -> Reference:
    if not amount:
        return Reference("No target")
    words = "working days" if unit == "working_days" else "days"
    return Reference(f"{amount} {words}", amount)


def finished_step_counts(steps: QuerySet, *by: str) -> QuerySet:
    """The one definition of what the step-time figures count: steps that started and
    finished, per template and calendar days taken, with how many had a due date and how many
    finished by it (`RegistrationStep.finished_on_time_q`), and per any further fields `by`
    names."""
    return (
        steps.filter(started_on__isnull=False, finished_on__isnull=False)
        .order_by()
        .annotate(days=DaysBetween("finished_on", "started_on"))
        .values(*by, "template_id", "days")
        .annotate(
            steps=Count("*"),
            with_due=Count("due_on"),
            on_time=Count("id", filter=RegistrationStep.finished_on_time_q()),
        )
    )


def hcpc_steps() -> QuerySet:
    """Every recruit's HCPC registration steps, for `finished_step_counts`."""
    return registration_steps_for_analysis().filter(regulator=HCPC)


def step_counts(scope: Scope) -> list[dict]:
    """HCPC steps finished in the period, counted by `finished_step_counts`. For every recruit,
    the months the period covers whole are read from the counts per month the last refresh
    stored (`insights.models.FinishedStepCount`; the steps themselves before the first refresh)
    and only the days left over at either end from the steps; otherwise the chosen recruits'
    steps are counted. One query, or up to three."""
    steps = scope.of_cohort(hcpc_steps())
    if not scope.every_recruit or CountsRefresh.last() is None:
        return list(finished_step_counts(scope.in_period(steps, "finished_on")))
    months, rest = scope.in_whole_months()
    counted = []
    if not months.empty:
        stored = FinishedStepCount.objects.order_by()
        if (in_months := months.q("month")) is not None:
            stored = stored.filter(in_months)
        counted += stored.values("template_id", "days").annotate(
            steps=Sum("steps"), with_due=Sum("with_due"), on_time=Sum("on_time")
        )
    for first, last in rest:
        counted += finished_step_counts(steps.filter(finished_on__gte=first, finished_on__lte=last))
    return counted


def step_times(scope: Scope) -> list[dict]:
    """Per HCPC step finished in the period: how many, median and 90th percentile days, the
    target and how many finished by their due date. The steps counted per template and number
    of days (`step_counts`), then one query for those templates' names and targets; the sums and
    exact percentiles are worked out here."""
    counted = step_counts(scope)
    step = ["key", "name", "target_amount", "target_unit"]
    templates = {
        row["id"]: row
        for row in RegistrationStepTemplate.objects.filter(
            id__in={row["template_id"] for row in counted}
        ).values("id", "order", *step)
    }
    # One row per step as shown (key, name and target); percentiles per key, as HCPC counts it.
    by_step: dict[tuple, dict] = {}
    days_by_key: dict[str, Counter] = defaultdict(Counter)
    for row in counted:
        template = templates[row["template_id"]]
        summary = by_step.setdefault(
            tuple(template[field] for field in step),
            {"template_key": template["key"], "template_name": template["name"],
             "target_amount": template["target_amount"], "target_unit": template["target_unit"],
             "order": template["order"], "finished": 0, "with_due": 0, "on_time": 0},
        )  # fmt: skip
        summary["order"] = max(summary["order"], template["order"])
        summary["finished"] += row["steps"]
        summary["with_due"] += row["with_due"]
        summary["on_time"] += row["on_time"]
        days_by_key[template["key"]][row["days"]] += row["steps"]
    rows = []
    for summary in sorted(by_step.values(), key=lambda s: (s["order"], s["template_key"])):
        n, (median, p90) = summary_of_counts(sorted(days_by_key[summary["template_key"]].items()))
        rows.append({**summary, "n": n, "median": median, "p90": p90})
    return rows


def offer_to_registration(scope: Scope) -> dict[str, tuple[int, list[float | None]]]:
    """{profession slug: (recruits, [median, p90])} days from offer to registration for
    recruits whose HCPC registration finished in the period, with "" for all professions
    together. One query over the recruits' stored facts (onboarding.JourneyProgress: the day
    they registered and the days since their offer, each defined once where it is stored)."""
    registered = scope.in_period(
        scope.of_cohort(journey_progress_for_analysis()).filter(
            offer_to_registration_days__isnull=False
        ),
        "registered_on",
    )
    counted = value_counts(
        registered, group=["profession_slug"], value=F("offer_to_registration_days")
    )
    everyone: Counter = Counter()
    result = {}
    for (slug,), counts in counted.items():
        result[slug or "unknown"] = summary_of_counts(counts)
        everyone.update(dict(counts))
    result[""] = summary_of_counts(sorted(everyone.items())) if everyone else (0, [None, None])
    return result


def build(scope: Scope) -> list[RawTable]:
    steps = step_times(scope)
    per_step = RawTable(
        slug="steps",
        title="Days per HCPC step",
        row_heading="Step",
        columns=[
            "Steps finished",
            "Median days",
            "90th percentile days",
            "HCPC target",
            "Finished by the target date",
        ],
        rows=[
            (
                row["template_name"],
                [
                    CountFigure(row["finished"]),
                    Statistic(row["median"], row["n"]),
                    Statistic(row["p90"], row["n"]),
                    _target(row["target_amount"], row["target_unit"]),
                    Share(row["on_time"], row["with_due"]),
                ],
            )
            for row in steps
        ],
        chart_column=1,
        description="Steps that finished in the period, from the day they started.",
    )
    times = offer_to_registration(scope)
    everyone = times.pop("")
    names = dict(Profession.objects.filter(slug__in=times).values_list("slug", "name"))
    rows = [
        (names.get(slug, "Not known"), [CountFigure(n), Statistic(median, n), Statistic(p90, n)])
        for slug, (n, (median, p90)) in sorted(
            times.items(), key=lambda item: names.get(item[0], "~")
        )
    ]
    n, (median, p90) = everyone
    rows.append(("All professions", [CountFigure(n), Statistic(median, n), Statistic(p90, n)]))
    offer_table = RawTable(
        slug="offer-to-registration",
        title="Days from offer to registration",
        row_heading="Profession",
        columns=["Recruits registered", "Median days", "90th percentile days"],
        rows=rows,
        chart_column=1,
        description="Recruits registered in the period, from the date of their offer.",
    )
    return [per_step, offer_table]
