"""The dated timeline entries of a recruit's registration: steps, documents, barriers."""

from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

from candidates.models import (
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    EvidenceDocument,
    RegistrationStep,
)
from portal.timeline import TimelineEntry, name_of, rows_of_sources

Status = RegistrationStep.Status


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _step_entries(
    name: str, status: str, started_on: date | None, finished_on: date | None, due_on: date | None
) -> list[TimelineEntry]:
    entries = []
    if started_on:
        entries.append(TimelineEntry(_at(started_on), "registration", f"Started: {name}"))
    if finished_on and status == Status.DONE:
        finished_late = RegistrationStep.finished_late_of(finished_on=finished_on, due_on=due_on)
        late = " (later than HCPC's target)" if finished_late else ""
        entries.append(TimelineEntry(_at(finished_on), "registration", f"Finished: {name}{late}"))
    return entries


_DOCUMENT_KINDS = dict(EvidenceDocument.Kind.choices)


def _document_entries(
    kind: str,
    status: str,
    original_name: str,
    uploaded_at: datetime,
    uploaded_by: str,
    reviewed_at: datetime | None,
    review_reason: str,
    reviewed_by: str,
) -> list[TimelineEntry]:
    label = _DOCUMENT_KINDS.get(kind, kind)
    entries = [
        TimelineEntry(
            uploaded_at, "document", f"Uploaded: {label}", detail=original_name, actor=uploaded_by
        )
    ]
    if reviewed_at:
        title = "Accepted" if status == EvidenceDocument.Status.ACCEPTED else "New copy asked for"
        entries.append(
            TimelineEntry(
                reviewed_at,
                "document",
                f"{title}: {label}",
                detail=review_reason,
                actor=reviewed_by,
            )
        )
    return entries


_BARRIER_THEMES = dict(BarrierTheme.choices)


def _barrier_entries(
    theme: str,
    description: str,
    occurred_on: date,
    reported_by: str,
    resolved_on: date | None,
    resolution: str,
) -> list[TimelineEntry]:
    label = _BARRIER_THEMES.get(theme, theme)
    entries = [
        TimelineEntry(
            _at(occurred_on), "barrier", f"Barrier: {label}", detail=description, actor=reported_by
        )
    ]
    if resolved_on:
        entries.append(
            TimelineEntry(_at(resolved_on), "barrier", f"Resolved: {label}", detail=resolution)
        )
    return entries


# A row of a recruit's registration timeline (`rows_of_sources`): a step, a document or a
# barrier.
_TIMELINE_COLUMNS = {
    "pk": models.IntegerField,
    "position": models.IntegerField,  # a step's template order, then its round
    "round_number": models.IntegerField,
    "code": models.CharField,  # a step's status, a document's kind, a barrier's theme
    "outcome": models.CharField,  # a document's status
    "label": models.TextField,  # a step's name, a document's file name, a barrier's description
    "note": models.TextField,  # a document's review reason, a barrier's resolution
    "day": models.DateField,  # a step's start, a barrier's date
    "end_day": models.DateField,  # a step's finish, a barrier's resolution
    "due_day": models.DateField,  # a step's due date
    "at": models.DateTimeField,  # a document's upload
    "end_at": models.DateTimeField,  # a document's review
    "by": models.CharField,  # who uploaded a document, who reported a barrier
    "end_by": models.CharField,  # who reviewed a document
}


def _timeline_sources(candidate_id: int) -> dict:
    return {
        "step": (
            RegistrationStep.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "position": "template__order",
                "round_number": "round",
                "code": "status",
                "label": "template__name",
                "day": "started_on",
                "end_day": "finished_on",
                "due_day": "due_on",
            },
        ),
        "document": (
            EvidenceDocument.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "code": "kind",
                "outcome": "status",
                "label": "original_name",
                "note": "review_reason",
                "at": "uploaded_at",
                "end_at": "reviewed_at",
                "by": name_of("uploaded_by"),
                "end_by": name_of("reviewed_by"),
            },
        ),
        "barrier": (
            BarrierReport.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "code": "theme",
                "label": "description",
                "note": "resolution",
                "day": "occurred_on",
                "end_day": "resolved_on",
                "by": name_of("reported_by"),
            },
        ),
    }


def registration_timeline(candidate: CandidateProfile) -> list[TimelineEntry]:
    """Dated entries of the recruit's registration, newest first: steps started and finished,
    documents uploaded and decided, barriers reported and resolved. One query, for a page that
    shows the timeline alone (the My journey page has the rows already:
    `registration_entries`)."""
    rows = rows_of_sources(_TIMELINE_COLUMNS, _timeline_sources(candidate.pk))
    # In the order the journey page lists them, so entries at the same moment keep that order.
    rows.sort(
        key=lambda row: {
            "step": lambda: (0, row["position"], row["round_number"]),
            "document": lambda: (1, -row["at"].timestamp(), -row["pk"]),
            "barrier": lambda: (2, -row["day"].toordinal(), -row["pk"]),
        }[row["source"]]()
    )
    entries = []
    for row in rows:
        if row["source"] == "step":
            name = RegistrationStep.name_of(row["label"], row["round_number"])
            entries += _step_entries(name, row["code"], row["day"], row["end_day"], row["due_day"])
        elif row["source"] == "document":
            entries += _document_entries(
                row["code"],
                row["outcome"],
                row["label"],
                row["at"],
                row["by"] or "",
                row["end_at"],
                row["note"],
                row["end_by"] or "",
            )
        else:
            entries += _barrier_entries(
                row["code"], row["label"], row["day"], row["by"] or "", row["end_day"], row["note"]
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def registration_entries(
    steps: list[RegistrationStep], documents: list[EvidenceDocument], barriers: list[BarrierReport]
) -> list[TimelineEntry]:
    """`registration_timeline` of rows already loaded: the recruit's steps in order (with their
    templates), documents and barriers newest first (with who uploaded, reviewed, reported)."""
    entries = []
    for step in steps:
        entries += _step_entries(
            step.display_name, step.status, step.started_on, step.finished_on, step.due_on
        )
    for document in documents:
        entries += _document_entries(
            document.kind,
            document.status,
            document.original_name,
            document.uploaded_at,
            str(document.uploaded_by or ""),
            document.reviewed_at,
            document.review_reason,
            str(document.reviewed_by or ""),
        )
    for barrier in barriers:
        entries += _barrier_entries(
            barrier.theme,
            barrier.description,
            barrier.occurred_on,
            str(barrier.reported_by or ""),
            barrier.resolved_on,
            barrier.resolution,
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
