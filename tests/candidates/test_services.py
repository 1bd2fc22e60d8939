import importlib
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from candidates.models import EvidenceDocument, FinishedStepCount, Pathway, RegistrationStep
from candidates.services import (
    candidate_profile_update,
    evidence_document_review,
    evidence_document_upload,
    finished_step_counts_rebuild,
    registration_further_information_request,
    registration_start,
    registration_step_update,
)
from tests.factories import CandidateFactory, pdf_upload, png_upload, profession

pytestmark = pytest.mark.django_db

S = RegistrationStep.Status
HCPC_KEYS = [
    "application",
    "scrutiny_fee",
    "initial_review",
    "assessment",
    "further_information",
    "decision",
    "registration_fee",
    "registered",
]


def _keys(steps):
    return [step.template.key for step in steps]


def test_registration_start_overseas_gets_every_hcpc_step_in_order(candidate):
    steps = registration_start(candidate=candidate)

    assert _keys(steps) == HCPC_KEYS
    assert {step.status for step in steps} == {S.NOT_STARTED}


def test_registration_start_refugee_pathway_skips_the_scrutiny_fee():
    refugee = CandidateFactory(pathway=Pathway.REFUGEE_IN_UK)

    steps = registration_start(candidate=refugee)

    assert _keys(steps) == [key for key in HCPC_KEYS if key != "scrutiny_fee"]


def test_registration_start_refugee_asks_hcpc_for_the_form_and_says_the_fee_is_waived():
    refugee = CandidateFactory(pathway=Pathway.REFUGEE_IN_UK)

    first = registration_start(candidate=refugee)[0]

    assert first.template.name == "Ask HCPC for the refugee application form"
    guidance = first.template.guidance
    assert guidance.startswith(
        "As a refugee (refugee status, or leave on humanitarian protection grounds) you don't "
        "apply online. Email HCPC to ask for the refugee application form and its guidance, and "
        "include evidence of your status."
    )
    assert guidance.endswith(
        "HCPC waives the scrutiny fee for refugees, so there is no fee to pay before its "
        "initial review."
    )


def test_registration_start_overseas_still_applies_online(candidate):
    first = registration_start(candidate=candidate)[0]

    assert first.template.name == "Submit your online application"
    assert first.template.guidance.startswith("Apply to the HCPC online")


def test_registration_start_osteopath_follows_the_gosc_route():
    osteopath = CandidateFactory(profession=profession("osteopath"))

    steps = registration_start(candidate=osteopath)

    assert _keys(steps) == ["application", "assessment", "registration_fee", "registered"]
    assert steps[0].template.regulator == "gosc"
    assert "not the HCPC" in steps[0].template.guidance


def test_registration_start_is_idempotent(candidate):
    registration_start(candidate=candidate)
    registration_start(candidate=candidate)

    assert RegistrationStep.objects.filter(candidate=candidate).count() == 8


def test_registration_start_waits_for_a_profession():
    newcomer = CandidateFactory(profession=None)

    assert registration_start(candidate=newcomer) == []
    assert RegistrationStep.objects.filter(candidate=newcomer).count() == 0


def test_candidate_profile_update_to_refugee_drops_the_unstarted_fee(candidate, steps):
    candidate_profile_update(candidate=candidate, pathway=Pathway.REFUGEE_IN_UK)

    keys = _keys(RegistrationStep.objects.filter(candidate=candidate).order_by("template__order"))
    assert "scrutiny_fee" not in keys
    assert len(keys) == 7


def test_registration_step_update_opening_a_step_starts_it_today(steps, today):
    step = registration_step_update(
        step=steps["application"],
        status=S.IN_PROGRESS,
        started_on=None,
        finished_on=None,
        notes="Gathering documents",
        today=today,
    )

    step.refresh_from_db()
    assert (step.status, step.started_on, step.finished_on, step.notes) == (
        S.IN_PROGRESS,
        today,
        None,
        "Gathering documents",
    )


