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
# The journey page's queries: session, user, profile, the recruit's steps, documents,
# barriers, English results and thresholds (one query each), the header's unread notifications
# (plus the organisations a manager manages).
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
        step=steps["scrutiny_fee"],
        status=S.DONE,
        started_on=long_ago,
        finished_on=long_ago,
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
    templates = [
        step_template(key)
        for key in ["application", "scrutiny_fee", "initial_review", "assessment", "decision"]
    ]
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
    client.get(url)  # the first staff request records when they were last seen

    with django_assert_num_queries(MANAGER_JOURNEY_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("/journey/documents/") >= documents


# --- Profile and employment ----------------------------------------------------------------


def test_profile_edit_saves_and_starts_registration(client_for):
    newcomer = CandidateFactory(profession=None, country_of_training="")

    response = client_for(newcomer.user).post(
        reverse("candidates:profile-edit"),
        {
            "profession": profession("radiographer").pk,
            "pathway": "refugee_uk",
            "country_of_training": "PH",
            "nationality": "PH",
            "phone": "07700 900123",
        },
    )

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.profession.slug, newcomer.pathway, newcomer.country_of_training.code) == (
        "radiographer",
        "refugee_uk",
        "PH",
    )
    assert RegistrationStep.objects.filter(candidate=newcomer).count() == 7


def test_profile_edit_refuses_staff(client_for, manager):
    assert client_for(manager).get(reverse("candidates:profile-edit")).status_code == 403


def test_employment_edit_manager_saves_within_own_organisation(client_for, candidate, manager):
    response = client_for(manager).post(
        reverse("candidates:employment-edit", args=[candidate.pk]),
        {
            "organisation": candidate.organisation_id,
            "job_title": "Physiotherapist",
            "band": "5",
            **_date_fields("expected_start_on", date(2026, 3, 2)),
        },
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.job_title, candidate.band, candidate.expected_start_on) == (
        "Physiotherapist",
        "5",
        date(2026, 3, 2),
    )


