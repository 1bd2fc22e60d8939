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
