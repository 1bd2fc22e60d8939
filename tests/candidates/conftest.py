from datetime import date

import pytest

from candidates.services import registration_start

TODAY = date(2025, 9, 1)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def steps(candidate):
    """The candidate's HCPC steps, keyed by template key (first round)."""
    return {step.template.key: step for step in registration_start(candidate=candidate)}
