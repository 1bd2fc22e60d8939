from datetime import date, timedelta

import pytest
from django.db.models import OuterRef

from candidates.models import CandidateProfile, RegistrationStep
from candidates.selectors import journey_for, registration_stage
from candidates.services import registration_start
from tests.factories import CandidateFactory, RegistrationStepFactory, profession, step_template

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


# --- The registration rules: one definition each, the same in the database and in Python -----

S = RegistrationStep.Status
DUE = date(2025, 8, 29)


def _step(*, status, due_on=DUE, finished_on=None, key="initial_review"):
    return RegistrationStepFactory(
        template=step_template(key),
        status=status,
        started_on=date(2025, 8, 1),
        due_on=due_on,
        finished_on=finished_on,
    )


def test_step_is_late_from_the_day_after_its_due_date_in_the_database_and_in_python():
    waiting = _step(status=S.WAITING)
    _step(status=S.DONE, finished_on=date(2025, 9, 5))
    _step(status=S.NOT_NEEDED)
    _step(status=S.IN_PROGRESS, due_on=None)

    for today, expected in [(DUE, set()), (DUE + timedelta(days=1), {waiting.pk})]:
        late = set(RegistrationStep.objects.late(today=today).values_list("pk", flat=True))
        steps = RegistrationStep.objects.all()
        in_python = {step.pk for step in steps if step.is_late(today=today)}
        assert late == in_python == expected


def test_step_finished_on_its_due_date_is_on_time_and_a_day_after_is_late():
    on_the_day = _step(status=S.DONE, finished_on=DUE)
    day_after = _step(status=S.DONE, finished_on=DUE + timedelta(days=1))
    without_due = _step(status=S.DONE, due_on=None, finished_on=DUE)
    unfinished = _step(status=S.WAITING)

    on_time = set(RegistrationStep.objects.finished_on_time().values_list("pk", flat=True))

    assert on_time == {on_the_day.pk}
    assert {
        step.pk: (
            RegistrationStep.finished_on_time_of(finished_on=step.finished_on, due_on=step.due_on),
            step.finished_late,
        )
        for step in (on_the_day, day_after, without_due, unfinished)
    } == {
        on_the_day.pk: (True, False),
        day_after.pk: (False, True),
        without_due.pk: (False, False),
        unfinished.pk: (False, False),
    }


def test_current_step_skips_closed_steps_and_optional_steps_nobody_started(candidate):
    steps = {step.template.key: step for step in registration_start(candidate=candidate)}
    optional = next(step for step in steps.values() if step.template.optional)
    before = [step for step in steps.values() if step.template.order < optional.template.order]
    for step in before:
        RegistrationStep.objects.filter(pk=step.pk).update(status=S.DONE)
    after = min(
        (step for step in steps.values() if step.template.order > optional.template.order),
        key=lambda step: step.template.order,
    )

    current = RegistrationStep.objects.filter(candidate=candidate).current().first()
    stage = CandidateProfile.objects.annotate(**RegistrationStep.stage_columns(OuterRef("pk"))).get(
        pk=candidate.pk
    )

    assert current == after
    assert (stage.has_steps, stage.current_step, stage.current_step_round) == (
        True,
        after.template.name,
        1,
    )
    assert RegistrationStep.may_be_current(status=S.NOT_STARTED, optional=True) is False
    assert RegistrationStep.may_be_current(status=S.IN_PROGRESS, optional=True) is True
    RegistrationStep.objects.filter(pk=optional.pk).update(status=S.IN_PROGRESS)
    assert RegistrationStep.objects.filter(candidate=candidate).current().first() == optional


def test_stage_columns_agree_with_the_journey_page_for_every_shape_of_registration(today):
    """Not started, in progress, every step closed: the annotations name the step the My
    journey page calls current."""
    newcomer = CandidateFactory(profession=None)
    started = CandidateFactory()
    registration_start(candidate=started)
    registered = CandidateFactory()
    for step in registration_start(candidate=registered):
        status = S.NOT_NEEDED if step.template.optional else S.DONE
        RegistrationStep.objects.filter(pk=step.pk).update(status=status)
    everyone = [newcomer, started, registered]

    stages = {
        profile.pk: registration_stage(
            has_steps=profile.has_steps,
            current_step=profile.current_step,
            round=profile.current_step_round,
        )
        for profile in CandidateProfile.objects.filter(
            pk__in=[recruit.pk for recruit in everyone]
        ).annotate(**RegistrationStep.stage_columns(OuterRef("pk")))
    }

    for recruit in everyone:
        journey = journey_for(recruit, today=today)
        if not journey.steps:
            expected = "Not started"
        elif journey.current_step is None:
            expected = "Registered"
        else:
            expected = journey.current_step.display_name
        assert stages[recruit.pk] == expected
    assert stages[newcomer.pk] == "Not started"
    assert stages[registered.pk] == "Registered"
