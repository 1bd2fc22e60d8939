from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import RegistrationStep
from employers.models import Membership
from learning.models import Preceptorship, PreceptorshipReview
from onboarding.models import OwnerRole
from onboarding.services import journey_progress_refresh
from pastoral.models import SupportRole, WellbeingPulse
from pastoral.services import pulse_submit
from reminders.models import Delivery, Kind, Notification, NotificationPreference, Reminder
from reminders.services import (
    digest_send,
    digests_queue,
    reminder_deliver,
    reminders_queue,
    reminders_scan,
)
from reminders.sources import messages_for
from tests.factories import (
    CandidateFactory,
    MembershipFactory,
    NotificationPreferenceFactory,
    OnboardingTaskFactory,
    RegistrationStepFactory,
    ReminderFactory,
    SupportAssignmentFactory,
)
from tests.reminders.conftest import at, committed
from tests.reminders.mail import sent_messages

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 10)


def message_of(reminder):
    return messages_for([reminder])[reminder.pk]


def rows(kind=None):
    reminders = Reminder.objects.order_by("recipient__email", "kind", "subject")
    if kind:
        reminders = reminders.filter(kind=kind)
    return list(reminders.values_list("recipient__email", "kind", "status"))


# --- Each kind fires at the right time, and not before ----------------------------------------
def test_task_due_soon_fires_three_days_before_not_four(candidate):
    task = OnboardingTaskFactory(candidate=candidate, due_on=DUE, title="Book induction")

    with committed():
        reminders_scan(now=at(DUE - timedelta(days=4)), kinds=[Kind.TASK_DUE_SOON])
    assert rows() == []
    assert len(mail.outbox) == 0

    with committed():
        reminders_scan(now=at(DUE - timedelta(days=3)), kinds=[Kind.TASK_DUE_SOON])
    assert rows() == [(candidate.user.email, Kind.TASK_DUE_SOON, "sent")]
    reminder = Reminder.objects.get()
    assert reminder.subject == f"onboarding.task:{task.pk}"
    assert reminder.period == "2026-03-10"
    assert message_of(reminder).url == "/onboarding/my-tasks/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [candidate.user.email]
    assert mail.outbox[0].subject == "[AHP Journeys] “Book induction” is due on 10 March 2026"


def test_task_due_soon_scan_repeated_sends_once(candidate):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    for hour in (9, 10, 11):
        with committed():
            reminders_scan(now=at(DUE - timedelta(days=2), hour), kinds=[Kind.TASK_DUE_SOON])
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1


def test_task_overdue_fires_the_day_after_due_to_the_owners(candidate, manager, buddy):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, owner_role=OwnerRole.MANAGER)
    SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.BUDDY)
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, owner_role=OwnerRole.BUDDY)

    with committed():
        reminders_scan(now=at(DUE), kinds=[Kind.TASK_OVERDUE])
    assert rows() == []

    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    assert sorted(rows()) == sorted(
        [
            (manager.email, Kind.TASK_OVERDUE, "sent"),
            (buddy.email, Kind.TASK_OVERDUE, "sent"),
        ]
    )
    staff_message = message_of(Reminder.objects.get(recipient=manager))
    assert staff_message.detail == f"For {candidate.user.get_full_name()}"
    assert staff_message.url == f"/onboarding/journey/{candidate.pk}/"


@pytest.mark.parametrize("recruits", [1, 4])
def test_task_overdue_scan_looks_buddies_up_once_per_batch(recruits, organisation, buddy):
    for _ in range(recruits):
        recruit = CandidateFactory(organisation=organisation)
        SupportAssignmentFactory(candidate=recruit, staff=buddy, role=SupportRole.BUDDY)
        OnboardingTaskFactory(candidate=recruit, due_on=DUE, owner_role=OwnerRole.BUDDY)

    with CaptureQueriesContext(connection) as queries, committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])

    assignment_reads = [q for q in queries if "pastoral_supportassignment" in q["sql"]]
    assert len(assignment_reads) == 1
    assert Reminder.objects.filter(recipient=buddy, kind=Kind.TASK_OVERDUE).count() == recruits


def test_task_overdue_repeats_weekly_not_daily(candidate):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    for days in range(1, 8):
        with committed():
            reminders_scan(now=at(DUE + timedelta(days=days)), kinds=[Kind.TASK_OVERDUE])
    assert Reminder.objects.count() == 1
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=8)), kinds=[Kind.TASK_OVERDUE])
    assert sorted(Reminder.objects.values_list("period", flat=True)) == [
        "2026-03-10/0",
        "2026-03-10/1",
    ]


def test_task_completed_is_not_reminded(candidate):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, completed_at=timezone.now())
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    assert rows() == []


