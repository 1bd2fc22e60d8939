"""Writes for the registration journey. Views validate input with forms; these functions
assume valid input and write atomically."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EnglishLanguageEvidence,
    EvidenceDocument,
    RegistrationStep,
    RegistrationStepTemplate,
)
from candidates.signals import recruits_changed
from portal.uploads import private_upload_path, validate_evidence_file

Status = RegistrationStep.Status


def _open_status_for(template: RegistrationStepTemplate) -> str:
    if template.acted_on_by == RegistrationStepTemplate.Actor.REGULATOR:
        return Status.WAITING
    return Status.IN_PROGRESS


@transaction.atomic
def registration_start(*, candidate: CandidateProfile) -> list[RegistrationStep]:
    """Give `candidate` one step per template of their regulator and pathway. Safe to repeat.

    Steps not yet started that belong to another pathway or regulator (the profile changed)
    are removed; steps with history are kept. Side effects: RegistrationStep rows created or
    deleted. Does nothing until the profession is known.
    """
    if candidate.profession_id is None:
        return []
    regulator = candidate.profession.regulator
    templates = list(
        RegistrationStepTemplate.objects.filter(regulator=regulator, pathway=candidate.pathway)
    )
    RegistrationStep.objects.filter(
        candidate=candidate, status=Status.NOT_STARTED, started_on__isnull=True
    ).exclude(template__in=templates).delete()
    existing = set(
        RegistrationStep.objects.filter(candidate=candidate).values_list("template_id", flat=True)
    )
    RegistrationStep.objects.bulk_create(
        [
            RegistrationStep(candidate=candidate, template=template, round=1)
            for template in templates
            if template.pk not in existing
        ],
        ignore_conflicts=True,
    )
    return list(RegistrationStep.objects.filter(candidate=candidate).select_related("template"))


@transaction.atomic
def registration_step_update(
    *,
    step: RegistrationStep,
    status: str,
    started_on: date | None,
    finished_on: date | None,
    notes: str,
    today: date | None = None,
) -> RegistrationStep:
    """Record where a step stands. Opening a step without a start date starts it today; marking
    it done without a finish date finishes it today. The due date against the regulator's
    target is fixed from the start date. Finishing a step starts the next required one.

    Side effects: this step saved; possibly the next step started; `recruits_changed` sent
    (onboarding stores the recruit's registration facts again).
    """
    today = today or timezone.localdate()
    was_closed = step.is_closed
    if status != Status.NOT_STARTED and status != Status.NOT_NEEDED and started_on is None:
        started_on = today
    if status == Status.DONE and finished_on is None:
        finished_on = today
    if status not in RegistrationStep.CLOSED:
        finished_on = None
    step.status = status
    step.started_on = started_on
    step.finished_on = finished_on
    step.notes = notes
    step.due_on = step.template.due_on(started_on) if status != Status.NOT_NEEDED else None
    step.save()
    if status == Status.DONE and not was_closed:
        _start_next_step(step=step, on=finished_on)
    recruits_changed.send(sender=RegistrationStep, candidate_ids=[step.candidate_id])
    return step


def _start_next_step(*, step: RegistrationStep, on: date) -> RegistrationStep | None:
    following = (
        RegistrationStep.objects.select_related("template")
        .filter(candidate_id=step.candidate_id, template__order__gt=step.template.order)
        .order_by("template__order", "round")
    )
    for candidate_step in following:
        if candidate_step.template.optional:
            continue
        if candidate_step.status != Status.NOT_STARTED:
            return None
        candidate_step.status = _open_status_for(candidate_step.template)
        candidate_step.started_on = on
        candidate_step.due_on = candidate_step.template.due_on(on)
        candidate_step.save()
        return candidate_step
    return None


class NoRepeatableStep(Exception):
    """The recruit's route has no step the regulator may ask for again; the message says so."""


@transaction.atomic
def registration_further_information_request(
    *, candidate: CandidateProfile, requested_on: date
) -> RegistrationStep:
    """HCPC asked for more information (again): open the first unused round, or a new round.

    Side effects: one RegistrationStep created or started; `recruits_changed` sent. Raises
    NoRepeatableStep when the route has no such step.
    """
    rounds = list(
        RegistrationStep.objects.select_for_update()
        .select_related("template")
        .filter(candidate=candidate, template__repeatable=True)
        .order_by("round")
    )
    if not rounds:
        raise NoRepeatableStep(
            "This registration route has no step for further information from the regulator, "
            "so there is nothing to add. Update the step HCPC is working on instead."
        )
    unused = next((s for s in rounds if s.status == Status.NOT_STARTED), None)
    step = unused or RegistrationStep(
        candidate=candidate, template=rounds[-1].template, round=rounds[-1].round + 1
    )
    step.status = Status.NEEDS_ACTION
    step.started_on = requested_on
    step.finished_on = None
    step.due_on = step.template.due_on(requested_on)
    step.save()
    recruits_changed.send(sender=RegistrationStep, candidate_ids=[candidate.pk])
    return step


@transaction.atomic
def candidate_profile_update(*, candidate: CandidateProfile, **fields) -> CandidateProfile:
    """Save the recruit's own details (profession, pathway, countries, phone) or the manager's
    employment details. Side effects: the profile saved; registration steps started or
    adjusted when profession or pathway changed; `recruits_changed` sent (onboarding copies
    the organisation and profession into the recruit's progress row)."""
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.save()
    if "profession" in fields or "pathway" in fields:
        registration_start(candidate=candidate)
    recruits_changed.send(sender=CandidateProfile, candidate_ids=[candidate.pk])
    return candidate


def candidate_registration_update(
    *,
    candidate: CandidateProfile,
    hcpc_reference: str,
    decision_outcome: str,
    registration_number: str,
) -> CandidateProfile:
    """Record the regulator's reference, decision and registration number.
    Side effects: the profile saved."""
    candidate.hcpc_reference = hcpc_reference
    candidate.decision_outcome = decision_outcome
    candidate.registration_number = registration_number
    candidate.save(
        update_fields=["hcpc_reference", "decision_outcome", "registration_number", "updated_at"]
    )
    return candidate


def english_evidence_add(*, candidate: CandidateProfile, **fields) -> EnglishLanguageEvidence:
    """Record an English test result. Side effects: one EnglishLanguageEvidence row."""
    return EnglishLanguageEvidence.objects.create(candidate=candidate, **fields)


def evidence_document_upload(
    *,
    candidate: CandidateProfile,
    upload,
    kind: str,
    step: RegistrationStep | None,
    uploaded_by,
) -> EvidenceDocument:
    """Store an evidence file privately under a random name.

    Checks the content again (whatever the caller did). Side effects: one file in private
    storage; one EvidenceDocument row (the file is removed if the row cannot be saved).
    """
    mime = validate_evidence_file(upload)
    document = EvidenceDocument(
        candidate=candidate,
        step=step,
        kind=kind,
        original_name=(upload.name or "evidence")[:200],
        mime=mime,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
    document.file.save(
        private_upload_path(f"registration/{candidate.pk}", mime), upload, save=False
    )
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def evidence_document_review(
    *, document: EvidenceDocument, accepted: bool, reason: str, reviewed_by
) -> EvidenceDocument:
    """A manager accepts a document or asks for a new one, saying why (the recruit sees it).
    Side effects: the document's review fields saved."""
    document.status = (
        EvidenceDocument.Status.ACCEPTED
        if accepted
        else EvidenceDocument.Status.REPLACEMENT_REQUESTED
    )
    document.review_reason = "" if accepted else reason
    document.reviewed_by = reviewed_by
    document.reviewed_at = timezone.now()
    document.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    return document


def barrier_report_create(*, candidate: CandidateProfile, reported_by, **fields) -> BarrierReport:
    """Record a barrier. Side effects: one BarrierReport row."""
    return BarrierReport.objects.create(candidate=candidate, reported_by=reported_by, **fields)


def barrier_report_update(*, report: BarrierReport, **fields) -> BarrierReport:
    """Update a barrier, typically to say whether and how it was resolved.
    Side effects: the report saved."""
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    return report
