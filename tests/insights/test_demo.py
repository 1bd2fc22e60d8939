import pytest

from candidates import demo as candidates_demo
from employers import demo as employers_demo
from employers.models import Membership
from insights import demo
from pastoral import demo as pastoral_demo
from pastoral.models import SupportAssignment, SupportRole
from pastoral.selectors import staff_options_for
from portal.demo import DemoWorld

pytestmark = pytest.mark.django_db


def _seed() -> DemoWorld:
    world = DemoWorld()
    employers_demo.seed(world)
    candidates_demo.seed(world)
    pastoral_demo.seed(world)
    demo.seed(world)
    return world


def test_cohort_buddies_leave_the_named_demo_buddies_room():
    world = _seed()

    amal = world.recruits["amal@example.com"]  # Riverside, no buddy yet
    options = {option.user.email: option for option in staff_options_for(amal, SupportRole.BUDDY)}
    tom = options["buddy@riverside.example"]
    assert (tom.supporting_now, tom.capacity, tom.has_room) == (1, 3, True)
    named = set(world.staff.values())
    assert not SupportAssignment.objects.filter(
        staff__in=named, candidate__user__email__startswith="cohort-"
    ).exists()


def test_cohort_buddies_stay_within_capacity_and_seeding_twice_adds_nothing():
    _seed()
    counts = (SupportAssignment.objects.count(), Membership.objects.count())

    _seed()

    assert (SupportAssignment.objects.count(), Membership.objects.count()) == counts
    cohort_buddies = Membership.objects.filter(user__email__startswith="cohort-buddy-")
    assert cohort_buddies.count() == 3 * demo.COHORT_BUDDIES_PER_ORGANISATION
    for membership in cohort_buddies:
        supporting = SupportAssignment.objects.filter(
            staff=membership.user, role=SupportRole.BUDDY, ended_at__isnull=True
        ).count()
        assert 0 < supporting <= membership.capacity


def test_cohort_recruits_have_the_manager_page_progress_row():
    from candidates.models import CandidateProfile
    from onboarding.models import JourneyProgress

    _seed()
    cohort = CandidateProfile.objects.filter(user__email__startswith="cohort-")
    assert cohort.count() == JourneyProgress.objects.filter(candidate__in=cohort).count() > 0
    assert not JourneyProgress.objects.filter(
        candidate__in=cohort, last_progress_at__isnull=True
    ).exists()
