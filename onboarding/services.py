"""Writes for offers, the Code of Practice check, checklist templates and onboarding tasks."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile, Profession, RegistrationStep
from employers.models import CountryStatus, Organisation
from employers.selectors import code_of_practice_held_from, country_status_on
from onboarding.models import (
    ACTIVE_ROUTES,
    ChecklistApplication,
    ChecklistTemplate,
    ChecklistTemplateItem,
    CodeOfPracticeDecision,
    DueAnchor,
    JourneyProgress,
    Offer,
    OnboardingTask,
    OwnerRole,
    RegistrationTimeCount,
    TaskComment,
)
from onboarding.selectors import journey_viewer, unanswered_refusal_of
from onboarding.signals import tasks_changed_in_bulk
from pastoral.selectors import first_buddy_started_on
from portal.locks import lock_table_writes_until_commit, lock_until_commit
from portal.stored_counts import days_between_sql, month_of_sql, recount_deferred_to

Outcome = CodeOfPracticeDecision.Outcome


# --- Stored progress ------------------------------------------------------------------------


def journey_progress_refresh(*, candidate_id: int) -> JourneyProgress | None:
    """Work out one recruit's progress again from their tasks and offer and store it: the
    newest completion (else the offer's creation, else the profile's), the open task count, the
    required and open required task counts, the earliest open due date, and when their first
    buddy started (onboarding.receivers keeps that one on buddy assignment writes). Every
    onboarding write that changes those calls this; a write that goes round the services (a
    bulk UPDATE, a fixture) calls it too.

    Side effects: inserts or updates the recruit's JourneyProgress row (two queries).
    """
    open_tasks = Q(onboarding_tasks__completed_at__isnull=True, onboarding_tasks__isnull=False)
    required = Q(onboarding_tasks__required=True)
    rows = list(
        CandidateProfile.objects.filter(pk=candidate_id)
        .values("organisation_id", "offer__created_at", "created_at")
        .annotate(
            last_done=Max("onboarding_tasks__completed_at"),
            open_count=Count("onboarding_tasks", filter=open_tasks),
            required_count=Count("onboarding_tasks", filter=required),
            required_open_count=Count("onboarding_tasks", filter=required & open_tasks),
            next_due_on=Min("onboarding_tasks__due_on", filter=open_tasks),
            first_buddy_on=Subquery(first_buddy_started_on(OuterRef("pk"))),
        )
    )
    if not rows:
        return None
    found = rows[0]
    progress, _ = JourneyProgress.objects.update_or_create(
        candidate_id=candidate_id,
        defaults={
            "organisation_id": found["organisation_id"],
            "last_progress_at": (
                found["last_done"] or found["offer__created_at"] or found["created_at"]
            ),
            "open_count": found["open_count"],
            "required_count": found["required_count"],
            "required_open_count": found["required_open_count"],
            "next_due_on": found["next_due_on"],
            "first_buddy_on": found["first_buddy_on"],
        },
    )
    return progress


def journey_progress_first_buddy_refresh(*, candidate_id: int) -> None:
    """Store again when the recruit's first buddy started (after a buddy assignment is saved or
    deleted). Side effect: one UPDATE of their JourneyProgress row."""
    JourneyProgress.objects.filter(candidate_id=candidate_id).update(
        first_buddy_on=Subquery(first_buddy_started_on(candidate_id))
    )


JOURNEY_PROGRESS_REBUILD = """
DELETE FROM onboarding_journeyprogress;
INSERT INTO onboarding_journeyprogress
    (candidate_id, organisation_id, last_progress_at, open_count, required_count,
     required_open_count, next_due_on, updated_at)
SELECT c.id, c.organisation_id,
    COALESCE(
        (SELECT MAX(t.completed_at) FROM onboarding_onboardingtask t
         WHERE t.candidate_id = c.id AND t.completed_at IS NOT NULL),
        o.created_at, c.created_at),
    (SELECT COUNT(*) FROM onboarding_onboardingtask t
     WHERE t.candidate_id = c.id AND t.completed_at IS NULL),
    (SELECT COUNT(*) FROM onboarding_onboardingtask t
     WHERE t.candidate_id = c.id AND t.required),
    (SELECT COUNT(*) FROM onboarding_onboardingtask t
     WHERE t.candidate_id = c.id AND t.required AND t.completed_at IS NULL),
    (SELECT MIN(t.due_on) FROM onboarding_onboardingtask t
     WHERE t.candidate_id = c.id AND t.completed_at IS NULL),
    CURRENT_TIMESTAMP
