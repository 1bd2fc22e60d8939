from celery import shared_task

from insights.refresh import dashboards_refresh


@shared_task(name="insights.refresh_dashboards")
def refresh_dashboards() -> None:
    dashboards_refresh()
