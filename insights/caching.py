"""Dashboards' figures, kept in the cache and worked out again on a schedule, not on writes.

`insights.refresh.dashboards_refresh` (a Celery beat task every INSIGHTS_REFRESH_SECONDS, and
`manage.py refresh_dashboards`) counts what insights stores and works out HEE's unfiltered
dashboards afresh. Any other scope (filters, a manager's own organisation) is worked out the
first time it is asked for after a refresh, and then served from the cache: an entry older than
the last refresh is worked out again, and none is kept longer than one refresh interval, so
figures follow the data within an interval even when the schedule is not running.

Each entry carries the time its figures are as of, which every dashboard shows ("Figures as of
14:05"): when they were worked out, or for every recruit the time the refresh counted the
stored counts they partly read.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from insights.dashboards import Dashboard
from insights.disclosure import ShownTable, protect_table
from insights.models import CountsRefresh
from insights.scope import Scope


@dataclass(frozen=True)
class Figures:
    """A dashboard's protected tables for one scope, and the time they are as of."""

    tables: list[ShownTable]
    as_of: datetime


def _key(dashboard: Dashboard, scope: Scope) -> str:
    scope_text = repr((scope, scope.today or timezone.localdate()))
    return f"insights:{dashboard.slug}:{hashlib.sha256(scope_text.encode()).hexdigest()[:32]}"


def figures_store(dashboard: Dashboard, scope: Scope, *, counted_at: datetime | None) -> Figures:
    """Work out the dashboard's tables for `scope` (raw tables through disclosure control) and
    keep them in the cache. `counted_at` is when the stored counts were last counted (None
    before the first refresh). Side effect: one cache entry set."""
    as_of = counted_at if scope.every_recruit and counted_at else timezone.now()
    tables = [protect_table(raw, policy=scope.policy) for raw in dashboard.build(scope)]
    figures = Figures(tables=tables, as_of=as_of)
    cache.set(_key(dashboard, scope), figures, settings.INSIGHTS_REFRESH_SECONDS)
    return figures


def cached_figures(dashboard: Dashboard, scope: Scope) -> Figures:
    """The dashboard's figures for `scope`: from the cache, unless none are kept or they are
    older than the last refresh, when they are worked out and kept (`figures_store`)."""
    counted_at = CountsRefresh.last()
    figures = cache.get(_key(dashboard, scope))
    if figures is None or (counted_at is not None and figures.as_of < counted_at):
        figures = figures_store(dashboard, scope, counted_at=counted_at)
    return figures
