import importlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.models import Membership
from pastoral import services
from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    NetworkIntroduction,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
    add_months,
)
from pastoral.signals import low_pulse_recorded
from tests.admin_pages import admin_change, admin_delete
from tests.factories import (
    CandidateFactory,
    LocalNetworkFactory,
    MembershipFactory,
    SupportAssignmentFactory,
    profession,
)


def _fill(staff, organisation, count):
    for _ in range(count):
        SupportAssignmentFactory(
            candidate=CandidateFactory(organisation=organisation),
            staff=staff,
            role=SupportRole.BUDDY,
        )


def test_assignment_create_makes_an_active_assignment_with_a_first_check_in(
    candidate, buddy, manager
):
    assignment = services.assignment_create(
        candidate=candidate, staff=buddy, role=SupportRole.BUDDY, by=manager
    )
    assert assignment.is_active
    assert assignment.assigned_by == manager
    assert assignment.over_capacity_reason == ""
    assert assignment.next_check_in_on == timezone.localdate() + timedelta(days=7)


def test_assignment_create_at_capacity_without_reason_is_refused(
    candidate, buddy, manager, organisation
):
    _fill(buddy, organisation, 3)
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            candidate=candidate, staff=buddy, role=SupportRole.BUDDY, by=manager
        )
    assert "already supports 3 recruits (capacity 3)" in str(error.value)
    assert not SupportAssignment.objects.filter(candidate=candidate).exists()


def test_assignment_create_over_capacity_with_a_reason_keeps_the_reason(
    candidate, buddy, manager, organisation
):
    _fill(buddy, organisation, 3)
    assignment = services.assignment_create(
        candidate=candidate,
        staff=buddy,
        role=SupportRole.BUDDY,
        by=manager,
        over_capacity_reason="Only physiotherapist buddy on the ward",
    )
    assert assignment.over_capacity_reason == "Only physiotherapist buddy on the ward"


def test_assignment_create_uses_the_membership_s_capacity(candidate, manager, organisation):
    staff = MembershipFactory(
        organisation=organisation, role=Membership.Role.BUDDY, capacity=1
    ).user
    _fill(staff, organisation, 1)
    with pytest.raises(ValidationError):
        services.assignment_create(
            candidate=candidate, staff=staff, role=SupportRole.BUDDY, by=manager
        )


def test_assignment_create_refuses_a_buddy_from_another_organisation(
    candidate, other_buddy, manager
):
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            candidate=candidate, staff=other_buddy, role=SupportRole.BUDDY, by=manager
        )
    assert error.value.message_dict["staff"] == [
        f"{other_buddy.get_full_name()} is not on {candidate.organisation}'s staff as a "
        "possible buddy. Choose someone from the recruit's organisation."
    ]
    assert not SupportAssignment.objects.exists()


def test_assignment_create_refuses_the_recruit_as_their_own_buddy(candidate, manager, organisation):
    MembershipFactory(user=candidate.user, organisation=organisation, role="buddy")
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            candidate=candidate, staff=candidate.user, role=SupportRole.BUDDY, by=manager
        )
    assert "is the recruit" in error.value.message_dict["staff"][0]
    assert not SupportAssignment.objects.exists()


def test_assignment_create_refuses_a_buddy_without_the_mentor_duty_as_mentor(
    candidate, buddy, manager
):
    with pytest.raises(ValidationError):
        services.assignment_create(
            candidate=candidate, staff=buddy, role=SupportRole.MENTOR, by=manager
        )


def test_assignment_create_accepts_a_buddy_as_preceptor(candidate, buddy, manager):
    assignment = services.assignment_create(
        candidate=candidate, staff=buddy, role=SupportRole.PRECEPTOR, by=manager
    )
    assert assignment.role == SupportRole.PRECEPTOR


def test_assignment_create_ends_the_previous_buddy_and_keeps_history(
    candidate, buddy_assignment, manager, organisation
):
    new_buddy = MembershipFactory(organisation=organisation, role="buddy").user
    open_request = BuddyChangeRequest.objects.create(candidate=candidate, reason="x")
    services.assignment_create(
        candidate=candidate, staff=new_buddy, role=SupportRole.BUDDY, by=manager
    )
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.ended_at is not None
    assert list(
        SupportAssignment.objects.filter(candidate=candidate, ended_at__isnull=True).values_list(
            "staff", flat=True
        )
    ) == [new_buddy.pk]
    assert SupportAssignment.objects.filter(candidate=candidate).count() == 2
    open_request.refresh_from_db()
    assert open_request.resolved_by == manager


