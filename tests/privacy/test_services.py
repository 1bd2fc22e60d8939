import io
import json
import zipfile
from datetime import date

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from candidates.models import BarrierReport, CandidateProfile, EvidenceDocument, RegistrationStep
from insights.caching import figures_store
from insights.dashboards import DASHBOARDS
from insights.disclosure import Policy
from insights.scope import Scope
from learning.models import CpdEvidence
from portal.audit import audit_entries_for_candidate
from privacy.models import ErasureRequest
from privacy.services import (
    ERASED,
    erasure_request_create,
    erasure_request_decide,
    personal_data_export,
)
from tests.factories import (
    BarrierReportFactory,
    CpdActivityFactory,
    CpdEvidenceFactory,
    EvidenceDocumentFactory,
    RegistrationStepFactory,
)


@pytest.fixture
def journey(candidate):
    """A recruit with a step, a barrier, a registration document and CPD evidence."""
    candidate.phone = "07700 900123"
    candidate.save()
    step = RegistrationStepFactory(
        candidate=candidate,
        status="done",
        started_on=date(2025, 3, 1),
        finished_on=date(2025, 4, 1),
    )
    step.notes = "Posted the form to Mumbai"
    step.save()
    barrier = BarrierReportFactory(candidate=candidate, description="My landlord refused me")
    document = EvidenceDocumentFactory(candidate=candidate)
    evidence = CpdEvidenceFactory(activity=CpdActivityFactory(candidate=candidate))
    return {"step": step, "barrier": barrier, "document": document, "evidence": evidence}


def test_export_has_json_and_every_document(candidate, journey):
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(user=candidate.user)))

    names = archive.namelist()
    data = json.loads(archive.read("personal-data.json"))
    records = data["records"]
    assert records["accounts.User"][0]["fields"]["email"] == candidate.user.email
    assert "password" not in records["accounts.User"][0]["fields"]
    assert records["candidates.CandidateProfile"][0]["fields"]["phone"] == "07700 900123"
    assert (
        records["candidates.BarrierReport"][0]["fields"]["description"] == "My landlord refused me"
    )
    assert f"documents/evidencedocument/{journey['document'].pk}-certificate.pdf" in names
    assert f"documents/cpdevidence/{journey['evidence'].pk}-certificate.pdf" in names
    assert len(names) == 3


def test_export_holds_nobody_elses_data(candidate, other_candidate, journey):
    EvidenceDocumentFactory(candidate=other_candidate)
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(user=candidate.user)))

    text = archive.read("personal-data.json").decode()
    assert other_candidate.user.email not in text
    assert len([n for n in archive.namelist() if n.startswith("documents/")]) == 2


def _aggregates(organisation) -> dict:
    """The figures worked out afresh (never the cache's), for the recruit's organisation and
    nationally."""
    scope = Scope(policy=Policy.EXACT, organisation_id=organisation.pk)
    national = Scope()
    return {
        (slug, kind): [
            table.as_rows() for table in figures_store(DASHBOARDS[slug], s, counted_at=None).tables
        ]
        for slug in ("pipeline", "barriers")
        for kind, s in (("organisation", scope), ("national", national))
    }


def test_erasure_keeps_aggregates_and_removes_personal_data(
    candidate, manager, journey, django_capture_on_commit_callbacks
):
    with set_actor(manager):
        journey["barrier"].resolution = "Found a flat through the trust"
        journey["barrier"].save()
    before = _aggregates(candidate.organisation)
    files = [journey["document"].file, journey["evidence"].file]
    storage_paths = [(f.storage, f.name) for f in files]
    assert all(storage.exists(name) for storage, name in storage_paths)

    request = erasure_request_create(user=candidate.user)
    with pytest.raises(PermissionDenied):
        erasure_request_decide(request=request, by=candidate.user, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        erasure_request_decide(request=request, by=manager, approve=True)

    assert _aggregates(candidate.organisation) == before
    user = candidate.user
    user.refresh_from_db()
    profile = CandidateProfile.objects.get(pk=candidate.pk)
    assert (user.full_name, user.email, user.is_active) == (
        "",
        f"erased-{user.pk}@erased.invalid",
        False,
    )
    assert not user.has_usable_password()
    assert profile.phone == ""
    assert RegistrationStep.objects.get(pk=journey["step"].pk).notes == ""
    barrier = BarrierReport.objects.get(pk=journey["barrier"].pk)
    assert (barrier.description, barrier.resolution) == (ERASED, "")
    assert EvidenceDocument.objects.filter(candidate=candidate).count() == 0
    assert CpdEvidence.objects.filter(activity__candidate=candidate).count() == 0
    assert [storage.exists(name) for storage, name in storage_paths] == [False, False]
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureRequest.Status.APPROVED


def test_erasure_redacts_the_audit_trail(candidate, manager, journey):
    with set_actor(manager):
        journey["barrier"].description = "My landlord refused me twice"
        journey["barrier"].save()
    erasure_request_decide(
        request=erasure_request_create(user=candidate.user), by=manager, approve=True
    )

    entries = list(audit_entries_for_candidate(candidate))
    assert entries
    text = " ".join(f"{e.changes} {e.object_repr}" for e in entries)
    assert "landlord" not in text
    assert "07700" not in text
    assert candidate.user.email not in " ".join(
        LogEntry.objects.values_list("changes_text", flat=True)
    )


def test_erasure_rejected_changes_nothing(candidate, manager, journey):
    request = erasure_request_create(user=candidate.user)
    erasure_request_decide(request=request, by=manager, approve=False)

    candidate.user.refresh_from_db()
    assert candidate.user.is_active
    assert EvidenceDocument.objects.filter(candidate=candidate).count() == 1


def test_erasure_decided_only_by_the_recruits_own_managers(candidate, other_manager):
    request = erasure_request_create(user=candidate.user)
    with pytest.raises(PermissionDenied):
        erasure_request_decide(request=request, by=other_manager, approve=True)
