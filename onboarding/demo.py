"""Demo onboarding: every recruit has an offer (direct applications, and active recruitment from
green-list countries only), the NHS default checklist applied with some tasks done (buddy tasks by
the buddy), some overdue, and Chidi Obi's journey stalled for weeks. Riverside has its own copy of
the default template."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    Offer,
    OnboardingTask,
    OwnerRole,
    RecruitmentRoute,
)
from onboarding.services import (
    OfferDetails,
    checklist_apply,
    journey_progress_refresh,
    offer_create,
    template_copy,
)
from pastoral.models import SupportAssignment
from portal.demo import DemoWorld

MANAGERS = {
    "RJ1": "manager@riverside.example",
    "RX1": "manager@northfield.example",
    "RK9": "manager@moorland.example",
}

# (recruit email, job title, band, route, recruited from, offer days ago, start in days,
#  tasks due before this many days ago are done (None: none done), leave this many of those
#  open (overdue), days since the latest was ticked)
Route = RecruitmentRoute
# fmt: off
OFFERS = [
    ("anjali@example.com", "Physiotherapist", 5, Route.ACTIVE_TRUST, "IN", 120, -30, 3, 2, 2),
    ("jose@example.com", "Diagnostic radiographer", 5, Route.ACTIVE_AGENCY, "PH", 60, 30, 5, 1, 3),
    ("amal@example.com", "Speech and language therapist", 6, Route.DIRECT_APPLICATION, "GB",
     30, 45, 2, 0, 1),
    ("chidi@example.com", "Occupational therapist", 6, Route.DIRECT_APPLICATION, "ZA",
     150, -90, 40, 0, 40),
    ("mei@example.com", "Dietitian", 5, Route.DIRECT_APPLICATION, "GB", 10, 40, None, 0, 0),
    ("lucas@example.com", "Paramedic", 5, Route.ACTIVE_TRUST, "BR", 45, 60, 1, 0, 4),
    ("farah@example.com", "Podiatrist", 5, Route.DIRECT_APPLICATION, "GB", 5, 60, None, 0, 0),
]
# fmt: on

EXPECTATIONS = (
    "A mixed caseload with a named supervisor; weekly supervision for the first three months, "
    "then fortnightly. Standard 37.5-hour week, some weekend rota after six months."
)


def seed(world: DemoWorld) -> None:
    default = ChecklistTemplate.objects.get(organisation__isnull=True)
    riverside = world.organisations["RJ1"]
    if not ChecklistTemplate.objects.filter(organisation=riverside).exists():
        template_copy(
            template=default,
            organisation=riverside,
            name="Riverside AHP onboarding",
            by=world.staff[MANAGERS["RJ1"]],
        )

    today = timezone.localdate()
    now = timezone.now()
    for row in OFFERS:
        email, title, band, route, country, offered, start_in = row[:7]
        done_before, left_open, last_active = row[7:]
        candidate = world.recruits[email]
        manager = world.staff[MANAGERS[candidate.organisation.ods_code]]
        if Offer.objects.filter(candidate=candidate).exists():
            continue
        offer = offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=OfferDetails(
                title=title,
                profession=candidate.profession,
                band=band,
                role_expectations=EXPECTATIONS,
                offer_date=today - timedelta(days=offered),
                start_date=today + timedelta(days=start_in),
                recruitment_route=route,
                recruited_from=country,
            ),
            by=manager,
        )
        offered_at = now - timedelta(days=offered)
        Offer.objects.filter(pk=offer.pk).update(created_at=offered_at)
        offer.decisions.update(decided_at=offered_at)
        if ChecklistApplication.objects.filter(candidate=candidate).exists():
            continue
        application = checklist_apply(candidate=candidate, template=default, by=manager)
        ChecklistApplication.objects.filter(pk=application.pk).update(
            applied_at=offered_at + timedelta(days=1)
        )
        if done_before is not None:
            _complete_past_tasks(
                candidate,
                manager,
                today=today,
                done_before=done_before,
                left_open=left_open,
                last_active=last_active,
            )
        # Back-dated offers and completions go round the services: store the progress again.
        journey_progress_refresh(candidate_id=candidate.pk)


def _complete_past_tasks(candidate, manager, *, today, done_before, left_open, last_active) -> None:
    """Tick the tasks due before `done_before` days ago, each on its due date by its owner (the
    latest `last_active` days ago), leaving the last `left_open` of them overdue."""
    buddy = (
        SupportAssignment.objects.active()
        .filter(candidate=candidate, role="buddy")
        .select_related("staff")
        .first()
    )
    cutoff = today - timedelta(days=done_before)
    due = list(
        OnboardingTask.objects.filter(
            candidate=candidate, completed_at__isnull=True, due_on__lt=cutoff
        ).order_by("due_on", "position")
    )
    ticked = due[: len(due) - left_open]
    for number, task in enumerate(ticked, start=1):
        if task.owner_role == OwnerRole.RECRUIT:
            who = candidate.user
        elif task.owner_role == OwnerRole.BUDDY and buddy is not None:
            who = buddy.staff
        else:
            who = manager
        day = today - timedelta(days=last_active) if number == len(ticked) else task.due_on
        when = timezone.make_aware(datetime.combine(day, time(11)))
        OnboardingTask.objects.filter(pk=task.pk, completed_at__isnull=True).update(
            completed_at=when, completed_by=who
        )
