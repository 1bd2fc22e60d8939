from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EnglishCheck,
    EnglishLanguageEvidence,
    EnglishThreshold,
    EvidenceDocument,
    RegistrationStep,
    threshold_for,
)
from employers.selectors import organisation_ids_managed_by
from portal.timeline import TimelineEntry

Status = RegistrationStep.Status


def candidates_visible_to(user) -> QuerySet[CandidateProfile]:
    """Recruits whose registration journey `user` may see: their own, or, for a manager,
    their organisations' recruits. Buddies and mentors see recruits through onboarding."""
    profiles = CandidateProfile.objects.select_related("user", "organisation", "profession")
    if not user.is_authenticated:
        return profiles.none()
    if user.is_recruit:
        return profiles.filter(user=user)
    if user.is_employer_staff:
        return profiles.filter(organisation_id__in=organisation_ids_managed_by(user))
    return profiles.none()


def candidate_for_user(user) -> CandidateProfile:
    """The signed-in recruit's own profile, or 404."""
    try:
        return CandidateProfile.objects.select_related("user", "organisation", "profession").get(
            user=user
        )
    except CandidateProfile.DoesNotExist:
        raise Http404("No candidate profile for this account.") from None


def candidate_visible_to(user, candidate_id: int) -> CandidateProfile:
    """One recruit, if `user` may see them; strangers get 404."""
    try:
        return candidates_visible_to(user).get(pk=candidate_id)
    except CandidateProfile.DoesNotExist:
        raise Http404("No such recruit.") from None


def candidate_managed_by(user, candidate_id: int) -> CandidateProfile:
    """One recruit of an organisation `user` manages; anyone else gets 404."""
    if not user.is_authenticated or not user.is_employer_staff:
        raise Http404("No such recruit.")
    return candidate_visible_to(user, candidate_id)


def _visible_candidate_filter(user, prefix: str = "candidate__") -> Q | None:
    if not user.is_authenticated:
        return None
    if user.is_recruit:
        return Q(**{f"{prefix}user": user})
    if user.is_employer_staff:
        return Q(**{f"{prefix}organisation_id__in": organisation_ids_managed_by(user)})
    return None


def _one_visible(queryset: QuerySet, user, pk: int, what: str):
    condition = _visible_candidate_filter(user)
    if condition is None:
        raise Http404(f"No such {what}.")
    try:
        return queryset.filter(condition).get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404(f"No such {what}.") from None


def step_visible_to(user, step_id: int) -> RegistrationStep:
    return _one_visible(
        RegistrationStep.objects.select_related(
            "template", "candidate__user", "candidate__profession"
        ),
        user,
        step_id,
        "step",
    )


def document_visible_to(user, document_id: int) -> EvidenceDocument:
    return _one_visible(
        EvidenceDocument.objects.select_related("candidate__user", "step__template"),
        user,
        document_id,
        "document",
    )


def document_managed_by(user, document_id: int) -> EvidenceDocument:
    if not user.is_authenticated or not user.is_employer_staff:
        raise Http404("No such document.")
    return document_visible_to(user, document_id)


def barrier_visible_to(user, report_id: int) -> BarrierReport:
    return _one_visible(
        BarrierReport.objects.select_related("candidate__user"), user, report_id, "barrier"
    )


