"""Time: median and 90th-percentile days per HCPC step, and from offer to registration.

A step counts when it finished in the period; days are calendar days from its start to its
finish. HCPC's targets are shown as published (the assessment target is in working days), with
the share of steps finished by their due date, which already counts working days.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count, F, Q, Sum

from candidates.models import Profession, RegistrationStep, RegistrationStepTemplate
from candidates.selectors import finished_step_counts_for_analysis, registration_steps_for_analysis
from insights.aggregates import DaysBetween, summary_of_counts, value_counts
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Reference, Share, Statistic
from insights.scope import Scope
from onboarding.selectors import registration_time_counts_for_analysis

HCPC = Profession.Regulator.HCPC
REGISTERED = "registered"


def _target(amount: int | None, unit: str) -> Reference:
    if not amount:
        return Reference("No target")
    words = "working days" if unit == "working_days" else "days"
    return Reference(f"{amount} {words}", amount)


def _counted_steps(steps) -> list[dict]:
    """`steps` counted per template and number of days, with how many had a due date and how
    many finished by it."""
    return list(
        steps.annotate(days=DaysBetween("finished_on", "started_on"))
        .values("template_id", "days")
        .annotate(
            n_steps=Count("*"),
            n_with_due=Count("due_on"),
            n_on_time=Count("id", filter=RegistrationStep.finished_on_time_q()),
        )
    )


def _step_counts(scope: Scope) -> list[dict]:
    """HCPC steps finished in the period, counted as `_counted_steps` counts them. For every
    recruit, the months the period covers whole are read from candidates' stored counts per
    month and only the days left over at either end from the steps; one or two queries."""

    def steps():
        return scope.of_cohort(registration_steps_for_analysis()).filter(
            regulator=HCPC, started_on__isnull=False, finished_on__isnull=False
        )

    if not scope.every_recruit:
        return _counted_steps(scope.in_period(steps(), "finished_on"))
    months, rest = scope.in_whole_months()
    counted = []
    if not months.empty:
        stored = finished_step_counts_for_analysis().filter(regulator=HCPC).order_by()
        if (in_months := months.q("month")) is not None:
            stored = stored.filter(in_months)
        counted += stored.values("template_id", "days").annotate(
            n_steps=Sum("steps"), n_with_due=Sum("with_due"), n_on_time=Sum("on_time")
        )
    if rest:
        counted += _counted_steps(steps().filter(_finished_in(rest)))
    return counted


def _finished_in(runs: list[tuple[date, date]]) -> Q:
    """Finished on a day of one of `runs` (first and last day, both counted)."""
    condition = Q()
    for first, last in runs:
        condition |= Q(finished_on__gte=first, finished_on__lte=last)
    return condition


def step_times(scope: Scope) -> list[dict]:
    """Per HCPC step finished in the period: how many, median and 90th percentile days, the
    target and how many finished by their due date. The steps counted per template and number
    of days (`_step_counts`: small numbers, cheap to group), then one query for those templates'
    names and targets; the sums and exact percentiles are worked out here."""
    counted = _step_counts(scope)
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
        summary["finished"] += row["n_steps"]
        summary["with_due"] += row["n_with_due"]
        summary["on_time"] += row["n_on_time"]
        days_by_key[template["key"]][row["days"]] += row["n_steps"]
    rows = []
    for summary in sorted(by_step.values(), key=lambda s: (s["order"], s["template_key"])):
        n, (median, p90) = summary_of_counts(sorted(days_by_key[summary["template_key"]].items()))
        rows.append({**summary, "n": n, "median": median, "p90": p90})
    return rows


def _registration_days(scope: Scope) -> dict[str | None, Counter]:
    """{profession slug (None when not known): Counter of days from offer to registration} for
    HCPC registrations in the period. For every recruit, the months the period covers whole are
    read from onboarding's stored counts per month and only the days left over at either end
    from the registrations; otherwise one query joins each registration to the recruit's offer
    and profession (a join, not a subquery per row)."""
    days_by_slug: dict[str | None, Counter] = defaultdict(Counter)

    def count(in_period: Q | None) -> None:
        registered = (
            scope.of_cohort(registration_steps_for_analysis())
            .filter(regulator=HCPC, template_key=REGISTERED, finished_on__isnull=False)
            .filter(in_period or Q())
            .annotate(
                offer_date=F("candidate__offer__offer_date"),
                recruit_profession=F("candidate__profession__slug"),
            )
        )
        counted = value_counts(
            registered,
            group=["recruit_profession"],
            value=DaysBetween("finished_on", "offer_date"),
        )
        for (slug,), counts in counted.items():
            days_by_slug[slug].update(dict(counts))

    if not scope.every_recruit:
        count(scope.period_q("finished_on"))
        return days_by_slug
    months, rest = scope.in_whole_months()
    if not months.empty:
        stored = registration_time_counts_for_analysis().order_by()
        if (in_months := months.q("month")) is not None:
            stored = stored.filter(in_months)
        for row in stored.values("profession_slug", "days").annotate(n=Sum("registrations")):
            days_by_slug[row["profession_slug"]][row["days"]] += row["n"]
    if rest:
        count(_finished_in(rest))
    return days_by_slug


def offer_to_registration(scope: Scope) -> dict[str, tuple[int, list[float | None]]]:
    """{profession slug: (recruits, [median, p90])} days from offer to registration for
    recruits registered in the period, with "" for all professions together."""
    everyone: Counter = Counter()
    result = {}
    for slug, counts in _registration_days(scope).items():
        result[slug or "unknown"] = summary_of_counts(sorted(counts.items()))
        everyone.update(counts)
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
