"""Who is looking and at what slice of the data: the filters and the disclosure policy."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from candidates.selectors import candidates_for_analysis
from insights.disclosure import Policy


@dataclass(frozen=True)
class Scope:
    """A dashboard's slice: a period, optional region/profession/pathway/employer filters, and
    for a manager the one organisation they may see."""

    policy: Policy = Policy.CONTROLLED
    start: date | None = None
    end: date | None = None
    region: str = ""
    profession: str = ""  # a profession's slug
    pathway: str = ""
    organisation_id: int | None = None
    today: date | None = None

    def cohort(self) -> QuerySet:
        """The recruits in scope, as a subquery of ids (no names ever leave candidates)."""
        recruits = candidates_for_analysis().order_by()
        if self.organisation_id is not None:
            recruits = recruits.filter(organisation_id=self.organisation_id)
        if self.region:
            recruits = recruits.filter(region=self.region)
        if self.profession:
            recruits = recruits.filter(profession_slug=self.profession)
        if self.pathway:
            recruits = recruits.filter(pathway=self.pathway)
        return recruits.values("id")

    @property
    def every_recruit(self) -> bool:
        """No filter on who the recruits are (the period is not such a filter)."""
        return self.organisation_id is None and not (self.region or self.profession or self.pathway)

    def of_cohort(self, queryset: QuerySet, field: str = "candidate_id") -> QuerySet:
        """`queryset`'s rows about recruits in scope. With no filter on recruits every row is
        (each belongs to a recruit), so no semi-join over every recruit is added."""
        if self.every_recruit:
            return queryset.order_by()
        return queryset.filter(**{f"{field}__in": self.cohort()}).order_by()

    def in_period(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.start:
            queryset = queryset.filter(**{f"{field}__gte": self.start})
        if self.end:
            queryset = queryset.filter(**{f"{field}__lte": self.end})
        return queryset

    def in_whole_months(self) -> tuple["MonthRange", list[tuple[date, date]]]:
        """The period split into the calendar months it covers whole (for figures stored per
        month) and the runs of days left over at either end (at most two, read day by day)."""
        first_month = last_month = None
        if self.start:
            first_month = self.start if self.start.day == 1 else _next_month(self.start)
        ends_a_month = self.end is not None and (self.end + timedelta(days=1)).day == 1
        if self.end:
            last_month = self.end.replace(day=1)
            if not ends_a_month:
                last_month = _previous_month(last_month)
        if first_month and last_month and first_month > last_month:
            return MonthRange(empty=True), [(self.start, self.end)]
        rest = []
        if self.start and self.start.day != 1:
            rest.append((self.start, first_month - timedelta(days=1)))
        if self.end and not ends_a_month:
            rest.append((self.end.replace(day=1), self.end))
        return MonthRange(first_month, last_month), rest

    @property
    def exact(self) -> bool:
        return self.policy is Policy.EXACT


@dataclass(frozen=True)
class MonthRange:
    """Calendar months from `first` to `last` (their first days; None for no bound), or none."""

    first: date | None = None
    last: date | None = None
    empty: bool = False

    def q(self, field: str) -> Q | None:
        """The months as a condition on a field holding a month's first day (None: no bound).
        Check `empty` first: no condition stands for no month."""
        condition = Q()
        if self.first:
            condition &= Q(**{f"{field}__gte": self.first})
        if self.last:
            condition &= Q(**{f"{field}__lte": self.last})
        return condition or None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _previous_month(first_day: date) -> date:
    return (first_day - timedelta(days=1)).replace(day=1)
