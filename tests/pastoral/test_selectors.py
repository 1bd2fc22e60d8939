from datetime import timedelta

import pytest
from django.db.models import OuterRef
from django.http import Http404
from django.utils import timezone

from candidates.models import CandidateProfile
from employers.models import Membership
from pastoral import selectors
from pastoral.models import SelfAssessmentCriterion, SupportAssignment, SupportRole
from pastoral.selectors import feeds
from pastoral.services import introduction_record
from tests.factories import (
    CandidateFactory,
    CheckInFactory,
    LocalNetworkFactory,
    MembershipFactory,
    OrganisationFactory,
    SelfAssessmentRatingFactory,
    StaffProfileFactory,
    SupportAssignmentFactory,
    WellbeingPulseFactory,
    profession,
)


# --- Privacy ----------------------------------------------------------------------------------
def test_check_in_notes_are_readable_by_the_pair_and_the_manager(
    buddy_assignment, buddy, recruit, manager
):
    check_in = CheckInFactory(assignment=buddy_assignment)
    assert selectors.can_read_check_in_notes(buddy, check_in) is True
    assert selectors.can_read_check_in_notes(recruit, check_in) is True
    assert selectors.can_read_check_in_notes(manager, check_in) is True


def test_check_in_notes_are_not_readable_by_anyone_else(
    buddy_assignment, mentor_assignment, other_manager, other_buddy, other_recruit, analyst
):
    check_in = CheckInFactory(assignment=buddy_assignment)
    for stranger in (mentor_assignment.staff, other_manager, other_buddy, other_recruit, analyst):
        assert selectors.can_read_check_in_notes(stranger, check_in) is False


def test_check_ins_for_viewer_hides_the_buddy_s_notes_from_the_mentor(
    candidate, buddy_assignment, mentor_assignment, mentor, buddy
):
    CheckInFactory(assignment=buddy_assignment, notes="Buddy notes")
    CheckInFactory(assignment=mentor_assignment, notes="Mentor notes")
    seen_by_mentor = {
        c.notes: c.notes_visible for c in selectors.check_ins_for_viewer(mentor, candidate)
    }
    assert seen_by_mentor == {"Buddy notes": False, "Mentor notes": True}
    seen_by_buddy = {
        c.notes: c.notes_visible for c in selectors.check_ins_for_viewer(buddy, candidate)
    }
    assert seen_by_buddy == {"Buddy notes": True, "Mentor notes": False}


def test_pulse_comment_is_readable_by_the_recruit_their_managers_and_buddy(
    candidate, buddy_assignment, recruit, manager, buddy
):
    for reader in (recruit, manager, buddy):
        assert selectors.can_read_pulse_comment(reader, candidate) is True


def test_pulse_comment_is_not_readable_outside_the_organisation_or_by_other_supporters(
    candidate,
    buddy_assignment,
    mentor_assignment,
    other_manager,
    other_buddy,
    other_recruit,
    analyst,
):
    for stranger in (mentor_assignment.staff, other_manager, other_buddy, other_recruit, analyst):
        assert selectors.can_read_pulse_comment(stranger, candidate) is False


def test_pulse_comment_is_not_readable_by_a_former_buddy(candidate, buddy_assignment, buddy):
    buddy_assignment.ended_at = timezone.now()
    buddy_assignment.save()
    assert selectors.can_read_pulse_comment(buddy, candidate) is False


def test_pulse_comment_is_not_readable_by_a_buddy_who_left_the_organisation(
    candidate, buddy_assignment, buddy
):
    Membership.objects.filter(user=buddy).delete()
    assert selectors.can_read_pulse_comment(buddy, candidate) is False


def test_recruit_for_supporter_refuses_strangers(candidate, buddy_assignment, other_buddy, buddy):
    assert selectors.recruit_for_supporter(buddy, candidate.pk) == candidate
    with pytest.raises(Http404):
        selectors.recruit_for_supporter(other_buddy, candidate.pk)


def test_recruit_for_manager_refuses_a_buddy_and_another_organisation(
    candidate, buddy_assignment, buddy, other_manager, manager
):
    assert selectors.recruit_for_manager(manager, candidate.pk) == candidate
    for stranger in (buddy, other_manager):
        with pytest.raises(Http404):
            selectors.recruit_for_manager(stranger, candidate.pk)


