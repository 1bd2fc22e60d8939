"""Who is looking and at what slice of the data: the filters and the disclosure policy."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

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

    @property
    def exact(self) -> bool:
        return self.policy is Policy.EXACT