def test_employment_edit_cannot_move_recruit_to_an_unmanaged_organisation(
    client_for, candidate, manager, organisation, other_organisation
):
    response = client_for(manager).post(
        reverse("candidates:employment-edit", args=[candidate.pk]),
        {"organisation": other_organisation.pk, "job_title": "Moved", "band": ""},
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    candidate.refresh_from_db()
    assert (candidate.organisation_id, candidate.job_title) == (organisation.pk, "")


def test_employment_edit_refuses_recruit_and_other_manager(
    client_for, candidate, recruit, other_manager
):
    url = reverse("candidates:employment-edit", args=[candidate.pk])

    assert client_for(recruit).get(url).status_code == 403
    assert client_for(other_manager).get(url).status_code == 404


# --- HCPC reference, decision and registration number --------------------------------------


def test_registration_details_saves_reference_in_capitals(client_for, candidate, recruit):
    response = client_for(recruit).post(
        reverse("candidates:registration-details", args=[candidate.pk]),
        {"hcpc_reference": "ab 123456", "decision_outcome": "", "registration_number": ""},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.hcpc_reference == "AB123456"


@pytest.mark.parametrize("reference", ["A1234567", "AB12345", "ABC12345", "AB1234567"])
def test_registration_details_wrong_reference_format_is_refused(
    client_for, candidate, recruit, reference
):
    CandidateProfile.objects.filter(pk=candidate.pk).update(hcpc_reference="ZZ000001")

    response = client_for(recruit).post(
        reverse("candidates:registration-details", args=[candidate.pk]),
        {"hcpc_reference": reference, "decision_outcome": "successful", "registration_number": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["hcpc_reference"] == [
        "Enter the HCPC application reference as two letters then six digits, like AA123456."
    ]
    assert f'value="{reference}"' in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.hcpc_reference, candidate.decision_outcome) == ("ZZ000001", "")


def _registration_post(number, decision="successful"):
    return {"hcpc_reference": "", "decision_outcome": decision, "registration_number": number}


def test_registration_details_saves_a_number_with_the_professions_prefix(
    client_for, candidate, recruit
):
    response = client_for(recruit).post(
        reverse("candidates:registration-details", args=[candidate.pk]),
        _registration_post("ph 123456"),
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.decision_outcome, candidate.registration_number) == (
        "successful",
        "PH123456",
    )


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("XYZ", "Enter the HCPC registration number as PH then digits, like PH123456."),
        (
            "OT123456",
            "HCPC registration numbers for this profession (physiotherapist) start with PH, "
            "not OT. Check the number on HCPC's register: it is PH then digits, like PH123456.",
        ),
    ],
)
def test_registration_details_number_not_of_the_profession_is_refused(
    client_for, candidate, recruit, number, message
):
    response = client_for(recruit).post(
        reverse("candidates:registration-details", args=[candidate.pk]),
        _registration_post(number),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["registration_number"] == [message]
    candidate.refresh_from_db()
    assert candidate.registration_number == ""


def test_registration_details_number_before_a_successful_decision_is_refused(
    client_for, candidate, recruit
):
    response = client_for(recruit).post(
        reverse("candidates:registration-details", args=[candidate.pk]),
        _registration_post("PH123456", decision=""),
    )

    assert response.context["form"].errors["registration_number"] == [
        "A registration number is given after a successful decision. Choose 'Successful' as "
        "the decision, or leave the number empty."
    ]


def test_registration_details_osteopath_gives_a_gosc_number(client_for, organisation):
    osteopath = CandidateFactory(organisation=organisation, profession=profession("osteopath"))
    url = reverse("candidates:registration-details", args=[osteopath.pk])
    client = client_for(osteopath.user)

    page = client.get(url)
    refused = client.post(url, _registration_post("PH123456"))
    saved = client.post(url, _registration_post("4321"))

    assert page.context["form"].fields["registration_number"].label == "GOsC registration number"
    assert refused.context["form"].errors["registration_number"] == [
        "The General Osteopathic Council registers osteopaths, not the HCPC: enter the GOsC "
        "registration number, in digits only."
    ]
    assert saved.status_code == 302
    osteopath.refresh_from_db()
    assert osteopath.registration_number == "4321"


def test_registration_details_refuses_another_recruit(client_for, candidate, other_candidate):
    url = reverse("candidates:registration-details", args=[candidate.pk])

    assert client_for(other_candidate.user).get(url).status_code == 404


# --- Steps ---------------------------------------------------------------------------------


def test_step_update_marks_done_and_starts_next(client_for, candidate, recruit):
    steps = {s.template.key: s for s in registration_start(candidate=candidate)}
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client_for(recruit).post(
        reverse("candidates:step-update", args=[steps["scrutiny_fee"].pk]),
        {
            "status": "done",
            **_date_fields("started_on", yesterday),
            **_date_fields("finished_on", yesterday),
            "notes": "Paid by card",
        },
    )

    assert response.status_code == 302
    review = RegistrationStep.objects.get(pk=steps["initial_review"].pk)
    assert (review.status, review.started_on) == (S.WAITING, yesterday)


def test_step_update_finishing_before_starting_is_refused(client_for, candidate, recruit):
    step = registration_start(candidate=candidate)[0]
    today = timezone.localdate()

    response = client_for(recruit).post(
        reverse("candidates:step-update", args=[step.pk]),
        {
            "status": "done",
            **_date_fields("started_on", today - timedelta(days=2)),
            **_date_fields("finished_on", today - timedelta(days=5)),
            "notes": "Typed notes stay",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["finished_on"] == [
        "The date finished must be the same as or after the date started."
    ]
    assert "Typed notes stay" in response.content.decode()
    step.refresh_from_db()
    assert (step.status, step.started_on, step.finished_on, step.notes) == (
        S.NOT_STARTED,
        None,
        None,
        "",
    )


def test_step_update_future_date_is_refused(client_for, candidate, recruit):
    step = registration_start(candidate=candidate)[0]

    response = client_for(recruit).post(
        reverse("candidates:step-update", args=[step.pk]),
        {
            "status": "in_progress",
            **_date_fields("started_on", timezone.localdate() + timedelta(days=3)),
            **_date_fields("finished_on", None),
            "notes": "",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["started_on"] == [
        "The date started must be today or in the past."
    ]
    step.refresh_from_db()
    assert step.status == S.NOT_STARTED


def test_step_update_refuses_other_recruit_and_other_manager(
    client_for, candidate, other_candidate, other_manager
):
    step = registration_start(candidate=candidate)[0]
    url = reverse("candidates:step-update", args=[step.pk])

    assert client_for(other_candidate.user).get(url).status_code == 404
    assert client_for(other_manager).get(url).status_code == 404


def test_further_information_request_adds_a_round(client_for, candidate, manager):
    registration_start(candidate=candidate)
    client = client_for(manager)
    url = reverse("candidates:further-information-request", args=[candidate.pk])

    client.post(url)
    client.post(url)

    rounds = RegistrationStep.objects.filter(
        candidate=candidate, template__key="further_information"
    ).values_list("round", "status")
    assert sorted(rounds) == [(1, S.NEEDS_ACTION), (2, S.NEEDS_ACTION)]


def test_further_information_request_refuses_other_manager(client_for, candidate, other_manager):
    registration_start(candidate=candidate)
    url = reverse("candidates:further-information-request", args=[candidate.pk])

    assert client_for(other_manager).post(url).status_code == 404
    assert RegistrationStep.objects.filter(candidate=candidate, status=S.NEEDS_ACTION).count() == 0


# --- English evidence ----------------------------------------------------------------------


def _ielts_post(**overrides):
    data = {
        "test_type": "ielts",
        **_date_fields("test_date", date(2025, 6, 1)),
        "overall": "7.0",
        "listening": "7.0",
        "reading": "6.5",
        "writing": "7.0",
        "speaking": "7.5",
        "qualification_country": "",
    }
    data.update(overrides)
    return data


def test_english_add_saves_ielts_result(client_for, candidate, recruit):
    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]), _ielts_post()
    )

    assert response.status_code == 302
    evidence = EnglishLanguageEvidence.objects.get(candidate=candidate)
    assert (evidence.overall, evidence.reading) == (Decimal("7.0"), Decimal("6.5"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("overall", "9.5", "IELTS Academic overall scores are between 0 and 9."),
        ("writing", "-1", "IELTS Academic writing scores are between 0 and 9."),
        ("speaking", "7.3", "IELTS scores are in half bands, like 7.0 or 7.5."),
        ("overall", "7.25", "IELTS scores are in half bands, like 7.0 or 7.5."),
        ("listening", "", "Enter the listening score."),
    ],
)
def test_english_add_bad_score_is_refused(client_for, candidate, recruit, field, value, message):
    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]), _ielts_post(**{field: value})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'value="6.5"' in response.content.decode()  # what was typed stays
    assert EnglishLanguageEvidence.objects.count() == 0


def test_english_add_future_test_date_is_refused(client_for, candidate, recruit):
    future = timezone.localdate() + timedelta(days=10)

    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]),
        _ielts_post(**_date_fields("test_date", future)),
    )

    assert response.context["form"].errors["test_date"] == [
        "The test date must be today or in the past."
    ]
    assert EnglishLanguageEvidence.objects.count() == 0


