"""The shared journey timeline: each app contributes dated entries about one recruit.

candidates (registration steps, documents, barriers), pastoral (assignments, check-ins, pulses)
and onboarding (tasks) each expose a selector returning `TimelineEntry` items, and onboarding's
timeline page merges them, newest first.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, Coalesce, NullIf


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # "registration", "document", "barrier", "task", "pastoral", ...
    title: str
    detail: str = ""
    actor: str = ""  # who did it, as a display name
    url: str = ""  # where the item lives, if the viewer may open it


def rows_of_sources(columns: dict[str, type[models.Field]], sources: dict) -> list[dict]:
    """The rows of several querysets of one recruit in one query (UNION ALL), for a timeline
    made of them: a timeline reads half a dozen tables, and one query for them all keeps the
    journey pages' query count low.

    `columns` names the columns of a row and their types; `sources` gives, by keyword, each
    queryset and the expressions or field paths of the columns it fills (the others are NULL).
    Each row is a dict of `columns` and `source`, the keyword of its queryset. Rows come in no
    order.
    """
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
    return list(first.union(*others, all=True) if others else first)


def name_of(user_path: str) -> Coalesce:
    """SQL for `str(user)` of the user at `user_path` (their full name, else their email;
    NULL without a user)."""
    return Coalesce(
        NullIf(F(f"{user_path}__full_name"), Value("")),
        F(f"{user_path}__email"),
        output_field=models.CharField(),
    )