def test_registration_step_late_fires_after_target_to_recruit_and_manager(candidate, manager):
    RegistrationStepFactory(
        candidate=candidate,
        status=RegistrationStep.Status.WAITING,
        started_on=DUE - timedelta(days=28),
        due_on=DUE,
    )
    with committed():
        reminders_scan(now=at(DUE), kinds=[Kind.REGISTRATION_STEP_LATE])
    assert rows() == []

    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.REGISTRATION_STEP_LATE])
    assert sorted(rows()) == sorted(
        [
            (candidate.user.email, Kind.REGISTRATION_STEP_LATE, "sent"),
            (manager.email, Kind.REGISTRATION_STEP_LATE, "sent"),
        ]
    )


def test_journey_stalled_fires_to_managers_after_fourteen_days(candidate, manager):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE + timedelta(days=60))
    type(candidate).objects.filter(pk=candidate.pk).update(created_at=at(DUE))
    # Back-dating goes round the services, so the stored progress is refreshed by hand.
    journey_progress_refresh(candidate_ids=[candidate.pk])

    with committed():
        reminders_scan(now=at(DUE + timedelta(days=14)), kinds=[Kind.JOURNEY_STALLED])
    assert rows() == []

    with committed():
        reminders_scan(now=at(DUE + timedelta(days=15)), kinds=[Kind.JOURNEY_STALLED])
    assert rows() == [(manager.email, Kind.JOURNEY_STALLED, "sent")]


def test_check_in_due_fires_on_the_day_to_the_buddy(candidate, buddy):
    SupportAssignmentFactory(
        candidate=candidate, staff=buddy, role=SupportRole.BUDDY, next_check_in_on=DUE
    )
    with committed():
        reminders_scan(now=at(DUE - timedelta(days=1)), kinds=[Kind.CHECK_IN_DUE])
    assert rows() == []

    with committed():
        reminders_scan(now=at(DUE), kinds=[Kind.CHECK_IN_DUE])
    assert rows() == [(buddy.email, Kind.CHECK_IN_DUE, "sent")]


def test_pulse_due_fires_once_per_period_until_answered(candidate):
    monday = date(2026, 2, 23)  # a pulse period starts (fortnights from 1 January 2024)
    with committed():
        reminders_scan(now=at(monday), kinds=[Kind.PULSE_DUE])
    with committed():
        reminders_scan(now=at(monday + timedelta(days=5)), kinds=[Kind.PULSE_DUE])
    assert rows() == [(candidate.user.email, Kind.PULSE_DUE, "sent")]
    assert Reminder.objects.get().period == "2026-02-23"

    WellbeingPulse.objects.create(
        candidate=candidate,
        period_start=monday + timedelta(days=14),
        belonging=4,
        wellbeing=4,
        supported=4,
    )
    with committed():
        reminders_scan(now=at(monday + timedelta(days=14)), kinds=[Kind.PULSE_DUE])
    assert Reminder.objects.count() == 1


def test_preceptorship_review_late_fires_after_due_to_whoever_has_not_signed(candidate, buddy):
    SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.PRECEPTOR)
    preceptorship = Preceptorship.objects.create(
        candidate=candidate,
        preceptor=buddy,
        start_date=DUE - timedelta(days=100),
        planned_protected_hours=Decimal("20"),
    )
    PreceptorshipReview.objects.create(
        preceptorship=preceptorship, months=3, due_date=DUE, preceptee_signed_at=timezone.now()
    )
    with committed():
        reminders_scan(now=at(DUE), kinds=[Kind.PRECEPTORSHIP_REVIEW_LATE])
    assert rows() == []

    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.PRECEPTORSHIP_REVIEW_LATE])
    assert rows() == [(buddy.email, Kind.PRECEPTORSHIP_REVIEW_LATE, "sent")]


def test_preceptorship_review_late_goes_to_the_preceptor_assigned_now(candidate, buddy):
    first = SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.PRECEPTOR)
    preceptorship = Preceptorship.objects.create(
        candidate=candidate,
        preceptor=buddy,
        start_date=DUE - timedelta(days=100),
        planned_protected_hours=Decimal("20"),
    )
    PreceptorshipReview.objects.create(
        preceptorship=preceptorship, months=3, due_date=DUE, preceptee_signed_at=timezone.now()
    )
    first.ended_at = timezone.now()
    first.save(update_fields=["ended_at"])
    successor = SupportAssignmentFactory(
        candidate=candidate,
        staff__email="new.preceptor@example.nhs.uk",
        role=SupportRole.PRECEPTOR,
    )

    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.PRECEPTORSHIP_REVIEW_LATE])

    assert rows() == [(successor.staff.email, Kind.PRECEPTORSHIP_REVIEW_LATE, "sent")]