def test_english_add_toefl_scale(client_for, candidate, recruit):
    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]),
        _ielts_post(
            test_type="toefl_ibt",
            overall="121",
            listening="25",
            reading="25",
            writing="25",
            speaking="25",
        ),
    )

    assert response.context["form"].errors["overall"] == [
        "TOEFL iBT overall scores are between 0 and 120."
    ]


def _oet_post(**overrides):
    papers = {"listening": "300", "reading": "400", "writing": "350", "speaking": "350"}
    return _ielts_post(**{"test_type": "oet", "overall": "", **papers, **overrides})


def test_english_add_oet_stores_the_total_of_the_four_papers(client_for, candidate, recruit):
    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]), _oet_post()
    )

    assert response.status_code == 302
    evidence = EnglishLanguageEvidence.objects.get(candidate=candidate)
    assert (evidence.overall, evidence.reading) == (Decimal("1400"), Decimal("400"))
    page = client_for(recruit).get(reverse("candidates:journey")).content.decode()
    assert "Total 1,400 · Listening 300 · Reading 400 · Writing 350 · Speaking 350" in page
    assert "Needed for this profession: total 1,400, no paper below 300." in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reading": "355"}, "reading", "OET scores go up in tens, like 350 or 360."),
        ({"writing": "510"}, "writing", "OET writing scores are between 0 and 500."),
        (
            {"overall": "1500"},
            "overall",
            "The OET total is the four papers added up: 1,400. Leave it empty, and it is added "
            "up for you.",
        ),
    ],
)
def test_english_add_bad_oet_score_is_refused_in_plain_words(
    client_for, candidate, recruit, overrides, field, message
):
    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]), _oet_post(**overrides)
    )

    assert response.context["form"].errors[field] == [message]
    assert EnglishLanguageEvidence.objects.count() == 0


