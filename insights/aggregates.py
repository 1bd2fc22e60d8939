"""Database helpers for the dashboards: day counts and percentiles, on PostgreSQL and SQLite.

PostgreSQL computes percentiles itself (`percentile_cont … WITHIN GROUP`). SQLite has no such
function, so there the values come back in one query and the same linear interpolation runs in
Python; the two must agree to the day (tests run on both).
"""

import math
from collections import defaultdict
from collections.abc import Sequence

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
)


class DaysBetween(Func):
    """Whole days from `start` to `end` (dates or date-times, taken as dates)."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        sql = f"(CAST({end[0]} AS date) - CAST({start[0]} AS date))"
        return sql, (*end[1], *start[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        sql = f"CAST(julianday(date({end[0]})) - julianday(date({start[0]})) AS INTEGER)"
        return sql, (*end[1], *start[1])


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile: linear interpolation between the nearest values."""

    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, fraction: float, expression, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction from 0 to 1.")
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The same answer as PostgreSQL's percentile_cont for `values` (any order)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    low, high = ordered[lower], ordered[upper]
    return float(low + (high - low) * (position - lower))


def grouped_percentiles(
    queryset: QuerySet,
    *,
    group: Sequence[str],
    value,
    fractions: Sequence[float] = (0.5, 0.9),
    keep: Q | None = None,
) -> dict[tuple, tuple[int, list[float | None]]]:
    """For each combination of `group` fields: (how many values, [percentile per fraction]).

    `value` is an expression evaluated per row; rows where it is NULL are left out, and so are
    rows failing `keep` when given. `keep` is decided after `value`, so a window expression in
    `value` still sees the rows `keep` drops (a check-in before the period is still "the one
    before"). One query: the annotated rows are a subquery, so `value` is computed once per row
    however many figures are taken from it.
    """
    columns = {f"_g{i}": F(field) for i, field in enumerate(group)}
    columns["_value"] = value
    if keep is not None:
        columns["_keep"] = ExpressionWrapper(keep, output_field=BooleanField())
    rows = queryset.order_by().values(**columns)
    results: dict[tuple, tuple[int, list[float | None]]] = {}
    if connection.vendor == "postgresql":
        inner, params = rows.query.sql_with_params()
        keys = [f'"_g{i}"' for i in range(len(group))]
        figures = [
            f'percentile_cont({float(fraction)}) WITHIN GROUP (ORDER BY "_value")'
            for fraction in fractions
        ]
        where = '"_value" IS NOT NULL' + (' AND "_keep"' if keep is not None else "")
        # Only our own aliases and numbers go into the text; values stay in `params`.
        select = ", ".join([*keys, "COUNT(*)", *figures])
        sql = f"SELECT {select} FROM ({inner}) AS rows WHERE {where}"  # noqa: S608
        if keys:
            sql += f" GROUP BY {', '.join(keys)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        width = len(group)
        for row in fetched:
            if row[width]:
                results[tuple(row[:width])] = (row[width], list(row[width + 1 :]))
        return results
    collected: dict[tuple, list[float]] = defaultdict(list)
    for row in rows:
        if row["_value"] is None or (keep is not None and not row["_keep"]):
            continue
        collected[tuple(row[f"_g{i}"] for i in range(len(group)))].append(row["_value"])
    for key, values in collected.items():
        results[key] = (len(values), [percentile_cont(values, f) for f in fractions])
    return results
