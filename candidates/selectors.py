import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from candidates.models import (
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    EnglishCheck,
    EnglishLanguageEvidence,
    EnglishThreshold,
    EvidenceDocument,
    FinishedStepCount,
    RegistrationStep,
    RegistrationStepTemplate,
    Severity,
    threshold_for,
)
from employers.models import Membership
from employers.selectors import organisation_ids_managed_by
from portal.links import url_maker
from portal.rows import TemplateRow
from portal.timeline import RecruitRowsOfSources, TimelineEntry, name_of

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
    """The signed-in recruit's own profile, or 404. Its `user` is `user`, not read again."""
    try:
        candidate = CandidateProfile.objects.select_related("organisation", "profession").get(
            user=user
        )
    except CandidateProfile.DoesNotExist:
        raise Http404("No candidate profile for this account.") from None
    candidate.user = user
    return candidate


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


def _step_entries(
    name: str, status: str, started_on: date | None, finished_on: date | None, due_on: date | None
) -> list[TimelineEntry]:
    entries = []
    if started_on:
        entries.append(TimelineEntry(_at(started_on), "registration", f"Started: {name}"))
    if finished_on and status == Status.DONE:
        late = " (later than HCPC's target)" if due_on is not None and finished_on > due_on else ""
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


# The scores of English results and thresholds.
_SCORE = functools.partial(models.DecimalField, max_digits=5, decimal_places=1)

# A row of a recruit's registration (`RecruitRowsOfSources`): a step, a document or a barrier
# (which make its timeline), an English result, or an English threshold that may apply.
_REGISTRATION_COLUMNS = {
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
    "step_key": models.CharField,  # a step's template: its key, guidance, whether optional
    "step_guidance": models.TextField,
    "step_optional": models.BooleanField,
    "step_repeatable": models.BooleanField,
    "target_amount": models.IntegerField,  # a step's target, in `target_unit`
    "target_unit": models.CharField,
    "step_pk": models.IntegerField,  # a document's step
    "barrier_severity": models.CharField,  # a barrier's
    "english_test": models.CharField,  # an English result's test, a threshold's
    "english_date": models.DateField,  # an English result's test date
    "english_country": models.CharField,  # where an English qualification was taught
    "score_overall": _SCORE,  # an English result's scores, a threshold's overall score
    "score_listening": _SCORE,
    "score_reading": _SCORE,
    "score_writing": _SCORE,
    "score_speaking": _SCORE,
    "score_minimum": _SCORE,  # a threshold's lowest score for every element
    "valid_days": models.IntegerField,  # how long a threshold counts a result for
    "profession_pk": models.IntegerField,  # a threshold's profession (none: everyone's)
}


def _registration_timeline_sources(candidate_id: int) -> dict:
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
                "step_key": "template__key",
                "step_guidance": "template__guidance",
                "step_optional": "template__optional",
                "step_repeatable": "template__repeatable",
                "target_amount": "template__target_amount",
                "target_unit": "template__target_unit",
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
                "step_pk": "step_id",
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
                "barrier_severity": "severity",
            },
        ),
    }


def _registration_sources(candidate_id: int) -> dict:
    return {
        **_registration_timeline_sources(candidate_id),
        "english": (
            EnglishLanguageEvidence.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "english_test": "test_type",
                "english_date": "test_date",
                "english_country": "qualification_country",
                "score_overall": "overall",
                "score_listening": "listening",
                "score_reading": "reading",
                "score_writing": "writing",
                "score_speaking": "speaking",
            },
        ),
        # Every threshold: a few dozen rows at most, and only the recruit's are matched.
        "threshold": (
            EnglishThreshold.objects.all(),
            {
                "pk": "pk",
                "english_test": "test_type",
                "score_overall": "overall",
                "score_minimum": "minimum_element",
                "valid_days": "valid_for_days",
                "profession_pk": "profession_id",
            },
        ),
    }


_REGISTRATION_ROWS = RecruitRowsOfSources(_REGISTRATION_COLUMNS, _registration_sources)
# The timeline alone, for a page that shows no more of the registration.
_REGISTRATION_TIMELINE_ROWS = RecruitRowsOfSources(
    _REGISTRATION_COLUMNS, _registration_timeline_sources
)


def registration_timeline(candidate: CandidateProfile) -> list[TimelineEntry]:
    """Dated entries of the recruit's registration, newest first: steps started and finished,
    documents uploaded and decided, barriers reported and resolved. One query."""
    return _registration_entries(_REGISTRATION_TIMELINE_ROWS.rows(candidate.pk))


