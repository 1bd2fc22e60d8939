from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from insights.caching import cached_figures
from insights.dashboards import DASHBOARDS
from insights.disclosure import Policy
from insights.models import CountsRefresh
from insights.refresh import HEE_FIRST_VIEW, dashboards_refresh
from insights.scope import Scope
from insights.tasks import refresh_dashboards
from tests.factories import BarrierReportFactory, CandidateFactory
from tests.insights.conftest import TODAY

BARRIERS = DASHBOARDS["barriers"]
EXACT = Scope(policy=Policy.EXACT, today=TODAY)


def _language_reports(n: int) -> None:
    for _ in range(n):
        BarrierReportFactory(
            candidate=CandidateFactory(), theme="language", occurred_on=date(2026, 6, 1)
        )


def _rows(figures, slug="resolved"):
    return next(t for t in figures.tables if t.slug == slug).as_rows()


def test_figures_are_worked_out_once_then_served_from_the_cache(db, django_assert_num_queries):
    _language_reports(2)
    first = cached_figures(BARRIERS, EXACT)

    with django_assert_num_queries(1):  # when the last refresh counted; the figures are cached
        assert cached_figures(BARRIERS, EXACT) == first


def test_figures_are_kept_apart_per_scope(db):
    _language_reports(2)
    everyone = cached_figures(BARRIERS, EXACT)
    midlands = cached_figures(BARRIERS, Scope(policy=Policy.EXACT, today=TODAY, region="midlands"))

    assert ["Language proficiency", "2", "0", "0%", "–"] in _rows(everyone)
    assert ["Language proficiency", "0", "0", "–", "–"] in _rows(midlands)


def test_a_change_shows_after_the_scheduled_refresh_not_before(db):
    _language_reports(2)
    before = cached_figures(BARRIERS, EXACT)

    _language_reports(1)
    assert cached_figures(BARRIERS, EXACT) == before  # writes don't recompute anything

    dashboards_refresh()
    after = cached_figures(BARRIERS, EXACT)
    assert ["Language proficiency", "3", "0", "0%", "–"] in _rows(after)
    assert after.as_of >= CountsRefresh.last()


def test_the_scheduled_refresh_works_out_each_dashboard_hee_opens_first(
    db, django_assert_num_queries
):
    refresh_dashboards()  # the Celery task, run in-process without a broker
    counted_at = CountsRefresh.last()

    for dashboard in DASHBOARDS.values():
        with django_assert_num_queries(1):
            figures = cached_figures(dashboard, HEE_FIRST_VIEW)
        assert figures.as_of == counted_at


def test_the_refresh_runs_on_celery_beat_beside_the_other_schedules():
    schedule = settings.CELERY_BEAT_SCHEDULE["insights.refresh_dashboards"]
    assert schedule == {
        "task": refresh_dashboards.name,
        "schedule": settings.INSIGHTS_REFRESH_SECONDS,
    }


def test_refresh_dashboards_command_does_what_the_schedule_does(db, capsys):
    call_command("refresh_dashboards")

    assert CountsRefresh.last() is not None
    assert "Dashboards worked out afresh: pipeline, time, barriers, support, ethics." in (
        capsys.readouterr().out
    )


def test_figures_for_every_recruit_are_as_of_the_last_count_others_when_worked_out(db):
    dashboards_refresh()
    counted_at = CountsRefresh.last()
    some = Scope(policy=Policy.EXACT, today=TODAY, region="london")

    assert cached_figures(BARRIERS, EXACT).as_of == counted_at
    assert cached_figures(BARRIERS, some).as_of > counted_at


@pytest.fixture
def dashboard_page(client_for, analyst):
    client = client_for(analyst)
    url = reverse("insights:barriers")

    def page():
        response = client.get(url)
        return response, [f["table"].as_rows() for f in response.context["figures"]]

    return page


def test_dashboard_page_says_when_its_figures_are_as_of(dashboard_page):
    dashboards_refresh()
    as_of = timezone.localtime(CountsRefresh.last())

    response, _ = dashboard_page()

    assert response.context["as_of"] == CountsRefresh.last()
    assert (
        f"Figures as of {as_of:%H:%M}. They are updated every "
        f"{settings.INSIGHTS_REFRESH_SECONDS // 60} minutes."
    ) in response.content.decode()


def test_dashboard_page_shows_a_change_after_the_refresh(dashboard_page):
    _, first = dashboard_page()
    _language_reports(12)
    _, unchanged = dashboard_page()

    call_command("refresh_dashboards")
    _, refreshed = dashboard_page()

    assert unchanged == first
    assert refreshed != first


def test_csv_carries_when_its_figures_are_as_of(client_for, analyst):
    dashboards_refresh()
    url = reverse("insights:csv", args=["barriers", "resolved"])

    response = client_for(analyst).get(url)

    as_of = datetime.fromtimestamp(parse_http_date(response["Last-Modified"]), tz=UTC)
    assert as_of == CountsRefresh.last().replace(microsecond=0)


def test_the_refresh_caches_the_very_figures_an_analyst_s_first_view_asks_for(client_for, analyst):
    _language_reports(2)
    dashboards_refresh()

    with CaptureQueriesContext(connection) as queries:
        response = client_for(analyst).get(reverse("insights:barriers"))

    assert response.status_code == 200
    assert not [q for q in queries if "candidates_barrierreport" in q["sql"]]
