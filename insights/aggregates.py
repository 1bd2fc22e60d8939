"""Database helpers for the dashboards: day counts and percentiles, on PostgreSQL and SQLite.

PostgreSQL computes percentiles itself (`percentile_cont … WITHIN GROUP`). SQLite has no such
function, so there the values come back in one query and the same linear interpolation runs in
Python; the two must agree to the day (tests run on both).
"""

import math
from collections import defaultdict
from collections.abc import Sequence

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, QuerySet


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
) -> dict[tuple, tuple[int, list[float | None]]]:
    """For each combination of `group` fields: (how many values, [percentile per fraction]).

    `value` is an expression evaluated per row; rows where it is NULL are left out. One query.
    """
    rows = queryset.order_by().annotate(_value=value).filter(_value__isnull=False)
    results: dict[tuple, tuple[int, list[float | None]]] = {}
    if connection.vendor == "postgresql":
        aggregates = {f"_p{i}": PercentileCont(f, F("_value")) for i, f in enumerate(fractions)}
        if not group:
            row = rows.aggregate(_n=Count("_value"), **aggregates)
            if row["_n"]:
                results[()] = (row["_n"], [row[f"_p{i}"] for i in range(len(fractions))])
            return results
        for row in rows.values(*group).annotate(_n=Count("_value"), **aggregates):
            key = tuple(row[field] for field in group)
            results[key] = (row["_n"], [row[f"_p{i}"] for i in range(len(fractions))])
        return results
    collected: dict[tuple, list[float]] = defaultdict(list)
    for row in rows.values_list(*group, "_value"):
        collected[tuple(row[:-1])].append(row[-1])
    for key, values in collected.items():
        results[key] = (len(values), [percentile_cont(values, f) for f in fractions])
    return results
