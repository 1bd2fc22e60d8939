"""The shared journey timeline: each app contributes dated entries about one recruit.

candidates (registration steps, documents, barriers), pastoral (assignments, check-ins, pulses)
and onboarding (tasks) each expose a selector returning `TimelineEntry` items, and onboarding's
timeline page merges them, newest first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from portal.compiled import CompiledOnce


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # "registration", "document", "barrier", "task", "pastoral", ...
    title: str
    detail: str = ""
    actor: str = ""  # who did it, as a display name
    url: str = ""  # where the item lives, if the viewer may open it


# Stands in for the recruit's id while a query of one recruit is compiled: no real id.
_RECRUIT_STAND_IN = -918273645


class RecruitRowsOfSources:
    """The rows of several tables of one recruit in one query (UNION ALL), for a timeline made
    of them; its SQL compiled once per worker.

    `columns` names the columns of a row and their types; `sources_of(candidate_id)` gives the
    sources, keyword to (queryset, the expressions or field paths of the columns it fills, the
    others being NULL), each filtered by the recruit's id and by nothing else that changes
    between calls. Each row is a dict of `columns` and `source`, the keyword its source was
    given. Rows come in no order.

    Building and compiling a UNION of several querysets costs the ORM several times what the
    database takes to run it, and the SQL differs only in the recruit's id. So the union is
    compiled once, for a stand-in id, and each call runs that SQL with the recruit's id,
    turning the values into Python as Django's own evaluation of the queryset would.
    """

    def __init__(
        self,
        columns: dict[str, type[models.Field]],
        sources_of: Callable[[int], dict[str, tuple[QuerySet, dict]]],
    ):
        self.columns = columns
        self.sources_of = sources_of
        self._union = CompiledOnce(
            lambda _shape, ids: _union_of_sources(columns, sources_of(ids["recruit"])),
            stand_ins={"recruit": _RECRUIT_STAND_IN},
        )

    def rows(self, candidate_id: int) -> list[dict]:
        fetched = self._union.rows(None, {"recruit": candidate_id})
        query = self._union.compiled_query(None)
        names = list(query.selected or [*query.values_select, *query.annotation_select])
        return [dict(zip(names, row, strict=True)) for row in fetched]


def _union_of_sources(columns: dict[str, type[models.Field]], sources: dict) -> QuerySet:
    # Typed, so that PostgreSQL can match a column one source leaves empty with the others'.
    nulls = {column: Cast(Value(None), output_field=field()) for column, field in columns.items()}
    querysets = []
    for source, (queryset, filled) in sources.items():
        select = {"source": Value(source, output_field=models.CharField())}
        for column in columns:
            expression = filled.get(column, nulls[column])
            select[column] = F(expression) if isinstance(expression, str) else expression
        querysets.append(queryset.order_by().values(**select))
    first, *others = querysets
    return first.union(*others, all=True) if others else first


def name_of(user_path: str) -> Coalesce:
    """SQL for `str(user)` of the user at `user_path` (their full name, else their email;
    NULL without a user)."""
    return Coalesce(
        NullIf(F(f"{user_path}__full_name"), Value("")),
        F(f"{user_path}__email"),
        output_field=models.CharField(),
    )
