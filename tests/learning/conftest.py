import pytest

from employers.models import Membership
from pastoral.models import SupportRole
from tests.factories import (
    MembershipFactory,
    PreceptorshipFactory,
    SupportAssignmentFactory,
)
from tests.factories import candidates as candidate_factories


@pytest.fixture
def preceptor(organisation, candidate):
    """A mentor at the recruit's organisation, assigned as their preceptor in pastoral support."""
    mentor = MembershipFactory(
        organisation=organisation, role=Membership.Role.MENTOR, mfa=True
    ).user
    SupportAssignmentFactory(candidate=candidate, staff=mentor, role=SupportRole.PRECEPTOR)
    return mentor


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
