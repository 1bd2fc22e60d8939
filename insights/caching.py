"""Dashboards' computed tables, cached while the data under them is unchanged.

The key is (dashboard, filter scope, today, data version). The version is a row in the
database, bumped after every committed save or delete of a model in the apps the dashboards
read, and after onboarding's bulk task writes (`onboarding.signals.tasks_changed_in_bulk`), so
every process (and every gunicorn worker with its own local-memory cache) sees a change at once.
Other writes that bypass model signals (`QuerySet.update`, `bulk_create`, raw SQL) do not bump
it; the timeout bounds how stale those can leave a figure.
"""

import hashlib
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from insights.models import DataVersion
from insights.scope import Scope

WATCHED_APPS = ("employers", "candidates", "onboarding", "pastoral")
TIMEOUT_SECONDS = 600


def data_version() -> int:
    """The current version of the dashboards' data. One query."""
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def data_version_bump() -> None:
    """Side effect: the version row goes up by one (created if missing)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def _changed(sender, **kwargs) -> None:
    # After commit, so the counter row is never held locked across another app's transaction;
    # once per transaction however many rows it saves: a bump already waiting in this
    # savepoint or one enclosing it covers this change (if that savepoint rolls back, so does
    # this change, and Django drops the bump with it).
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        savepoints = set(connection.savepoint_ids)
        for registered_in, callback, _robust in connection.run_on_commit:
            if callback is data_version_bump and registered_in <= savepoints:
                return
    transaction.on_commit(data_version_bump)


def connect_receivers() -> None:
    from onboarding.signals import tasks_changed_in_bulk

    tasks_changed_in_bulk.connect(_changed, dispatch_uid="insights-data-version-tasks-in-bulk")
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"insights-data-version-{model._meta.label_lower}"
            post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")


def cached_tables(slug: str, scope: Scope, compute: Callable[[], list]) -> list:
    """`compute()` for this dashboard and scope, from the cache while the data is unchanged."""
    scope_text = repr((scope, scope.today or timezone.localdate()))
    digest = hashlib.sha256(scope_text.encode()).hexdigest()[:32]
    key = f"insights:{slug}:{digest}:v{data_version()}"
    tables = cache.get(key)
    if tables is None:
        tables = compute()
        cache.set(key, tables, TIMEOUT_SECONDS)
    return tables
