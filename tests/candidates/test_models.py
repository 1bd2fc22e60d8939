from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import OuterRef

from candidates.models import (
    CandidateProfile,
    EnglishTestType,
    EnglishThreshold,
    RegistrationStep,
    threshold_for,
)
from candidates.selectors import journey_for, registration_stage
from candidates.services import registration_start
from tests.factories import (
    CandidateFactory,
    EnglishEvidenceFactory,
    RegistrationStepFactory,
    profession,
    step_template,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 9, 1)


def _check(evidence, slug):
    thresholds = list(EnglishThreshold.objects.all())
    threshold = threshold_for(
        thresholds, test_type=evidence.test_type, profession_id=profession(slug).pk
    )
    return evidence.check_against(threshold, today=TODAY)


def _ielts(**scores):
    values = {"overall": "7.0", "listening": "7.0", "reading": "7.0", "writing": "7.0"}
    values["speaking"] = "7.0"
    values.update(scores)
    return EnglishEvidenceFactory.build(
        test_date=date(2025, 6, 1), **{k: Decimal(v) for k, v in values.items()}
    )


def test_ielts_threshold_physiotherapist_passes_at_seven_with_elements_at_six_and_a_half():
    check = _check(_ielts(writing="6.5", speaking="6.5"), "physiotherapist")

    assert check.passes is True
    assert check.shortfalls == []
    assert check.threshold.overall == Decimal("7.0")


def test_ielts_threshold_fails_by_one_element_and_says_by_how_much():
    check = _check(_ielts(writing="6.0"), "physiotherapist")

    assert check.passes is False
    assert check.shortfalls == ["Writing 6.0 is 0.5 below the 6.5 needed."]


def test_ielts_threshold_speech_and_language_therapist_has_higher_bar():
    evidence = _ielts(overall="7.5", writing="7.5", speaking="7.5")

    physio = _check(evidence, "physiotherapist")
    slt = _check(evidence, "speech-and-language-therapist")

    assert physio.passes is True
    assert slt.passes is False
    assert slt.shortfalls == [
        "Overall 7.5 is 0.5 below the 8.0 needed.",
        "Listening 7.0 is 0.5 below the 7.5 needed.",
        "Reading 7.0 is 0.5 below the 7.5 needed.",
    ]


def test_ielts_threshold_speech_and_language_therapist_passes_at_eight():
    evidence = _ielts(overall="8.0", listening="8.5", reading="7.5", writing="7.5", speaking="8.0")

    assert _check(evidence, "speech-and-language-therapist").passes is True


def test_english_result_older_than_validity_is_flagged():
    evidence = _ielts()
    evidence.test_date = date(2023, 8, 1)

    check = _check(evidence, "physiotherapist")

    assert check.expired is True
    assert check.passes is False
    assert check.expires_on == date(2025, 7, 31)


def test_english_validity_is_admin_set():
    EnglishThreshold.objects.filter(test_type=EnglishTestType.IELTS).update(valid_for_days=1000)
    evidence = _ielts()
    evidence.test_date = date(2023, 8, 1)

    assert _check(evidence, "physiotherapist").expired is False


def test_oet_threshold_has_no_overall_score():
    evidence = EnglishEvidenceFactory.build(
        test_type=EnglishTestType.OET,
        overall=None,
        listening=Decimal("350"),
        reading=Decimal("340"),
        writing=Decimal("360"),
        speaking=Decimal("400"),
    )

    check = _check(evidence, "dietitian")

    assert check.shortfalls == ["Reading 340 is 10 below the 350 needed."]


def test_qualification_from_qualifying_country_passes():
    evidence = EnglishEvidenceFactory.build(
        test_type=EnglishTestType.QUALIFICATION,
        overall=None,
        listening=None,
        reading=None,
        writing=None,
        speaking=None,
        qualification_country="AU",
    )

    assert _check(evidence, "dietitian").passes is True


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
