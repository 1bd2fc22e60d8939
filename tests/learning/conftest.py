import pytest

from employers.models import Membership
from pastoral.models import SupportRole
from tests.factories import (
    MembershipFactory,
    PreceptorshipFactory,
    SupportAssignmentFactory,
    enrol_totp,
)
from tests.factories import candidates as candidate_factories


@pytest.fixture
def preceptor(organisation, candidate):
    """A mentor at the recruit's organisation, assigned as their preceptor in pastoral support."""
    membership = MembershipFactory(organisation=organisation, role=Membership.Role.MENTOR)
    enrol_totp(membership.user)
    SupportAssignmentFactory(candidate=candidate, staff=membership.user, role=SupportRole.PRECEPTOR)
    return membership.user


@pytest.fixture
def preceptorship(candidate, preceptor, manager):
    from learning.services import preceptorship_start

    return preceptorship_start(
        candidate=candidate,
        preceptor=preceptor,
        start_date=PreceptorshipFactory.start_date,
        planned_protected_hours=PreceptorshipFactory.planned_protected_hours,
        objectives=["Work independently on a musculoskeletal caseload."],
        by=manager,
    )


PDF_BYTES, PNG_BYTES = candidate_factories.PDF_BYTES, candidate_factories.PNG_BYTES
