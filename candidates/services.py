"""Writes for the registration journey. Views validate input with forms; these functions
assume valid input and write atomically."""

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EnglishLanguageEvidence,
    EvidenceDocument,
    FinishedStepCount,
    RegistrationStep,
    RegistrationStepTemplate,
)
from portal.locks import lock_table_writes_until_commit, lock_until_commit
from portal.stored_counts import days_between_sql, month_of_sql, recount_deferred_to
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

    Side effects: this step saved; possibly the next step started.
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

    Side effects: one RegistrationStep created or started. Raises NoRepeatableStep when the
    route has no such step.
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
    return step


@transaction.atomic
def candidate_profile_update(*, candidate: CandidateProfile, **fields) -> CandidateProfile:
    """Save the recruit's own details (profession, pathway, countries, phone) or the manager's
    employment details. Side effects: the profile saved; registration steps started or
    adjusted when profession or pathway changed."""
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.save()
    if "profession" in fields or "pathway" in fields:
        registration_start(candidate=candidate)
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


# Advisory lock space (portal.locks) for one month's finished-step counts.
FINISHED_STEP_COUNTS_LOCK = 7303
# The counts are derived rows: deleted in SQL, so no model signal fires for them (the steps' own
# signals already tell the dashboards' cache that the data changed).
DELETE_FINISHED_STEP_COUNTS_OF_MONTH = (
    "DELETE FROM candidates_finishedstepcount WHERE template_id = %s AND month = %s"
)


def _month_range(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following


def finished_step_counts_refresh(*, template_months: Iterable[tuple[int, date]]) -> None:
    """Count again the steps of each (template id, any day of a month) pair that finished in
    that month, per number of days they took. Side effect: those FinishedStepCount rows are
    replaced (inside portal.stored_counts.stored_counts_deferred, the whole table is rebuilt
    when the block ends instead)."""
    pairs = sorted({(template_id, day.replace(day=1)) for template_id, day in template_months})
    if not pairs or recount_deferred_to(finished_step_counts_rebuild):
        return
    with transaction.atomic():
        lock_until_commit(FINISHED_STEP_COUNTS_LOCK, [month.toordinal() for _, month in pairs])
        for template_id, month in pairs:
            first, following = _month_range(month)
            with connection.cursor() as cursor:
                cursor.execute(DELETE_FINISHED_STEP_COUNTS_OF_MONTH, [template_id, first])
            counted = (
                RegistrationStep.objects.filter(
                    template_id=template_id,
                    finished_on__gte=first,
                    finished_on__lt=following,
                    started_on__isnull=False,
                )
                .order_by()
                .values("finished_on", "started_on", "due_on")
            )
            totals: dict[int, list[int]] = {}
            for step in counted:
                days = (step["finished_on"] - step["started_on"]).days
                total = totals.setdefault(days, [0, 0, 0])
                total[0] += 1
                if step["due_on"] is not None:
                    total[1] += 1
                    total[2] += RegistrationStep.finished_on_time_of(
                        finished_on=step["finished_on"], due_on=step["due_on"]
                    )
            FinishedStepCount.objects.bulk_create(
                FinishedStepCount(
                    template_id=template_id,
                    month=first,
                    days=days,
                    steps=steps,
                    with_due=with_due,
                    on_time=on_time,
                )
                for days, (steps, with_due, on_time) in totals.items()
            )


def _finished_step_counts_rebuild_sql() -> str:
    # same rule as RegistrationStep.finished_on_time_q (the SUM of on-time steps)
    return f"""
        INSERT INTO candidates_finishedstepcount
            (template_id, month, days, steps, with_due, on_time)
        SELECT template_id, {month_of_sql("finished_on")},
            {days_between_sql("started_on", "finished_on")},
            COUNT(*), COUNT(due_on), SUM(CASE WHEN finished_on <= due_on THEN 1 ELSE 0 END)
        FROM candidates_registrationstep
        WHERE finished_on IS NOT NULL AND started_on IS NOT NULL
        GROUP BY 1, 2, 3
    """  # noqa: S608 (the dates' SQL from portal.stored_counts; no values)


def finished_step_counts_rebuild() -> int:
    """Every finished-step count from scratch, in one INSERT … SELECT (for bulk loads that
    write steps without signals). Side effect: every FinishedStepCount row is replaced, and
    other transactions' writes to the table wait until this one ends. Returns how many rows
    there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        lock_table_writes_until_commit("candidates_finishedstepcount")
        cursor.execute("DELETE FROM candidates_finishedstepcount")
        cursor.execute(_finished_step_counts_rebuild_sql())
        return cursor.rowcount
