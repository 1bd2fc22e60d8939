from datetime import date
from decimal import Decimal

import pytest

from candidates.english import (
    DOES_NOT_MEET,
    MEETS,
    TO_BE_CONFIRMED,
    TOO_OLD,
    english_standing,
)
from candidates.models import EnglishQualifyingCountry, EnglishTestType, EnglishThreshold
from tests.factories import CandidateFactory, EnglishEvidenceFactory, profession

pytestmark = pytest.mark.django_db

TODAY = date(2025, 9, 1)
NO_SCORES = dict.fromkeys(["overall", "listening", "reading", "writing", "speaking"])


def _recruit(slug="physiotherapist"):
    return CandidateFactory(profession=profession(slug))


def _ielts(candidate, test_date=date(2025, 6, 1), **scores):
    values = {"overall": "7.0", "listening": "7.0", "reading": "7.0", "writing": "7.0"}
    values["speaking"] = "7.0"
    values.update(scores)
    return EnglishEvidenceFactory(
        candidate=candidate, test_date=test_date, **{k: Decimal(v) for k, v in values.items()}
    )


def _oet(candidate, listening, reading, writing, speaking, **fields):
    papers = [Decimal(listening), Decimal(reading), Decimal(writing), Decimal(speaking)]
    return EnglishEvidenceFactory(
        candidate=candidate,
        test_type=EnglishTestType.OET,
        overall=sum(papers),
        listening=papers[0],
        reading=papers[1],
        writing=papers[2],
        speaking=papers[3],
        **fields,
    )


def _toefl(candidate, overall="100", element="25", **fields):
    return EnglishEvidenceFactory(
        candidate=candidate,
        test_type=EnglishTestType.TOEFL,
        overall=Decimal(overall),
        **dict.fromkeys(["listening", "reading", "writing", "speaking"], Decimal(element)),
        **fields,
    )


def _qualification(candidate, country, test_date=date(2015, 7, 1)):
    return EnglishEvidenceFactory(
        candidate=candidate,
        test_type=EnglishTestType.QUALIFICATION,
        test_date=test_date,
        qualification_country=country,
        **NO_SCORES,
    )


def _only(candidate, today=TODAY):
    (result,) = english_standing(candidate, today=today).results
    return result.check


# --- IELTS ---------------------------------------------------------------------------------


def test_ielts_physiotherapist_passes_at_seven_with_elements_at_six_and_a_half():
    candidate = _recruit()
    _ielts(candidate, writing="6.5", speaking="6.5")

    check = _only(candidate)

    assert (check.status, check.shortfalls) == (MEETS, [])
    assert check.needed == "overall 7.0, no element below 6.5"
    assert check.for_profession is False


def test_ielts_fails_by_one_element_and_says_by_how_much():
    candidate = _recruit()
    _ielts(candidate, writing="6.0")

    assert _only(candidate).shortfalls == ["Writing 6.0 is 0.5 below the 6.5 needed."]


def test_ielts_speech_and_language_therapist_needs_eight_and_seven_and_a_half():
    slt, physio = _recruit("speech-and-language-therapist"), _recruit()
    for candidate in (slt, physio):
        _ielts(candidate, overall="7.5", writing="7.5", speaking="7.5")

    assert _only(physio).status == MEETS
    check = _only(slt)
    assert check.status == DOES_NOT_MEET
    assert check.for_profession is True
    assert check.shortfalls == [
        "Overall 7.5 is 0.5 below the 8.0 needed.",
        "Listening 7.0 is 0.5 below the 7.5 needed.",
        "Reading 7.0 is 0.5 below the 7.5 needed.",
    ]


def test_ielts_speech_and_language_therapist_passes_at_eight():
    candidate = _recruit("speech-and-language-therapist")
    _ielts(candidate, overall="8.0", listening="8.5", reading="7.5", writing="7.5", speaking="8.0")

    assert _only(candidate).status == MEETS


# --- OET -----------------------------------------------------------------------------------


