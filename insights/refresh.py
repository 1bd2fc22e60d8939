"""The scheduled refresh of HEE's dashboards (`insights.refresh_dashboards` in Celery beat, and
`manage.py refresh_dashboards`): count what insights stores, then work out every dashboard HEE
opens first, so it is served from the cache."""

from datetime import datetime

from django.db import transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone

from insights.caching import figures_store
from insights.dashboards import DASHBOARDS
from insights.dashboards.support import check_in_gap_counts, pulse_period_counts
from insights.dashboards.timing import finished_step_counts, hcpc_steps
from insights.models import CheckInGapCount, CountsRefresh, FinishedStepCount, PulsePeriodCount
from insights.scope import Scope
from pastoral.selectors import check_ins_for_analysis, pulses_for_analysis

# What an HEE analyst sees first: every dashboard, unfiltered, under disclosure control.
HEE_FIRST_VIEW = Scope()


def counts_refresh() -> datetime:
    """Count again what insights stores, each with the definition the dashboards count chosen
    recruits with: HCPC steps per template, month finished and days taken
    (`finished_step_counts`), pulses per fortnight (`pulse_period_counts`) and check-ins per day,
    role and gap (`check_in_gap_counts`), one query each. Returns when it counted.

    Side effects: every FinishedStepCount, PulsePeriodCount and CheckInGapCount row replaced and
    the CountsRefresh row set, in one transaction, so readers see the old counts or the new, and
    a second refresh at the same time waits for this one."""
    with transaction.atomic():
        marker, _ = CountsRefresh.objects.select_for_update().get_or_create(
            pk=1, defaults={"counted_at": timezone.now()}
        )
        marker.counted_at = timezone.now()
        steps = finished_step_counts(
            hcpc_steps().annotate(month=TruncMonth("finished_on")), "month"
        )
        pulses = pulse_period_counts(pulses_for_analysis())
        check_ins = check_in_gap_counts(check_ins_for_analysis(), "held_on")
        for model, counted in [
            (FinishedStepCount, steps),
            (PulsePeriodCount, pulses),
            (CheckInGapCount, check_ins),
        ]:
            model.objects.all().delete()
            model.objects.bulk_create((model(**row) for row in counted), batch_size=5_000)
        marker.save(update_fields=["counted_at"])
    return marker.counted_at


def dashboards_refresh() -> list[str]:
    """Count again (`counts_refresh`), then work out each dashboard for HEE's first view and
    keep it in the cache. Returns the dashboards worked out. Side effects: as
    `counts_refresh`; one cache entry per dashboard."""
    counted_at = counts_refresh()
    for dashboard in DASHBOARDS.values():
        figures_store(dashboard, HEE_FIRST_VIEW, counted_at=counted_at)
    return list(DASHBOARDS)
