import pytest

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_recruit_logs_in_and_sees_their_start_page(page, candidate, output_dir):
    page.goto("/")
    assert page.url.endswith("/accounts/login/?next=/")
    page.get_by_label("Email").fill(candidate.user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/journey/")
    assert page.get_by_role("heading", level=1).inner_text() == "My journey"
    assert candidate.user.get_short_name() in page.content()
    screenshot = output_dir / "recruit-start-page.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
