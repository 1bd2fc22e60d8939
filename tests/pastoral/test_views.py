from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    LocalNetwork,
    NetworkIntroduction,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)
from pastoral.selectors import current_pulse_period
from tests.factories import (
    BuddyChangeRequestFactory,
    CandidateFactory,
    CheckInFactory,
    LocalNetworkFactory,
    MembershipFactory,
    SelfAssessmentRatingFactory,
    SupportAssignmentFactory,
    WellbeingPulseFactory,
    profession,
)


def _date(day):
    return {"held_on_day": day.day, "held_on_month": day.month, "held_on_year": day.year}


# --- Recruit: my support ----------------------------------------------------------------------
def test_my_support_shows_supporters_check_in_notes_and_the_pulse_form(
    client_for, recruit, buddy_assignment
):
    CheckInFactory(assignment=buddy_assignment, notes="We walked the wards")
    response = client_for(recruit).get(reverse("pastoral:my-support"))
    assert response.status_code == 200
    content = response.content.decode()
    assert buddy_assignment.staff.get_full_name() in content
    assert "We walked the wards" in content
    assert 'action="/support/pulse/"' in content


def test_my_support_hides_the_form_once_answered(client_for, recruit, candidate):
    WellbeingPulseFactory(candidate=candidate, period_start=current_pulse_period())
    response = client_for(recruit).get(reverse("pastoral:my-support"))
    assert 'action="/support/pulse/"' not in response.content.decode()
    assert "Thank you: you answered" in response.content.decode()


