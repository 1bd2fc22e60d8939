"""Ethics: recruits by country of training with the country's Code of Practice status, and any
active recruitment from red-list countries (there should be none).

A country's status is read from the admin-kept Code of Practice list (no row in effect means
green): today's status beside country of training, and the status on the offer date for each
offer, against the country the recruit was recruited from.
"""

from collections import defaultdict

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django_countries import countries

from candidates.selectors import candidates_for_analysis
from employers.models import NO_LIST_HELD, CountryStatus
from employers.selectors import code_of_practice_held_from
from insights.disclosure import Count as CountFigure
from insights.disclosure import RawTable, Reference
from insights.scope import Scope
from onboarding.models import ACTIVE_ROUTES, RecruitmentRoute
from onboarding.selectors import code_of_practice_decisions_for_analysis, offers_for_analysis

STATUS_LABELS = {
    CountryStatus.Status.RED: "Red",
    CountryStatus.Status.AMBER: "Amber",
    CountryStatus.Status.GREEN: "Green",
    NO_LIST_HELD: "No list held for the date",
}


def _status_on(country: str, day: str):
    """The Code of Practice status of the row's `country` field on its `day` field (green when
    unlisted), as one CASE over the admin-kept list: a country never listed is green at once;
    a listed one takes its latest period in effect, as `employers.selectors.country_status_on`
    picks, and a day before the earliest list held has no status (`NO_LIST_HELD`). The list is
    short; the offers are many, and a CASE costs each of them no lookup."""
    held_from = code_of_practice_held_from()
    if held_from is None:
        return Value(NO_LIST_HELD)
    return Case(
        When(**{f"{day}__lt": held_from}, then=Value(NO_LIST_HELD)),
        default=_listed_status_on(country, day),
    )


def _listed_status_on(country: str, day: str):
    periods: dict[str, list[When]] = defaultdict(list)
    listed = CountryStatus.objects.order_by("-effective_from").values_list(
        "country", "status", "effective_from", "effective_to"
    )
    for code, status, start, end in listed:
        in_effect = Q(**{f"{day}__gte": start}) & (Q(**{f"{day}__lte": end}) if end else Q())
        periods[code].append(When(in_effect, then=Value(status)))
    green = Value(CountryStatus.Status.GREEN)
    if not periods:
        return green
    return Case(
        When(~Q(**{f"{country}__in": list(periods)}), then=green),
        *(
            When(Q(**{country: code}), then=Case(*branches, default=green))
            for code, branches in periods.items()
        ),
        default=green,
    )


def countries_of_training(scope: Scope) -> list[dict]:
    """Recruits with an offer in the period by country of training, with today's status. Two
    queries: the counts, then the statuses in effect today."""
    today = scope.today or timezone.localdate()
    offered = scope.in_period(offers_for_analysis().order_by(), "offer_date").values("candidate_id")
    recruits = (
        scope.of_cohort(candidates_for_analysis(), "id")
        .filter(id__in=offered)
        .values("country_of_training")
        .annotate(n=Count("id"))
    )
    rows = list(recruits)
    in_effect = (
        CountryStatus.objects.filter(
            country__in=[row["country_of_training"] for row in rows], effective_from__lte=today
        )
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today))
        .order_by("country", "-effective_from")
        .values_list("country", "status")
    )
    status_today: dict[str, str] = {}
    for country, status in in_effect:
        status_today.setdefault(country, status)
    for row in rows:
        row["status"] = status_today.get(row["country_of_training"], CountryStatus.Status.GREEN)
    return sorted(rows, key=lambda row: countries.name(row["country_of_training"]) or "~")


def offers_by_status_and_route(scope: Scope) -> dict[tuple[str, str], int]:
    """{(status on the offer date, recruitment route): offers}. Three queries: the day the
    list is held from, the list of statuses, then the offers counted by status and route."""
    offers = scope.in_period(scope.of_cohort(offers_for_analysis()), "offer_date")
    rows = (
        offers.annotate(status=_status_on("recruited_from", "offer_date"))
        .values("status", "recruitment_route")
        .annotate(n=Count("id"))
    )
    return {(row["status"], row["recruitment_route"]): row["n"] for row in rows}


def route_changed_after_refusal(scope: Scope) -> int:
    """Direct applications recorded after a Code of Practice refusal of the same recruit (the
    route changed after a refusal), decided in the period."""
    decisions = scope.in_period(
        scope.of_cohort(code_of_practice_decisions_for_analysis()), "decided_at__date"
    )
    return decisions.filter(follows_refusal_id__isnull=False).count()


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
            (
                "Route changed after a refusal: direct applications recorded after one",
                [CountFigure(route_changed_after_refusal(scope))],
            ),
        ],
        chart_column=None,
        description="There should be no active recruitment from red-list countries. Zero is "
        "always shown as 0, so any suppressed figure here means there was some. A direct "
        "application recorded after a refusal of the same recruit needs the manager's account "
        "of how the person applied; it is counted here.",
    )
    return [by_country, by_route, red]