# --- The picker -------------------------------------------------------------------------------
def test_staff_options_for_shows_room_profession_and_load(candidate, organisation):
    same = MembershipFactory(organisation=organisation, role="buddy").user
    StaffProfileFactory(user=same, profession=profession("physiotherapist"))
    full = MembershipFactory(organisation=organisation, role="buddy", capacity=1).user
    SupportAssignmentFactory(candidate=CandidateFactory(organisation=organisation), staff=full)
    MembershipFactory(organisation=OrganisationFactory(), role="buddy")
    MembershipFactory(organisation=organisation, role="mentor")
    options = selectors.staff_options_for(candidate, SupportRole.BUDDY)
    assert [
        (o.user, o.shares_profession, o.supporting_now, o.capacity, o.has_room) for o in options
    ] == [
        (same, True, 0, 3, True),
        (full, False, 1, 1, False),
    ]
    assert (
        options[0].label
        == f"{same.get_full_name()} – Physiotherapist (same profession) – supports 0 of 3"
    )


def test_staff_options_for_preceptor_takes_buddies_and_mentors(candidate, buddy, mentor):
    options = selectors.staff_options_for(candidate, SupportRole.PRECEPTOR)
    assert {o.user for o in options} == {buddy, mentor}


def test_staff_options_for_leaves_out_the_recruit(candidate, organisation):
    MembershipFactory(user=candidate.user, organisation=organisation, role="buddy")
    assert selectors.staff_options_for(candidate, SupportRole.BUDDY) == []


# --- Contracts for other apps -----------------------------------------------------------------
def test_candidate_ids_supported_by_lists_active_assignments_only(candidate, buddy, organisation):
    SupportAssignmentFactory(candidate=candidate, staff=buddy)
    ended = CandidateFactory(organisation=organisation)
    SupportAssignmentFactory(candidate=ended, staff=buddy, ended_at=timezone.now())
    assert selectors.candidate_ids_supported_by(buddy) == {candidate.pk}


def test_active_buddy_ids_for_maps_each_recruit_to_active_buddies_in_one_query(
    candidate, buddy, mentor, organisation, django_assert_num_queries
):
    SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.BUDDY)
    SupportAssignmentFactory(candidate=candidate, staff=mentor, role=SupportRole.MENTOR)
    ended = CandidateFactory(organisation=organisation)
    SupportAssignmentFactory(candidate=ended, staff=buddy, ended_at=timezone.now())
    unsupported = CandidateFactory(organisation=organisation)

    with django_assert_num_queries(1):
        buddy_ids = selectors.active_buddy_ids_for([candidate.pk, ended.pk, unsupported.pk])

    assert buddy_ids == {candidate.pk: [buddy.pk], ended.pk: [], unsupported.pk: []}


def test_active_buddy_ids_for_nobody_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.active_buddy_ids_for([]) == {}


def test_low_pulse_recipients_are_the_active_buddies_and_the_organisations_managers(
    candidate, organisation, manager, buddy, other_manager
):
    ended = SupportAssignmentFactory(candidate=candidate, role=SupportRole.BUDDY)
    ended.ended_at = timezone.now()
    ended.save(update_fields=["ended_at"])
    SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.BUDDY)
    MembershipFactory(organisation=organisation, role=Membership.Role.MENTOR)
    pulse = WellbeingPulseFactory(candidate=candidate, belonging=1, is_low=True)

    assert feeds.low_pulse_recipients(pulse) == {"buddy": [buddy.pk], "manager": [manager.pk]}


def test_preceptor_for_returns_the_active_preceptor(candidate, mentor):
    assert selectors.preceptor_for(candidate) is None
    SupportAssignmentFactory(candidate=candidate, staff=mentor, role=SupportRole.PRECEPTOR)
    assert selectors.preceptor_for(candidate) == mentor


def _summaries_world(organisation, size):
    ids = []
    for n in range(size):
        candidate = CandidateFactory(organisation=organisation)
        SupportAssignmentFactory(candidate=candidate)
        SupportAssignmentFactory(candidate=candidate, role=SupportRole.MENTOR)
        WellbeingPulseFactory(candidate=candidate, belonging=1, is_low=True)
        WellbeingPulseFactory(candidate=candidate, is_low=n % 2 == 1)
        ids.append(candidate.pk)
    return ids


@pytest.mark.parametrize("size", [1, 3])
def test_support_summaries_take_two_queries(organisation, size, django_assert_num_queries):
    ids = _summaries_world(organisation, size)
    with django_assert_num_queries(2):
        summaries = selectors.support_summaries(ids)
    assert len(summaries) == size


