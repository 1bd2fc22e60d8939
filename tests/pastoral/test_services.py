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
    CheckInGapCount,
    NetworkIntroduction,
    PulsePeriodTotals,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
    add_months,
)
from pastoral.signals import low_pulse_recorded
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
    # Only insights' dashboard-cache bump (after any committed write) may be waiting.
    assert [c for c in callbacks if c.__module__ != "insights.caching"] == []


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


def test_check_in_gaps_follow_a_late_entry_a_move_and_a_delete(buddy_assignment, buddy):
    first = _log(buddy_assignment, date(2025, 4, 1), buddy)
    last = _log(buddy_assignment, date(2025, 4, 15), buddy)
    assert _gaps(buddy_assignment) == [(date(2025, 4, 1), None), (date(2025, 4, 15), 14)]

    # Logged late, between the two: the one after it now counts from it.
    _log(buddy_assignment, date(2025, 4, 10), buddy)
    assert [gap for _, gap in _gaps(buddy_assignment)] == [None, 9, 5]

    last.held_on = date(2025, 3, 20)  # moved before the others (as the admin may)
    last.save()
    assert _gaps(buddy_assignment) == [
        (date(2025, 3, 20), None),
        (date(2025, 4, 1), 12),
        (date(2025, 4, 10), 9),
    ]

    first.delete()
    assert [gap for _, gap in _gaps(buddy_assignment)] == [None, 21]


def test_check_in_moved_to_another_pair_leaves_the_old_pair_right(
    buddy_assignment, mentor_assignment, buddy
):
    _log(buddy_assignment, date(2025, 4, 1), buddy)
    moved = _log(buddy_assignment, date(2025, 4, 8), buddy)
    _log(buddy_assignment, date(2025, 4, 15), buddy)

    moved.assignment = mentor_assignment
    moved.save()

    assert [gap for _, gap in _gaps(buddy_assignment)] == [None, 14]
    assert _gaps(mentor_assignment) == [(date(2025, 4, 8), None)]
    moved.refresh_from_db()
    assert moved.role == SupportRole.MENTOR


def test_check_ins_carry_their_pairs_role_when_it_changes(buddy_assignment, buddy):
    check_in = _log(buddy_assignment, date(2025, 4, 1), buddy)
    assert CheckIn.objects.get(pk=check_in.pk).role == SupportRole.BUDDY

    buddy_assignment.role = SupportRole.PRECEPTOR  # as the admin may
    buddy_assignment.save()

    assert CheckIn.objects.get(pk=check_in.pk).role == SupportRole.PRECEPTOR


def _marks(candidate) -> list[tuple[date, bool, bool]]:
    return list(
        WellbeingPulse.objects.filter(candidate=candidate)
        .order_by("period_start")
        .values_list("period_start", "first_in_month", "first_low_in_month")
    )


def test_pulse_month_marks_follow_answers_in_any_order(candidate):
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

    earlier.is_low = True
    earlier.save()
    assert _marks(candidate)[:2] == [
        (date(2025, 5, 5), True, True),
        (date(2025, 5, 19), False, False),
    ]

    earlier.delete()
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


# --- Counts and totals stored for HEE's dashboards ---------------------------------------------
def _gap_counts() -> set[tuple]:
    """The stored gap counts, after checking they are what counting from scratch gives."""
    stored = set(
        CheckInGapCount.objects.values_list("held_on", "role", "days_since_previous", "check_ins")
    )
    services.check_in_gap_counts_rebuild()
    rebuilt = set(
        CheckInGapCount.objects.values_list("held_on", "role", "days_since_previous", "check_ins")
    )
    assert stored == rebuilt
    return stored


def test_check_in_gap_counts_follow_every_write(buddy_assignment, mentor_assignment, buddy):
    B, M, P = SupportRole.BUDDY, SupportRole.MENTOR, SupportRole.PRECEPTOR
    april = lambda day: date(2025, 4, day)  # noqa: E731
    first = _log(buddy_assignment, april(1), buddy)
    last = _log(buddy_assignment, april(15), buddy)
    assert _gap_counts() == {(april(15), B, 14, 1)}

    late = _log(buddy_assignment, april(10), buddy)
    _log(mentor_assignment, april(8), buddy)
    _log(mentor_assignment, april(15), buddy)
    assert _gap_counts() == {(april(10), B, 9, 1), (april(15), B, 5, 1), (april(15), M, 7, 1)}

    last.held_on = date(2025, 3, 20)  # moved in date (as the admin may)
    last.save()
    assert _gap_counts() == {(april(1), B, 12, 1), (april(10), B, 9, 1), (april(15), M, 7, 1)}

    late.assignment = mentor_assignment  # moved to the other pair
    late.save()
    assert _gap_counts() == {(april(1), B, 12, 1), (april(10), M, 2, 1), (april(15), M, 5, 1)}

    mentor_assignment.role = P
    mentor_assignment.save()
    assert _gap_counts() == {(april(1), B, 12, 1), (april(10), P, 2, 1), (april(15), P, 5, 1)}

    last.delete()
    first.notes = "A note changes no count"
    first.save(update_fields=["notes"])
    assert _gap_counts() == {(april(10), P, 2, 1), (april(15), P, 5, 1)}

    mentor_assignment.delete()
    assert _gap_counts() == set()


