"""What the scan stores for each kind, row by row, in one small world built by hand, and what
each reminder then says.

The rows were pinned against the scan that built each reminder in Python, before it recorded
them set-based in SQL, and the messages against the titles, details and links it stored before
they were rendered from templates at send time: none of them may change.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from celery.signals import task_postrun, task_prerun
from django.db import connection
from django.utils import timezone

from candidates.models import RegistrationStep
from employers.models import Membership
from learning.models import Preceptorship, PreceptorshipReview
from onboarding.models import OwnerRole
from pastoral.models import SupportRole, WellbeingPulse
from reminders.models import Delivery, Kind, Reminder
from reminders.services import reminders_scan
from reminders.sources import messages_for
from tests.factories import (
    CandidateFactory,
    MembershipFactory,
    NotificationPreferenceFactory,
    OnboardingTaskFactory,
    OrganisationFactory,
    RegistrationStepFactory,
    StaffUserFactory,
    SupportAssignmentFactory,
    step_template,
)
from tests.reminders.conftest import LONDON, at, committed

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)
LONG_AGO = datetime(2025, 1, 1, 9, tzinfo=LONDON)
LONG_TITLE = "Read and sign the trust's lone working, manual handling and " + "x" * 140


def _staff(organisation, role, name, **user):
    user = StaffUserFactory(full_name=name, email=f"{name.split()[0].lower()}@trust.nhs.uk", **user)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def _recruit(organisation, name, email, *, created_at=LONG_AGO):
    candidate = CandidateFactory(organisation=organisation, user__full_name=name, user__email=email)
    type(candidate).objects.filter(pk=candidate.pk).update(created_at=created_at)
    return candidate


@pytest.fixture
def world():
    """Two trusts; recruits with tasks, registration steps, support and a preceptorship."""
    riverside = OrganisationFactory(name="Riverside NHS Foundation Trust")
    hillside = OrganisationFactory(name="Hillside NHS Trust")
    mia = _staff(riverside, Membership.Role.MANAGER, "Mia Manager")
    max_ = _staff(riverside, Membership.Role.MANAGER, "Max Manager")
    _staff(riverside, Membership.Role.MANAGER, "Ivy Inactive", is_active=False)
    _staff(hillside, Membership.Role.MANAGER, "Hal Hillside")
    ben = _staff(riverside, Membership.Role.BUDDY, "Ben Buddy")
    olu = _staff(riverside, Membership.Role.BUDDY, "Olu Oldbuddy")
    pat = _staff(riverside, Membership.Role.MENTOR, "Pat Preceptor")
    NotificationPreferenceFactory(user=max_, kind=Kind.TASK_OVERDUE, delivery=Delivery.DIGEST)

    rita = _recruit(riverside, "Rita Recruit", "rita@example.com")
    # No full name: the recruit is called by their email.
    nameless = _recruit(riverside, "", "nameless@example.com", created_at=at(TODAY - timedelta(5)))
    loner = _recruit(None, "Lou Loner", "lou@example.com")
    NotificationPreferenceFactory(user=rita.user, kind=Kind.PULSE_DUE, delivery=Delivery.OFF)

    tasks = {
        "soon": OnboardingTaskFactory(
            candidate=rita, due_on=date(2026, 3, 12), title="Book induction"
        ),
        "today": OnboardingTaskFactory(candidate=rita, due_on=TODAY, title="Collect your badge"),
        "manager_soon": OnboardingTaskFactory(
            candidate=rita,
            due_on=date(2026, 3, 13),
            title="Book a desk",
            owner_role=OwnerRole.MANAGER,
        ),
        "too_far": OnboardingTaskFactory(candidate=rita, due_on=date(2026, 3, 14)),
        "buddy_late": OnboardingTaskFactory(
            candidate=rita,
            due_on=date(2026, 2, 5),
            title="Tour the ward",
            owner_role=OwnerRole.BUDDY,
        ),
        "long": OnboardingTaskFactory(candidate=rita, due_on=date(2026, 3, 9), title=LONG_TITLE),
        "done": OnboardingTaskFactory(
            candidate=rita, due_on=date(2024, 12, 1), completed_at=LONG_AGO
        ),
        "nameless_manager": OnboardingTaskFactory(
            candidate=nameless,
            due_on=date(2025, 12, 25),
            title="Arrange occupational health",
            owner_role=OwnerRole.MANAGER,
        ),
        "loner_manager": OnboardingTaskFactory(
            candidate=loner, due_on=date(2026, 3, 1), owner_role=OwnerRole.MANAGER
        ),
        "loner_own": OnboardingTaskFactory(
            candidate=loner, due_on=date(2026, 3, 3), title="Open a bank account"
        ),
    }
    old = SupportAssignmentFactory(
        candidate=rita, staff=olu, role=SupportRole.BUDDY, next_check_in_on=date(2026, 3, 1)
    )
    type(old).objects.filter(pk=old.pk).update(ended_at=LONG_AGO)
    buddying = SupportAssignmentFactory(
        candidate=rita, staff=ben, role=SupportRole.BUDDY, next_check_in_on=TODAY
    )
    SupportAssignmentFactory(
        candidate=nameless,
        staff=ben,
        role=SupportRole.MENTOR,
        next_check_in_on=TODAY + timedelta(1),
    )
    SupportAssignmentFactory(
        candidate=rita, staff=pat, role=SupportRole.PRECEPTOR, next_check_in_on=None
    )

    steps = {
        "late": RegistrationStepFactory(
            candidate=rita, status=RegistrationStep.Status.WAITING, due_on=date(2026, 3, 1)
        ),
        "second": RegistrationStepFactory(
            candidate=nameless,
            round=2,
            status=RegistrationStep.Status.IN_PROGRESS,
            due_on=date(2026, 1, 15),
        ),
        "fourth": RegistrationStepFactory(
            candidate=rita,
            template=step_template("scrutiny_fee"),
            round=4,
            status=RegistrationStep.Status.NEEDS_ACTION,
            due_on=date(2025, 10, 31),
        ),
        "done": RegistrationStepFactory(
            candidate=nameless,
            template=step_template("scrutiny_fee"),
            status=RegistrationStep.Status.DONE,
            due_on=date(2026, 1, 1),
        ),
    }
    # The nameless recruit answered this fortnight's pulse (periods start 9 March 2026).
    WellbeingPulse.objects.create(
        candidate=nameless, period_start=date(2026, 3, 9), belonging=4, wellbeing=4, supported=4
    )
    preceptorship = Preceptorship.objects.create(
        candidate=rita,
        preceptor=pat,
        start_date=date(2025, 11, 1),
        planned_protected_hours=Decimal("20"),
    )
    reviews = {
        "unsigned": PreceptorshipReview.objects.create(
            preceptorship=preceptorship, months=3, due_date=date(2026, 2, 20)
        ),
        "recruit_signed": PreceptorshipReview.objects.create(
            preceptorship=preceptorship,
            months=6,
            due_date=date(2026, 3, 1),
            preceptee_signed_at=timezone.now(),
        ),
    }
    return {
        "riverside": riverside,
        "mia": mia,
        "max": max_,
        "ben": ben,
        "pat": pat,
        "rita": rita,
        "nameless": nameless,
        "loner": loner,
        "tasks": tasks,
        "buddying": buddying,
        "steps": steps,
        "reviews": reviews,
    }


def _stored() -> set[tuple]:
    """Each reminder stored, with the message it says (rendered as when it is sent)."""
    reminders = list(Reminder.objects.select_related("recipient"))
    messages = messages_for(reminders)
    return {
        (
            reminder.recipient.email,
            reminder.kind,
            reminder.subject,
            reminder.period,
            messages[reminder.pk].title,
            messages[reminder.pk].detail,
            messages[reminder.pk].url,
            reminder.delivery,
            reminder.status,
        )
        for reminder in reminders
    }


def test_scan_stores_each_kinds_rows_as_pinned(world):
    rita, nameless, loner = world["rita"], world["nameless"], world["loner"]
    tasks, steps, reviews = world["tasks"], world["steps"], world["reviews"]
    task = {name: f"onboarding.task:{t.pk}" for name, t in tasks.items()}
    step = {name: f"candidates.step:{s.pk}" for name, s in steps.items()}
    review = f"learning.review:{reviews['unsigned'].pk}"
    signed_review = f"learning.review:{reviews['recruit_signed'].pk}"
    rita_journey = f"/onboarding/journey/{rita.pk}/"
    rita_steps = f"/journey/recruits/{rita.pk}/"
    stalled_period = date.fromordinal(TODAY.toordinal() // 14 * 14).isoformat()
    soon, overdue = Kind.TASK_DUE_SOON, Kind.TASK_OVERDUE
    late_step, late_review = Kind.REGISTRATION_STEP_LATE, Kind.PRECEPTORSHIP_REVIEW_LATE
    nameless_detail = "For nameless@example.com"
    step_late_title = "Submit your online application is past HCPC's target (due 1 March 2026)"
    second_title = (
        "Submit your online application (second time) is past HCPC's target (due 15 January 2026)"
    )
    fourth_title = "Pay the scrutiny fee (4th time) is past HCPC's target (due 31 October 2025)"
    review_title = "The 3-month preceptorship review is late (due 20 February 2026)"
    signed_title = "The 6-month preceptorship review is late (due 1 March 2026)"
    my_tasks = "/onboarding/my-tasks/"

    with committed():
        reminders_scan(now=at(TODAY))

    assert _stored() == {
        # Tasks due within three days: the owner; staff get a line saying whose it is.
        ("rita@example.com", soon, task["soon"], "2026-03-12",
         "“Book induction” is due on 12 March 2026", "", my_tasks, "immediate", "sent"),
        ("rita@example.com", soon, task["today"], "2026-03-10",
         "“Collect your badge” is due on 10 March 2026", "", my_tasks, "immediate", "sent"),
        ("mia@trust.nhs.uk", soon, task["manager_soon"], "2026-03-13",
         "“Book a desk” is due on 13 March 2026", "For Rita Recruit", rita_journey, "immediate",
         "sent"),
        ("max@trust.nhs.uk", soon, task["manager_soon"], "2026-03-13",
         "“Book a desk” is due on 13 March 2026", "For Rita Recruit", rita_journey, "immediate",
         "sent"),
        # Overdue tasks: once a week (the period counts weeks late), the active buddy only.
        ("ben@trust.nhs.uk", overdue, task["buddy_late"], "2026-02-05/4",
         "“Tour the ward” was due on 5 February 2026", "For Rita Recruit", rita_journey,
         "immediate", "sent"),
        ("rita@example.com", overdue, task["long"], "2026-03-09/0",
         f"“{LONG_TITLE}” was due on 9 March 2026"[:200], "", my_tasks, "immediate", "sent"),
        ("mia@trust.nhs.uk", overdue, task["nameless_manager"], "2025-12-25/10",
         "“Arrange occupational health” was due on 25 December 2025", nameless_detail,
         f"/onboarding/journey/{nameless.pk}/", "immediate", "sent"),
        ("max@trust.nhs.uk", overdue, task["nameless_manager"], "2025-12-25/10",
         "“Arrange occupational health” was due on 25 December 2025", nameless_detail,
         f"/onboarding/journey/{nameless.pk}/", "digest", "pending"),
        ("lou@example.com", overdue, task["loner_own"], "2026-03-03/0",
         "“Open a bank account” was due on 3 March 2026", "", my_tasks, "immediate", "sent"),
        # Registration steps past HCPC's target: the recruit and their managers.
        ("rita@example.com", late_step, step["late"], "2026-03-01/1", step_late_title, "",
         "/journey/", "immediate", "sent"),
        ("mia@trust.nhs.uk", late_step, step["late"], "2026-03-01/1", step_late_title,
         "For Rita Recruit", rita_steps, "immediate", "sent"),
        ("max@trust.nhs.uk", late_step, step["late"], "2026-03-01/1", step_late_title,
         "For Rita Recruit", rita_steps, "immediate", "sent"),
        ("rita@example.com", late_step, step["fourth"], "2025-10-31/18", fourth_title, "",
         "/journey/", "immediate", "sent"),
        ("mia@trust.nhs.uk", late_step, step["fourth"], "2025-10-31/18", fourth_title,
         "For Rita Recruit", rita_steps, "immediate", "sent"),
        ("max@trust.nhs.uk", late_step, step["fourth"], "2025-10-31/18", fourth_title,
         "For Rita Recruit", rita_steps, "immediate", "sent"),
        ("nameless@example.com", late_step, step["second"], "2026-01-15/7", second_title, "",
         "/journey/", "immediate", "sent"),
        ("mia@trust.nhs.uk", late_step, step["second"], "2026-01-15/7", second_title,
         nameless_detail, f"/journey/recruits/{nameless.pk}/", "immediate", "sent"),
        ("max@trust.nhs.uk", late_step, step["second"], "2026-01-15/7", second_title,
         nameless_detail, f"/journey/recruits/{nameless.pk}/", "immediate", "sent"),
        # A journey with open tasks and no progress for fourteen days: the managers.
        ("mia@trust.nhs.uk", Kind.JOURNEY_STALLED, f"candidates.candidate:{rita.pk}",
         stalled_period, "Rita Recruit's journey has not moved for a while", "", rita_journey,
         "immediate", "sent"),
        ("max@trust.nhs.uk", Kind.JOURNEY_STALLED, f"candidates.candidate:{rita.pk}",
         stalled_period, "Rita Recruit's journey has not moved for a while", "", rita_journey,
         "immediate", "sent"),
        # A check-in due today: the member of staff in the active assignment.
        ("ben@trust.nhs.uk", Kind.CHECK_IN_DUE, f"pastoral.assignment:{world['buddying'].pk}",
         "2026-03-10", "A check-in with Rita Recruit is due (10 March 2026)", "",
         f"/support/supporting/{world['buddying'].pk}/check-in/", "immediate", "sent"),
        # This fortnight's pulse, unanswered: Rita turned these off (stored, skipped).
        ("rita@example.com", Kind.PULSE_DUE, f"candidates.candidate:{rita.pk}", "2026-03-09",
         "How are you getting on? Your wellbeing pulse is ready", "", "/support/pulse/", "off",
         "skipped"),
        # Late preceptorship reviews: whoever has not signed (the preceptor assigned now).
        ("rita@example.com", late_review, review, "2026-02-20/2", review_title, "",
         f"/learning/reviews/{reviews['unsigned'].pk}/", "immediate", "sent"),
        ("pat@trust.nhs.uk", late_review, review, "2026-02-20/2", review_title,
         "For Rita Recruit", f"/learning/reviews/{reviews['unsigned'].pk}/", "immediate", "sent"),
        ("pat@trust.nhs.uk", late_review, signed_review, "2026-03-01/1", signed_title,
         "For Rita Recruit", f"/learning/reviews/{reviews['recruit_signed'].pk}/", "immediate",
         "sent"),
    }  # fmt: skip
    assert loner.user.reminders.filter(kind=Kind.PULSE_DUE).count() == 0


def test_scan_again_with_the_same_clock_adds_no_rows(world):
    first = reminders_scan(now=at(TODAY))
    stored = Reminder.objects.count()

    again = reminders_scan(now=at(TODAY))

    assert stored == 25
    assert Reminder.objects.count() == stored
    assert (first.stored, again.stored) == (25, 0)


# --- The scan's queries do not grow with the data ------------------------------------------------


def _scan_queries(now) -> int:
    """SQL statements the scan itself runs. Deliveries run in-process in these tests (Celery
    eager); a delivery's own queries are the delivery's, so they are left out of the count."""
    inside_task = [0]
    count = [0]

    def enter(**kwargs):
        inside_task[0] += 1

    def leave(**kwargs):
        inside_task[0] -= 1

    def counting(execute, sql, params, many, context):
        if not inside_task[0]:
            count[0] += 1
        return execute(sql, params, many, context)

    task_prerun.connect(enter, weak=False)
    task_postrun.connect(leave, weak=False)
    try:
        with connection.execute_wrapper(counting):
            reminders_scan(now=now)
    finally:
        task_prerun.disconnect(enter)
        task_postrun.disconnect(leave)
    return count[0]


def _busy_recruits(organisation, buddy, preceptor, how_many: int) -> None:
    """Recruits with something of every kind due on TODAY."""
    for n in range(how_many):
        recruit = _recruit(organisation, f"Recruit {n}", f"recruit{n}@example.com")
        for role in (OwnerRole.RECRUIT, OwnerRole.MANAGER, OwnerRole.BUDDY):
            OnboardingTaskFactory(candidate=recruit, due_on=TODAY + timedelta(1), owner_role=role)
            OnboardingTaskFactory(candidate=recruit, due_on=TODAY - timedelta(9), owner_role=role)
        SupportAssignmentFactory(
            candidate=recruit, staff=buddy, role=SupportRole.BUDDY, next_check_in_on=TODAY
        )
        SupportAssignmentFactory(candidate=recruit, staff=preceptor, role=SupportRole.PRECEPTOR)
        RegistrationStepFactory(
            candidate=recruit, status=RegistrationStep.Status.WAITING, due_on=TODAY - timedelta(3)
        )
        preceptorship = Preceptorship.objects.create(
            candidate=recruit,
            preceptor=preceptor,
            start_date=date(2025, 11, 1),
            planned_protected_hours=Decimal("20"),
        )
        PreceptorshipReview.objects.create(
            preceptorship=preceptorship, months=3, due_date=TODAY - timedelta(2)
        )


@pytest.mark.parametrize("recruits", [1, 4])
def test_scan_queries_do_not_grow_with_the_data(recruits):
    organisation = OrganisationFactory()
    _staff(organisation, Membership.Role.MANAGER, "Mo Manager")
    _staff(organisation, Membership.Role.MANAGER, "Meg Manager")
    buddy = _staff(organisation, Membership.Role.BUDDY, "Bea Buddy")
    preceptor = _staff(organisation, Membership.Role.MENTOR, "Pia Preceptor")
    _busy_recruits(organisation, buddy, preceptor, recruits)

    queries = _scan_queries(at(TODAY))

    # Per recruit: a due-soon and an overdue task each for the recruit, the two managers and the
    # buddy (4 + 4); a late step (recruit and managers, 3); stalled (managers, 2); a check-in; a
    # pulse; a late review (recruit and preceptor, 2).
    assert Reminder.objects.count() == recruits * 17
    # One INSERT … SELECT per kind and group of recipients (13), three settings reads and the
    # sweep of pending ids, whatever the number of rows (on PostgreSQL outside a transaction,
    # two more: synchronous_commit set off for the scan and back).
    assert queries == 17