def test_support_summaries_report_the_buddy_the_latest_pulse_and_the_next_date(
    candidate, buddy_assignment, mentor_assignment, other_candidate
):
    buddy_assignment.next_check_in_on = timezone.localdate() + timedelta(days=3)
    buddy_assignment.save()
    WellbeingPulseFactory(
        candidate=candidate, period_start=timezone.localdate() - timedelta(days=30), is_low=False
    )
    WellbeingPulseFactory(
        candidate=candidate, period_start=timezone.localdate() - timedelta(days=2), is_low=True
    )
    WellbeingPulseFactory(
        candidate=other_candidate,
        period_start=timezone.localdate() - timedelta(days=30),
        is_low=True,
    )
    WellbeingPulseFactory(
        candidate=other_candidate,
        period_start=timezone.localdate() - timedelta(days=2),
        is_low=False,
    )
    summaries = selectors.support_summaries([candidate.pk, other_candidate.pk])
    assert summaries[candidate.pk] == {
        "buddy": buddy_assignment.staff.get_full_name(),
        "mentor": mentor_assignment.staff.get_full_name(),
        "preceptor": None,
        "low_pulse": True,
        "next_check_in_on": timezone.localdate() + timedelta(days=3),
    }
    assert summaries[other_candidate.pk] == {
        "buddy": None,
        "mentor": None,
        "preceptor": None,
        "low_pulse": False,
        "next_check_in_on": None,
    }


def test_active_supporter_name_names_whom_support_summaries_name(
    candidate, buddy_assignment, mentor_assignment, other_candidate, organisation
):
    """The recruits page reads the buddy through `SupportAssignment.active_supporter_name`: for
    a buddy with a name, one without (their email), an ended pairing and no pairing it agrees
    with `support_summaries`, role by role."""
    nameless = CandidateFactory(organisation=organisation)
    SupportAssignmentFactory(candidate=nameless, staff__full_name="", role=SupportRole.BUDDY)
    ended = CandidateFactory(organisation=organisation)
    SupportAssignmentFactory(candidate=ended, role=SupportRole.BUDDY, ended_at=timezone.now())
    everyone = [candidate.pk, other_candidate.pk, nameless.pk, ended.pk]
    summaries = selectors.support_summaries(everyone)
    roles = [SupportRole.BUDDY, SupportRole.MENTOR]
    profiles = CandidateProfile.objects.filter(pk__in=everyone).annotate(
        **{role: SupportAssignment.active_supporter_name(OuterRef("pk"), role) for role in roles}
    )

    names = {profile.pk: {role: getattr(profile, role) for role in roles} for profile in profiles}

    for pk in everyone:
        assert names[pk] == {role: summaries[pk][role] for role in roles}
    assert names[candidate.pk][SupportRole.BUDDY] == buddy_assignment.staff.full_name
    assert names[nameless.pk][SupportRole.BUDDY] == nameless.support_assignments.get().staff.email
    assert names[ended.pk][SupportRole.BUDDY] is None


def test_check_ins_due_includes_today_and_overdue_only(candidate, organisation):
    today = timezone.localdate()
    due = SupportAssignmentFactory(candidate=candidate, next_check_in_on=today)
    overdue = SupportAssignmentFactory(
        candidate=CandidateFactory(organisation=organisation),
        next_check_in_on=today - timedelta(days=3),
    )
    SupportAssignmentFactory(
        candidate=CandidateFactory(organisation=organisation),
        next_check_in_on=today + timedelta(days=1),
    )
    SupportAssignmentFactory(
        candidate=CandidateFactory(organisation=organisation),
        next_check_in_on=today - timedelta(days=3),
        ended_at=timezone.now(),
    )
    assert set(selectors.check_ins_due(today=today)) == {due, overdue}


def test_pulse_due_candidates_leaves_out_those_who_answered_this_fortnight(
    candidate, other_candidate
):
    today = timezone.localdate()
    WellbeingPulseFactory(candidate=candidate, period_start=selectors.current_pulse_period(today))
    WellbeingPulseFactory(
        candidate=other_candidate,
        period_start=selectors.current_pulse_period(today) - timedelta(days=14),
    )
    CandidateFactory(organisation=None)
    assert list(selectors.pulse_due_candidates(today=today)) == [other_candidate]


def test_pulse_is_low_reads_the_flag(candidate):
    assert selectors.pulse_is_low(WellbeingPulseFactory(candidate=candidate, is_low=True)) is True
    assert selectors.pulse_is_low(WellbeingPulseFactory(candidate=candidate)) is False


def test_pastoral_timeline_carries_no_notes_or_comments(candidate, buddy_assignment):
    # The check-in is placed at noon on its day: start the pairing days before, so the order
    # doesn't depend on the time of day the test runs.
    buddy_assignment.started_at = timezone.now() - timedelta(days=3)
    buddy_assignment.save(update_fields=["started_at"])
    CheckInFactory(assignment=buddy_assignment, notes="SECRET NOTE")
    WellbeingPulseFactory(candidate=candidate, comment="SECRET COMMENT", is_low=True)
    entries = selectors.pastoral_timeline(candidate)
    assert [entry.title for entry in entries][
        -1
    ] == f"{buddy_assignment.staff.get_full_name()} became buddy"
    assert {entry.kind for entry in entries} == {"pastoral"}
    text = repr(entries)
    assert "SECRET" not in text
    assert "Wellbeing pulse answered (low score)" in text


