from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from candidates.models import CandidateProfile
from onboarding.models import JourneyProgress, OnboardingTask
from onboarding.selectors import _with_progress, overdue_open_tasks, stalled_journeys
from tests.factories import CandidateFactory, OnboardingTaskFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 9, 10)
DAYS = 14


def test_task_is_overdue_from_the_day_after_its_due_date_in_the_database_and_in_python(candidate):
    due_today = OnboardingTaskFactory(candidate=candidate, due_on=TODAY)
    due_yesterday = OnboardingTaskFactory(candidate=candidate, due_on=TODAY - timedelta(days=1))
    OnboardingTaskFactory(
        candidate=candidate, due_on=TODAY - timedelta(days=1), completed_at=timezone.now()
    )

    overdue = set(OnboardingTask.objects.overdue(today=TODAY))
    in_python = {task for task in OnboardingTask.objects.all() if task.is_overdue(TODAY)}

    assert overdue == in_python == {due_yesterday}
    assert set(overdue_open_tasks(today=TODAY)) == overdue
    assert due_today not in OnboardingTask.objects.overdue(today=TODAY)
    assert set(OnboardingTask.objects.overdue(today=TODAY + timedelta(days=1))) == {
        due_today,
        due_yesterday,
    }


def _progress(*, open_count: int, last_progress_at: datetime) -> CandidateProfile:
    candidate = CandidateFactory()
    JourneyProgress.objects.filter(candidate=candidate).update(
        open_count=open_count, last_progress_at=last_progress_at
    )
    return candidate


def test_journey_is_stalled_when_its_last_progress_was_before_the_boundary_day():
    boundary = timezone.make_aware(datetime.combine(TODAY - timedelta(days=DAYS), time.min))
    on_the_boundary = _progress(open_count=1, last_progress_at=boundary)
    just_before = _progress(open_count=1, last_progress_at=boundary - timedelta(microseconds=1))
    _progress(open_count=0, last_progress_at=boundary - timedelta(days=30))

    stalled = set(
        JourneyProgress.objects.stalled(today=TODAY, days=DAYS).values_list(
            "candidate_id", flat=True
        )
    )
    flagged = dict(
        JourneyProgress.objects.annotate(
            flag=JourneyProgress.is_stalled(today=TODAY, days=DAYS)
        ).values_list("candidate_id", "flag")
    )

    assert JourneyProgress.stalled_since(today=TODAY, days=DAYS) == boundary
    assert stalled == {just_before.pk}
    assert {pk for pk, flag in flagged.items() if flag == 1} == stalled
    assert flagged[on_the_boundary.pk] == 0


def test_stalled_journeys_for_reminders_and_the_recruits_page_follow_the_same_rule():
    boundary = JourneyProgress.stalled_since(today=TODAY, days=DAYS)
    _progress(open_count=1, last_progress_at=boundary)
    just_before = _progress(open_count=1, last_progress_at=boundary - timedelta(seconds=1))

    for_reminders = list(stalled_journeys(today=TODAY, days=DAYS))
    profiles = _with_progress(CandidateProfile.objects.all(), today=TODAY, stalled_after_days=DAYS)

    assert for_reminders == [just_before]
    assert {profile.pk for profile in profiles if profile.is_stalled == 1} == {just_before.pk}