def test_assignment_create_refuses_the_current_buddy_again(candidate, buddy_assignment, manager):
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            candidate=candidate, staff=buddy_assignment.staff, role=SupportRole.BUDDY, by=manager
        )
    assert "already this recruit's buddy" in error.value.message_dict["staff"][0]
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.ended_at is None


def test_assignment_end_keeps_the_row(buddy_assignment, manager):
    services.assignment_end(assignment=buddy_assignment, by=manager)
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.ended_at is not None


def test_check_in_log_moves_the_next_check_in_on(buddy_assignment, buddy):
    today = timezone.localdate()
    check_in = services.check_in_log(
        assignment=buddy_assignment,
        held_on=today,
        format="video",
        topics=["language", "cultural"],
        notes="  Practised handover phrases.  ",
        by=buddy,
    )
    assert check_in.notes == "Practised handover phrases."
    assert check_in.topic_labels == ["Language proficiency", "Cultural barriers"]
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.next_check_in_on == today + timedelta(days=7)


def test_check_in_log_after_twelve_weeks_sets_a_monthly_next_date(candidate, buddy):
    started = timezone.now() - timedelta(weeks=13)
    assignment = SupportAssignmentFactory(candidate=candidate, staff=buddy, started_at=started)
    today = timezone.localdate()
    services.check_in_log(
        assignment=assignment, held_on=today, format="phone", topics=[], notes="", by=buddy
    )
    assignment.refresh_from_db()
    assert assignment.next_check_in_on == add_months(today, 1)


def test_pulse_submit_with_a_low_answer_flags_and_signals_on_commit(
    candidate, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, pulse_id, **kwargs):
        received.append(pulse_id)

    low_pulse_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            pulse = services.pulse_submit(
                candidate=candidate, belonging=2, wellbeing=4, supported=5, comment="Lonely"
            )
    finally:
        low_pulse_recorded.disconnect(receiver)
    assert pulse.is_low is True
    assert received == [pulse.pk]