def test_registration_step_update_done_starts_the_next_step_waiting_with_target(steps):
    registration_step_update(
        step=steps["scrutiny_fee"],
        status=S.DONE,
        started_on=date(2025, 8, 1),
        finished_on=date(2025, 8, 4),
        notes="",
        today=date(2025, 8, 4),
    )

    review = RegistrationStep.objects.get(pk=steps["initial_review"].pk)
    assert (review.status, review.started_on, review.due_on) == (
        S.WAITING,
        date(2025, 8, 4),
        date(2025, 9, 1),
    )
    assert review.is_late(today=date(2025, 9, 1)) is False
    assert review.is_late(today=date(2025, 9, 2)) is True


def test_registration_step_update_assessment_done_skips_optional_further_information(steps):
    registration_step_update(
        step=steps["assessment"],
        status=S.DONE,
        started_on=date(2025, 4, 1),
        finished_on=date(2025, 6, 2),
        notes="",
        today=date(2025, 6, 2),
    )

    further = RegistrationStep.objects.get(pk=steps["further_information"].pk)
    decision = RegistrationStep.objects.get(pk=steps["decision"].pk)
    assert further.status == S.NOT_STARTED
    assert (decision.status, decision.started_on) == (S.WAITING, date(2025, 6, 2))


def test_registration_step_update_done_without_date_finishes_today(steps, today):
    step = registration_step_update(
        step=steps["application"],
        status=S.DONE,
        started_on=date(2025, 8, 20),
        finished_on=None,
        notes="",
        today=today,
    )

    assert step.finished_on == today


def test_registration_step_update_reopening_clears_the_finish_date(steps, today):
    registration_step_update(
        step=steps["application"], status=S.DONE, started_on=today, finished_on=today, notes=""
    )

    step = registration_step_update(
        step=steps["application"],
        status=S.NEEDS_ACTION,
        started_on=today,
        finished_on=today,
        notes="HCPC sent it back",
        today=today,
    )

    assert (step.status, step.finished_on) == (S.NEEDS_ACTION, None)


def test_registration_further_information_request_can_repeat(candidate, steps):
    first = registration_further_information_request(
        candidate=candidate, requested_on=date(2025, 7, 1)
    )
    registration_step_update(
        step=first,
        status=S.DONE,
        started_on=date(2025, 7, 1),
        finished_on=date(2025, 7, 8),
        notes="",
    )
    second = registration_further_information_request(
        candidate=candidate, requested_on=date(2025, 8, 1)
    )

    assert first.pk == steps["further_information"].pk
    assert (second.round, second.status, second.display_name) == (
        2,
        S.NEEDS_ACTION,
        "Further information requested (second time)",
    )


def test_evidence_document_upload_accepts_pdf_and_png(candidate, steps):
    pdf = evidence_document_upload(
        candidate=candidate,
        upload=pdf_upload(),
        kind=EvidenceDocument.Kind.QUALIFICATION,
        step=steps["application"],
        uploaded_by=candidate.user,
    )
    png = evidence_document_upload(
        candidate=candidate,
        upload=png_upload(),
        kind=EvidenceDocument.Kind.IDENTITY,
        step=None,
        uploaded_by=candidate.user,
    )

    assert (pdf.mime, png.mime) == ("application/pdf", "image/png")
    assert pdf.file.name.startswith(f"registration/{candidate.pk}/")
    assert pdf.file.name.endswith(".pdf")
    assert "certificate" not in pdf.file.name
    assert pdf.original_name == "certificate.pdf"
    assert pdf.file.storage.exists(pdf.file.name)