def test_english_add_toefl_asks_where_it_was_taken(client_for, candidate, recruit):
    toefl = {"test_type": "toefl_ibt", "overall": "100"}
    toefl |= dict.fromkeys(["listening", "reading", "writing", "speaking"], "25")
    url = reverse("candidates:english-add", args=[candidate.pk])
    client = client_for(recruit)

    asked = client.post(url, _ielts_post(**toefl))
    saved = client.post(url, _ielts_post(**toefl, taken_in_uk="yes"))

    assert asked.context["form"].errors["taken_in_uk"] == [
        "Say whether the test was taken in the UK: HCPC does not accept a TOEFL iBT taken there."
    ]
    assert saved.status_code == 302
    assert EnglishLanguageEvidence.objects.get().taken_in_uk is True


def test_english_add_ielts_need_not_say_where_it_was_taken(client_for, candidate, recruit):
    response = client_for(recruit).post(
        reverse("candidates:english-add", args=[candidate.pk]), _ielts_post()
    )

    assert response.status_code == 302
    assert EnglishLanguageEvidence.objects.get().taken_in_uk is None


def test_journey_shows_toefl_to_staff_as_to_be_confirmed(client_for, candidate, manager):
    EnglishEvidenceFactory(
        candidate=candidate,
        test_type="toefl_ibt",
        test_date=timezone.localdate() - timedelta(days=30),
        overall=Decimal("105"),
        listening=Decimal("25"),
        reading=Decimal("25"),
        writing=Decimal("25"),
        speaking=Decimal("25"),
        taken_in_uk=False,
    )
    client = client_for(manager)
    url = reverse("candidates:candidate-journey", args=[candidate.pk])
    client.get(url)

    page = client.get(url).content.decode()

    assert "To be confirmed by an administrator</strong>" in page
    assert "Meets the standard" not in page


def test_journey_keeps_an_older_valid_pass_over_a_newer_fail(client_for, candidate, recruit):
    today = timezone.localdate()
    EnglishEvidenceFactory(candidate=candidate, test_date=today - timedelta(days=200))
    EnglishEvidenceFactory(
        candidate=candidate, test_date=today - timedelta(days=10), writing=Decimal("6.0")
    )

    page = client_for(recruit).get(reverse("candidates:journey")).content.decode()

    assert "Does not meet the standard</strong>" in page
    assert "HCPC&#x27;s English standard is met by the IELTS Academic of" in page
    assert "does not yet meet" not in page


def test_journey_qualification_never_too_old(client_for, organisation):
    dietitian = CandidateFactory(
        organisation=organisation, profession=profession("dietitian"), country_of_training="AU"
    )
    EnglishEvidenceFactory(
        candidate=dietitian,
        test_type="qualification",
        test_date=date(2015, 7, 1),
        qualification_country="AU",
        overall=None,
        listening=None,
        reading=None,
        writing=None,
        speaking=None,
    )

    page = client_for(dietitian.user).get(reverse("candidates:journey")).content.decode()

    assert "Meets the standard</strong>" in page
    assert "A qualification does not expire." in page
    assert "too old" not in page


def test_english_add_refuses_other_organisations_manager(client_for, candidate, other_manager):
    url = reverse("candidates:english-add", args=[candidate.pk])

    assert client_for(other_manager).post(url, _ielts_post()).status_code == 404
    assert EnglishLanguageEvidence.objects.count() == 0


# --- Documents -----------------------------------------------------------------------------


def test_document_upload_accepts_a_pdf(client_for, candidate, recruit):
    step = registration_start(candidate=candidate)[0]

    response = client_for(recruit).post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "qualification", "step": step.pk, "file": pdf_upload()},
    )

    assert response.status_code == 302
    document = EvidenceDocument.objects.get(candidate=candidate)
    assert (document.step, document.mime, document.uploaded_by) == (
        step,
        "application/pdf",
        recruit,
    )


