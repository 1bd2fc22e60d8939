import pytest

from employers.models import Membership
from pastoral.models import SupportRole
from tests.factories import (
    CandidateFactory,
    MembershipFactory,
    SupportAssignmentFactory,
)


@pytest.fixture
def mentor(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.MENTOR, mfa=True).user


@pytest.fixture
def other_buddy(other_organisation):
    """A buddy at another organisation: a stranger to `candidate`."""
    return MembershipFactory(
        organisation=other_organisation, role=Membership.Role.BUDDY, mfa=True
    ).user


@pytest.fixture
def buddy_assignment(candidate, buddy):
    return SupportAssignmentFactory(candidate=candidate, staff=buddy, role=SupportRole.BUDDY)


@pytest.fixture
def mentor_assignment(candidate, mentor):
    return SupportAssignmentFactory(candidate=candidate, staff=mentor, role=SupportRole.MENTOR)


@pytest.fixture
def other_recruit(organisation):
    """Another recruit of the same organisation."""
    return CandidateFactory(organisation=organisation).user
