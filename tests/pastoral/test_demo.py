import pytest

from candidates import demo as candidates_demo
from employers import demo as employers_demo
from pastoral import demo
from pastoral.models import (
    CheckIn,
    LocalNetwork,
    SelfAssessmentRating,
    SupportAssignment,
    WellbeingPulse,
)
from portal.demo import DemoWorld


def _seed() -> DemoWorld:
    world = DemoWorld()
    employers_demo.seed(world)
    candidates_demo.seed(world)
    demo.seed(world)
    return world


@pytest.mark.django_db
def test_seed_twice_gives_the_same_world():
    _seed()
    counts = [
        model.objects.count()
        for model in (
            SupportAssignment,
            CheckIn,
            WellbeingPulse,
            LocalNetwork,
            SelfAssessmentRating,
        )
    ]
    _seed()
    assert [
        model.objects.count()
        for model in (
            SupportAssignment,
            CheckIn,
            WellbeingPulse,
            LocalNetwork,
            SelfAssessmentRating,
        )
    ] == counts
    assert counts == [7, 3, 6, 5, 8]


@pytest.mark.django_db
def test_seed_leaves_one_riverside_recruit_without_a_buddy_and_one_low_pulse():
    world = _seed()
    amal = world.recruits["amal@example.com"]
    assert not SupportAssignment.objects.filter(candidate=amal).exists()
    low = WellbeingPulse.objects.get(is_low=True)
    assert low.candidate == world.recruits["chidi@example.com"]


@pytest.mark.django_db
def test_seed_low_pulse_goes_through_the_service_and_alerts_once(
    django_capture_on_commit_callbacks,
):
    from reminders.models import Kind, Reminder

    with django_capture_on_commit_callbacks(execute=True):
        _seed()
    with django_capture_on_commit_callbacks(execute=True):
        _seed()

    low = WellbeingPulse.objects.get(is_low=True)
    alerted = Reminder.objects.filter(kind=Kind.LOW_PULSE, subject=f"pastoral.pulse:{low.pk}")
    assert sorted(alerted.values_list("recipient__email", flat=True)) == [
        "buddy@northfield.example",
        "manager@northfield.example",
    ]
