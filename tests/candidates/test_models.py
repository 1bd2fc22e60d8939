from datetime import date

import pytest

from candidates.models import RegistrationStep
from tests.factories import RegistrationStepFactory, profession, step_template

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


# --- Registration numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "number"),
    [
        ("physiotherapist", "PH123456"),
        ("occupational-therapist", "OT12345"),
        ("radiographer", "RA654321"),
        ("paramedic", "PA123456"),
        ("speech-and-language-therapist", "SL123456"),
        ("dietitian", "DT045129"),
        ("podiatrist", "CH123456"),
        ("art-therapist", "AS123456"),
        ("music-therapist", "AS123456"),
        ("dramatherapist", "AS123456"),
        ("orthoptist", "OR123456"),
        ("operating-department-practitioner", "ODP123456"),
        ("prosthetist-and-orthotist", "PO123456"),
        ("osteopath", "1234"),
    ],
)
def test_registration_number_with_the_professions_prefix_is_accepted(slug, number):
    assert profession(slug).registration_number_error(number) == ""


def test_registration_number_with_another_professions_prefix_says_which_it_needs():
    assert profession("physiotherapist").registration_number_error("OT123456") == (
        "HCPC registration numbers for this profession (physiotherapist) start with PH, not OT. "
        "Check the number on HCPC's register: it is PH then digits, like PH123456."
    )


@pytest.mark.parametrize("number", ["XYZ", "PH", "PH12A4", "123456"])
def test_registration_number_not_a_prefix_and_digits_is_refused(number):
    assert profession("physiotherapist").registration_number_error(number) == (
        "Enter the HCPC registration number as PH then digits, like PH123456."
    )


def test_registration_number_of_an_osteopath_is_a_gosc_number():
    assert profession("osteopath").registration_number_error("PH123456") == (
        "The General Osteopathic Council registers osteopaths, not the HCPC: enter the GOsC "
        "registration number, in digits only."
    )
