from datetime import date
from decimal import Decimal

import pytest

from candidates.models import EnglishTestType, EnglishThreshold, RegistrationStep, threshold_for
from tests.factories import (
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
