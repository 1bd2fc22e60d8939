from datetime import date

import pytest

from onboarding.models import Offer
from pastoral.models import SupportAssignment
from tests.factories import OfferFactory

OFFER_DATE = date(2025, 6, 1)
START_DATE = date(2025, 9, 1)


@pytest.fixture
def offer(candidate, manager) -> Offer:
    return OfferFactory(
        candidate=candidate, offer_date=OFFER_DATE, start_date=START_DATE, created_by=manager
    )


@pytest.fixture
def assigned_buddy(buddy, candidate, manager):
    """The `buddy` fixture, assigned to `candidate` as their buddy."""
    SupportAssignment.objects.create(
        candidate=candidate, staff=buddy, role="buddy", assigned_by=manager
    )
    return buddy
