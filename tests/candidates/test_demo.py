import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from candidates import demo as candidates_demo
from candidates.models import (
    BarrierReport,
    EnglishLanguageEvidence,
    EvidenceDocument,
    RegistrationStep,
)
from candidates.selectors import journey_for
from employers import demo as employers_demo
from portal.demo import DemoWorld

pytestmark = pytest.mark.django_db


def _seed() -> DemoWorld:
    world = DemoWorld()
    employers_demo.seed(world)
    candidates_demo.seed(world)
    return world


def _counts():
    return tuple(
        model.objects.count()
        for model in (RegistrationStep, EnglishLanguageEvidence, EvidenceDocument, BarrierReport)
    )


def test_seed_is_idempotent():
    _seed()
    first = _counts()
    _seed()

    assert _counts() == first
    assert first[0] > 0 and first[2] == len(candidates_demo.DOCUMENTS)


def test_seed_gives_a_late_step_an_action_and_an_slt_below_her_bar():
    world = _seed()
    today = timezone.localdate()

    anjali = journey_for(world.recruits["anjali@example.com"], today=today)
    amal = journey_for(world.recruits["amal@example.com"], today=today)
    mei = journey_for(world.recruits["mei@example.com"], today=today)

    assert [step.template_key for step in anjali.late_steps] == ["assessment"]
    assert any(step.status == "needs_action" for step in amal.steps)
    assert amal.english.results[0].check.passes is False
    assert "Writing 7.0 is 0.5 below the 7.5 needed." in amal.english.results[0].check.shortfalls
    assert "scrutiny_fee" not in [step.template_key for step in amal.steps]
    assert mei.is_registered is True


def test_seed_documents_are_valid_files_in_private_storage():
    _seed()

    for document in EvidenceDocument.objects.all():
        content = document.file.read()
        document.file.close()
        assert len(content) == document.size
        if document.mime == "application/pdf":
            assert len(PdfReader(io.BytesIO(content)).pages) == 1
        else:
            assert content.startswith(b"\x89PNG")
