"""Pipeline: recruits at each stage, from offer to registered to 12 months in post.

The cohort is every recruit whose offer date falls in the period. "Started" and "12 months in
post" count from the planned start date on the offer (the portal keeps no separate leaving
date), as of today.
"""

from django.db.models import Count, Q
from django.utils import timezone

from candidates.selectors import registration_steps_for_analysis
from employers.models import Region
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Share
from insights.scope import Scope
from onboarding.selectors import offers_for_analysis
from pastoral.models import add_months

# (annotation, label): each stage is a subset of the one before it.
STAGES = [
    ("offered", "Offer made"),
    ("applied", "HCPC application submitted"),
    ("registered", "Registered with the regulator"),
    ("started", "Started in post"),
    ("twelve_months", "12 months in post"),
]


def _finished(key: str):
    """The recruits who finished a registration step (of any regulator) keyed `key`."""
    return (
        registration_steps_for_analysis()
        .order_by()
        .filter(template_key=key, finished_on__isnull=False)
        .values("candidate_id")
    )


def stage_counts(scope: Scope) -> dict[str, dict[str, int]]:
    """{region: {stage: recruits}} for offers in scope. One query; each step's finishers are one
    set the database hashes once, not a lookup per offer."""
    today = scope.today or timezone.localdate()
    offers = scope.in_period(scope.of_cohort(offers_for_analysis()), "offer_date")
    if scope.organisation_id is not None:
        offers = offers.filter(organisation_id=scope.organisation_id)
    rows = offers.values("region").annotate(
        offered=Count("id"),
        applied=Count("id", filter=Q(candidate_id__in=_finished("application"))),
        registered=Count("id", filter=Q(candidate_id__in=_finished("registered"))),
        started=Count("id", filter=Q(start_date__lte=today)),
        twelve_months=Count("id", filter=Q(start_date__lte=add_months(today, -12))),
    )
    return {row["region"]: {key: row[key] for key, _ in STAGES} for row in rows}


def build(scope: Scope) -> list[RawTable]:
    counts = stage_counts(scope)
    regions = [(value, label) for value, label in Region.choices if value in counts]
    totals = {key: sum(by_stage[key] for by_stage in counts.values()) for key, _ in STAGES}
    offered = totals["offered"]
    overall = RawTable(
        slug="stages",
        title="Recruits at each stage",
        row_heading="Stage",
        columns=["Recruits", "Share of offers"],
        rows=[
            (label, [CountFigure(totals[key]), Share(totals[key], offered)])
            for key, label in STAGES
        ],
        description=(
            "Recruits with an offer in the period, and how many of them reached each stage."
        ),
    )
    by_region = RawTable(
        slug="stages-by-region",
        title="Recruits at each stage, by NHS region",
        row_heading="Stage",
        columns=[label for _, label in regions],
        rows=[
            (label, [CountFigure(counts[region][key]) for region, _ in regions])
            for key, label in STAGES
        ],
        total_column=True,
        additive=list(range(len(regions))),
        chart_column=-1,
        description="The same stages by the region of the recruit's employer.",
    )
    return [overall, by_region]