def test_document_upload_refuses_executable_named_pdf(client_for, candidate, recruit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    disguised = SimpleUploadedFile("degree.pdf", b"MZ\x90\x00" + b"\x00" * 500)

    response = client_for(recruit).post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "translation", "file": disguised},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The selected file must be a PDF, JPEG or PNG. This file's content is not one of "
        "those, whatever its name says."
    ]
    assert 'value="translation" selected' in response.content.decode()
    assert EvidenceDocument.objects.count() == 0


def test_document_upload_refuses_oversized_file(client_for, candidate, recruit, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))

    response = client_for(recruit).post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "qualification", "file": big},
    )

    assert response.context["form"].errors["file"] == [
        "The selected file must be smaller than 1 MB."
    ]
    assert EvidenceDocument.objects.count() == 0


def test_document_upload_refuses_another_recruit(client_for, candidate, other_candidate):
    response = client_for(other_candidate.user).post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "qualification", "file": pdf_upload()},
    )

    assert response.status_code == 404
    assert EvidenceDocument.objects.count() == 0


def test_document_download_by_owner_and_manager(client_for, candidate, recruit, manager):
    document = EvidenceDocumentFactory(candidate=candidate, original_name="degree.pdf")
    url = reverse("candidates:document-download", args=[document.pk])

    for user in (recruit, manager):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="degree.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_document_download_refuses_other_organisations_manager_and_other_recruit(
    client_for, candidate, other_manager, other_candidate, analyst
):
    document = EvidenceDocumentFactory(candidate=candidate)
    url = reverse("candidates:document-download", args=[document.pk])

    assert client_for(other_manager).get(url).status_code == 404
    assert client_for(other_candidate.user).get(url).status_code == 404
    assert client_for(analyst).get(url).status_code == 404


def test_document_review_reason_is_shown_to_the_recruit(client_for, candidate, manager, recruit):
    document = EvidenceDocumentFactory(candidate=candidate)

    response = client_for(manager).post(
        reverse("candidates:document-review", args=[document.pk]),
        {"decision": "replace", "reason": "The translation is not certified."},
    )

    assert response.status_code == 302
    page = client_for(recruit).get(reverse("candidates:journey")).content.decode()
    assert "New copy needed" in page
    assert "The translation is not certified." in page


def test_document_review_asking_for_new_copy_needs_a_reason(client_for, candidate, manager):
    document = EvidenceDocumentFactory(candidate=candidate)

    response = client_for(manager).post(
        reverse("candidates:document-review", args=[document.pk]), {"decision": "replace"}
    )

    assert response.context["form"].errors["reason"] == ["Say why a new copy is needed."]
    document.refresh_from_db()
    assert document.status == EvidenceDocument.Status.SUBMITTED


def test_document_review_refuses_recruit_and_other_manager(
    client_for, candidate, recruit, other_manager
):
    document = EvidenceDocumentFactory(candidate=candidate)
    url = reverse("candidates:document-review", args=[document.pk])

    assert client_for(recruit).post(url, {"decision": "accept"}).status_code == 403
    assert client_for(other_manager).post(url, {"decision": "accept"}).status_code == 404
    document.refresh_from_db()
    assert document.status == EvidenceDocument.Status.SUBMITTED


# --- Barriers ------------------------------------------------------------------------------


def _barrier_post(**overrides):
    data = {
        "theme": "language",
        "description": "Medical terms in handovers are hard to follow.",
        "severity": "medium",
        **_date_fields("occurred_on", date(2025, 5, 1)),
        **_date_fields("resolved_on", None),
        "resolution": "",
    }
    data.update(overrides)
    return data


def test_barrier_add_by_manager_records_reporter(client_for, candidate, manager):
    response = client_for(manager).post(
        reverse("candidates:barrier-add", args=[candidate.pk]), _barrier_post()
    )

    assert response.status_code == 302
    report = BarrierReport.objects.get(candidate=candidate)
    assert (report.theme, report.reported_by) == ("language", manager)