FROM candidates_candidateprofile c
LEFT JOIN onboarding_offer o ON o.candidate_id = c.id;
"""


@transaction.atomic
def journey_progress_rebuild() -> int:
    """Store every recruit's progress again in one INSERT … SELECT, for data loaded round the
    services (the bench's COPY, demo data). Returns how many rows were stored.

    Side effects: replaces every JourneyProgress row."""
    delete, insert = (part.strip() for part in JOURNEY_PROGRESS_REBUILD.split(";")[:2])
    with connection.cursor() as cursor:
        cursor.execute(delete)
        cursor.execute(insert)
        stored = cursor.rowcount
    # The local date of a buddy's start needs the database's time zone functions, which the
    # ORM writes for each database.
    JourneyProgress.objects.update(
        first_buddy_on=Subquery(first_buddy_started_on(OuterRef("candidate_id")))
    )
    return stored


# HCPC's last registration step: a recruit is registered when a step of this key finishes.
REGISTERED_KEY = "registered"
# Advisory lock space (portal.locks) for one month's registration-time counts.
REGISTRATION_TIMES_LOCK = 7304
DELETE_REGISTRATION_TIMES_OF_MONTH = "DELETE FROM onboarding_registrationtimecount WHERE month = %s"


def _registrations() -> QuerySet[RegistrationStep]:
    return RegistrationStep.objects.filter(
        template__regulator=Profession.Regulator.HCPC,
        template__key=REGISTERED_KEY,
        finished_on__isnull=False,
    )


def registration_months_of(*, candidate_id: int) -> set[date]:
    """The days the recruit's HCPC registration steps finished on (any round)."""
    return set(
        _registrations().filter(candidate_id=candidate_id).values_list("finished_on", flat=True)
    )


def registration_time_counts_refresh(*, months: Iterable[date]) -> None:
    """Count again the HCPC registrations that finished in each month of `months` (any day of
    it), per the recruit's profession and days since their offer (a recruit without an offer is
    not counted). Side effect: those months' RegistrationTimeCount rows are replaced (deleted in
    SQL, so no model signal fires for these derived rows); inside
    portal.stored_counts.stored_counts_deferred, the whole table is rebuilt when the block ends
    instead."""
    firsts = sorted({day.replace(day=1) for day in months})
    if not firsts or recount_deferred_to(registration_time_counts_rebuild):
        return
    with transaction.atomic():
        lock_until_commit(REGISTRATION_TIMES_LOCK, [first.toordinal() for first in firsts])
        for first in firsts:
            with connection.cursor() as cursor:
                cursor.execute(DELETE_REGISTRATION_TIMES_OF_MONTH, [first])
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            rows = (
                _registrations()
                .filter(
                    finished_on__gte=first,
                    finished_on__lt=following,
                    candidate__offer__offer_date__isnull=False,
                )
                .values_list(
                    "candidate__profession_id", "finished_on", "candidate__offer__offer_date"
                )
            )
            counted = Counter(
                (profession_id, (finished_on - offer_date).days)
                for profession_id, finished_on, offer_date in rows
            )
            RegistrationTimeCount.objects.bulk_create(
                RegistrationTimeCount(
                    month=first, profession_id=profession_id, days=days, registrations=n
                )
                for (profession_id, days), n in counted.items()
            )


def _registration_times_rebuild_sql() -> str:
    return f"""
        INSERT INTO onboarding_registrationtimecount (month, profession_id, days, registrations)
        SELECT {month_of_sql("s.finished_on")}, c.profession_id,
            {days_between_sql("o.offer_date", "s.finished_on")}, COUNT(*)
        FROM candidates_registrationstep s
        JOIN candidates_registrationsteptemplate t ON t.id = s.template_id
        JOIN candidates_candidateprofile c ON c.id = s.candidate_id
        JOIN onboarding_offer o ON o.candidate_id = s.candidate_id
        WHERE t.regulator = 'hcpc' AND t.key = 'registered' AND s.finished_on IS NOT NULL
            AND o.offer_date IS NOT NULL
        GROUP BY 1, 2, 3
    """  # noqa: S608 (the dates' SQL from portal.stored_counts; no values)


def registration_time_counts_rebuild() -> int:
    """Every month's registration-time counts from scratch, in one INSERT … SELECT (for bulk
    loads that write round the signals). Side effect: every RegistrationTimeCount row is
    replaced, and other transactions' writes to the table wait until this one ends. Returns how
    many rows there are."""
    with transaction.atomic(), connection.cursor() as cursor:
        lock_table_writes_until_commit("onboarding_registrationtimecount")
        cursor.execute("DELETE FROM onboarding_registrationtimecount")
        cursor.execute(_registration_times_rebuild_sql())
        return cursor.rowcount


class OnboardingError(Exception):
    """A request the rules refuse; the message is shown to the person as it is."""


class CodeOfPracticeRefused(OnboardingError):
    def __init__(self, decision: CodeOfPracticeDecision):
        super().__init__(decision.explanation)
        self.decision = decision


class ApplicationAccountNeeded(OnboardingError):
    """A direct application recorded after a refusal, without an account of how they applied."""

    def __init__(self, refusal: CodeOfPracticeDecision):
        refused_on = _long(timezone.localdate(refusal.decided_at))
        super().__init__(
            f"A recruitment of this person was refused under the Code of Practice on "
            f"{refused_on}. To record a direct application now, say how they applied: that "
            "they applied on their own initiative, to which advert, and when."
        )
        self.refusal = refusal


class AgreementConfirmationNeeded(OnboardingError):
    def __init__(self, status: CountryStatus):
        super().__init__(
            f"{status.country.name} is on the amber list: active recruitment is only allowed "
            "under the government-to-government agreement. Confirm the recruitment follows it, "
            "and say how."
        )
        self.status = status


@dataclass(frozen=True)
class OfferDetails:
    title: str
    profession: Profession
    band: int
    role_expectations: str
    offer_date: date
    start_date: date
    recruitment_route: str
    recruited_from: str
    agreement_confirmed: bool = False
    agreement_text: str = ""
    application_account: str = ""


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _red_list_explanation(status: CountryStatus) -> str:
    return (
        f"{status.country.name} is on the red list of the Code of Practice for international "
        "recruitment (the WHO Health Workforce Support and Safeguards List). NHS employers must "
        "not actively recruit health workers from it, by the trust or through an agency, unless "
        "a government-to-government agreement allows it. The offer has not been recorded, and "
        "this refusal is kept on the recruit's journey."
    )


def _no_list_explanation(on: date) -> str:
    held_from = code_of_practice_held_from()
    held = f" The portal holds the list from {_long(held_from)}." if held_from else ""
    return (
        f"No Code of Practice country list is held for {_long(on)}, so this recruitment was "
        f"not checked against one.{held} Check it against the list in force on the offer date "
        "(before 23 March 2023, the WHO Health Workforce Support and Safeguards List 2020)."
    )


def _code_of_practice_check(
    *, candidate: CandidateProfile, details: OfferDetails, by: User
) -> CodeOfPracticeDecision:
    """The (unsaved) decision for this recruitment. Amber without an agreement raises
    AgreementConfirmationNeeded; a direct application after a refusal not yet answered, without
    an account of how the person applied, raises ApplicationAccountNeeded."""
    status = country_status_on(details.recruited_from, details.offer_date)
    decision = CodeOfPracticeDecision(
        candidate=candidate,
        country=details.recruited_from,
        recruitment_route=details.recruitment_route,
        country_status=status.status,
        decided_by=by,
    )
    if details.recruitment_route not in ACTIVE_ROUTES:
        decision.outcome = Outcome.ALLOWED
        decision.explanation = "A direct application is allowed under the Code."
        refusal = unanswered_refusal_of(candidate)
        if refusal is not None:
            account = details.application_account.strip()
            if not account:
                raise ApplicationAccountNeeded(refusal)
            decision.follows_refusal = refusal
            decision.application_account = account
            refused_on = _long(timezone.localdate(refusal.decided_at))
            decision.explanation = (
                "A direct application is allowed under the Code. It was recorded after a "
                f"refusal on {refused_on}, with an account of how the person applied; HEE's "
                "ethics figures count it."
            )
    elif not status.list_held:
        decision.outcome = Outcome.NO_LIST_HELD
        decision.explanation = _no_list_explanation(details.offer_date)
    elif status.status == CountryStatus.Status.RED:
        decision.outcome = Outcome.REFUSED
        decision.explanation = _red_list_explanation(status)
    elif status.status == CountryStatus.Status.AMBER:
        if not (details.agreement_confirmed and details.agreement_text.strip()):
            raise AgreementConfirmationNeeded(status)
        decision.outcome = Outcome.CONFIRMED_UNDER_AGREEMENT
        decision.agreement_text = details.agreement_text.strip()
        decision.explanation = status.agreement_note
    else:
        decision.outcome = Outcome.ALLOWED
        decision.explanation = "The country is not on the red or amber list on the offer date."
    return decision


def _refuse(decision: CodeOfPracticeDecision) -> None:
    # Kept outside the offer's transaction: the refusal stays on the journey.
    decision.save()
    raise CodeOfPracticeRefused(decision)


def offer_create(
    *, candidate: CandidateProfile, organisation: Organisation, details: OfferDetails, by: User
) -> Offer:
    """Record the recruit's job offer after checking it against the Code of Practice.

    Side effects: one CodeOfPracticeDecision row whatever the outcome (a refusal is saved and
    then raised as CodeOfPracticeRefused); one Offer row and the recruit's JourneyProgress when
    allowed. Amber without a confirmed agreement raises AgreementConfirmationNeeded, and a direct
    application after a refusal without an account of how the person applied raises
    ApplicationAccountNeeded; both write nothing.
    """
    if Offer.objects.filter(candidate=candidate).exists():
        raise OnboardingError("This recruit already has an offer. Change it instead.")
    decision = _code_of_practice_check(candidate=candidate, details=details, by=by)
    if decision.outcome == Outcome.REFUSED:
        _refuse(decision)
    with transaction.atomic():
        offer = Offer.objects.create(
            candidate=candidate,
            organisation=organisation,
            created_by=by,
            **_offer_fields(details),
        )
        decision.offer = offer
        decision.save()
        journey_progress_refresh(candidate_id=candidate.pk)
    return offer


def offer_update(*, offer: Offer, details: OfferDetails, by: User) -> Offer:
    """Change an offer. A changed route, country or offer date is checked against the Code
    again (raising as `offer_create` does); a moved offer or start date moves the due dates of
    the recruit's open tasks that count from them.

    Side effects: possibly one CodeOfPracticeDecision row (refusals saved, then raised); the
    Offer row; open OnboardingTask due dates (and then the recruit's JourneyProgress).
    """
    rechecked = (
        details.recruitment_route != offer.recruitment_route
        or details.recruited_from != offer.recruited_from.code
        # The country's status depends on the day.
        or details.offer_date != offer.offer_date
        or (details.agreement_confirmed and details.agreement_text.strip())
    )
    decision = None
    if rechecked:
        decision = _code_of_practice_check(candidate=offer.candidate, details=details, by=by)
        if decision.outcome == Outcome.REFUSED:
            decision.offer = offer
            _refuse(decision)
    with transaction.atomic():
        for name, value in _offer_fields(details).items():
            setattr(offer, name, value)
        offer.save()
        if decision is not None:
            decision.offer = offer
            decision.save()
        tasks_redate(offer=offer)
    return offer


def _offer_fields(details: OfferDetails) -> dict:
    return {
        "title": details.title,
        "profession": details.profession,
        "band": details.band,
        "role_expectations": details.role_expectations,
        "offer_date": details.offer_date,
        "start_date": details.start_date,
        "recruitment_route": details.recruitment_route,
        "recruited_from": details.recruited_from,
    }


def tasks_redate(*, offer: Offer) -> int:
    """Re-date the recruit's open tasks that count from the offer or start date; finished
    tasks and tasks with a fixed date keep theirs. Returns how many moved."""
    moved = []
    open_tasks = OnboardingTask.objects.filter(
        candidate_id=offer.candidate_id, completed_at__isnull=True
    ).exclude(due_anchor="")
    for task in open_tasks:
        due_on = task.relative_due_on(offer_date=offer.offer_date, start_date=offer.start_date)
        if due_on is not None and due_on != task.due_on:
            task.due_on = due_on
            moved.append(task)
    OnboardingTask.objects.bulk_update(moved, ["due_on"])
    if moved:
        journey_progress_refresh(candidate_id=offer.candidate_id)
        tasks_changed_in_bulk.send(sender=OnboardingTask, candidate_id=offer.candidate_id)
    return len(moved)


@transaction.atomic
def checklist_apply(
    *, candidate: CandidateProfile, template: ChecklistTemplate, by: User
) -> ChecklistApplication:
    """Copy `template`'s items into the recruit's tasks, with real due dates from their offer.

    Items marked not for refugees already in the UK are left out for recruits on that pathway.
    Later edits to the template never touch these tasks. Side effects: one ChecklistApplication
    and one OnboardingTask per item copied; the recruit's JourneyProgress.
    """
    offer = Offer.objects.filter(candidate=candidate).first()
    if offer is None:
        raise OnboardingError(
            "Record the recruit's offer first: the checklist's due dates count from the offer "
            "and start dates."
        )
    if ChecklistApplication.objects.filter(candidate=candidate, template=template).exists():
        raise OnboardingError(
            f"“{template.name}” is already applied to {candidate}. Their tasks are unchanged; "
            "add single tasks instead, or apply a different template."
        )
    application = ChecklistApplication.objects.create(
        candidate=candidate, template=template, template_name=template.name, applied_by=by
    )
    items = template.items.all()
    if candidate.is_refugee:
        items = items.exclude(not_for_refugees_in_uk=True)
    tasks = []
    for item in items:
        task = OnboardingTask(
            candidate=candidate,
            application=application,
            template_item=item,
            position=item.position,
            section=item.section,
            title=item.title,
            guidance=item.guidance,
            owner_role=item.owner_role,
            due_anchor=item.due_anchor,
            due_offset_days=item.due_offset_days,
            required=item.required,
            barrier_theme=item.barrier_theme,
            guide_slug=item.guide_slug,
        )
        task.due_on = task.relative_due_on(offer_date=offer.offer_date, start_date=offer.start_date)
        tasks.append(task)
    OnboardingTask.objects.bulk_create(tasks)
    journey_progress_refresh(candidate_id=candidate.pk)
    tasks_changed_in_bulk.send(sender=OnboardingTask, candidate_id=candidate.pk)
    return application


def task_add(
    *,
    candidate: CandidateProfile,
    by: User,
    title: str,
    guidance: str,
    owner_role: str,
    due_on: date,
    required: bool,
    barrier_theme: str = "",
) -> OnboardingTask:
    """Add one task with a fixed due date to a recruit's journey. Side effects: one row and
    the recruit's JourneyProgress."""
    offer = Offer.objects.filter(candidate=candidate).first()
    if offer is not None and due_on < offer.offer_date:
        raise OnboardingError(
            f"A task can't be due before the offer was made ({offer.offer_date:%d %B %Y})."
        )
    with transaction.atomic():
        task = OnboardingTask.objects.create(
            candidate=candidate,
            title=title,
            guidance=guidance,
            owner_role=owner_role,
            due_on=due_on,
            required=required,
            barrier_theme=barrier_theme,
        )
        journey_progress_refresh(candidate_id=candidate.pk)
    return task


def _not_yours(task: OnboardingTask, verb: str) -> str:
    if task.owner_role == OwnerRole.MANAGER:
        who = "the recruit's managers"
    elif task.owner_role == OwnerRole.BUDDY:
        who = "the recruit's buddy or their managers"
    else:
        who = "the recruit or their managers"
    return f"Only {who} can {verb} “{task.title}”. Nothing was changed."


def task_complete(*, task: OnboardingTask, by: User) -> OnboardingTask:
    """Mark a task done, if `by` owns it (recruit, buddy) or manages the recruit.

    Claimed with a conditional UPDATE, so a second tick (or two people at once) records the
    first person only. Side effects: the task's completed_at and completed_by; the recruit's
    JourneyProgress.
    """
    viewer = journey_viewer(by, task.candidate)
    if not viewer.can_complete(task):
        raise OnboardingError(_not_yours(task, "complete"))
    now = timezone.now()
    with transaction.atomic():
        claimed = OnboardingTask.objects.filter(pk=task.pk, completed_at__isnull=True).update(
            completed_at=now, completed_by=by
        )
        if claimed:
            journey_progress_refresh(candidate_id=task.candidate_id)
    if claimed:
        tasks_changed_in_bulk.send(sender=OnboardingTask, candidate_id=task.candidate_id)
    task.refresh_from_db(fields=["completed_at", "completed_by"])
    return task


def task_reopen(*, task: OnboardingTask, by: User) -> OnboardingTask:
    """Undo a completion, for the same people who may complete it. Side effects: the task row;
    its due date comes back from its anchor if the start date moved meanwhile; the recruit's
    JourneyProgress."""
    viewer = journey_viewer(by, task.candidate)
    if not viewer.can_complete(task):
        raise OnboardingError(_not_yours(task, "reopen"))
    task.completed_at = None
    task.completed_by = None
    offer = Offer.objects.filter(candidate_id=task.candidate_id).first()
    if offer is not None:
        task.due_on = (
            task.relative_due_on(offer_date=offer.offer_date, start_date=offer.start_date)
            or task.due_on
        )
    with transaction.atomic():
        task.save(update_fields=["completed_at", "completed_by", "due_on"])
        journey_progress_refresh(candidate_id=task.candidate_id)
    return task


def task_comment_add(*, task: OnboardingTask, by: User, body: str) -> TaskComment:
    """Add a comment that everyone on the journey sees. Side effects: one TaskComment row."""
    return TaskComment.objects.create(task=task, author=by, body=body.strip())


# --- Templates ------------------------------------------------------------------------------


@transaction.atomic
def template_copy(
    *, template: ChecklistTemplate, organisation: Organisation, name: str, by: User
) -> ChecklistTemplate:
    """Copy a template and its items into `organisation`. Side effects: the new rows."""
    if ChecklistTemplate.objects.filter(organisation=organisation, name=name).exists():
        raise OnboardingError(f"Your organisation already has a template called “{name}”.")
    copy = ChecklistTemplate.objects.create(
        organisation=organisation,
        name=name,
        description=template.description,
        copied_from=template,
        created_by=by,
    )
    ChecklistTemplateItem.objects.bulk_create(
        [
            ChecklistTemplateItem(
                template=copy,
                position=item.position,
                section=item.section,
                title=item.title,
                guidance=item.guidance,
                owner_role=item.owner_role,
                due_anchor=item.due_anchor,
                due_offset_days=item.due_offset_days,
                required=item.required,
                barrier_theme=item.barrier_theme,
                guide_slug=item.guide_slug,
                not_for_refugees_in_uk=item.not_for_refugees_in_uk,
            )
            for item in template.items.all()
        ]
    )
    return copy


def template_update(*, template: ChecklistTemplate, name: str, description: str) -> None:
    """Rename or describe a template. Running journeys keep their tasks as they are."""
    if (
        ChecklistTemplate.objects.filter(organisation_id=template.organisation_id, name=name)
        .exclude(pk=template.pk)
        .exists()
    ):
        raise OnboardingError(f"Your organisation already has a template called “{name}”.")
    template.name = name
    template.description = description
    template.save(update_fields=["name", "description", "updated_at"])


def template_item_save(*, item: ChecklistTemplateItem) -> ChecklistTemplateItem:
    """Save a new or changed template item; tasks copied from it earlier keep their own copy."""
    if item.due_anchor == DueAnchor.OFFER and item.due_offset_days < 0:
        raise OnboardingError("An item can't be due before the offer is made.")
    if item.pk is None and not item.position:
        last = item.template.items.order_by("-position").values_list("position", flat=True).first()
        item.position = (last or 0) + 1
    item.save()
    ChecklistTemplate.objects.filter(pk=item.template_id).update(updated_at=timezone.now())
    return item


def template_item_delete(*, item: ChecklistTemplateItem) -> None:
    """Remove an item; tasks already copied from it stay on their journeys."""
    item.delete()


def template_delete(*, template: ChecklistTemplate) -> None:
    """Delete an unused template. One that has been applied to a recruit is kept, so journeys
    can always say where their tasks came from."""
    in_use = template.applications.count()
    if in_use:
        people = "recruit" if in_use == 1 else "recruits"
        raise OnboardingError(
            f"“{template.name}” has been applied to {in_use} {people}, so it can't be deleted. "
            "Copy it and edit the copy instead; their tasks stay as they are."
        )
    template.delete()
