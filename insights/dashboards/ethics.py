"""Ethics: recruits by country of training with the country's Code of Practice status, and any
active recruitment from red-list countries (there should be none).

A country's status is read from the admin-kept Code of Practice list (no row in effect means
green): today's status beside country of training, and the status on the offer date for each
offer, against the country the recruit was recruited from.
"""

from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_countries import countries

from candidates.selectors import candidates_for_analysis
from employers.models import CountryStatus
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Reference
from insights.scope import Scope
from onboarding.models import ACTIVE_ROUTES, RecruitmentRoute
from onboarding.selectors import code_of_practice_decisions_for_analysis, offers_for_analysis

STATUS_LABELS = {
    CountryStatus.Status.RED: "Red",
    CountryStatus.Status.AMBER: "Amber",
    CountryStatus.Status.GREEN: "Green",
}


def _status_on(country, day):
    """The Code of Practice status of `country` on `day`, as a subquery (green when unlisted)."""
    in_effect = (
        CountryStatus.objects.filter(country=country, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .values("status")[:1]
    )
    return Coalesce(Subquery(in_effect), Value(CountryStatus.Status.GREEN))


def countries_of_training(scope: Scope) -> list[dict]:
    """Recruits with an offer in the period by country of training, with today's status. One
    query."""
    today = scope.today or timezone.localdate()
    offered = scope.in_period(offers_for_analysis().order_by(), "offer_date").values("candidate_id")
    recruits = (
        scope.of_cohort(candidates_for_analysis(), "id")
        .filter(id__in=offered)
        .values("country_of_training")
        .annotate(n=Count("id"), status=_status_on(OuterRef("country_of_training"), today))
    )
    return sorted(recruits, key=lambda row: countries.name(row["country_of_training"]) or "~")


def offers_by_status_and_route(scope: Scope) -> dict[tuple[str, str], int]:
    """{(status on the offer date, recruitment route): offers}. One query."""
    offers = scope.in_period(scope.of_cohort(offers_for_analysis()), "offer_date")
    rows = (
        offers.annotate(status=_status_on(OuterRef("recruited_from"), OuterRef("offer_date")))
        .values("status", "recruitment_route")
        .annotate(n=Count("id"))
    )
    return {(row["status"], row["recruitment_route"]): row["n"] for row in rows}


def red_list_decisions(scope: Scope) -> dict[str, int]:
    """Code of Practice checks on active recruitment from red-list countries, by outcome."""
    decisions = scope.in_period(
        scope.of_cohort(code_of_practice_decisions_for_analysis()), "decided_at__date"
    ).filter(country_status=CountryStatus.Status.RED, recruitment_route__in=ACTIVE_ROUTES)
    return dict(decisions.values("outcome").annotate(n=Count("id")).values_list("outcome", "n"))


def build(scope: Scope) -> list[RawTable]:
    trained = countries_of_training(scope)
    by_country = RawTable(
        slug="countries",
        title="Recruits by country of training",
        row_heading="Country of training",
        columns=["Recruits", "Code of Practice status today"],
        rows=[
            (
                countries.name(row["country_of_training"]) or "Not known",
                [CountFigure(row["n"]), Reference(STATUS_LABELS.get(row["status"], row["status"]))],
            )
            for row in trained
        ],
        total_row=True,
        description="Recruits with an offer in the period.",
    )
    offers = offers_by_status_and_route(scope)
    routes = list(RecruitmentRoute.choices)
    by_route = RawTable(
        slug="routes",
        title="Offers by the Code of Practice status of the country recruited from",
        row_heading="Status on the offer date",
        columns=[label for _, label in routes],
        rows=[
            (label, [CountFigure(offers.get((status, route), 0)) for route, _ in routes])
            for status, label in STATUS_LABELS.items()
        ],
        total_row=True,
        total_column=True,
        additive=list(range(len(routes))),
        chart_column=-1,
        description="Offers made in the period. Direct applications are allowed from every "
        "country; active recruitment from red-list countries is not, unless a "
        "government-to-government agreement allows it.",
    )
    active_red = sum(offers.get((CountryStatus.Status.RED, route), 0) for route in ACTIVE_ROUTES)
    decisions = red_list_decisions(scope)
    red = RawTable(
        slug="red-list",
        title="Active recruitment from red-list countries",
        row_heading="Measure",
        columns=["Number"],
        rows=[
            (
                "Offers through active recruitment from a red-list country",
                [CountFigure(active_red)],
            ),
            (
                "Code of Practice checks that refused such recruitment",
                [CountFigure(decisions.get("refused", 0))],
            ),
            (
                "Code of Practice checks confirming a government-to-government agreement",
                [CountFigure(decisions.get("agreement", 0))],
            ),
        ],
        chart_column=None,
        description="There should be no active recruitment from red-list countries. Zero is "
        "always shown as 0, so any suppressed figure here means there was some.",
    )
    return [by_country, by_route, red]
