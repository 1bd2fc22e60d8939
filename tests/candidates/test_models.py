from datetime import date

import pytest

from candidates.models import RegistrationStep
from tests.factories import RegistrationStepFactory, step_template

pytestmark = pytest.mark.django_db

TODAY = date(2025, 9, 1)


def test_step_late_flag_against_four_week_target_with_fixed_clock():
    step = RegistrationStepFactory.build(
        template=step_template("initial_review"),
        status=RegistrationStep.Status.WAITING,
        started_on=date(2025, 8, 1),
    )
    step.due_on = step.template.due_on(step.started_on)

    assert step.due_on == date(2025, 8, 29)
    assert step.is_late(today=date(2025, 8, 29)) is False
    assert step.is_late(today=date(2025, 8, 30)) is True
    assert step.days_late(today=date(2025, 9, 1)) == 3


def test_step_late_flag_assessment_counts_working_days():
    template = step_template("assessment")

    assert template.due_on(date(2025, 4, 1)) == date(2025, 6, 30)
    assert template.target_display == "60 working days"


def test_step_done_is_never_late_but_remembers_finishing_late():
    step = RegistrationStepFactory.build(
        template=step_template("initial_review"),
        status=RegistrationStep.Status.DONE,
        started_on=date(2025, 8, 1),
        finished_on=date(2025, 9, 5),
        due_on=date(2025, 8, 29),
    )

    assert step.is_late(today=date(2025, 10, 1)) is False
    assert step.finished_late is True


def test_step_without_target_is_never_late():
    step = RegistrationStepFactory.build(
        template=step_template("application"),
        status=RegistrationStep.Status.IN_PROGRESS,
        started_on=date(2020, 1, 1),
    )
    step.due_on = step.template.due_on(step.started_on)

    assert step.due_on is None
    assert step.is_late(today=TODAY) is False
