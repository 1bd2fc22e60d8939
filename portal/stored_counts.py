"""Stored count tables counted once at the end of a bulk write instead of after every row.

The apps keep small tables of counts for the dashboards (candidates' FinishedStepCount,
onboarding's RegistrationTimeCount, pastoral's CheckInGapCount and PulsePeriodTotals): after
each row written, a receiver counts again the days or months that row touched. Writing
thousands of rows (the demo seed) is faster counting each table from scratch once, at the end.
Only those table-wide counts wait: marks stored on the rows themselves (a check-in's gap, a
pulse's first-in-month) are still worked out row by row.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass
class _Deferral:
    # Only recounts on the block's own connection (so in its transaction) wait for its end.
    connection: BaseDatabaseWrapper
    # The rebuilds owed, in the order first owed.
    rebuilds: dict[Callable[[], object], None] = field(default_factory=dict)
    # A task or thread started with a copy of the block's context may outlive the block.
    open: bool = True


_deferral: ContextVar[_Deferral | None] = ContextVar("stored_counts_deferral", default=None)


def _current() -> _Deferral | None:
    deferral = _deferral.get()
    if deferral is None or not deferral.open:
        return None
    if deferral.connection is not connections[DEFAULT_DB_ALIAS]:
        return None
    return deferral


@contextmanager
def stored_counts_deferred() -> Iterator[None]:
    """Within the block, the stored counts' recounts are skipped; on leaving it, each table
    whose recount was skipped is rebuilt from scratch once, in the block's transaction (the
    block runs in `transaction.atomic()`, so its rows and its counts commit together).

    If the block raises, its writes roll back, nothing is rebuilt and the exception goes on.
    Nested blocks leave the rebuilds to the outermost one. Other threads and connections
    count as before.
    """
    if _current() is not None:
        yield
        return
    deferral = _Deferral(connection=connections[DEFAULT_DB_ALIAS])
    token = _deferral.set(deferral)
    with transaction.atomic():
        try:
            yield
        finally:
            deferral.open = False
            _deferral.reset(token)
        for rebuild in deferral.rebuilds:
            rebuild()


def recount_deferred_to(rebuild: Callable[[], object]) -> bool:
    """Whether a recount of stored counts waits for `rebuild` (the whole table's), because we
    are inside `stored_counts_deferred`; if so, `rebuild` runs once when that block ends."""
    deferral = _current()
    if deferral is None:
        return False
    deferral.rebuilds[rebuild] = None
    return True


def save_touches(update_fields, fields: set[str]) -> bool:
    """Whether a save with `update_fields` (a post_save or pre_save signal's; None for a save
    of every field) may have changed any of `fields`: the receivers that keep stored counts and
    marks skip the saves that cannot have."""
    return update_fields is None or bool(fields & set(update_fields))


def month_of_sql(day: str) -> str:
    """SQL for the first day of the month `day` (a date column or expression) falls in, as the
    database in use writes it: for the rebuilds' INSERT … SELECTs."""
    if connection.vendor == "postgresql":
        return f"date_trunc('month', {day})::date"
    return f"date({day}, 'start of month')"


def days_between_sql(start: str, end: str) -> str:
    """SQL for the whole days from date `start` to date `end`, as the database in use writes
    it."""
    if connection.vendor == "postgresql":
        return f"({end} - {start})"
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"
