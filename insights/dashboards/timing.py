"""Time: median and 90th-percentile days per HCPC step, and from offer to registration.

A step counts when it finished in the period; days are calendar days from its start to its
finish. HCPC's targets are shown as published (the assessment target is in working days), with
the share of steps finished by their due date, which already counts working days.
"""

from django.db.models import Count, F, Max, Q

from candidates.models import Profession
from candidates.selectors import registration_steps_for_analysis
from insights.aggregates import DaysBetween, grouped_percentiles
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Reference, Share, Statistic
from insights.scope import Scope

HCPC = Profession.Regulator.HCPC
REGISTERED = "registered"


def _target(amount: int | None, unit: str) -> Reference:
    if not amount:
        return Reference("No target")
    words = "working days" if unit == "working_days" else "days"
    return Reference(f"{amount} {words}", amount)


def step_times(scope: Scope) -> list[dict]:
    """Per HCPC step finished in the period: how many, median and 90th percentile days, the
    target and how many finished by their due date. Two queries."""
    steps = scope.in_period(
        scope.of_cohort(registration_steps_for_analysis()).filter(
            regulator=HCPC, started_on__isnull=False, finished_on__isnull=False
        ),
        "finished_on",
    )
    group = ["template_key", "template_name", "target_amount", "target_unit"]
    summary = steps.values(*group).annotate(
        order=Max("template_order"),
        finished=Count("id"),
        with_due=Count("id", filter=Q(due_on__isnull=False)),
        on_time=Count("id", filter=Q(due_on__isnull=False, finished_on__lte=F("due_on"))),
    )
    percentiles = grouped_percentiles(
        steps, group=["template_key"], value=DaysBetween("finished_on", "started_on")
    )
    rows = []
    for row in sorted(summary, key=lambda r: (r["order"], r["template_key"])):
        n, (median, p90) = percentiles.get((row["template_key"],), (0, [None, None]))
        rows.append({**row, "n": n, "median": median, "p90": p90})
    return rows


def _registered(scope: Scope):
    """Registrations in the period, each with the recruit's offer date (one join, not a
    subquery per row)."""
    return scope.in_period(
        scope.of_cohort(registration_steps_for_analysis()).filter(
            regulator=HCPC, template_key=REGISTERED, finished_on__isnull=False
        ),
        "finished_on",
    ).annotate(offer_date=F("candidate__offer__offer_date"))


def offer_to_registration(scope: Scope) -> dict[str, tuple[int, list[float | None]]]:
    """{profession slug: (recruits, [median, p90])} days from offer to registration for
    recruits registered in the period, with "" for all professions together. Two queries."""
    days = DaysBetween("finished_on", "offer_date")
    registered = _registered(scope)
    by_profession = grouped_percentiles(registered, group=["profession_slug"], value=days)
    result = {key[0] or "unknown": value for key, value in by_profession.items()}
    result[""] = grouped_percentiles(registered, group=[], value=days).get((), (0, [None, None]))
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