def test_pastoral_timeline_reads_everything_in_one_query(
    candidate, buddy_assignment, mentor_assignment, manager, django_assert_num_queries
):
    now = timezone.now()
    buddy_assignment.started_at = now - timedelta(days=30)
    buddy_assignment.ended_at = now - timedelta(days=2)
    buddy_assignment.assigned_by = manager
    buddy_assignment.save(update_fields=["started_at", "ended_at", "assigned_by"])
    mentor_assignment.started_at = now - timedelta(days=20)
    mentor_assignment.save(update_fields=["started_at"])
    CheckInFactory(
        assignment=mentor_assignment,
        held_on=timezone.localdate() - timedelta(days=10),
        topics=["nhs_system_knowledge", "no_such_theme"],
    )
    WellbeingPulseFactory(candidate=candidate, belonging=2, wellbeing=3, supported=4)
    network = LocalNetworkFactory(organisation=candidate.organisation, name="Filipino nurses")
    introduction_record(candidate=candidate, network=network)
    buddy, mentor = buddy_assignment.staff.get_full_name(), mentor_assignment.staff.get_full_name()

    with django_assert_num_queries(1):
        entries = selectors.pastoral_timeline(candidate)

    by_title = {entry.title: entry for entry in entries}
    assert by_title[f"{buddy} became buddy"].actor == str(manager)
    assert by_title[f"{buddy} stopped being buddy"].when == buddy_assignment.ended_at
    assert by_title[f"{mentor} became mentor"].actor == ""
    check_in = by_title["Check-in with mentor"]
    assert check_in.detail == "In person, NHS system knowledge, no_such_theme"
    assert check_in.actor == mentor
    assert by_title["Wellbeing pulse answered"].detail == "Belonging 2, wellbeing 3, supported 4"
    assert by_title["Introduced to Filipino nurses"].detail == "Diaspora group"
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_analysis_rows_carry_no_free_text(candidate, buddy_assignment):
    CheckInFactory(assignment=buddy_assignment, notes="SECRET NOTE")
    WellbeingPulseFactory(candidate=candidate, comment="SECRET COMMENT")
    network = LocalNetworkFactory(organisation=candidate.organisation)
    introduction_record(candidate=candidate, network=network)
    rows = [
        *selectors.assignments_for_analysis(),
        *selectors.check_ins_for_analysis(),
        *selectors.pulses_for_analysis(),
        *selectors.introductions_for_analysis(),
    ]
    assert len(rows) == 4
    assert "SECRET" not in repr(rows)
    assert rows[0]["organisation_id"] == candidate.organisation_id
    assert rows[0]["over_capacity"] is False
    assert rows[1]["topics"] == ["nhs_system_knowledge"]
    assert rows[3]["network_kind"] == "diaspora"


# --- Networks and self-assessment -------------------------------------------------------------
def test_networks_for_recruit_shows_own_regional_and_national_networks(
    candidate, other_organisation
):
    own = LocalNetworkFactory(organisation=candidate.organisation)
    regional = LocalNetworkFactory(organisation=None, region=candidate.organisation.region)
    national = LocalNetworkFactory(organisation=None)
    LocalNetworkFactory(organisation=other_organisation)
    LocalNetworkFactory(organisation=candidate.organisation, is_active=False)
    LocalNetworkFactory(organisation=None, region="south_west")
    assert set(selectors.networks_for_recruit(candidate)) == {own, regional, national}


def test_self_assessment_scores_each_group_as_a_percentage_of_the_maximum(organisation):
    SelfAssessmentCriterion.objects.all().delete()
    first = SelfAssessmentCriterion.objects.create(group="before_employment", text="A")
    second = SelfAssessmentCriterion.objects.create(group="before_employment", text="B")
    SelfAssessmentCriterion.objects.create(group="settling_in", text="C")
    SelfAssessmentCriterion.objects.create(group="settling_in", text="Old", is_active=False)
    SelfAssessmentRatingFactory(organisation=organisation, criterion=first, rating=3)
    SelfAssessmentRatingFactory(organisation=organisation, criterion=second, rating=1)
    SelfAssessmentRatingFactory(organisation=OrganisationFactory(), criterion=second, rating=3)
    groups = {group["key"]: group for group in selectors.self_assessment_for(organisation)}
    assert groups["before_employment"]["score"] == 67
    assert groups["before_employment"]["rated"] == 2
    assert groups["settling_in"]["score"] == 0
    assert groups["arrival_induction"]["score"] is None


@pytest.mark.django_db
def test_self_assessment_criteria_are_seeded_in_every_group():
    counts = {
        group: SelfAssessmentCriterion.objects.filter(group=group).count()
        for group in ("before_employment", "arrival_induction", "settling_in", "six_months")
    }
    assert all(count >= 4 for count in counts.values()), counts
