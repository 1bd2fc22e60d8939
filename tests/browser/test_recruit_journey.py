"""Journey 1: a recruit goes from the invitation email to their first step done, once with the
mouse (every page checked with axe and at 320 px) and once with the keyboard alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.services import invitation_create
from candidates.models import BarrierReport, CandidateProfile, EvidenceDocument, RegistrationStep
from tests.browser.checks import PageChecks, assert_focus_visible, link_from_mail
from tests.browser.drivers import KeyboardDriver, MouseDriver

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Kerala-backwaters-2025"


def one_page_pdf() -> bytes:
    """The smallest PDF readers accept: one blank A4 page and a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj %s endobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def certificate_pdf(folder):
    path = folder / "degree-certificate.pdf"
    path.write_bytes(one_page_pdf())
    return path


def no_check(page, name, **kwargs):
    pass


def recruit_journey(page, drive, check, *, email: str, folder) -> CandidateProfile:
    """The recruit's first hour, as a script both drivers follow."""
    today = timezone.localdate()

    # The invitation email's link opens the account page.
    page.goto(link_from_mail(to=email, pattern=r"https?://\S+/invite/\S+/"))
    check(page, "invitation")
    drive.fill(page.get_by_label("Full name"), "Anjali Nair")
    drive.fill(page.get_by_label("Create a password"), PASSWORD)
    drive.fill(page.get_by_label("Confirm your password"), PASSWORD)
    drive.click(page.get_by_role("button", name="Create account"))
    page.wait_for_url("**/accounts/confirm-email/")
    check(page, "verification-sent")

    # The verification email's link, then the button that confirms it.
    page.goto(link_from_mail(to=email, pattern=r"https?://\S+/accounts/confirm-email/\S+/"))
    check(page, "confirm-email")
    drive.click(page.get_by_role("button", name="Confirm"))
    page.wait_for_url("**/accounts/login/**")
    check(page, "login")
    drive.fill(page.get_by_label("Email"), email)
    drive.fill(page.get_by_label("Password"), PASSWORD)
    drive.click(page.get_by_role("button", name="Sign in"))
    page.wait_for_url("**/journey/")
    check(page, "journey-new")

    # Their details.
    drive.click(page.get_by_role("link", name="Change your details"))
    page.wait_for_url("**/journey/profile/")
    check(page, "profile")
    drive.select(page.get_by_label("Profession"), "Physiotherapist")
    drive.choose(page.get_by_label("Overseas recruit"))
    drive.select(page.get_by_label("Country where you trained"), "India")
    drive.select(page.get_by_label("Nationality"), "India")
    drive.fill(page.get_by_label("Phone number"), "+91 98470 12345")
    drive.click(page.get_by_role("button", name="Save"))
    page.wait_for_url("**/journey/")
    assert "Your details are saved." in page.content()
    assert page.locator("#steps li").count() > 0

    # IELTS with writing too low: the journey names the element and by how much.
    def add_ielts(writing: str, *, first: bool) -> None:
        drive.click(page.get_by_role("link", name="Add English language evidence"))
        page.wait_for_url("**/english/")
        if first:
            check(page, "english")
        drive.choose(page.get_by_label("IELTS Academic"))
        drive.date(page.get_by_role("group", name="Test date"), today - timedelta(days=30))
        for element, score in (
            ("Overall", "7.0"),
            ("Listening", "7.5"),
            ("Reading", "7.0"),
            ("Writing", writing),
            ("Speaking", "7.0"),
        ):
            drive.fill(page.get_by_label(element, exact=False).first, score)
        drive.click(page.get_by_role("button", name="Save"))
        page.wait_for_url("**/journey/")

    add_ielts("6.0", first=True)
    low = page.locator(".nhsuk-card", has_text="Does not meet the standard")
    assert "Writing 6.0 is 0.5 below the 6.5 needed." in low.inner_text()
    check(page, "journey-english-short")
    add_ielts("7.0", first=False)
    assert page.locator(".nhsuk-card", has_text="Meets the standard").count() == 1

    # The degree certificate, a real PDF, for the first step.
    drive.click(page.get_by_role("link", name="Upload a document"))
    page.wait_for_url("**/documents/")
    check(page, "upload")
    first_step = page.get_by_label("Registration step it is for")
    step_name = first_step.evaluate("el => el.options[1].text.trim()")
    drive.select(
        page.get_by_label("What is this document?"), "Qualification certificate (certified copy)"
    )
    drive.select(first_step, step_name)
    drive.upload(page.get_by_label("Upload a file"), certificate_pdf(folder))
    drive.click(page.get_by_role("button", name="Save"))
    page.wait_for_url("**/journey/")
    assert "degree-certificate.pdf" in page.locator("#documents").inner_text()

    # The first step, done.
    drive.click(page.locator("#steps a").first)
    page.wait_for_url("**/journey/steps/*/")
    check(page, "step")
    drive.choose(page.get_by_label("Done", exact=True))
    drive.date(page.get_by_role("group", name="Date started"), today - timedelta(days=20))
    drive.date(page.get_by_role("group", name="Date finished"), today - timedelta(days=2))
    drive.click(page.get_by_role("button", name="Save"))
    page.wait_for_url("**/journey/")

    # A barrier.
    drive.click(page.get_by_role("link", name="Record a barrier"))
    page.wait_for_url("**/barriers/")
    check(page, "barrier")
    drive.click(page.get_by_role("button", name="Save"))
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert "Choose the theme that fits the barrier best." in summary.inner_text()
    check(page, "barrier-errors")
    drive.choose(page.get_by_label("Language proficiency"))
    drive.fill(
        page.get_by_label("Description"),
        "Colleagues use abbreviations I have not met, and handovers are very fast.",
    )
    drive.choose(page.get_by_label("Medium: slows things down"))
    drive.date(page.get_by_role("group", name="When did it happen?"), today - timedelta(days=3))
    drive.click(page.get_by_role("button", name="Save"))
    page.wait_for_url("**/journey/")
    check(page, "journey")
    return CandidateProfile.objects.get(user__email=email)


