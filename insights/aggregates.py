"""Database helpers for the dashboards: day counts and percentiles, on PostgreSQL and SQLite.

Percentiles are exact: the database counts each distinct value, and PostgreSQL's
`percentile_cont` interpolation is applied to those counts in Python, the same on PostgreSQL and
SQLite (which has no percentile function); tests pin the answers on both.
"""

import math
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, F, Func, IntegerField, QuerySet


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


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The same answer as PostgreSQL's percentile_cont for `values` (any order)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    low, high = ordered[lower], ordered[upper]
    return float(low + (high - low) * (position - lower))


def percentile_of_counts(counts: Sequence[tuple[float, int]], fraction: float) -> float | None:
    """`percentile_cont` of the values described by (value, how many times) pairs, sorted by
    value: the same interpolation, found by walking the counts instead of every value."""
    total = sum(n for _, n in counts)
    if not total:
        return None
    position = fraction * (total - 1)
    lower, upper = math.floor(position), math.ceil(position)
    low = high = None
    seen = 0
    for value, n in counts:
        seen += n
        if low is None and seen > lower:
            low = value
        if seen > upper:
            high = value
            break
    return float(low + (high - low) * (position - lower))


def value_counts(
    queryset: QuerySet, *, group: Sequence[str], value
) -> dict[tuple, list[tuple[float, int]]]:
    """For each combination of `group` fields: [(value, how many rows)], sorted by value.

    `value` is an expression evaluated per row; rows where it is NULL are left out. One query, a
    hash aggregate: the values here are whole days, so a few hundred distinct ones stand for a
    million rows.
    """
    columns = [f"_g{i}" for i in range(len(group))]
    counted = (
        queryset.order_by()
        .annotate(**{column: F(field) for column, field in zip(columns, group, strict=True)})
        .annotate(_value=value)
        .filter(_value__isnull=False)
        .values(*columns, "_value")
        .annotate(_n=Count("*"))
    )
    result: dict[tuple, list[tuple[float, int]]] = defaultdict(list)
    for row in counted:
        result[tuple(row[column] for column in columns)].append((row["_value"], row["_n"]))
    for counts in result.values():
        counts.sort()
    return dict(result)


def summary_of_counts(
    counts: Sequence[tuple[float, int]], fractions: Sequence[float] = (0.5, 0.9)
) -> tuple[int, list[float | None]]:
    """(how many values, [exact percentile per fraction]) of sorted (value, count) pairs."""
    return sum(n for _, n in counts), [percentile_of_counts(counts, f) for f in fractions]


def grouped_percentiles(
    queryset: QuerySet,
    *,
    group: Sequence[str],
    value,
    fractions: Sequence[float] = (0.5, 0.9),
) -> dict[tuple, tuple[int, list[float | None]]]:
    """For each combination of `group` fields: (how many values, [percentile per fraction]),
    read off `value_counts` exactly as `percentile_cont` reads them off the sorted rows."""
    counted = value_counts(queryset, group=group, value=value)
    return {key: summary_of_counts(counts, fractions) for key, counts in counted.items()}
