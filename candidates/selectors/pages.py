"""What the My journey page reads (steps, documents, English results, barriers, next
actions), and the registration stage other pages show."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from candidates.models import (
    CandidateProfile,
    EnglishCheck,
    EnglishLanguageEvidence,
    EnglishThreshold,
    EvidenceDocument,
    RegistrationStep,
    RegistrationStepTemplate,
    Severity,
    threshold_for,
)
from candidates.selectors.timeline import (
    _BARRIER_THEMES,
    _DOCUMENT_KINDS,
    Status,
    _registration_entries,
    registration_rows,
)
from portal.timeline import TimelineEntry


def current_step_of(steps: list["StepRow"]) -> "StepRow | None":
    """The current step among `steps` (in order): the same rule as
    `RegistrationStep.objects.current()`, for steps already in memory."""
    for step in steps:
        if RegistrationStep.may_be_current(status=step.status, optional=step.optional):
            return step
    return None


_STEP_STATUSES = dict(Status.choices)
_DOCUMENT_STATUSES = dict(EvidenceDocument.Status.choices)
_SEVERITIES = dict(Severity.choices)


@dataclass
class StepRow:
    """A registration step as the journey page lists it, as of one day."""

    pk: int
    template_key: str
    display_name: str
    status: str
    status_label: str
    optional: bool
    guidance: str
    target_display: str
    started_on: date | None
    finished_on: date | None
    due_on: date | None
    is_late: bool
    late_by_days: int
    update_url: str

    @property
    def is_closed(self) -> bool:
        return self.status in RegistrationStep.CLOSED

    @property
    def finished_late(self) -> bool:
        return RegistrationStep.finished_late_of(finished_on=self.finished_on, due_on=self.due_on)


def _step_rows(rows: list[dict], *, today: date) -> list[StepRow]:
    """The steps among the registration timeline's `rows`, in order, as of `today`."""
    steps = sorted(
        (row for row in rows if row["source"] == "step"),
        key=lambda row: (row["position"], row["round_number"]),
    )
    result = []
    for row in steps:
        is_late = RegistrationStep.late_on(today, status=row["code"], due_on=row["due_day"])
        result.append(
            StepRow(
                pk=row["pk"],
                template_key=row["step_key"],
                display_name=RegistrationStep.name_of(row["label"], row["round_number"]),
                status=row["code"],
                status_label=_STEP_STATUSES.get(row["code"], row["code"]),
                optional=row["step_optional"],
                guidance=row["step_guidance"],
                target_display=RegistrationStepTemplate.describe_target(
                    row["target_amount"], row["target_unit"]
                ),
                started_on=row["day"],
                finished_on=row["end_day"],
                due_on=row["due_day"],
                is_late=is_late,
                late_by_days=(today - row["due_day"]).days if is_late else 0,
                update_url=reverse("candidates:step-update", args=[row["pk"]]),
            )
        )
    return result


@dataclass
class DocumentRow:
    """A document as the journey page lists it."""

    pk: int
    kind_label: str
    original_name: str
    step_name: str
    uploaded_at: datetime
    status: str
    status_label: str
    review_reason: str
    download_url: str
    review_url: str


@dataclass
class BarrierRow:
    """A barrier as the journey page lists it."""

    pk: int
    theme_label: str
    severity_label: str
    description: str
    occurred_on: date
    resolved_on: date | None
    update_url: str

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None


def _document_rows(rows: list[dict], steps: list[StepRow]) -> list[DocumentRow]:
    """The documents among the registration timeline's `rows`, newest first, each named with
    its step from `steps` (the recruit's, already loaded)."""
    step_names = {step.pk: step.display_name for step in steps}
    documents = sorted(
        (row for row in rows if row["source"] == "document"),
        key=lambda row: (row["at"], row["pk"]),
        reverse=True,
    )
    return [
        DocumentRow(
            pk=row["pk"],
            kind_label=_DOCUMENT_KINDS.get(row["code"], row["code"]),
            original_name=row["label"],
            step_name=step_names.get(row["step_pk"], ""),
            uploaded_at=row["at"],
            status=row["outcome"],
            status_label=_DOCUMENT_STATUSES.get(row["outcome"], row["outcome"]),
            review_reason=row["note"],
            download_url=reverse("candidates:document-download", args=[row["pk"]]),
            review_url=reverse("candidates:document-review", args=[row["pk"]]),
        )
        for row in documents
    ]


def _barrier_rows(rows: list[dict]) -> list[BarrierRow]:
    """The barriers among the registration timeline's `rows`, latest first."""
    barriers = sorted(
        (row for row in rows if row["source"] == "barrier"),
        key=lambda row: (row["day"], row["pk"]),
        reverse=True,
    )
    return [
        BarrierRow(
            pk=row["pk"],
            theme_label=_BARRIER_THEMES.get(row["code"], row["code"]),
            severity_label=_SEVERITIES.get(row["barrier_severity"], row["barrier_severity"]),
            description=row["label"],
            occurred_on=row["day"],
            resolved_on=row["end_day"],
            update_url=reverse("candidates:barrier-update", args=[row["pk"]]),
        )
        for row in barriers
    ]