# --- The journey page ----------------------------------------------------------------------


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _timeline(
    steps: list[RegistrationStep],
    documents: list[EvidenceDocument],
    barriers: list[BarrierReport],
) -> list[TimelineEntry]:
    entries = []
    for step in steps:
        if step.started_on:
            entries.append(
                TimelineEntry(_at(step.started_on), "registration", f"Started: {step.display_name}")
            )
        if step.finished_on and step.status == Status.DONE:
            late = " (later than HCPC's target)" if step.finished_late else ""
            entries.append(
                TimelineEntry(
                    _at(step.finished_on), "registration", f"Finished: {step.display_name}{late}"
                )
            )
    for document in documents:
        entries.append(
            TimelineEntry(
                document.uploaded_at,
                "document",
                f"Uploaded: {document.get_kind_display()}",
                detail=document.original_name,
                actor=str(document.uploaded_by) if document.uploaded_by else "",
            )
        )
        if document.reviewed_at:
            title = (
                "Accepted"
                if document.status == EvidenceDocument.Status.ACCEPTED
                else "New copy asked for"
            )
            entries.append(
                TimelineEntry(
                    document.reviewed_at,
                    "document",
                    f"{title}: {document.get_kind_display()}",
                    detail=document.review_reason,
                    actor=str(document.reviewed_by) if document.reviewed_by else "",
                )
            )
    for report in barriers:
        entries.append(
            TimelineEntry(
                _at(report.occurred_on),
                "barrier",
                f"Barrier: {report.get_theme_display()}",
                detail=report.description,
                actor=str(report.reported_by) if report.reported_by else "",
            )
        )
        if report.resolved_on:
            entries.append(
                TimelineEntry(
                    _at(report.resolved_on),
                    "barrier",
                    f"Resolved: {report.get_theme_display()}",
                    detail=report.resolution,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _steps_of(candidate) -> list[RegistrationStep]:
    return list(
        RegistrationStep.objects.filter(candidate=candidate)
        .select_related("template")
        .order_by("template__order", "round")
    )


def _documents_of(candidate) -> list[EvidenceDocument]:
    return list(
        EvidenceDocument.objects.filter(candidate=candidate).select_related(
            "uploaded_by", "reviewed_by", "step__template"
        )
    )


def _barriers_of(candidate) -> list[BarrierReport]:
    return list(BarrierReport.objects.filter(candidate=candidate).select_related("reported_by"))


def registration_timeline(candidate: CandidateProfile) -> list[TimelineEntry]:
    """Dated entries of the recruit's registration, newest first: steps started and finished,
    documents uploaded and decided, barriers reported and resolved."""
    return _timeline(_steps_of(candidate), _documents_of(candidate), _barriers_of(candidate))


def current_step_of(steps: list[RegistrationStep]) -> RegistrationStep | None:
    """The first step in order that is still open (optional steps not yet started are passed
    over, since most recruits never need them)."""
    for step in steps:
        if step.is_closed:
            continue
        if step.template.optional and step.status == Status.NOT_STARTED:
            continue
        return step
    return None


@dataclass
class EnglishResult:
    evidence: EnglishLanguageEvidence
    check: EnglishCheck


@dataclass
class Journey:
    candidate: CandidateProfile
    today: date
    steps: list[RegistrationStep]
    current_step: RegistrationStep | None
    late_steps: list[RegistrationStep]
    documents: list[EvidenceDocument]
    english: list[EnglishResult]
    barriers: list[BarrierReport]
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
    """Everything the My journey page shows, in a fixed number of queries."""
    steps = _steps_of(candidate)
    documents = _documents_of(candidate)
    barriers = _barriers_of(candidate)
    thresholds = list(EnglishThreshold.objects.all())
    english = [
        EnglishResult(
            evidence,
            evidence.check_against(
                threshold_for(
                    thresholds, test_type=evidence.test_type, profession_id=candidate.profession_id
                ),
                today=today,
            ),
        )
        for evidence in EnglishLanguageEvidence.objects.filter(candidate=candidate)
    ]
    current = current_step_of(steps)
    late_steps = [step for step in steps if step.is_late(today=today)]
    for step in late_steps:
        step.late_by_days = step.days_late(today=today)
    journey = Journey(
        candidate=candidate,
        today=today,
        steps=steps,
        current_step=current,
        late_steps=late_steps,
        documents=documents,
        english=english,
        barriers=barriers,
        timeline=_timeline(steps, documents, barriers),
    )
    journey.next_actions = _next_actions(journey)
    return journey


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _next_actions(journey: Journey) -> list[str]:
    actions = []
    for step in journey.steps:
        if step.status == Status.NEEDS_ACTION:
            actions.append(f"{step.display_name}: {step.template.guidance}")
    for document in journey.documents:
        if document.status == EvidenceDocument.Status.REPLACEMENT_REQUESTED:
            actions.append(
                f"Upload a new copy of your {document.get_kind_display().lower()}: "
                f"{document.review_reason}"
            )
    if journey.english and not journey.english[0].check.passes:
        actions.append("Your latest English result does not yet meet the standard (see below).")
    current = journey.current_step
    if not actions and current is not None:
        if current.is_late(today=journey.today):
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
            actions.append(f"{current.display_name}: {current.template.guidance}")
    return actions


# --- For other apps ------------------------------------------------------------------------


def registration_summaries(candidate_ids: list[int], *, today: date) -> dict[int, dict]:
    """For each recruit: `stage` (the current step's name, or "Registered"), `late_steps` (how
    many open steps are past target) and `last_progress_on`. One query of plain values whatever
    the number of recruits (a page of 25 reads ~200 steps); recruits without steps get stage
    "Not started". The current step is chosen as `current_step_of` chooses it."""
    steps_by_candidate: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        RegistrationStep.objects.filter(candidate_id__in=candidate_ids)
        .order_by("candidate_id", "template__order", "round")
        .values_list(
            "candidate_id",
            "status",
            "round",
            "due_on",
            "started_on",
            "finished_on",
            "template__name",
            "template__optional",
        )
    )
    for candidate_id, *step in rows:
        steps_by_candidate[candidate_id].append(step)
    closed = set(RegistrationStep.CLOSED)
    summaries = {}
    for candidate_id in candidate_ids:
        steps = steps_by_candidate.get(candidate_id, [])
        current = None
        late = 0
        dates = []
        for status, round, due_on, started_on, finished_on, name, optional in steps:
            dates.extend(d for d in (started_on, finished_on) if d)
            if status in closed:
                continue
            if due_on is not None and today > due_on:
                late += 1
            if current is None and not (optional and status == Status.NOT_STARTED):
                current = RegistrationStep.name_of(name, round)
        stage = (current or "Registered") if steps else "Not started"
        summaries[candidate_id] = {
            "stage": stage,
            "late_steps": late,
            "last_progress_on": max(dates) if dates else None,
        }
    return summaries


def late_registration_steps(*, today: date) -> QuerySet[RegistrationStep]:
    """Open steps past the regulator's target as of `today`, oldest due first, for reminders.
    Ordered by pk ties so it can be read in batches (`.iterator(chunk_size=…)`)."""
    return (
        RegistrationStep.objects.filter(due_on__lt=today)
        .exclude(status__in=RegistrationStep.CLOSED)
        .select_related("template", "candidate__user", "candidate__organisation")
        .order_by("due_on", "pk")
    )


def registration_steps_for_analysis() -> QuerySet:
    """Step rows for HEE's dashboards: no names, notes or free text."""
    return RegistrationStep.objects.values(
        "id",
        "status",
        "round",
        "started_on",
        "finished_on",
        "due_on",
        template_key=F("template__key"),
        template_name=F("template__name"),
        template_order=F("template__order"),
        target_amount=F("template__target_amount"),
        target_unit=F("template__target_unit"),
        regulator=F("template__regulator"),
        profession_slug=F("candidate__profession__slug"),
        pathway=F("candidate__pathway"),
        organisation_id=F("candidate__organisation_id"),
        region=F("candidate__organisation__region"),
        country_of_training=F("candidate__country_of_training"),
    ).order_by("id")


def barrier_reports_for_analysis() -> QuerySet:
    """Barrier rows for HEE's dashboards: theme, severity and dates only."""
    return BarrierReport.objects.values(
        "id",
        "theme",
        "severity",
        "occurred_on",
        "resolved_on",
        profession_slug=F("candidate__profession__slug"),
        pathway=F("candidate__pathway"),
        organisation_id=F("candidate__organisation_id"),
        region=F("candidate__organisation__region"),
    ).order_by("id")


def candidates_for_analysis() -> QuerySet:
    """Recruit rows for HEE's dashboards: no names or contact details."""
    return CandidateProfile.objects.values(
        "id",
        "pathway",
        "country_of_training",
        "nationality",
        "decision_outcome",
        "created_at",
        "organisation_id",
        profession_slug=F("profession__slug"),
        regulator=F("profession__regulator"),
        region=F("organisation__region"),
    ).order_by("id")


def document_url(document: EvidenceDocument) -> str:
    return reverse("candidates:document-download", args=[document.pk])
