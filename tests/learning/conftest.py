import pytest

from employers.models import Membership
from pastoral.models import SupportRole
from tests.factories import (
    MembershipFactory,
    PreceptorshipFactory,
    SupportAssignmentFactory,
)


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


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