def _registration_entries(rows: list[dict]) -> list[TimelineEntry]:
    # In the order the journey page lists them, so entries at the same moment keep that order.
    rows = sorted(
        (row for row in rows if row["source"] in {"step", "document", "barrier"}),
        key=lambda row: {
            "step": lambda: (0, row["position"], row["round_number"]),
            "document": lambda: (1, -row["at"].timestamp(), -row["pk"]),
            "barrier": lambda: (2, -row["day"].toordinal(), -row["pk"]),
        }[row["source"]](),
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


def current_step_of(steps: list["StepRow"]) -> "StepRow | None":
    """The first step in order that is still open (optional steps not yet started are passed
    over, since most recruits never need them)."""
    for step in steps:
        if RegistrationStep.may_be_current(status=step.status, optional=step.optional):
            return step
    return None


_STEP_STATUSES = dict(Status.choices)
_DOCUMENT_STATUSES = dict(EvidenceDocument.Status.choices)
_SEVERITIES = dict(Severity.choices)


@dataclass
class StepRow(TemplateRow):
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


def _step_rows(rows: list[dict], *, today: date) -> list[StepRow]:
    """The steps among the registration timeline's `rows`, in order, as of `today`."""
    update_url = url_maker("candidates:step-update")
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
                repeatable=row["step_repeatable"],
                guidance=row["step_guidance"],
                target_display=RegistrationStepTemplate.describe_target(
                    row["target_amount"], row["target_unit"]
                ),
                started_on=row["day"],
                finished_on=row["end_day"],
                due_on=row["due_day"],
                is_late=is_late,
                late_by_days=(today - row["due_day"]).days if is_late else 0,
                update_url=update_url(row["pk"]),
            )
        )
    return result


@dataclass
class DocumentRow(TemplateRow):
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
class BarrierRow(TemplateRow):
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
    download_url = url_maker("candidates:document-download")
    review_url = url_maker("candidates:document-review")
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
            download_url=download_url(row["pk"]),
            review_url=review_url(row["pk"]),
        )
        for row in documents
    ]


def _barrier_rows(rows: list[dict]) -> list[BarrierRow]:
    """The barriers among the registration timeline's `rows`, latest first."""
    update_url = url_maker("candidates:barrier-update")
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
            update_url=update_url(row["pk"]),
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

    @property
    def can_request_further_information(self) -> bool:
        """Whether the route has a step the regulator may ask for again."""
        return any(step.repeatable for step in self.steps)