def test_evidence_document_upload_refuses_executable_named_pdf(candidate):
    disguised = SimpleUploadedFile("degree.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)

    with pytest.raises(ValidationError) as error:
        evidence_document_upload(
            candidate=candidate,
            upload=disguised,
            kind=EvidenceDocument.Kind.QUALIFICATION,
            step=None,
            uploaded_by=candidate.user,
        )

    assert error.value.code == "bad_type"
    assert EvidenceDocument.objects.count() == 0


def test_evidence_document_upload_refuses_oversized_file(candidate, settings):
    settings.UPLOAD_MAX_BYTES = 100
    upload = pdf_upload()
    upload.size = 101

    with pytest.raises(ValidationError) as error:
        evidence_document_upload(
            candidate=candidate,
            upload=upload,
            kind=EvidenceDocument.Kind.QUALIFICATION,
            step=None,
            uploaded_by=candidate.user,
        )

    assert error.value.code == "too_large"
    assert EvidenceDocument.objects.count() == 0


def test_evidence_document_review_asking_for_a_new_copy_keeps_the_reason(candidate, manager):
    document = evidence_document_upload(
        candidate=candidate,
        upload=pdf_upload(),
        kind=EvidenceDocument.Kind.QUALIFICATION,
        step=None,
        uploaded_by=candidate.user,
    )

    evidence_document_review(
        document=document, accepted=False, reason="The stamp is unreadable.", reviewed_by=manager
    )

    document.refresh_from_db()
    assert (document.status, document.review_reason, document.reviewed_by) == (
        EvidenceDocument.Status.REPLACEMENT_REQUESTED,
        "The stamp is unreadable.",
        manager,
    )


# --- Counts stored for HEE's dashboards ---------------------------------------------------------
def _finished_counts() -> set[tuple]:
    """The stored finished-step counts, after checking they are what counting from scratch
    gives."""
    fields = ["template__key", "month", "days", "steps", "with_due", "on_time"]
    stored = set(FinishedStepCount.objects.values_list(*fields))
    finished_step_counts_rebuild()
    assert stored == set(FinishedStepCount.objects.values_list(*fields))
    return stored


def test_finished_step_counts_follow_every_write(steps, organisation):
    other = CandidateFactory(
        organisation=organisation,
        profession=steps["application"].candidate.profession,
        pathway=steps["application"].candidate.pathway,
    )
    august, september = date(2025, 8, 1), date(2025, 9, 1)
    review, application = steps["initial_review"], steps["application"]
    review.started_on, review.finished_on = date(2025, 8, 4), date(2025, 8, 20)
    review.due_on = date(2025, 9, 1)
    review.save()  # as the admin may
    application.started_on, application.finished_on = date(2025, 7, 1), date(2025, 8, 10)
    application.save()
    assert _finished_counts() == {
        ("initial_review", august, 16, 1, 1, 1),
        ("application", august, 40, 1, 0, 0),
    }

    review.finished_on = date(2025, 9, 3)  # late, and in another month
    review.save()
    other_steps = {step.template.key: step for step in registration_start(candidate=other)}
    registration_step_update(
        step=other_steps["initial_review"], status=S.DONE, started_on=date(2025, 8, 4),
        finished_on=date(2025, 9, 1), notes="", today=date(2025, 9, 1),
    )  # fmt: skip
    assert _finished_counts() == {
        ("initial_review", september, 30, 1, 1, 0),
        ("initial_review", september, 28, 1, 1, 1),
        ("application", august, 40, 1, 0, 0),
    }

    registration_step_update(
        step=application, status=S.IN_PROGRESS, started_on=date(2025, 7, 1), finished_on=None,
        notes="Reopened", today=date(2025, 9, 5),
    )  # fmt: skip
    review.delete()
    assert _finished_counts() == {("initial_review", september, 28, 1, 1, 1)}

    other.delete()
    assert _finished_counts() == set()


def test_migration_backfills_the_finished_step_counts(steps):
    review = steps["initial_review"]
    review.started_on, review.finished_on = date(2025, 8, 4), date(2025, 8, 20)
    review.due_on = date(2025, 9, 1)
    review.save()
    FinishedStepCount.objects.all().delete()

    migration = importlib.import_module("candidates.migrations.0008_finished_step_counts")
    migration.backfill(None, SimpleNamespace(connection=connection))

    assert list(FinishedStepCount.objects.values_list("month", "days", "steps", "on_time")) == [
        (date(2025, 8, 1), 16, 1, 1)
    ]
