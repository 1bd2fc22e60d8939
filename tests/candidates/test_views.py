from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EnglishLanguageEvidence,
    EvidenceDocument,
    RegistrationStep,
)
from candidates.services import registration_start, registration_step_update
from tests.factories import (
    BarrierReportFactory,
    CandidateFactory,
    EnglishEvidenceFactory,
    EvidenceDocumentFactory,
    RegistrationStepFactory,
    pdf_upload,
    profession,
    step_template,
)

pytestmark = pytest.mark.django_db

S = RegistrationStep.Status
# The journey page's queries: session, user, profile, steps, documents, barriers, English
# thresholds and results, the header's unread notifications (plus the organisations a manager
# manages).
RECRUIT_JOURNEY_QUERIES = 9
MANAGER_JOURNEY_QUERIES = 10


def _date_fields(name: str, day: date | None) -> dict:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# --- My journey ----------------------------------------------------------------------------


def test_journey_shows_current_step_late_step_and_next_action(client_for, candidate, recruit):
    steps = {s.template.key: s for s in registration_start(candidate=candidate)}
    long_ago = timezone.localdate() - timedelta(days=60)
    registration_step_update(
        step=steps["scrutiny_fee"], status=S.DONE, started_on=long_ago, finished_on=long_ago,
        notes="",
    )

    response = client_for(recruit).get(reverse("candidates:journey"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 of 8 steps done (12%)" in page
    assert "Current step: <strong>Submit your online application</strong>" in page
    assert "Late against HCPC's target" in page
    due_on = long_ago + timedelta(days=28)
    assert (
        f"Initial review and verification checks: HCPC's target date was "
        f"{due_on.day} {due_on:%B %Y} (4 weeks); 32 days late."
    ) in page


def test_journey_shows_english_shortfall_for_speech_and_language_therapist(client_for):
    slt = CandidateFactory(profession=profession("speech-and-language-therapist"))
    EnglishEvidenceFactory(
        candidate=slt,
        test_date=timezone.localdate() - timedelta(days=30),
        overall=Decimal("8.0"),
        listening=Decimal("8.0"),
        reading=Decimal("8.0"),
        writing=Decimal("7.0"),
        speaking=Decimal("8.0"),
    )

    page = client_for(slt.user).get(reverse("candidates:journey")).content.decode()

    assert "Does not meet the standard" in page
    assert "Writing 7.0 is 0.5 below the 7.5 needed." in page


def test_journey_refuses_staff_and_analysts(client_for, manager, analyst):
    assert client_for(manager).get(reverse("candidates:journey")).status_code == 403
    assert client_for(analyst).get(reverse("candidates:journey")).status_code == 403


def test_candidate_journey_shows_manager_the_same_page(client_for, candidate, manager):
    registration_start(candidate=candidate)

    response = client_for(manager).get(reverse("candidates:candidate-journey", args=[candidate.pk]))

    assert response.status_code == 200
    assert "0 of 8 steps done" in response.content.decode()


def test_candidate_journey_other_organisations_manager_gets_404(
    client_for, candidate, other_manager
):
    url = reverse("candidates:candidate-journey", args=[candidate.pk])

    assert client_for(other_manager).get(url).status_code == 404


def _fill_journey(candidate, *, steps: int, documents: int):
    templates = list(
        step_template(key)
        for key in ["application", "scrutiny_fee", "initial_review", "assessment", "decision"]
    )
    further = step_template("further_information")
    start = date(2025, 1, 6)
    for index in range(steps):
        if index < len(templates):
            template, round_ = templates[index], 1
        else:
            template, round_ = further, index - len(templates) + 1
        RegistrationStepFactory(
            candidate=candidate,
            template=template,
            round=round_,
            status=S.DONE if index % 2 else S.WAITING,
            started_on=start,
            finished_on=start if index % 2 else None,
            due_on=start + timedelta(days=28),
        )
    step = RegistrationStep.objects.filter(candidate=candidate).first()
    for index in range(documents):
        EvidenceDocumentFactory(
            candidate=candidate,
            step=step if index % 2 else None,
            status=EvidenceDocument.Status.REPLACEMENT_REQUESTED if index % 3 == 0 else "accepted",
            review_reason="Unreadable" if index % 3 == 0 else "",
        )
    EnglishEvidenceFactory(candidate=candidate)
    BarrierReportFactory(candidate=candidate, resolved_on=date(2025, 6, 1), resolution="Fixed")


@pytest.mark.parametrize(("steps", "documents"), [(3, 0), (30, 20)])
def test_journey_query_count_is_constant(
    client_for, candidate, recruit, steps, documents, django_assert_num_queries
):
    _fill_journey(candidate, steps=steps, documents=documents)
    client = client_for(recruit)

    with django_assert_num_queries(RECRUIT_JOURNEY_QUERIES):
        response = client.get(reverse("candidates:journey"))

    assert response.status_code == 200
    assert response.content.decode().count('class="nhsuk-task-list__item') == steps


@pytest.mark.parametrize(("steps", "documents"), [(3, 0), (30, 20)])
def test_candidate_journey_query_count_is_constant(
    client_for, candidate, manager, steps, documents, django_assert_num_queries
):
    _fill_journey(candidate, steps=steps, documents=documents)
    client = client_for(manager)
    url = reverse("candidates:candidate-journey", args=[candidate.pk])
    client.get(url)  # the first staff request records the MFA check in the session

    with django_assert_num_queries(MANAGER_JOURNEY_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("/journey/documents/") >= documents
