from datetime import date, timedelta

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from candidates.models import CandidateProfile
from pastoral.models import (
    PastoralSettings,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
    add_months,
)
from pastoral.selectors import pulse_is_low, support_summaries
from tests.factories import (
    CandidateFactory,
    StaffUserFactory,
    SupportAssignmentFactory,
    WellbeingPulseFactory,
)


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


@pytest.mark.django_db
def test_settings_are_seeded_with_the_default_cadence():
    settings = PastoralSettings.load()
    assert (settings.early_weeks, settings.early_interval_days) == (12, 7)
    assert settings.later_interval_months == 1
    assert (settings.pulse_period_days, settings.pulse_low_at_most) == (14, 2)


@pytest.mark.django_db
def test_next_check_in_is_weekly_for_twelve_weeks_then_monthly():
    settings = PastoralSettings.load()
    start = date(2025, 3, 3)
    assert settings.next_check_in_on(started_on=start, last_check_in_on=None) == date(2025, 3, 10)
    # Eleven weeks in: still weekly.
    assert settings.next_check_in_on(started_on=start, last_check_in_on=date(2025, 5, 19)) == date(
        2025, 5, 26
    )
    # Twelve weeks in (26 May): monthly from then on.
    assert settings.next_check_in_on(started_on=start, last_check_in_on=date(2025, 5, 26)) == date(
        2025, 6, 26
    )


@pytest.mark.django_db
def test_next_check_in_follows_an_administrator_s_cadence():
    settings = PastoralSettings.load()
    settings.early_weeks = 4
    settings.early_interval_days = 14
    settings.save()
    start = date(2025, 3, 3)
    assert settings.next_check_in_on(started_on=start, last_check_in_on=None) == date(2025, 3, 17)
    assert settings.next_check_in_on(started_on=start, last_check_in_on=date(2025, 3, 31)) == date(
        2025, 4, 30
    )


@pytest.mark.django_db
def test_pulse_periods_are_fortnights_from_the_anchor():
    settings = PastoralSettings.load()
    assert settings.pulse_period_anchor == date(2024, 1, 1)
    assert settings.pulse_period_start(date(2024, 1, 1)) == date(2024, 1, 1)
    assert settings.pulse_period_start(date(2024, 1, 14)) == date(2024, 1, 1)
    assert settings.pulse_period_start(date(2024, 1, 15)) == date(2024, 1, 15)
    assert settings.pulse_period_start(date(2023, 12, 31)) == date(2023, 12, 18)


# --- The pastoral rules: one definition each, the same in the database and in Python ----------


@pytest.mark.django_db
def test_an_assignment_is_active_until_it_ends_in_the_database_and_in_python(candidate):
    active = SupportAssignmentFactory(candidate=candidate, role=SupportRole.BUDDY)
    ended = SupportAssignmentFactory(
        candidate=candidate, role=SupportRole.MENTOR, ended_at=timezone.now()
    )

    in_python = {a for a in SupportAssignment.objects.all() if a.is_active}
    supported = CandidateProfile.objects.filter(
        SupportAssignment.active_q(prefix="support_assignments__"),
        support_assignments__role=SupportRole.MENTOR,
    )

    assert set(SupportAssignment.objects.active()) == in_python == {active}
    assert ended.is_active is False
    assert list(supported) == []


@pytest.mark.django_db
def test_active_supporter_name_is_the_display_name_and_agrees_with_support_summaries(candidate):
    named = StaffUserFactory(full_name="Ada Okafor")
    unnamed = StaffUserFactory(full_name="")
    SupportAssignmentFactory(candidate=candidate, staff=named, role=SupportRole.BUDDY)
    SupportAssignmentFactory(candidate=candidate, staff=unnamed, role=SupportRole.MENTOR)
    SupportAssignmentFactory(
        candidate=candidate, role=SupportRole.PRECEPTOR, ended_at=timezone.now()
    )
    roles = [SupportRole.BUDDY, SupportRole.MENTOR, SupportRole.PRECEPTOR]

    row = CandidateProfile.objects.annotate(
        **{role: SupportAssignment.active_supporter_name(OuterRef("pk"), role) for role in roles}
    ).get(pk=candidate.pk)
    summary = support_summaries([candidate.pk])[candidate.pk]

    names = {role: getattr(row, role) for role in roles}
    assert names == {"buddy": "Ada Okafor", "mentor": unnamed.email, "preceptor": None}
    assert names == {role: summary[role] for role in roles}


def test_a_pulse_is_low_when_an_answer_is_at_the_low_score_and_not_one_above():
    assert WellbeingPulse.answers_are_low((4, 2, 5), low_at_most=2) is True
    assert WellbeingPulse.answers_are_low((3, 3, 3), low_at_most=2) is False
    assert WellbeingPulse.answers_are_low((3, 4, 5), low_at_most=3) is True


@pytest.mark.django_db
def test_low_pulses_in_the_database_and_in_python_and_the_latest_one_decides(candidate):
    today = date(2025, 9, 1)
    earlier = WellbeingPulseFactory(
        candidate=candidate, period_start=today - timedelta(days=14), is_low=True
    )
    latest = WellbeingPulseFactory(candidate=candidate, period_start=today, is_low=False)
    quiet = CandidateFactory()

    low_now = dict(
        CandidateProfile.objects.filter(pk__in=[candidate.pk, quiet.pk])
        .annotate(low=WellbeingPulse.latest_is_low(OuterRef("pk")))
        .values_list("pk", "low")
    )

    assert set(WellbeingPulse.objects.low()) == {earlier}
    assert [pulse_is_low(pulse) for pulse in (earlier, latest)] == [True, False]
    assert low_now == {candidate.pk: False, quiet.pk: None}
    assert support_summaries([candidate.pk])[candidate.pk]["low_pulse"] is False
    WellbeingPulse.objects.filter(pk=latest.pk).update(is_low=True)
    assert support_summaries([candidate.pk])[candidate.pk]["low_pulse"] is True
