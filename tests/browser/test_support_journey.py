"""Journey 3: a buddy logs a check-in with their recruit; the recruit answers the wellbeing pulse
and sees who supports them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from employers.models import Membership
from pastoral.models import CheckIn, SupportAssignment, WellbeingPulse
from tests.browser.checks import PageChecks
from tests.browser.steps import sign_in
from tests.factories import (
    CandidateFactory,
    MembershipFactory,
    SupportAssignmentFactory,
    enrol_totp,
    profession,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_buddy_logs_a_check_in_and_recruit_answers_the_pulse(page, organisation, output_dir):
    buddy = MembershipFactory(
        organisation=organisation, role=Membership.Role.BUDDY, user__full_name="Mark Black"
    ).user
    secret = enrol_totp(buddy)
    candidate = CandidateFactory(
        organisation=organisation,
        profession=profession("physiotherapist"),
        user__full_name="Anjali Nair",
    )
    assignment = SupportAssignmentFactory(candidate=candidate, staff=buddy)
    SupportAssignment.objects.filter(pk=assignment.pk).update(
        started_at=timezone.now() - timedelta(days=30)
    )
    check = PageChecks(output_dir)
    today = timezone.localdate()

    # The buddy, with their authenticator.
    sign_in(page, check, email=buddy.email, secret=secret)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Supporting").click()
    page.wait_for_url("**/support/supporting/")
    check(page, "supporting")
    page.get_by_role("link", name="Log a check-in with Anjali Nair").click()
    page.wait_for_url(f"**/support/supporting/{assignment.pk}/check-in/")
    check(page, "check-in")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.locator(".nhsuk-error-summary").wait_for()
    check(page, "check-in-errors")
    held_on = today - timedelta(days=1)
    group = page.get_by_role("group", name="Date of the check-in")
    for part, value in zip(
        ("Day", "Month", "Year"), (held_on.day, held_on.month, held_on.year), strict=True
    ):
        group.get_by_label(part).fill(str(value))
    page.get_by_label("Video call").check()
    page.get_by_label("Language proficiency").check()
    page.get_by_label("NHS system knowledge").check()
    page.get_by_label("Notes").fill("Talked through handover abbreviations; will shadow Friday.")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_url("**/support/supporting/")
    check_in = CheckIn.objects.get(assignment=assignment)
    assert check_in.held_on == held_on
    assert sorted(check_in.topics) == ["language", "nhs_system_knowledge"]

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")

    # The recruit answers this fortnight's pulse.
    sign_in(page, check, email=candidate.user.email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Support").click()
    page.wait_for_url("**/support/")
    check(page, "my-support")
    assert "Mark Black" in page.locator(".nhsuk-summary-list").inner_text()
    for question, answer in (
        ("How much do you feel you belong here?", "4 – Mostly"),
        ("How is your wellbeing?", "2 – A little"),
        ("How supported do you feel?", "5 – Very much"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer).check()
    page.get_by_label("Anything you would like to tell us?").fill("Winter is hard, far from home.")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/support/")
    assert "Your answers have been saved." in page.content()
    check(page, "my-support-answered")

    pulse = WellbeingPulse.objects.get(candidate=candidate)
    assert (pulse.belonging, pulse.wellbeing, pulse.supported) == (4, 2, 5)