def assert_journey_recorded(candidate: CandidateProfile, step_name: str | None = None) -> None:
    assert candidate.user.full_name == "Anjali Nair"
    assert candidate.profession.name == "Physiotherapist"
    assert candidate.country_of_training.code == "IN"
    assert [e.writing for e in candidate.english_evidence.order_by("pk")] == [6, 7]
    document = EvidenceDocument.objects.get(candidate=candidate)
    assert (document.original_name, document.mime) == ("degree-certificate.pdf", "application/pdf")
    done = RegistrationStep.objects.get(candidate=candidate, status=RegistrationStep.Status.DONE)
    assert document.step == done
    barrier = BarrierReport.objects.get(candidate=candidate)
    assert (barrier.theme, barrier.severity) == ("language", "medium")


def invite(email: str, manager, organisation) -> None:
    invitation_create(
        email=email, role=User.Role.RECRUIT, invited_by=manager, organisation=organisation
    )


def test_recruit_journey_with_the_mouse_on_accessible_pages(
    page, manager, organisation, output_dir
):
    email = "anjali.nair@example.com"
    invite(email, manager, organisation)
    check = PageChecks(output_dir)

    candidate = recruit_journey(page, MouseDriver(page), check, email=email, folder=output_dir)

    assert_journey_recorded(candidate)
    assert len(check.visited) == 13
    page.screenshot(path=str(output_dir / "recruit-journey.png"), full_page=True)


def test_recruit_journey_with_the_keyboard_only(page, manager, organisation, output_dir):
    email = "anjali.keyboard@example.com"
    invite(email, manager, organisation)
    drive = KeyboardDriver(page)
    page.mouse.move(0, 0)

    candidate = recruit_journey(page, drive, no_check, email=email, folder=output_dir)

    assert_journey_recorded(candidate)
    assert drive.presses > 50
    # The skip link is the first stop and shows where it is.
    page.keyboard.press("Tab")
    state = assert_focus_visible(page)
    assert state["text"] == "Skip to main content"