def test_low_pulse_alerts_buddy_and_managers_at_once(
    candidate, manager, buddy, django_capture_on_commit_callbacks
):
    SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.BUDDY)
    NotificationPreferenceFactory(user=manager, kind=Kind.LOW_PULSE, delivery=Delivery.OFF)
    NotificationPreferenceFactory(user=buddy, kind=Kind.LOW_PULSE, delivery=Delivery.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        pulse_submit(candidate=candidate, belonging=1, wellbeing=3, supported=3)

    # The buddy turned these off; a manager can't.
    assert sorted(rows()) == sorted(
        [
            (buddy.email, Kind.LOW_PULSE, "skipped"),
            (manager.email, Kind.LOW_PULSE, "sent"),
        ]
    )
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    name = candidate.user.get_full_name()
    assert mail.outbox[0].subject == f"[AHP Journeys] {name}'s wellbeing pulse was low"
    assert f"/support/recruits/{candidate.pk}/" in mail.outbox[0].body


def test_good_pulse_alerts_nobody(candidate, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pulse_submit(candidate=candidate, belonging=4, wellbeing=4, supported=5)
    assert rows() == []


# --- Preferences and the digest ---------------------------------------------------------------
def test_preference_off_stores_skipped_and_sends_nothing(candidate):
    NotificationPreferenceFactory(
        user=candidate.user, kind=Kind.TASK_OVERDUE, delivery=Delivery.OFF
    )
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    assert rows() == [(candidate.user.email, Kind.TASK_OVERDUE, "skipped")]
    assert len(mail.outbox) == 0
    assert Notification.objects.count() == 0


def test_preference_digest_waits_for_the_daily_summary(candidate, manager):
    for kind in (Kind.TASK_OVERDUE, Kind.REGISTRATION_STEP_LATE):
        NotificationPreferenceFactory(user=candidate.user, kind=kind, delivery=Delivery.DIGEST)
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, title="Open a bank account")
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, title="Register with a GP")
    RegistrationStepFactory(candidate=candidate, status=RegistrationStep.Status.WAITING, due_on=DUE)
    now = at(DUE + timedelta(days=1))
    with committed():
        reminders_scan(now=now, kinds=[Kind.TASK_OVERDUE, Kind.REGISTRATION_STEP_LATE])

    # The manager wants reminders straight away; the recruit's three wait.
    assert [message.to for message in mail.outbox] == [[manager.email]]
    assert Reminder.objects.filter(recipient=candidate.user, status="pending").count() == 3

    with committed():
        assert digests_queue() == 1
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.to == [candidate.user.email]
    assert digest.subject == "[AHP Journeys] Your daily summary: 3 reminders"
    assert "Open a bank account" in digest.body
    assert "Register with a GP" in digest.body
    assert "List-Unsubscribe" not in digest.extra_headers  # two kinds: links in the body only
    assert Reminder.objects.filter(recipient=candidate.user, status="sent").count() == 3
    assert Notification.objects.filter(recipient=candidate.user).count() == 3

    # A second digest the same day finds nothing left.
    assert digest_send(user_id=candidate.user.pk) == "done"
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("tasks", [1, 3])
def test_digest_renders_its_reminders_in_queries_that_do_not_grow(
    candidate, manager, tasks, django_assert_num_queries
):
    NotificationPreferenceFactory(user=manager, kind=Kind.TASK_OVERDUE, delivery=Delivery.DIGEST)
    NotificationPreferenceFactory(
        user=manager, kind=Kind.REGISTRATION_STEP_LATE, delivery=Delivery.DIGEST
    )
    for n in range(tasks):
        OnboardingTaskFactory(
            candidate=candidate, due_on=DUE, title=f"Task {n}", owner_role=OwnerRole.MANAGER
        )
        RegistrationStepFactory(
            candidate=candidate, round=n + 1, status=RegistrationStep.Status.WAITING, due_on=DUE
        )
    reminders_scan(
        now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE, Kind.REGISTRATION_STEP_LATE]
    )

    # claim, the claimed rows, then for each kind whether still due and what it is about (2 + 2),
    # the notifications, the rows marked sent
    with django_assert_num_queries(8):
        assert digest_send(user_id=manager.pk) == "sent"

    body = mail.outbox[0].body
    for n in range(tasks):
        assert f"“Task {n}” was due on 10 March 2026 – For {candidate.user.get_full_name()}" in body
    assert body.count("is past HCPC's target (due 10 March 2026)") == tasks


def test_delivery_is_queued_when_the_scan_commits_not_before(
    candidate, django_capture_on_commit_callbacks
):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)

    with django_capture_on_commit_callbacks() as queued:
        result = reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])

    assert (result.stored, result.queued, len(queued)) == (1, 1, 1)
    assert (rows(), len(mail.outbox)) == ([(candidate.user.email, Kind.TASK_OVERDUE, "pending")], 0)
    queued[0]()  # the transaction commits
    assert (rows(), len(mail.outbox)) == ([(candidate.user.email, Kind.TASK_OVERDUE, "sent")], 1)