def journey_for(candidate: CandidateProfile, *, today: date) -> Journey:
    """Everything the My journey page shows, in a fixed number of queries, each row with its
    links. Steps, documents, barriers, English results and thresholds are read in one query,
    the registration timeline's (compiled once per worker)."""
    registration_rows = _REGISTRATION_ROWS.rows(candidate.pk)
    steps = _step_rows(registration_rows, today=today)
    current = current_step_of(steps)
    late_steps = [step for step in steps if step.is_late]
    journey = Journey(
        candidate=candidate,
        today=today,
        steps=steps,
        current_step=current,
        late_steps=late_steps,
        documents=_document_rows(registration_rows, steps),
        english=_english_results(registration_rows, candidate, today=today),
        barriers=_barrier_rows(registration_rows),
        timeline=_registration_entries(registration_rows),
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


# --- For other apps ------------------------------------------------------------------------


def current_step_sql(candidate_column: str) -> dict[str, str]:
    """`current_step_of` as SQL text, for a query written by hand: scalar subqueries over the
    recruit whose id is in the outer query's `candidate_column`, keyed by the column name each
    is meant to be selected as. `has_steps`: whether the recruit has any step; `current_step` and
    `current_step_round`: the current step's template name and round (NULL when every step is
    closed). `registration_stage` turns the three into words. Tests hold it to
    `current_step_of`."""
    step, template = RegistrationStep._meta.db_table, RegistrationStepTemplate._meta.db_table
    closed = ", ".join(f"'{status}'" for status in RegistrationStep.CLOSED)
    current = (
        f"FROM {step} step JOIN {template} template ON template.id = step.template_id"
        f" WHERE step.candidate_id = {candidate_column} AND step.status NOT IN ({closed})"
        f" AND NOT (template.optional AND step.status = '{Status.NOT_STARTED}')"
        ' ORDER BY template."order", step.round LIMIT 1'
    )
    # Table names from the models, statuses from their choices: nothing here comes from a person.
    any_step = f"SELECT 1 FROM {step} step WHERE step.candidate_id = {candidate_column}"  # noqa: S608
    return {
        "has_steps": f"EXISTS ({any_step})",
        "current_step": f"SELECT template.name {current}",
        "current_step_round": f"SELECT step.round {current}",
    }


def registration_stage(*, has_steps: bool, current_step: str | None, round: int | None) -> str:
    """Where a recruit's registration is, in words: the current step's name, "Registered" when
    every step is closed, "Not started" without steps (`current_step_sql`'s three columns)."""
    if not has_steps:
        return "Not started"
    if current_step is None:
        return "Registered"
    return RegistrationStep.name_of(current_step, round)


def late_registration_steps(*, today: date) -> QuerySet[RegistrationStep]:
    """Open steps past the regulator's target as of `today`, oldest due first, for reminders.
    Ordered by pk ties so it can be read in batches (`.iterator(chunk_size=…)`)."""
    return (
        RegistrationStep.objects.filter(due_on__lt=today)
        .exclude(status__in=RegistrationStep.CLOSED)
        .select_related("template", "candidate__user", "candidate__organisation")
        .order_by("due_on", "pk")
    )


def _recruit_column(field: str) -> models.Subquery:
    """A column of the row's recruit, looked up only when selected: the dashboards' aggregates
    filter and group on other columns, so they pay no join over every recruit."""
    recruits = CandidateProfile.objects.filter(pk=models.OuterRef("candidate_id")).order_by()
    return models.Subquery(recruits.values(field)[:1])


def registration_steps_for_analysis() -> QuerySet:
    """Step rows for HEE's dashboards: no names, notes or free text."""
    return RegistrationStep.objects.values(
        "id",
        "candidate_id",
        "status",
        "round",
        "started_on",
        "finished_on",
        "due_on",
        "template_id",
        template_key=F("template__key"),
        template_name=F("template__name"),
        template_order=F("template__order"),
        target_amount=F("template__target_amount"),
        target_unit=F("template__target_unit"),
        regulator=F("template__regulator"),
        profession_slug=_recruit_column("profession__slug"),
        pathway=_recruit_column("pathway"),
        organisation_id=_recruit_column("organisation_id"),
        region=_recruit_column("organisation__region"),
        country_of_training=_recruit_column("country_of_training"),
    ).order_by("id")


def finished_step_counts_for_analysis() -> QuerySet:
    """Finished steps counted per template, month finished and days taken, over every recruit
    (no recruit can be chosen: filter registration_steps_for_analysis for that)."""
    return FinishedStepCount.objects.values(
        "template_id",
        "month",
        "days",
        "steps",
        "with_due",
        "on_time",
        regulator=F("template__regulator"),
    )


def barrier_reports_for_analysis() -> QuerySet:
    """Barrier rows for HEE's dashboards: theme, severity and dates only."""
    return BarrierReport.objects.values(
        "id",
        "candidate_id",
        "theme",
        "severity",
        "occurred_on",
        "resolved_on",
        profession_slug=_recruit_column("profession__slug"),
        pathway=_recruit_column("pathway"),
        organisation_id=_recruit_column("organisation_id"),
        region=_recruit_column("organisation__region"),
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


# --- For reminders: who each reminder goes to, set-based ---------------------------------------


def recruit_columns(path: str = "") -> dict[str, F]:
    """`recruit_id`, `recruit_full_name` and `recruit_email` of the recruit at `path` (a
    relation to a CandidateProfile; "" for the profile itself), for the reminder selectors."""
    at = f"{path}__" if path else ""
    return {
        "recruit_id": F(f"{at}pk"),
        "recruit_full_name": F(f"{at}user__full_name"),
        "recruit_email": F(f"{at}user__email"),
    }


def _step_name() -> Case:
    """A step's name as `RegistrationStep.display_name` gives it, in SQL."""
    ordinal = Case(
        When(round=2, then=Value("second")),
        When(round=3, then=Value("third")),
        default=Concat(Cast("round", CharField()), Value("th")),
    )
    repeated = Concat("template__name", Value(" ("), ordinal, Value(" time)"))
    return Case(
        When(round__gt=1, then=repeated),
        default=F("template__name"),
        output_field=CharField(),
    )


def late_registration_step_recipients(*, today: date) -> dict[str, QuerySet]:
    """`late_registration_steps`, one row per step and person to remind: "recruit" (the
    recruit) and "manager" (each manager of the recruit's organisation).

    Plain values: `recipient_id`, `step_id`, `step_name` (as `display_name`), `due_on` and
    `recruit_columns`. One SELECT each however many steps."""
    steps = late_registration_steps(today=today).order_by()
    columns = {"step_id": F("pk"), "step_name": _step_name(), **recruit_columns("candidate")}
    memberships = "candidate__organisation__memberships"
    managed = steps.filter(**{f"{memberships}__role": Membership.Role.MANAGER})
    return {
        "recruit": steps.values("due_on", recipient_id=F("candidate__user_id"), **columns),
        "manager": managed.values("due_on", recipient_id=F(f"{memberships}__user_id"), **columns),
    }