def test_oet_physiotherapist_total_1400_with_no_paper_below_300_passes():
    candidate = _recruit()
    _oet(candidate, "300", "400", "350", "350")

    check = _only(candidate)

    assert (check.status, check.shortfalls) == (MEETS, [])
    assert check.needed == "total 1,400, no paper below 300"


def test_oet_speech_and_language_therapist_400_each_is_1600_and_fails_the_1800_total():
    candidate = _recruit("speech-and-language-therapist")
    _oet(candidate, "400", "400", "400", "400")

    check = _only(candidate)

    assert check.status == DOES_NOT_MEET
    assert check.shortfalls == ["Total 1,600 is 200 points below the 1,800 needed."]


def test_oet_paper_below_300_fails_even_with_the_total():
    candidate = _recruit("dietitian")
    _oet(candidate, "290", "420", "350", "350")

    assert _only(candidate).shortfalls == ["Listening 290 is 10 points below the 300 needed."]


def test_oet_total_10_short_says_10_points():
    candidate = _recruit("radiographer")
    _oet(candidate, "300", "390", "350", "350")

    assert _only(candidate).shortfalls == ["Total 1,390 is 10 points below the 1,400 needed."]


@pytest.mark.parametrize(
    "slug",
    [
        "physiotherapist",
        "occupational-therapist",
        "radiographer",
        "dietitian",
        "podiatrist",
        "speech-and-language-therapist",
    ],
)
def test_oet_is_accepted_for_the_professions_with_an_oet_version(slug):
    candidate = _recruit(slug)
    _oet(candidate, "450", "450", "450", "450")

    assert _only(candidate).status == MEETS


def test_oet_is_not_accepted_for_a_profession_without_an_oet_version():
    candidate = _recruit("paramedic")
    _oet(candidate, "500", "500", "500", "500")

    check = _only(candidate)

    assert check.status == DOES_NOT_MEET
    assert check.shortfalls == [
        "HCPC accepts OET only for professions that have an OET version, and paramedic has "
        "none. Use IELTS Academic or TOEFL iBT instead."
    ]


# --- TOEFL iBT -----------------------------------------------------------------------------


def test_toefl_meeting_the_figures_is_to_be_confirmed_not_met():
    candidate = _recruit()
    _toefl(candidate, taken_in_uk=False)

    standing = english_standing(candidate, today=TODAY)
    check = standing.results[0].check

    assert (check.status, check.status_label) == (
        TO_BE_CONFIRMED,
        "To be confirmed by an administrator",
    )
    assert check.to_confirm == [
        "The TOEFL iBT figures held here are to be confirmed by an administrator against "
        "HCPC's published requirements."
    ]
    assert standing.status == TO_BE_CONFIRMED
    assert standing.next_action == ""


def test_toefl_once_an_administrator_confirms_the_figures_meets_the_standard():
    EnglishThreshold.objects.filter(test_type=EnglishTestType.TOEFL).update(confirmed=True)
    candidate = _recruit()
    _toefl(candidate, taken_in_uk=False)

    assert _only(candidate).status == MEETS


def test_toefl_taken_in_the_uk_is_not_accepted():
    candidate = _recruit()
    _toefl(candidate, taken_in_uk=True)

    check = _only(candidate)

    assert check.status == DOES_NOT_MEET
    assert check.shortfalls == ["HCPC does not accept a TOEFL iBT taken in the UK."]


def test_toefl_one_below_says_one_point():
    candidate = _recruit()
    _toefl(candidate, overall="99", taken_in_uk=False)

    assert _only(candidate).shortfalls == ["Overall 99 is 1 point below the 100 needed."]


# --- Qualifications ------------------------------------------------------------------------


def test_qualification_from_a_qualifying_country_never_expires():
    candidate = _recruit("dietitian")
    _qualification(candidate, "AU", test_date=date(2015, 7, 1))

    check = _only(candidate, today=date(2026, 1, 1))

    assert (check.status, check.expires_on, check.shortfalls) == (MEETS, None, [])


