import csv
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.dashboards import DASHBOARDS
from tests.factories import MembershipFactory
from tests.insights.conftest import SECRET_TEXT, build_world

SLUGS = list(DASHBOARDS)


class _Tables(HTMLParser):
    """Collects each `<table data-table=…>` as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._table = self.tables.setdefault(attrs["data-table"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
            if attrs.get("colspan"):
                self._row = None  # the "nothing to show" row is not data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture(autouse=True)
def world(db, module_world):
    """The world, built once for the module; every test runs on it, whether it reads it or not,
    so what a test finds never depends on the order the tests run in."""
    return module_world


@pytest.fixture
def world_manager(world):
    return MembershipFactory(organisation=world.a, mfa=True).user


# --- Analysts ---------------------------------------------------------------------------------
def test_dashboard_lists_the_five_views(client_for, analyst):
    response = client_for(analyst).get(reverse("insights:dashboard"))
    assert response.status_code == 200
    for slug in SLUGS:
        assert reverse(f"insights:{slug}") in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_view_renders_title_summary_chart_table_and_csv_link(client_for, analyst, world, slug):
    response = client_for(analyst).get(reverse(f"insights:{slug}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Summary:</strong>" in html
    assert '<table class="nhsuk-table"' in html
    assert reverse("insights:csv", args=[slug, next(iter(page_tables(response)))]) in html


@pytest.mark.parametrize("slug", SLUGS)
def test_csv_equals_the_table(client_for, analyst, world, slug):
    client = client_for(analyst)
    tables = page_tables(client.get(reverse(f"insights:{slug}")))
    assert tables
    for table_slug, rows in tables.items():
        response = client.get(reverse("insights:csv", args=[slug, table_slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert csv_rows(response) == rows


def test_csv_equals_the_table_with_filters(client_for, analyst, world):
    client = client_for(analyst)
    query = "?region=london&start_day=1&start_month=1&start_year=2025"
    tables = page_tables(client.get(reverse("insights:barriers") + query))
    response = client.get(reverse("insights:csv", args=["barriers", "resolved"]) + query)
    assert csv_rows(response) == tables["resolved"]


@pytest.mark.parametrize("slug", SLUGS)
def test_view_suppresses_small_counts_for_analysts(client_for, analyst, world, slug):
    tables = page_tables(client_for(analyst).get(reverse(f"insights:{slug}")))
    cells = [cell for rows in tables.values() for row in rows[1:] for cell in row[1:]]
    for number in ("1", "2", "3", "4", "5", "6", "7"):
        assert number not in cells


@pytest.mark.parametrize("slug", SLUGS)
def test_free_text_never_reaches_analysts(client_for, analyst, world, slug):
    client = client_for(analyst)
    response = client.get(reverse(f"insights:{slug}"))
    assert SECRET_TEXT not in response.content.decode()
    for table_slug in page_tables(response):
        csv_response = client.get(reverse("insights:csv", args=[slug, table_slug]))
        assert SECRET_TEXT not in csv_response.content.decode()


def test_view_with_an_impossible_period_shows_the_error_and_keeps_the_input(client_for, analyst):
    query = "?start_day=1&start_month=6&start_year=2026&end_day=1&end_month=1&end_year=2026"
    response = client_for(analyst).get(reverse("insights:pipeline") + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The end of the period must be the same as or after the start." in html
    assert 'value="2026"' in html
    assert page_tables(response) == {}


def test_csv_with_invalid_filters_is_404(client_for, analyst):
    response = client_for(analyst).get(
        reverse("insights:csv", args=["pipeline", "stages"]) + "?region=atlantis"
    )
    assert response.status_code == 404


def test_unknown_table_is_404(client_for, analyst):
    response = client_for(analyst).get(reverse("insights:csv", args=["pipeline", "nope"]))
    assert response.status_code == 404


@pytest.mark.parametrize("slug", SLUGS)
def test_view_is_refused_to_recruits_and_employer_staff(client_for, recruit, manager, slug):
    assert client_for(recruit).get(reverse(f"insights:{slug}")).status_code == 403
    assert client_for(manager).get(reverse(f"insights:{slug}")).status_code == 403


def test_view_redirects_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("insights:pipeline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- A manager's own organisation ---------------------------------------------------------
def test_manager_sees_exact_figures_for_their_own_organisation(client_for, world, world_manager):
    url = reverse("insights:organisation-view", args=[world.a.pk, "pipeline"])
    tables = page_tables(client_for(world_manager).get(url))
    # Trust A's recruits are r1 and r2 only (r5 has no offer); the page counts to the real
    # today, more than 12 months after both started (April and July 2025).
    assert tables["stages"][1:] == [
        ["Offer made", "2", "100%"],
        ["HCPC application submitted", "2", "100%"],
        ["Registered with the regulator", "2", "100%"],
        ["Started in post", "2", "100%"],
        ["12 months in post", "2", "100%"],
    ]


def test_manager_sees_only_their_organisation(client_for, world, world_manager):
    client = client_for(world_manager)
    url = reverse("insights:organisation-view", args=[world.a.pk, "ethics"])
    countries = [row[0] for row in page_tables(client.get(url))["countries"][1:]]
    # Trust B's recruits trained in Syria and the Philippines.
    assert countries == ["India", "Nigeria", "Total"]
    barriers = page_tables(
        client.get(reverse("insights:organisation-view", args=[world.a.pk, "barriers"]))
    )
    assert ["Cultural barriers", "0", "0", "–", "–"] in barriers["resolved"]


@pytest.mark.parametrize("slug", SLUGS)
def test_manager_of_another_organisation_gets_404(client_for, world, world_manager, slug):
    client = client_for(world_manager)
    assert (
        client.get(reverse("insights:organisation-view", args=[world.b.pk, slug])).status_code
        == 404
    )
    assert (
        client.get(reverse("insights:organisation-dashboard", args=[world.b.pk])).status_code == 404
    )
    csv_url = reverse("insights:organisation-csv", args=[world.b.pk, slug, "stages"])
    assert client.get(csv_url).status_code == 404


def test_buddy_of_the_organisation_gets_404(client_for, world):
    membership = MembershipFactory(organisation=world.a, role="buddy", mfa=True)
    url = reverse("insights:organisation-dashboard", args=[world.a.pk])
    assert client_for(membership.user).get(url).status_code == 404


def test_analyst_cannot_use_the_organisation_view(client_for, analyst, world):
    url = reverse("insights:organisation-view", args=[world.a.pk, "pipeline"])
    assert client_for(analyst).get(url).status_code == 403


@pytest.mark.parametrize("slug", SLUGS)
def test_manager_csv_equals_the_table(client_for, world, world_manager, slug):
    client = client_for(world_manager)
    tables = page_tables(client.get(reverse("insights:organisation-view", args=[world.a.pk, slug])))
    for table_slug, rows in tables.items():
        response = client.get(
            reverse("insights:organisation-csv", args=[world.a.pk, slug, table_slug])
        )
        assert csv_rows(response) == rows


def test_manager_filter_form_has_no_employer_or_region(client_for, world, world_manager):
    url = reverse("insights:organisation-view", args=[world.a.pk, "support"])
    html = client_for(world_manager).get(url + "?employer=999").content.decode()
    assert 'name="employer"' not in html
    assert 'name="region"' not in html


# --- Query counts ----------------------------------------------------------------------------
def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("slug", SLUGS)
def test_view_query_count_does_not_grow_with_the_data(client_for, analyst, db, slug):
    client = client_for(analyst)
    url = reverse(f"insights:{slug}")
    world = build_world()
    _queries(client, url)  # warm per-process caches (content types, sessions)
    small = _queries(client, url)
    for _ in range(3):
        build_world(world.a, world.b)
    build_world()
    assert _queries(client, url) == small


@pytest.mark.parametrize("slug", SLUGS)
def test_manager_view_query_count_does_not_grow_with_the_data(
    client_for, world, world_manager, slug
):
    client = client_for(world_manager)
    url = reverse("insights:organisation-view", args=[world.a.pk, slug])
    _queries(client, url)
    small = _queries(client, url)
    build_world(world.a, world.b)
    build_world(world.a)
    assert _queries(client, url) == small


def test_employer_filter_keeps_the_choice_and_refuses_an_unknown_one(client_for, analyst, world):
    client = client_for(analyst)
    url = reverse("insights:pipeline")

    chosen = client.get(url, {"employer": world.a.pk}).content.decode()
    unknown = client.get(url, {"employer": "999999"}).content.decode()

    assert f'<option value="{world.a.pk}" selected>{world.a.name}</option>' in chosen
    assert "Correct the filters to see the figures." not in chosen
    assert "Select a valid choice." in unknown
    assert "Correct the filters to see the figures." in unknown
