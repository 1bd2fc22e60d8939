"""Journey 2: a new manager enrols their authenticator, records a recruit's offer, applies the
default checklist, picks a buddy with room and accepts the recruit's certificate."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import EvidenceDocument
from employers.models import Membership
from onboarding.models import Offer, OnboardingTask
from pastoral.models import SupportAssignment
from tests.browser.checks import PageChecks
from tests.browser.steps import totp_now
from tests.factories import (
    DEFAULT_PASSWORD,
    CandidateFactory,
    EvidenceDocumentFactory,
    MembershipFactory,
    profession,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def new_manager(organisation):
    """A manager who has never signed in, so has no authenticator yet."""
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.MANAGER,
        user__full_name="Grace Okafor",
        user__email="grace.okafor@example.nhs.uk",
    ).user


def test_manager_enrols_mfa_and_sets_a_recruit_up(
    page, new_manager, buddy, organisation, output_dir
):
    physio = profession("physiotherapist")
    recruit = CandidateFactory(
        organisation=organisation, profession=physio, user__full_name="Anjali Nair"
    )
    for name in ("Joseph Mensah", "Maria Santos", "Wei Chen"):
        CandidateFactory(organisation=organisation, profession=physio, user__full_name=name)
    document = EvidenceDocumentFactory(candidate=recruit)
    check = PageChecks(output_dir)
    today = timezone.localdate()

    # Signing in for the first time sends a manager to set up an authenticator.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(new_manager.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    check(page, "mfa-activate")
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.get_by_label("Authenticator code").fill(totp_now(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    check(page, "mfa-activated")

    page.goto("/")
    page.wait_for_url("**/onboarding/recruits/")
    check(page, "recruits")

    # The offer.
    page.get_by_role("link", name="Whole journey of Anjali Nair").click()
    page.wait_for_url(f"**/onboarding/journey/{recruit.pk}/")
    check(page, "onboarding-journey-new")
    page.get_by_role("link", name="Record the offer").first.click()
    page.wait_for_url("**/offer/")
    check(page, "offer")
    page.get_by_label("Job title").fill("Physiotherapist, musculoskeletal outpatients")
    page.get_by_label("Profession").select_option(label="Physiotherapist")
    page.get_by_label("Agenda for Change band").fill("5")
    page.get_by_label("What the role expects").fill(
        "37.5 hours a week in outpatients, supervised by a band 7 for the first six months."
    )
    offer_date = page.get_by_role("group", name="Date of the offer")
    for part, value in zip(
        ("Day", "Month", "Year"), (today.day, today.month, today.year), strict=True
    ):
        offer_date.get_by_label(part).fill(str(value))
    start = today + timedelta(days=90)
    start_date = page.get_by_role("group", name="Planned start date")
    for part, value in zip(
        ("Day", "Month", "Year"), (start.day, start.month, start.year), strict=True
    ):
        start_date.get_by_label(part).fill(str(value))
    page.get_by_label("Direct application").check()
    page.get_by_label("Country they were recruited from").select_option(label="India")
    page.get_by_role("button", name=re.compile("Save|Record")).click()
    page.wait_for_url(f"**/onboarding/journey/{recruit.pk}/")
    assert "Offer recorded" in page.content()

    # The default checklist.
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Apply checklist").click()
    page.wait_for_url(f"**/onboarding/journey/{recruit.pk}/")
    check(page, "onboarding-journey-checklist")
    tasks = OnboardingTask.objects.filter(candidate=recruit).count()
    assert tasks > 5

    # A buddy with room, from the capacity picker.
    page.get_by_role("link", name="Supporting").click()
    page.get_by_role("link", name="Support for your organisation's recruits").click()
    page.wait_for_url("**/support/recruits/")
    check(page, "support-recruits")
    page.get_by_role("link", name="Assign a buddy to Anjali Nair").click()
    page.wait_for_url("**/assign/?role=buddy")
    check(page, "assign-buddy")
    picker = page.locator("#staff-options")
    assert "Has room" in picker.get_by_role("row", name=re.compile(buddy.full_name)).inner_text()
    page.get_by_label(re.compile(re.escape(buddy.full_name))).check()
    page.get_by_role("button", name="Assign buddy").click()
    page.wait_for_url(f"**/support/recruits/{recruit.pk}/")
    check(page, "support-recruit")

    # The certificate, accepted.
    page.goto(f"/onboarding/journey/{recruit.pk}/")
    page.get_by_role("link", name="Registration journey and documents").click()
    page.wait_for_url(f"**/journey/recruits/{recruit.pk}/")
    check(page, "registration-journey")
    page.get_by_role("link", name="Review certificate.pdf").click()
    page.wait_for_url(f"**/journey/documents/{document.pk}/review/")
    check(page, "document-review")
    page.get_by_label("Accept this document").check()
    page.get_by_role("button", name="Save review").click()
    page.wait_for_url(f"**/journey/recruits/{recruit.pk}/")
    assert "Accepted" in page.locator("#documents").inner_text()

    page.goto("/onboarding/recruits/")
    row = page.get_by_role("row", name=re.compile("Anjali Nair"))
    assert buddy.get_full_name() in row.inner_text()
    page.screenshot(path=str(output_dir / "manager-recruits.png"), full_page=True)

    offer = Offer.objects.get(candidate=recruit)
    assert (offer.band, offer.recruited_from.code) == (5, "IN")
    assignment = SupportAssignment.objects.get(candidate=recruit, ended_at__isnull=True)
    assert (assignment.staff, assignment.role) == (buddy, "buddy")
    document.refresh_from_db()
    assert (document.status, document.reviewed_by) == (
        EvidenceDocument.Status.ACCEPTED,
        new_manager,
    )