def test_barrier_add_future_date_is_refused(client_for, candidate, recruit):
    future = timezone.localdate() + timedelta(days=1)

    response = client_for(recruit).post(
        reverse("candidates:barrier-add", args=[candidate.pk]),
        _barrier_post(**_date_fields("occurred_on", future)),
    )

    assert response.context["form"].errors["occurred_on"] == [
        "The date it happened must be today or in the past."
    ]
    assert "Medical terms in handovers" in response.content.decode()
    assert BarrierReport.objects.count() == 0


def test_barrier_update_resolves_and_refuses_resolution_before_occurrence(
    client_for, candidate, recruit
):
    report = BarrierReportFactory(candidate=candidate, occurred_on=date(2025, 5, 1))
    url = reverse("candidates:barrier-update", args=[report.pk])
    client = client_for(recruit)

    bad = client.post(
        url,
        _barrier_post(**_date_fields("resolved_on", date(2025, 4, 1)), resolution="Sorted"),
    )
    report.refresh_from_db()
    assert bad.context["form"].errors["resolved_on"] == [
        "The date it was resolved must be on or after the date it happened."
    ]
    assert report.resolved_on is None

    good = client.post(
        url,
        _barrier_post(**_date_fields("resolved_on", date(2025, 6, 1)), resolution="Sorted"),
    )
    report.refresh_from_db()
    assert good.status_code == 302
    assert (report.resolved_on, report.resolution) == (date(2025, 6, 1), "Sorted")


def test_barrier_add_and_update_refuse_strangers(
    client_for, candidate, other_candidate, other_manager
):
    report = BarrierReportFactory(candidate=candidate)

    add_url = reverse("candidates:barrier-add", args=[candidate.pk])
    update_url = reverse("candidates:barrier-update", args=[report.pk])
    assert client_for(other_candidate.user).post(add_url, _barrier_post()).status_code == 404
    assert client_for(other_manager).post(update_url, _barrier_post()).status_code == 404
    assert BarrierReport.objects.count() == 1


def test_form_pages_render_for_the_recruit(client_for, candidate, recruit):
    step = registration_start(candidate=candidate)[0]
    report = BarrierReportFactory(candidate=candidate)
    client = client_for(recruit)
    urls = [
        reverse("candidates:profile-edit"),
        reverse("candidates:registration-details", args=[candidate.pk]),
        reverse("candidates:step-update", args=[step.pk]),
        reverse("candidates:english-add", args=[candidate.pk]),
        reverse("candidates:document-upload", args=[candidate.pk]),
        reverse("candidates:barrier-add", args=[candidate.pk]),
        reverse("candidates:barrier-update", args=[report.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_form_pages_render_for_the_manager(client_for, candidate, manager):
    document = EvidenceDocumentFactory(candidate=candidate)
    client = client_for(manager)
    urls = [
        reverse("candidates:employment-edit", args=[candidate.pk]),
        reverse("candidates:document-review", args=[document.pk]),
        reverse("candidates:document-upload", args=[candidate.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_step_update_not_started_with_a_start_date_is_refused(client_for, candidate, recruit):
    step = registration_start(candidate=candidate)[0]

    response = client_for(recruit).post(
        reverse("candidates:step-update", args=[step.pk]),
        {
            "status": "not_started",
            **_date_fields("started_on", date(2025, 1, 6)),
            **_date_fields("finished_on", None),
            "notes": "",
        },
    )

    assert response.context["form"].errors["started_on"] == [
        "Leave the date started empty for a step that has not started, or choose where it "
        "stands now."
    ]
    step.refresh_from_db()
    assert step.started_on is None


# --- Joined-up journey ---------------------------------------------------------------------


def test_journey_links_recruit_to_timeline_checklist_and_support(client_for, candidate, recruit):
    response = client_for(recruit).get(reverse("candidates:journey"))

    for url in [
        reverse("onboarding:journey", args=[candidate.pk]),
        reverse("onboarding:my-tasks"),
        reverse("pastoral:my-support"),
    ]:
        assert f'href="{url}"' in response.text


def test_candidate_journey_links_manager_to_timeline_only(client_for, candidate, manager):
    response = client_for(manager).get(reverse("candidates:candidate-journey", args=[candidate.pk]))

    assert f'href="{reverse("onboarding:journey", args=[candidate.pk])}"' in response.text
    assert f'href="{reverse("onboarding:my-tasks")}"' not in response.text
    assert f'href="{reverse("pastoral:my-support")}"' not in response.text
