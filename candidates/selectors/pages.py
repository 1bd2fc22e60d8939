"""What the My journey page reads (steps, documents, English results, barriers, next
actions), and the registration stage other pages show."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from candidates.english import EnglishStanding, english_standing
from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EvidenceDocument,
    RegistrationStep,
)
from candidates.selectors.timeline import registration_entries
from portal.timeline import TimelineEntry


def current_step_of(steps: list["StepRow"]) -> "StepRow | None":
    """The current step among `steps` (in order): the same rule as
    `RegistrationStep.objects.current()`, for steps already in memory."""
    for step in steps:
        if RegistrationStep.may_be_current(status=step.status, optional=step.optional):
            return step
    return None


Status = RegistrationStep.Status


@dataclass
class StepRow:
    """A registration step as the journey page lists it, as of one day."""

    pk: int
    template_key: str
    display_name: str
    status: str
    status_label: str
    optional: bool
    repeatable: bool
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


def _step_rows(steps: list[RegistrationStep], *, today: date) -> list[StepRow]:
    """The recruit's steps (in order, with their templates) as of `today`."""
    result = []
    for step in steps:
        result.append(
            StepRow(
                pk=step.pk,
                template_key=step.template.key,
                display_name=step.display_name,
                status=step.status,
                status_label=step.get_status_display(),
                optional=step.template.optional,
                repeatable=step.template.repeatable,
                guidance=step.template.guidance,
                target_display=step.template.target_display,
                started_on=step.started_on,
                finished_on=step.finished_on,
                due_on=step.due_on,
                is_late=step.is_late(today=today),
                late_by_days=step.days_late(today=today),
                update_url=reverse("candidates:step-update", args=[step.pk]),
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


def _document_rows(documents: list[EvidenceDocument], steps: list[StepRow]) -> list[DocumentRow]:
    """The recruit's documents (newest first), each named with its step from `steps` (the
    recruit's, already loaded)."""
    step_names = {step.pk: step.display_name for step in steps}
    return [
        DocumentRow(
            pk=document.pk,
            kind_label=document.get_kind_display(),
            original_name=document.original_name,
            step_name=step_names.get(document.step_id, ""),
            uploaded_at=document.uploaded_at,
            status=document.status,
            status_label=document.get_status_display(),
            review_reason=document.review_reason,
            download_url=reverse("candidates:document-download", args=[document.pk]),
            review_url=reverse("candidates:document-review", args=[document.pk]),
        )
        for document in documents
    ]


def _barrier_rows(barriers: list[BarrierReport]) -> list[BarrierRow]:
    """The recruit's barriers, latest first."""
    return [
        BarrierRow(
            pk=barrier.pk,
            theme_label=barrier.get_theme_display(),
            severity_label=barrier.get_severity_display(),
            description=barrier.description,
            occurred_on=barrier.occurred_on,
            resolved_on=barrier.resolved_on,
            update_url=reverse("candidates:barrier-update", args=[barrier.pk]),
        )
        for barrier in barriers
    ]


@dataclass
class Journey:
    candidate: CandidateProfile
    today: date
    steps: list[StepRow]
    current_step: StepRow | None
    late_steps: list[StepRow]
    documents: list[DocumentRow]
    english: EnglishStanding
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

    @property
    def can_request_further_information(self) -> bool:
        """Whether the route has a step the regulator may ask for again."""
        return any(step.repeatable for step in self.steps)


def journey_for(candidate: CandidateProfile, *, today: date) -> Journey:
    """Everything the My journey page shows, in a fixed number of queries (one each for steps,
    documents and barriers, and `english_standing`'s), each row with its links."""
    registration_steps = list(
        RegistrationStep.objects.filter(candidate=candidate)
        .select_related("template")
        .order_by("template__order", "round")
    )
    steps = _step_rows(registration_steps, today=today)
    documents = list(
        EvidenceDocument.objects.filter(candidate=candidate)
        .select_related("uploaded_by", "reviewed_by")
        .order_by("-uploaded_at", "-pk")
    )
    barriers = list(
        BarrierReport.objects.filter(candidate=candidate)
        .select_related("reported_by")
        .order_by("-occurred_on", "-pk")
    )
    journey = Journey(
        candidate=candidate,
        today=today,
        steps=steps,
        current_step=current_step_of(steps),
        late_steps=[step for step in steps if step.is_late],
        documents=_document_rows(documents, steps),
        english=english_standing(candidate, today=today),
        barriers=_barrier_rows(barriers),
        timeline=registration_entries(registration_steps, documents, barriers),
    )
    journey.next_actions = _next_actions(journey)
    return journey


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
    if journey.english.next_action:
        actions.append(journey.english.next_action)
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