def test_check_in_gap_counts_add_up_pairs_on_the_same_day(candidate, buddy, mentor, organisation):
    other = SupportAssignmentFactory(
        candidate=CandidateFactory(organisation=organisation), staff=buddy, role=SupportRole.BUDDY
    )
    mine = SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.BUDDY)
    for assignment in (mine, other):
        _log(assignment, date(2025, 4, 1), buddy)
        _log(assignment, date(2025, 4, 8), buddy)
    assert _gap_counts() == {(date(2025, 4, 8), SupportRole.BUDDY, 7, 2)}

    candidate.delete()
    assert _gap_counts() == {(date(2025, 4, 8), SupportRole.BUDDY, 7, 1)}


def _period_totals() -> set[tuple]:
    """The stored pulse totals, after checking they are what adding up from scratch gives."""
    fields = [
        "period_start", "answers", "first_in_month", "first_low_in_month",
        "belonging", "wellbeing", "supported",
    ]  # fmt: skip
    stored = set(PulsePeriodTotals.objects.values_list(*fields))
    services.pulse_period_totals_rebuild()
    assert stored == set(PulsePeriodTotals.objects.values_list(*fields))
    return stored


def test_pulse_period_totals_follow_every_write(candidate, organisation):
    other = CandidateFactory(organisation=organisation)

    def pulse(recruit, day, belonging):
        return services.pulse_submit(
            candidate=recruit, belonging=belonging, wellbeing=4, supported=3, today=day
        )

    may_19, may_5, june_2 = date(2025, 5, 19), date(2025, 5, 5), date(2025, 6, 2)
    later = pulse(candidate, may_19, belonging=1)  # low
    pulse(other, may_19, belonging=4)
    assert _period_totals() == {(may_19, 2, 2, 1, 5, 8, 6)}

    earlier = pulse(candidate, may_5, belonging=4)  # now the recruit's first in May
    assert _period_totals() == {(may_5, 1, 1, 0, 4, 4, 3), (may_19, 2, 1, 1, 5, 8, 6)}

    earlier.is_low, earlier.belonging = True, 2  # as the admin may
    earlier.save()
    assert _period_totals() == {(may_5, 1, 1, 1, 2, 4, 3), (may_19, 2, 1, 0, 5, 8, 6)}

    later.period_start = june_2  # moved to another month
    later.save()
    assert _period_totals() == {
        (may_5, 1, 1, 1, 2, 4, 3),
        (may_19, 1, 1, 0, 4, 4, 3),
        (june_2, 1, 1, 1, 1, 4, 3),
    }

    earlier.delete()
    other.delete()
    assert _period_totals() == {(june_2, 1, 1, 1, 1, 4, 3)}


def test_migration_backfills_the_gap_counts_and_period_totals(buddy_assignment, buddy, candidate):
    for day in (date(2025, 4, 1), date(2025, 4, 8), date(2025, 4, 29)):
        _log(buddy_assignment, day, buddy)
    services.pulse_submit(
        candidate=candidate, belonging=1, wellbeing=4, supported=4, today=date(2025, 5, 5)
    )
    CheckInGapCount.objects.all().delete()
    PulsePeriodTotals.objects.all().delete()

    editor = SimpleNamespace(connection=connection)
    _migration("0007_check_in_gap_counts_pulse_period_totals").backfill(None, editor)

    assert set(CheckInGapCount.objects.values_list("held_on", "days_since_previous")) == {
        (date(2025, 4, 8), 7),
        (date(2025, 4, 29), 21),
    }
    assert list(PulsePeriodTotals.objects.values_list("period_start", "answers", "belonging")) == [
        (date(2025, 5, 5), 1, 1)
    ]