@pytest.mark.parametrize(("country", "name"), [("IN", "India"), ("NG", "Nigeria")])
def test_qualification_from_a_country_not_on_the_list_does_not_show_english(country, name):
    candidate = _recruit()
    _qualification(candidate, country)

    check = _only(candidate)

    assert check.status == DOES_NOT_MEET
    assert check.shortfalls == [
        f"{name} is not on HCPC's list of qualifying countries, so a qualification gained "
        "there does not show English on its own. An approved English test is needed: IELTS "
        "Academic, OET or TOEFL iBT."
    ]


def test_qualification_from_a_country_still_to_check_is_to_be_confirmed():
    candidate = _recruit()
    _qualification(candidate, "NZ")

    check = _only(candidate)

    assert check.status == TO_BE_CONFIRMED
    assert check.to_confirm == [
        "New Zealand is on the list held here, but an administrator has still to check it "
        "against HCPC's published list of qualifying countries."
    ]


def test_qualifying_countries_hold_domain_list_and_leave_out_india_nigeria_philippines():
    held = set(EnglishQualifyingCountry.objects.values_list("country", flat=True))
    checked = set(
        EnglishQualifyingCountry.objects.filter(to_be_checked=False).values_list(
            "country", flat=True
        )
    )

    assert {"AS", "AI", "AG", "AU", "BS", "BB", "BZ", "BM", "VG", "CA", "KY", "CK"} <= checked
    assert {"DM", "FK", "GI", "GD", "GU", "GG", "GY", "IE", "IM", "JM", "JE"} <= checked
    assert {"NZ", "US"} <= held - checked
    assert not {"IN", "NG", "PH", "GB"} & held


# --- Validity and the recruit's standing ---------------------------------------------------


def test_test_result_counts_for_two_years_from_the_test_date():
    candidate = _recruit()
    _ielts(candidate, test_date=date(2023, 8, 1))

    assert _only(candidate, today=date(2025, 7, 31)).status == MEETS
    check = _only(candidate, today=date(2025, 8, 1))
    assert (check.status, check.expires_on) == (TOO_OLD, date(2025, 7, 31))


def test_newer_failing_ielts_does_not_hide_an_older_valid_pass():
    candidate = _recruit()
    passed = _ielts(candidate, test_date=date(2025, 1, 10))
    _ielts(candidate, test_date=date(2025, 6, 1), writing="6.0")

    standing = english_standing(candidate, today=TODAY)

    assert [r.check.status for r in standing.results] == [DOES_NOT_MEET, MEETS]
    assert (standing.status, standing.best.evidence) == (MEETS, passed)
    assert standing.summary == (
        "HCPC's English standard is met by the IELTS Academic of 10 January 2025. It counts "
        "until 10 January 2027."
    )
    assert standing.next_action == ""


def test_only_failing_or_expired_evidence_asks_the_recruit_to_act():
    candidate = _recruit()
    _ielts(candidate, test_date=date(2022, 1, 10))
    _ielts(candidate, test_date=date(2025, 6, 1), writing="6.0")

    standing = english_standing(candidate, today=TODAY)

    assert [r.check.status for r in standing.results] == [DOES_NOT_MEET, TOO_OLD]
    assert (standing.status, standing.best) == (DOES_NOT_MEET, None)
    assert standing.next_action == (
        "Your English evidence does not yet meet HCPC's standard (see below)."
    )


def test_english_standing_without_evidence_is_one_query(django_assert_num_queries):
    candidate = _recruit()

    with django_assert_num_queries(1):
        standing = english_standing(candidate, today=TODAY)

    assert (standing.results, standing.status, standing.next_action) == ([], "", "")


def test_english_validity_is_admin_set():
    EnglishThreshold.objects.filter(test_type=EnglishTestType.IELTS).update(valid_for_days=1000)
    candidate = _recruit()
    _ielts(candidate, test_date=date(2023, 8, 1))

    assert _only(candidate).status == MEETS