def test_digest_skips_reminders_no_longer_due(candidate):
    NotificationPreferenceFactory(user=candidate.user, kind=Kind.TASK_OVERDUE)
    task = OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    task.completed_at = timezone.now()
    task.save()

    assert digest_send(user_id=candidate.user.pk) == "skipped"
    assert rows() == [(candidate.user.email, Kind.TASK_OVERDUE, "skipped")]
    assert len(mail.outbox) == 0


# --- Delivery: exactly once, retries, deleted subjects ----------------------------------------
def test_deliver_twice_sends_once(candidate):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    reminder = Reminder.objects.get()
    assert reminder_deliver(reminder_id=reminder.pk) == "done"
    assert reminders_queue(now=timezone.now()) == 0
    assert len(mail.outbox) == 1


def test_redelivered_task_after_worker_died_sends_once(candidate, settings):
    """A worker claimed the row and died before sending: the row stays `sending`. A redelivered
    task waits while the claim is fresh, then takes it over once stale: one email in all."""
    task = OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    reminder = ReminderFactory(
        recipient=candidate.user,
        kind=Kind.TASK_OVERDUE,
        subject=f"onboarding.task:{task.pk}",
        created_at=at(DUE + timedelta(days=1)),
        status=Reminder.Status.SENDING,
        claimed_at=timezone.now(),
        attempts=1,
    )
    assert reminder_deliver(reminder_id=reminder.pk) == "busy"
    assert reminders_queue(now=timezone.now()) == 0
    assert len(mail.outbox) == 0

    Reminder.objects.filter(pk=reminder.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1)
    )
    with committed():
        assert reminders_queue(now=timezone.now()) == 1  # the sweep re-queues it: it is sent
    assert reminder_deliver(reminder_id=reminder.pk) == "done"
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)


def test_mail_server_failing_twice_then_working_sends_one_email(candidate, outbox_path):
    (outbox_path / "fail-times").write_text("2")
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])

    assert len(sent_messages(outbox_path)) == 1
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == ("sent", 3)
    assert reminder.last_error == ("SMTPServerDisconnected: Connection unexpectedly closed (test)")
    assert Notification.objects.filter(reminder=reminder).count() == 1


def test_mail_server_down_marks_failed_after_the_last_retry(candidate, outbox_path, settings):
    settings.REMINDER_MAX_RETRIES = 3
    (outbox_path / "fail-times").write_text("100")
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])

    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == ("failed", 4)
    assert sent_messages(outbox_path) == []
    assert (outbox_path / "fail-times").read_text() == "96"


def test_reminder_for_deleted_subject_ends_quietly(candidate):
    task = OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    reminder = ReminderFactory(
        recipient=candidate.user,
        subject=f"onboarding.task:{task.pk}",
        created_at=at(DUE + timedelta(days=1)),
    )
    task.delete()
    assert reminder_deliver(reminder_id=reminder.pk) == "skipped"
    reminder.refresh_from_db()
    assert reminder.status == "skipped"
    assert len(mail.outbox) == 0


def test_deliver_for_deleted_reminder_ends_quietly(db):
    assert reminder_deliver(reminder_id=987654) == "done"


def test_inactive_recipient_gets_no_reminder(candidate):
    candidate.user.is_active = False
    candidate.user.save()
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    assert rows() == []


def test_email_has_text_html_link_and_one_click_unsubscribe(candidate, settings):
    settings.SITE_URL = "https://journeys.example"
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, title="Book induction")
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    message = mail.outbox[0]
    assert "https://journeys.example/onboarding/my-tasks/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://journeys.example/onboarding/my-tasks/"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://journeys.example/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body
    assert message.extra_headers["X-Reminder-Id"] == str(Reminder.objects.get().pk)


def test_managers_of_other_organisations_get_nothing(candidate, other_manager):
    OnboardingTaskFactory(candidate=candidate, due_on=DUE, owner_role=OwnerRole.MANAGER)
    MembershipFactory(user=other_manager, role=Membership.Role.BUDDY)
    with committed():
        reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    assert rows() == []


def test_preference_digest_row_is_not_queued_for_immediate_delivery(candidate):
    NotificationPreference.objects.create(
        user=candidate.user, kind=Kind.TASK_OVERDUE, delivery=Delivery.DIGEST
    )
    OnboardingTaskFactory(candidate=candidate, due_on=DUE)
    with committed():
        result = reminders_scan(now=at(DUE + timedelta(days=1)), kinds=[Kind.TASK_OVERDUE])
    assert (result.stored, result.queued) == (1, 0)