def test_my_support_refuses_staff(client_for, buddy):
    assert client_for(buddy).get(reverse("pastoral:my-support")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_my_support_queries_do_not_grow(client_for, candidate, size, django_assert_num_queries):
    client = client_for(candidate.user)
    for _ in range(size):
        assignment = SupportAssignmentFactory(
            candidate=candidate, role=SupportRole.BUDDY, ended_at=timezone.now()
        )
        CheckInFactory(assignment=assignment)
        WellbeingPulseFactory(candidate=candidate)
        LocalNetworkFactory(organisation=candidate.organisation)
    url = reverse("pastoral:my-support")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200


def test_pulse_saves_and_redirects(client_for, recruit, candidate):
    response = client_for(recruit).post(
        reverse("pastoral:pulse"),
        {"belonging": "2", "wellbeing": "4", "supported": "3", "comment": "Lonely at weekends"},
    )
    assert response.status_code == 302
    pulse = WellbeingPulse.objects.get(candidate=candidate)
    assert (pulse.belonging, pulse.is_low, pulse.comment) == (2, True, "Lonely at weekends")


def test_pulse_score_out_of_range_is_refused_and_kept(client_for, recruit):
    response = client_for(recruit).post(
        reverse("pastoral:pulse"),
        {"belonging": "7", "wellbeing": "4", "supported": "3", "comment": "Keep me"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose a number from 1 to 5 for belonging." in content
    assert "Keep me" in content
    assert 'value="4" checked' in content
    assert not WellbeingPulse.objects.exists()


def test_pulse_twice_in_a_period_is_refused_and_kept(client_for, recruit, candidate):
    WellbeingPulseFactory(candidate=candidate, period_start=current_pulse_period(), belonging=5)
    response = client_for(recruit).post(
        reverse("pastoral:pulse"),
        {"belonging": "1", "wellbeing": "1", "supported": "1", "comment": "Second go"},
    )
    assert response.status_code == 200
    assert "You have already answered the pulse" in response.content.decode()
    assert "Second go" in response.content.decode()
    assert WellbeingPulse.objects.get(candidate=candidate).belonging == 5


def test_pulse_refuses_staff(client_for, buddy):
    assert client_for(buddy).post(reverse("pastoral:pulse"), {}).status_code == 403


def test_change_buddy_sends_a_private_request(client_for, recruit, candidate, buddy_assignment):
    response = client_for(recruit).post(reverse("pastoral:change-buddy"), {"reason": "Clash"})
    assert response.status_code == 302
    assert BuddyChangeRequest.objects.get(candidate=candidate).assignment == buddy_assignment


def test_change_buddy_without_a_reason_is_refused(client_for, recruit):
    response = client_for(recruit).post(reverse("pastoral:change-buddy"), {"reason": ""})
    assert "Tell us why you would like a different buddy." in response.content.decode()
    assert not BuddyChangeRequest.objects.exists()


def test_change_buddy_refuses_staff(client_for, manager):
    assert client_for(manager).get(reverse("pastoral:change-buddy")).status_code == 403


def test_network_introduced_records_it(client_for, recruit, candidate):
    network = LocalNetworkFactory(organisation=candidate.organisation)
    client_for(recruit).post(reverse("pastoral:network-introduced", args=[network.pk]))
    assert NetworkIntroduction.objects.filter(candidate=candidate, network=network).exists()


def test_network_introduced_refuses_another_organisation_s_network(
    client_for, recruit, other_organisation
):
    network = LocalNetworkFactory(organisation=other_organisation)
    response = client_for(recruit).post(reverse("pastoral:network-introduced", args=[network.pk]))
    assert response.status_code == 404
    assert not NetworkIntroduction.objects.exists()


# --- Supporting -------------------------------------------------------------------------------
def test_supporting_lists_my_recruits_with_low_pulse_flags(client_for, buddy, buddy_assignment):
    WellbeingPulseFactory(candidate=buddy_assignment.candidate, is_low=True, comment="Hidden")
    content = client_for(buddy).get(reverse("pastoral:supporting")).content.decode()
    assert buddy_assignment.candidate.user.get_full_name() in content
    assert "Low wellbeing" in content
    assert "Hidden" not in content


def test_supporting_refuses_recruits(client_for, recruit):
    assert client_for(recruit).get(reverse("pastoral:supporting")).status_code == 403


def test_supporting_refuses_analysts(client_for, analyst):
    assert client_for(analyst).get(reverse("pastoral:supporting")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_supporting_queries_do_not_grow(
    client_for, buddy, organisation, size, django_assert_num_queries
):
    client = client_for(buddy)
    for _ in range(size):
        candidate = CandidateFactory(organisation=organisation)
        SupportAssignmentFactory(candidate=candidate, staff=buddy)
        WellbeingPulseFactory(candidate=candidate, is_low=True)
    url = reverse("pastoral:supporting")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_staff_profile_saves_the_profession(client_for, buddy):
    response = client_for(buddy).post(
        reverse("pastoral:staff-profile"), {"profession": profession("dietitian").pk}
    )
    assert response.status_code == 302
    assert buddy.pastoral_profile.profession.slug == "dietitian"


def test_staff_profile_refuses_recruits(client_for, recruit):
    assert client_for(recruit).get(reverse("pastoral:staff-profile")).status_code == 403


def test_check_in_new_logs_it(client_for, buddy, buddy_assignment):
    today = timezone.localdate()
    response = client_for(buddy).post(
        reverse("pastoral:check-in-new", args=[buddy_assignment.pk]),
        {**_date(today), "format": "video", "topics": ["language"], "notes": "Good chat"},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.format, check_in.topics, check_in.notes) == (
        "video",
        ["language"],
        "Good chat",
    )
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.next_check_in_on == today + timedelta(days=7)


def test_check_in_new_in_the_future_is_refused_and_kept(client_for, buddy, buddy_assignment):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(buddy).post(
        reverse("pastoral:check-in-new", args=[buddy_assignment.pk]),
        {**_date(tomorrow), "format": "video", "notes": "Keep these notes"},
    )
    content = response.content.decode()
    assert "The date of the check-in must be today or in the past." in content
    assert "Keep these notes" in content
    assert not CheckIn.objects.exists()


def test_check_in_new_refuses_another_supporter(client_for, mentor, buddy_assignment):
    response = client_for(mentor).get(reverse("pastoral:check-in-new", args=[buddy_assignment.pk]))
    assert response.status_code == 404


# --- A recruit's support page -----------------------------------------------------------------
def test_recruit_shows_notes_and_comment_to_the_manager(client_for, manager, buddy_assignment):
    CheckInFactory(assignment=buddy_assignment, notes="Pair notes")
    WellbeingPulseFactory(candidate=buddy_assignment.candidate, comment="My comment")
    url = reverse("pastoral:recruit", args=[buddy_assignment.candidate_id])
    content = client_for(manager).get(url).content.decode()
    assert "Pair notes" in content
    assert "My comment" in content


def test_recruit_hides_buddy_notes_and_comment_from_the_mentor(
    client_for, mentor, buddy_assignment, mentor_assignment
):
    CheckInFactory(assignment=buddy_assignment, notes="Pair notes")
    WellbeingPulseFactory(candidate=buddy_assignment.candidate, comment="My comment")
    url = reverse("pastoral:recruit", args=[buddy_assignment.candidate_id])
    response = client_for(mentor).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Pair notes" not in content
    assert "My comment" not in content
    assert "Private to the pair" in content


def test_recruit_refuses_another_organisation_s_manager(client_for, other_manager, candidate):
    url = reverse("pastoral:recruit", args=[candidate.pk])
    assert client_for(other_manager).get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_recruit_queries_do_not_grow(
    client_for, manager, candidate, size, django_assert_num_queries
):
    client = client_for(manager)
    for _ in range(size):
        assignment = SupportAssignmentFactory(candidate=candidate, ended_at=timezone.now())
        CheckInFactory(assignment=assignment)
        WellbeingPulseFactory(candidate=candidate)
        BuddyChangeRequestFactory(candidate=candidate)
    url = reverse("pastoral:recruit", args=[candidate.pk])
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


# --- Managers ---------------------------------------------------------------------------------
def test_recruits_shows_buddies_and_low_pulse(client_for, manager, buddy_assignment):
    WellbeingPulseFactory(candidate=buddy_assignment.candidate, is_low=True)
    content = client_for(manager).get(reverse("pastoral:recruits")).content.decode()
    assert buddy_assignment.staff.get_full_name() in content
    assert "Low wellbeing" in content


def test_recruits_refuses_a_buddy(client_for, buddy):
    assert client_for(buddy).get(reverse("pastoral:recruits")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_recruits_queries_do_not_grow(
    client_for, manager, organisation, size, django_assert_num_queries
):
    client = client_for(manager)
    for _ in range(size):
        candidate = CandidateFactory(organisation=organisation)
        SupportAssignmentFactory(candidate=candidate)
        WellbeingPulseFactory(candidate=candidate, is_low=True)
    url = reverse("pastoral:recruits")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def _assign_url(candidate, role="buddy"):
    return reverse("pastoral:assign", args=[candidate.pk]) + f"?role={role}"


def test_assign_shows_room_profession_and_load(client_for, manager, candidate, buddy):
    content = client_for(manager).get(_assign_url(candidate)).content.decode()
    assert f"{buddy.get_full_name()} – supports 0 of 3" in content
    assert "Has room" in content


def test_assign_creates_the_assignment(client_for, manager, candidate, buddy):
    response = client_for(manager).post(_assign_url(candidate), {"staff": buddy.pk})
    assert response.status_code == 302
    assert SupportAssignment.objects.get(candidate=candidate).staff == buddy


def test_assign_over_capacity_needs_the_override(client_for, manager, candidate, organisation):
    staff = MembershipFactory(organisation=organisation, role="buddy", capacity=1).user
    SupportAssignmentFactory(candidate=CandidateFactory(organisation=organisation), staff=staff)
    client = client_for(manager)
    response = client.post(_assign_url(candidate), {"staff": staff.pk})
    assert "already supports 1 recruits (capacity 1)" in response.content.decode()
    response = client.post(_assign_url(candidate), {"staff": staff.pk, "over_capacity": "on"})
    assert f"Give a reason for assigning {staff.get_full_name()}" in response.content.decode()
    assert not SupportAssignment.objects.filter(candidate=candidate).exists()
    response = client.post(
        _assign_url(candidate),
        {"staff": staff.pk, "over_capacity": "on", "over_capacity_reason": "Same language"},
    )
    assert response.status_code == 302
    assert (
        SupportAssignment.objects.get(candidate=candidate).over_capacity_reason == "Same language"
    )


def test_assign_refuses_a_buddy_from_another_organisation(
    client_for, manager, candidate, other_buddy
):
    response = client_for(manager).post(
        _assign_url(candidate), {"staff": other_buddy.pk, "over_capacity_reason": "Kept"}
    )
    content = response.content.decode()
    assert f"{other_buddy.get_full_name()} is not on {candidate.organisation}" in content
    assert "Kept" in content
    assert not SupportAssignment.objects.exists()


def test_assign_refuses_the_recruit_as_their_own_buddy(
    client_for, manager, candidate, organisation
):
    MembershipFactory(user=candidate.user, organisation=organisation, role="buddy")
    response = client_for(manager).post(_assign_url(candidate), {"staff": candidate.user.pk})
    assert "A recruit cannot be their own buddy." in response.content.decode()
    assert not SupportAssignment.objects.exists()


def test_assign_refuses_another_organisation_s_manager(client_for, other_manager, candidate):
    assert client_for(other_manager).get(_assign_url(candidate)).status_code == 404


def test_assign_refuses_an_unknown_role(client_for, manager, candidate):
    assert client_for(manager).get(_assign_url(candidate, "guru")).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_assign_queries_do_not_grow(
    client_for, manager, candidate, organisation, size, django_assert_num_queries
):
    client = client_for(manager)
    for _ in range(size):
        staff = MembershipFactory(organisation=organisation, role="buddy").user
        SupportAssignmentFactory(candidate=CandidateFactory(organisation=organisation), staff=staff)
    url = _assign_url(candidate)
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_assignment_end_ends_it(client_for, manager, buddy_assignment):
    client_for(manager).post(reverse("pastoral:assignment-end", args=[buddy_assignment.pk]))
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.ended_at is not None


def test_assignment_end_refuses_another_organisation_s_manager(
    client_for, other_manager, buddy_assignment
):
    response = client_for(other_manager).post(
        reverse("pastoral:assignment-end", args=[buddy_assignment.pk])
    )
    assert response.status_code == 404
    buddy_assignment.refresh_from_db()
    assert buddy_assignment.ended_at is None


def test_change_requests_are_shown_to_the_manager_only(
    client_for, manager, other_manager, candidate
):
    BuddyChangeRequestFactory(candidate=candidate, reason="Private reason")
    assert (
        "Private reason"
        in client_for(manager).get(reverse("pastoral:change-requests")).content.decode()
    )
    assert (
        "Private reason"
        not in client_for(other_manager).get(reverse("pastoral:change-requests")).content.decode()
    )


def test_change_requests_refuse_the_buddy(client_for, buddy):
    assert client_for(buddy).get(reverse("pastoral:change-requests")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_change_requests_queries_do_not_grow(
    client_for, manager, organisation, size, django_assert_num_queries
):
    client = client_for(manager)
    for _ in range(size):
        assignment = SupportAssignmentFactory(candidate=CandidateFactory(organisation=organisation))
        BuddyChangeRequestFactory(candidate=assignment.candidate, assignment=assignment)
    url = reverse("pastoral:change-requests")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_change_request_resolve_records_the_note(client_for, manager, candidate):
    change_request = BuddyChangeRequestFactory(candidate=candidate)
    url = reverse("pastoral:change-request-resolve", args=[change_request.pk])
    assert client_for(manager).post(url, {"resolution": "Talked it through"}).status_code == 302
    change_request.refresh_from_db()
    assert change_request.resolution == "Talked it through"


def test_change_request_resolve_refuses_another_organisation_s_manager(
    client_for, other_manager, candidate
):
    change_request = BuddyChangeRequestFactory(candidate=candidate)
    url = reverse("pastoral:change-request-resolve", args=[change_request.pk])
    assert client_for(other_manager).get(url).status_code == 404


def test_pulses_show_low_ones_with_comments_to_the_manager(
    client_for, manager, other_manager, candidate
):
    WellbeingPulseFactory(candidate=candidate, is_low=True, comment="Struggling")
    content = client_for(manager).get(reverse("pastoral:pulses")).content.decode()
    assert "Struggling" in content
    assert "Low wellbeing" in content
    assert (
        "Struggling"
        not in client_for(other_manager).get(reverse("pastoral:pulses")).content.decode()
    )


def test_pulses_refuse_the_buddy(client_for, buddy):
    assert client_for(buddy).get(reverse("pastoral:pulses")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_pulses_queries_do_not_grow(
    client_for, manager, organisation, size, django_assert_num_queries
):
    client = client_for(manager)
    for _ in range(size):
        WellbeingPulseFactory(candidate=CandidateFactory(organisation=organisation))
    url = reverse("pastoral:pulses")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


# --- Networks ---------------------------------------------------------------------------------
def test_network_new_saves_it_for_the_organisation(client_for, manager, organisation):
    response = client_for(manager).post(
        reverse("pastoral:network-new"),
        {"name": "Kerala Association", "kind": "diaspora", "is_active": "on"},
    )
    assert response.status_code == 302
    assert LocalNetwork.objects.get().organisation == organisation


def test_network_new_with_a_bad_link_is_refused_and_kept(client_for, manager):
    response = client_for(manager).post(
        reverse("pastoral:network-new"),
        {"name": "Kerala Association", "kind": "diaspora", "link": "not a link"},
    )
    content = response.content.decode()
    assert "Enter a full web address, starting https://" in content
    assert "Kerala Association" in content
    assert not LocalNetwork.objects.exists()


def test_network_new_refuses_recruits(client_for, recruit):
    assert client_for(recruit).get(reverse("pastoral:network-new")).status_code == 403


def test_network_edit_refuses_another_organisation_s_staff(client_for, other_buddy, organisation):
    network = LocalNetworkFactory(organisation=organisation)
    url = reverse("pastoral:network-edit", args=[network.pk])
    assert client_for(other_buddy).get(url).status_code == 404


def test_networks_refuse_recruits(client_for, recruit):
    assert client_for(recruit).get(reverse("pastoral:networks")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_networks_queries_do_not_grow(
    client_for, buddy, organisation, size, django_assert_num_queries
):
    client = client_for(buddy)
    for _ in range(size):
        LocalNetworkFactory(organisation=organisation)
    url = reverse("pastoral:networks")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


# --- Self-assessment --------------------------------------------------------------------------
def test_self_assessment_shows_group_scores(client_for, manager, organisation):
    criteria = SelfAssessmentCriterion.objects.filter(group="before_employment")
    for criterion in criteria:
        SelfAssessmentRatingFactory(organisation=organisation, criterion=criterion, rating=3)
    content = client_for(manager).get(reverse("pastoral:self-assessment")).content.decode()
    assert "Before employment: 100%" in content
    assert "Settling in: 0%" in content


def test_self_assessment_refuses_the_buddy(client_for, buddy):
    assert client_for(buddy).get(reverse("pastoral:self-assessment")).status_code == 403


def test_self_assessment_refuses_another_organisation(client_for, manager, other_organisation):
    url = reverse("pastoral:self-assessment", args=[other_organisation.pk])
    assert client_for(manager).get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_self_assessment_queries_do_not_grow(
    client_for, manager, organisation, size, django_assert_num_queries
):
    client = client_for(manager)
    for criterion in SelfAssessmentCriterion.objects.all()[:size]:
        SelfAssessmentRatingFactory(organisation=organisation, criterion=criterion)
    url = reverse("pastoral:self-assessment")
    client.get(url)  # settles the session (the MFA check, last seen)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_self_assessment_rate_saves_it(client_for, manager, organisation):
    criterion = SelfAssessmentCriterion.objects.first()
    url = reverse("pastoral:self-assessment-rate", args=[organisation.pk, criterion.pk])
    response = client_for(manager).post(url, {"rating": "2", "evidence": "Booklet 2025"})
    assert response.status_code == 302
    rating = SelfAssessmentRating.objects.get(organisation=organisation)
    assert (rating.rating, rating.evidence) == (2, "Booklet 2025")


def test_self_assessment_rate_out_of_range_is_refused_and_kept(client_for, manager, organisation):
    criterion = SelfAssessmentCriterion.objects.first()
    url = reverse("pastoral:self-assessment-rate", args=[organisation.pk, criterion.pk])
    response = client_for(manager).post(url, {"rating": "5", "evidence": "Booklet 2025"})
    content = response.content.decode()
    assert "Choose a rating from 0 to 3." in content
    assert "Booklet 2025" in content
    assert not SelfAssessmentRating.objects.exists()


def test_self_assessment_rate_refuses_another_organisation_s_manager(
    client_for, other_manager, organisation
):
    criterion = SelfAssessmentCriterion.objects.first()
    url = reverse("pastoral:self-assessment-rate", args=[organisation.pk, criterion.pk])
    assert client_for(other_manager).get(url).status_code == 404


def test_networks_link_the_community_groups_guide(client_for, buddy):
    response = client_for(buddy).get(reverse("pastoral:networks"))

    guide_url = reverse("learning:good-practice-topic", args=["community-groups"])
    assert f'href="{guide_url}"' in response.text
