"""Journey 4: an HEE analyst signs in with their authenticator, reads the national dashboards,
narrows them to one region and downloads a table as CSV."""

import csv
import io

import pytest

import employers.demo
import insights.demo
from portal.demo import DemoWorld
from tests.browser.checks import PageChecks
from tests.browser.steps import sign_in
from tests.factories import AnalystFactory, enrol_totp

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def national_cohort(db):
    """The demo employers and the demo's 240 anonymous recruits, so disclosure control leaves
    figures to see."""
    world = DemoWorld()
    employers.demo.seed(world)
    insights.demo.seed(world)
    return world


def test_analyst_filters_dashboards_by_region_and_downloads_csv(page, national_cohort, output_dir):
    analyst = AnalystFactory(full_name="Sam Whitfield")
    secret = enrol_totp(analyst)
    check = PageChecks(output_dir)

    sign_in(page, check, email=analyst.email, secret=secret)
    page.wait_for_url("**/insights/")
    check(page, "dashboards")
    titles = page.locator(".nhsuk-card__link").all_inner_texts()
    assert len(titles) == 5

    for title in titles:
        page.get_by_role("link", name=title, exact=True).first.click()
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", level=1).inner_text().startswith(title)
        check(page, f"dashboard-{page.url.rstrip('/').rsplit('/', 1)[-1]}")
        if title != titles[-1]:
            page.get_by_role("navigation", name="Breadcrumb").get_by_role("link").click()

    page.goto("/insights/pipeline/")
    page.screenshot(path=str(output_dir / "hee-dashboard.png"), full_page=True)
    national = page.locator("table.nhsuk-table").first.inner_text()
    page.get_by_text("Filter the figures").click()
    page.get_by_label("NHS region (optional)").select_option(label="London")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**/insights/pipeline/?*region=london*")
    assert page.get_by_label("NHS region (optional)").evaluate("el => el.value") == "london"
    table = page.locator("table.nhsuk-table").first
    assert table.inner_text() != national
    check(page, "dashboard-pipeline-london")

    link = page.get_by_role("link", name="as CSV").first
    assert "region=london" in link.get_attribute("href")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    headers = table.locator("thead th").all_inner_texts()
    assert rows[0] == [h.strip() for h in headers]
    assert [row[0] for row in rows[1:]] == [
        label.strip() for label in table.locator("tbody th").all_inner_texts()
    ]