def test_pulse_submit_without_low_answers_sends_nothing(
    candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        pulse = services.pulse_submit(candidate=candidate, belonging=3, wellbeing=4, supported=5)
    assert pulse.is_low is False
    assert callbacks == []


def test_pulse_submit_sets_the_fortnight_period(candidate):
    pulse = services.pulse_submit(
        candidate=candidate, belonging=3, wellbeing=3, supported=3, today=date(2025, 3, 12)
    )
    assert pulse.period_start == date(2025, 3, 10)


def test_pulse_submit_twice_in_a_period_is_refused(candidate):
    services.pulse_submit(
        candidate=candidate, belonging=4, wellbeing=4, supported=4, today=date(2025, 3, 10)
    )
    with pytest.raises(ValidationError) as error:
        services.pulse_submit(
            candidate=candidate, belonging=1, wellbeing=1, supported=1, today=date(2025, 3, 23)
        )
    assert error.value.messages == [
        "You have already answered the pulse for the fortnight starting 10 March 2025. "
        "The next one opens on 24 March 2025."
    ]
    assert WellbeingPulse.objects.get(candidate=candidate).belonging == 4


def test_pulse_submit_refuses_a_score_out_of_range(candidate):
    with pytest.raises(ValidationError):
        services.pulse_submit(candidate=candidate, belonging=6, wellbeing=4, supported=4)
    assert not WellbeingPulse.objects.exists()


def test_change_request_create_records_the_current_buddy(candidate, buddy_assignment):
    change_request = services.change_request_create(candidate=candidate, reason=" Clash ")
    assert change_request.assignment == buddy_assignment
    assert change_request.reason == "Clash"
    assert change_request.is_open


def test_change_request_resolve_only_once(candidate, manager, other_manager):
    change_request = services.change_request_create(candidate=candidate, reason="Clash")
    services.change_request_resolve(change_request=change_request, by=manager, resolution="Met")
    services.change_request_resolve(
        change_request=change_request, by=other_manager, resolution="Again"
    )
    change_request.refresh_from_db()
    assert (change_request.resolved_by, change_request.resolution) == (manager, "Met")


def test_introduction_record_twice_keeps_one(candidate):
    network = LocalNetworkFactory(organisation=candidate.organisation)
    services.introduction_record(candidate=candidate, network=network)
    services.introduction_record(candidate=candidate, network=network)
    assert NetworkIntroduction.objects.filter(candidate=candidate).count() == 1


def test_network_save_shared_with_region_uses_the_organisation_s_region(organisation, manager):
    network = services.network_save(
        organisation=organisation,
        by=manager,
        name=" Kerala Association ",
        kind="diaspora",
        share_with_region=True,
    )
    assert (network.name, network.region, network.organisation) == (
        "Kerala Association",
        organisation.region,
        organisation,
    )


def test_self_assessment_rate_updates_the_one_rating(organisation, manager):
    criterion = SelfAssessmentCriterion.objects.first()
    services.self_assessment_rate(
        organisation=organisation, criterion=criterion, rating=1, evidence="a", by=manager
    )
    services.self_assessment_rate(
        organisation=organisation, criterion=criterion, rating=3, evidence="b", by=manager
    )
    rating = SelfAssessmentRating.objects.get(organisation=organisation)
    assert (rating.rating, rating.evidence) == (3, "b")


def test_staff_profile_update_sets_the_profession(buddy):
    services.staff_profile_update(user=buddy, profession=profession("dietitian"))
    assert StaffProfile.objects.get(user=buddy).profession.slug == "dietitian"


def test_check_in_rows_are_not_created_by_a_refused_assignment(candidate, other_buddy, manager):
    with pytest.raises(ValidationError):
        services.assignment_create(
            candidate=candidate, staff=other_buddy, role=SupportRole.BUDDY, by=manager
        )
    assert CheckIn.objects.count() == 0


# --- Marks stored for HEE's dashboards --------------------------------------------------------
def _gaps(assignment) -> list[tuple[date, int | None]]:
    return list(
        CheckIn.objects.filter(assignment=assignment)
        .order_by("held_on", "pk")
        .values_list("held_on", "days_since_previous")
    )


def _log(assignment, held_on, by):
    return services.check_in_log(
        assignment=assignment, held_on=held_on, format="video", topics=[], notes="", by=by
    )


def test_check_in_gaps_follow_a_late_entry_and_an_admin_s_move_and_delete(
    buddy_assignment, buddy, superuser_client
):
    first = _log(buddy_assignment, date(2025, 4, 1), buddy)
    last = _log(buddy_assignment, date(2025, 4, 15), buddy)
    assert _gaps(buddy_assignment) == [(date(2025, 4, 1), None), (date(2025, 4, 15), 14)]

    # Logged late, between the two: the one after it now counts from it.
    _log(buddy_assignment, date(2025, 4, 10), buddy)
    assert [gap for _, gap in _gaps(buddy_assignment)] == [None, 9, 5]

    admin_change(superuser_client, last, held_on="2025-03-20")  # moved before the others
    assert _gaps(buddy_assignment) == [
        (date(2025, 3, 20), None),
        (date(2025, 4, 1), 12),
        (date(2025, 4, 10), 9),
    ]

    admin_delete(superuser_client, first)
    assert [gap for _, gap in _gaps(buddy_assignment)] == [None, 21]


def test_check_in_moved_to_another_pair_leaves_the_old_pair_right(
    buddy_assignment, mentor_assignment, buddy, superuser_client
):
    _log(buddy_assignment, date(2025, 4, 1), buddy)
    moved = _log(buddy_assignment, date(2025, 4, 8), buddy)
    _log(buddy_assignment, date(2025, 4, 15), buddy)

    admin_change(superuser_client, moved, assignment=mentor_assignment.pk)

    assert [gap for _, gap in _gaps(buddy_assignment)] == [None, 14]
    assert _gaps(mentor_assignment) == [(date(2025, 4, 8), None)]
    moved.refresh_from_db()
    assert moved.role == SupportRole.MENTOR


def test_check_ins_carry_their_pairs_role_when_it_changes(
    buddy_assignment, buddy, superuser_client
):
    check_in = _log(buddy_assignment, date(2025, 4, 1), buddy)
    assert CheckIn.objects.get(pk=check_in.pk).role == SupportRole.BUDDY

    admin_change(superuser_client, buddy_assignment, role=SupportRole.PRECEPTOR)

    assert CheckIn.objects.get(pk=check_in.pk).role == SupportRole.PRECEPTOR


def _marks(candidate) -> list[tuple[date, bool, bool]]:
    return list(
        WellbeingPulse.objects.filter(candidate=candidate)
        .order_by("period_start")
        .values_list("period_start", "first_in_month", "first_low_in_month")
    )


def test_pulse_month_marks_follow_answers_in_any_order_and_an_admin_s_writes(
    candidate, superuser_client
):
    def pulse(day, low=False):
        score = 1 if low else 4
        return services.pulse_submit(
            candidate=candidate, belonging=score, wellbeing=4, supported=4, today=day
        )

    later = pulse(date(2025, 5, 19), low=True)
    pulse(date(2025, 6, 2))
    assert _marks(candidate) == [(date(2025, 5, 19), True, True), (date(2025, 6, 2), True, False)]

    earlier = pulse(date(2025, 5, 5))  # an earlier fortnight of May, answered afterwards
    assert _marks(candidate)[:2] == [
        (date(2025, 5, 5), True, False),
        (date(2025, 5, 19), False, True),
    ]

    admin_change(superuser_client, earlier, is_low="on")
    assert _marks(candidate)[:2] == [
        (date(2025, 5, 5), True, True),
        (date(2025, 5, 19), False, False),
    ]

    admin_delete(superuser_client, earlier)
    later.refresh_from_db()
    assert (later.first_in_month, later.first_low_in_month) == (True, True)


def test_pulse_month_marks_read_the_month_once_however_many_marks_change(candidate):
    for day in (date(2025, 5, 5), date(2025, 5, 19)):
        services.pulse_submit(candidate=candidate, belonging=1, wellbeing=4, supported=4, today=day)
    stale = WellbeingPulse.objects.filter(candidate=candidate)
    stale.filter(period_start=date(2025, 5, 5)).update(
        first_in_month=False, first_low_in_month=False
    )
    stale.filter(period_start=date(2025, 5, 19)).update(
        first_in_month=True, first_low_in_month=True
    )

    with CaptureQueriesContext(connection) as queries:
        services.pulse_month_flags_refresh(candidate_id=candidate.pk, month=date(2025, 5, 1))

    assert _marks(candidate) == [(date(2025, 5, 5), True, True), (date(2025, 5, 19), False, False)]
    pulse_reads = [
        q["sql"] for q in queries if q["sql"].startswith('SELECT "pastoral_wellbeingpulse"."id"')
    ]
    assert len(pulse_reads) == 1  # not one more per changed pulse for its period start


def _migration(name: str):
    return importlib.import_module(f"pastoral.migrations.{name}")


def test_migrations_backfill_the_stored_gaps_and_month_marks(buddy_assignment, buddy, candidate):
    for day in (date(2025, 4, 1), date(2025, 4, 8), date(2025, 4, 29)):
        _log(buddy_assignment, day, buddy)
    for day, low in [
        (date(2025, 5, 5), False),
        (date(2025, 5, 19), True),
        (date(2025, 6, 2), True),
    ]:
        services.pulse_submit(
            candidate=candidate, belonging=1 if low else 4, wellbeing=4, supported=4, today=day
        )
    gaps, marks = _gaps(buddy_assignment), _marks(candidate)
    CheckIn.objects.update(days_since_previous=None, role="")
    WellbeingPulse.objects.update(first_in_month=False, first_low_in_month=False)

    editor = SimpleNamespace(connection=connection)
    _migration("0004_check_in_days_since_previous").backfill_gaps(None, editor)
    _migration("0005_pulse_first_in_month").backfill_marks(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(_migration("0006_check_in_role").BACKFILL)

    assert set(CheckIn.objects.values_list("role", flat=True)) == {SupportRole.BUDDY}

    assert (
        _gaps(buddy_assignment)
        == gaps
        == [
            (date(2025, 4, 1), None),
            (date(2025, 4, 8), 7),
            (date(2025, 4, 29), 21),
        ]
    )
    assert (
        _marks(candidate)
        == marks
        == [
            (date(2025, 5, 5), True, False),
            (date(2025, 5, 19), False, True),
            (date(2025, 6, 2), True, True),
        ]
    )
