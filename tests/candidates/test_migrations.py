import importlib
from datetime import date
from decimal import Decimal

import pytest

from candidates.models import (
    EnglishLanguageEvidence,
    EnglishQualifyingCountry,
    EnglishThreshold,
    Profession,
    RegistrationStepTemplate,
)
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("candidates", "0008_finished_step_counts")]


def _thresholds(test_type):
    rows = EnglishThreshold.objects.filter(test_type=test_type)
    return {
        (row.profession.slug if row.profession else None): (row.overall, row.minimum_element)
        for row in rows.select_related("profession")
    }


def test_english_and_refugee_migrations_correct_a_database_seeded_before_them(migrate_to):
    candidate = CandidateFactory()
    old = migrate_to(BEFORE)
    # The rows as 0004 seeded them, and an OET result recorded without its total.
    importlib.import_module("candidates.migrations.0004_seed_registration_data").seed(old, None)
    old.get_model("candidates", "EnglishLanguageEvidence").objects.create(
        candidate_id=candidate.pk,
        test_type="oet",
        test_date=date(2025, 6, 1),
        listening=Decimal("380"),
        reading=Decimal("360"),
        writing=Decimal("350"),
        speaking=Decimal("370"),
    )
    OldThreshold = old.get_model("candidates", "EnglishThreshold")
    assert OldThreshold.objects.filter(test_type="oet", profession=None).exists()
    old_refugee = old.get_model("candidates", "RegistrationStepTemplate").objects.get(
        regulator="hcpc", pathway="refugee_uk", key="application"
    )
    assert old_refugee.guidance.startswith("Apply to the HCPC online")

    migrate_to(None)

    assert _thresholds("oet") == {
        "physiotherapist": (Decimal("1400"), Decimal("300")),
        "occupational-therapist": (Decimal("1400"), Decimal("300")),
        "radiographer": (Decimal("1400"), Decimal("300")),
        "dietitian": (Decimal("1400"), Decimal("300")),
        "podiatrist": (Decimal("1400"), Decimal("300")),
        "speech-and-language-therapist": (Decimal("1800"), Decimal("400")),
    }
    assert _thresholds("ielts") == {
        None: (Decimal("7.0"), Decimal("6.5")),
        "speech-and-language-therapist": (Decimal("8.0"), Decimal("7.5")),
    }
    toefl = EnglishThreshold.objects.filter(test_type="toefl_ibt")
    assert {(row.confirmed, row.accepted_if_taken_in_uk) for row in toefl} == {(False, False)}
    assert EnglishThreshold.objects.get(test_type="qualification").valid_for_days is None
    assert EnglishLanguageEvidence.objects.get(candidate=candidate).overall == Decimal("1460")
    assert EnglishQualifyingCountry.objects.filter(to_be_checked=False).count() == 29
    assert dict(Profession.objects.values_list("slug", "registration_prefix")) == {
        "art-therapist": "AS",
        "dietitian": "DT",
        "dramatherapist": "AS",
        "music-therapist": "AS",
        "occupational-therapist": "OT",
        "operating-department-practitioner": "ODP",
        "orthoptist": "OR",
        "osteopath": "",
        "paramedic": "PA",
        "physiotherapist": "PH",
        "podiatrist": "CH",
        "prosthetist-and-orthotist": "PO",
        "radiographer": "RA",
        "speech-and-language-therapist": "SL",
    }
    refugee = RegistrationStepTemplate.objects.get(
        regulator="hcpc", pathway="refugee_uk", key="application"
    )
    assert refugee.name == "Ask HCPC for the refugee application form"
    assert "Email HCPC to ask for the refugee application form" in refugee.guidance
    overseas = RegistrationStepTemplate.objects.get(
        regulator="hcpc", pathway="overseas", key="application"
    )
    assert overseas.guidance.startswith("Apply to the HCPC online")