@dataclass
class EnglishResult:
    evidence: EnglishLanguageEvidence
    check: EnglishCheck


@dataclass
class Journey:
    candidate: CandidateProfile
    today: date
    steps: list[StepRow]
    current_step: StepRow | None
    late_steps: list[StepRow]
    documents: list[DocumentRow]
    english: list[EnglishResult]
    barriers: list[BarrierRow]
    timeline: list[TimelineEntry]
    next_actions: list[str] = field(default_factory=list)

    @property
    def steps_closed(self) -> int:
        return sum(1 for step in self.steps if step.is_closed)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.steps_closed / len(self.steps)) if self.steps else 0

    @property
    def is_registered(self) -> bool:
        return bool(self.steps) and self.current_step is None


def journey_for(candidate: CandidateProfile, *, today: date) -> Journey:
    """Everything the My journey page shows, in a fixed number of queries, each row with its
    links. Steps, documents, barriers, English results and thresholds are read in one query
    (`registration_rows`)."""
    rows = registration_rows(candidate)
    steps = _step_rows(rows, today=today)
    current = current_step_of(steps)
    late_steps = [step for step in steps if step.is_late]
    journey = Journey(
        candidate=candidate,
        today=today,
        steps=steps,
        current_step=current,
        late_steps=late_steps,
        documents=_document_rows(rows, steps),
        english=_english_results(rows, candidate, today=today),
        barriers=_barrier_rows(rows),
        timeline=_registration_entries(rows),
    )
    journey.next_actions = _next_actions(journey)
    return journey


def _english_results(
    rows: list[dict], candidate: CandidateProfile, *, today: date
) -> list[EnglishResult]:
    """The recruit's English results among their registration `rows`, newest first, each
    checked against its threshold there. A profession's own threshold names the recruit's
    profession (already loaded), the only one it can match."""
    thresholds = []
    for row in rows:
        if row["source"] == "threshold":
            threshold = EnglishThreshold(
                pk=row["pk"],
                test_type=row["english_test"],
                profession_id=row["profession_pk"],
                overall=row["score_overall"],
                minimum_element=row["score_minimum"],
                valid_for_days=row["valid_days"],
            )
            if threshold.profession_id is not None and (
                threshold.profession_id == candidate.profession_id
            ):
                threshold.profession = candidate.profession
            thresholds.append(threshold)
    results = sorted(
        (row for row in rows if row["source"] == "english"),
        key=lambda row: (row["english_date"], row["pk"]),
        reverse=True,
    )
    english = []
    for row in results:
        evidence = EnglishLanguageEvidence(
            pk=row["pk"],
            candidate=candidate,
            test_type=row["english_test"],
            test_date=row["english_date"],
            overall=row["score_overall"],
            listening=row["score_listening"],
            reading=row["score_reading"],
            writing=row["score_writing"],
            speaking=row["score_speaking"],
            qualification_country=row["english_country"] or "",
        )
        threshold = threshold_for(
            thresholds, test_type=evidence.test_type, profession_id=candidate.profession_id
        )
        english.append(EnglishResult(evidence, evidence.check_against(threshold, today=today)))
    return english


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _next_actions(journey: Journey) -> list[str]:
    actions = []
    for step in journey.steps:
        if step.status == Status.NEEDS_ACTION:
            actions.append(f"{step.display_name}: {step.guidance}")
    for document in journey.documents:
        if document.status == EvidenceDocument.Status.REPLACEMENT_REQUESTED:
            actions.append(
                f"Upload a new copy of your {document.kind_label.lower()}: {document.review_reason}"
            )
    if journey.english and not journey.english[0].check.passes:
        actions.append("Your latest English result does not yet meet the standard (see below).")
    current = journey.current_step
    if not actions and current is not None:
        if current.is_late:
            actions.append(
                f"{current.display_name} is later than HCPC's target date, "
                f"{_long(current.due_on)}. Ask HCPC for an update, quoting your reference."
            )
        elif current.status == Status.WAITING:
            due = f" HCPC's target date is {_long(current.due_on)}." if current.due_on else ""
            actions.append(
                f"Nothing to do now: waiting on the regulator ({current.display_name}).{due}"
            )
        else:
            actions.append(f"{current.display_name}: {current.guidance}")
    return actions


def registration_stage(*, has_steps: bool, current_step: str | None, round: int | None) -> str:
    """Where a recruit's registration is, in words: the current step's name, "Registered" when
    every step is closed, "Not started" without steps (`RegistrationStep.stage_columns`)."""
    if not has_steps:
        return "Not started"
    if current_step is None:
        return "Registered"
    return RegistrationStep.name_of(current_step, round)


def document_url(document: EvidenceDocument) -> str:
    return reverse("candidates:document-download", args=[document.pk])
