from datetime import date, timedelta

import pytest
from django.db.models import OuterRef
from django.http import Http404
from django.utils import timezone

from candidates.models import CandidateProfile, EvidenceDocument, RegistrationStep
from candidates.selectors import (
    barrier_reports_for_analysis,
    candidate_visible_to,
    candidates_for_analysis,
    document_visible_to,
    journey_for,
    late_registration_steps,
    registration_stage,
    registration_steps_for_analysis,
    registration_timeline,
)
from candidates.services import (
    registration_further_information_request,
    registration_start,
    registration_step_update,
)
from tests.factories import (
    BarrierReportFactory,
    CandidateFactory,
    EvidenceDocumentFactory,
)

pytestmark = pytest.mark.django_db

S = RegistrationStep.Status


def _progress(candidate, *, review_started_on: date):
    steps = {s.template.key: s for s in registration_start(candidate=candidate)}
    registration_step_update(
        step=steps["application"],
        status=S.DONE,
        started_on=review_started_on - timedelta(days=10),
        finished_on=review_started_on - timedelta(days=2),
        notes="",
    )
    registration_step_update(
        step=steps["scrutiny_fee"],
        status=S.DONE,
        started_on=review_started_on - timedelta(days=2),
        finished_on=review_started_on,
        notes="",
    )
    return steps


def _stages(candidates) -> dict[int, str]:
    """`registration_stage` of `RegistrationStep.stage_columns`, as the recruits page reads
    them."""
    profiles = CandidateProfile.objects.filter(pk__in=[c.pk for c in candidates]).annotate(
        **RegistrationStep.stage_columns(OuterRef("pk"))
    )
    return {
        profile.pk: registration_stage(
            has_steps=profile.has_steps,
            current_step=profile.current_step,
            round=profile.current_step_round,
        )
        for profile in profiles
    }


def test_registration_stage_gives_the_journeys_current_step(candidate, today):
    """Every shape of a registration: not started, in progress, a further-information round
    repeated, and every step closed. The stage must name the step `current_step_of` picks."""
    _progress(candidate, review_started_on=date(2025, 7, 1))
    newcomer = CandidateFactory(profession=None)
    repeated = CandidateFactory()
    steps = registration_start(candidate=repeated)
    further = next(step for step in steps if step.template.repeatable)
    for step in steps:
        if step.template.order < further.template.order:
            registration_step_update(
                step=step, status=S.DONE, started_on=None, finished_on=None, notes="", today=today
            )
    first = registration_further_information_request(
        candidate=repeated, requested_on=date(2025, 7, 20)
    )
    registration_step_update(
        step=first, status=S.DONE, started_on=None, finished_on=date(2025, 7, 25), notes=""
    )
    registration_further_information_request(candidate=repeated, requested_on=date(2025, 8, 1))
    registered = CandidateFactory()
    for step in registration_start(candidate=registered):
        status = S.NOT_NEEDED if step.template.optional else S.DONE
        registration_step_update(
            step=step, status=status, started_on=None, finished_on=None, notes="", today=today
        )
    everyone = [candidate, newcomer, repeated, registered]

    stages = _stages(everyone)

    for recruit in everyone:
        journey = journey_for(recruit, today=today)
        if not journey.steps:
            expected = "Not started"
        elif journey.current_step is None:
            expected = "Registered"
        else:
            expected = journey.current_step.display_name
        assert stages[recruit.pk] == expected
    assert stages[candidate.pk] == "Initial review and verification checks"
    assert stages[newcomer.pk] == "Not started"
    assert stages[registered.pk] == "Registered"
    assert stages[repeated.pk].endswith("(second time)")


def test_late_registration_steps_lists_open_steps_past_target(candidate, today):
    _progress(candidate, review_started_on=date(2025, 7, 1))
    _progress(CandidateFactory(), review_started_on=date(2025, 8, 20))

    late = list(late_registration_steps(today=today))

    assert [(s.candidate, s.template.key) for s in late] == [(candidate, "initial_review")]
    assert late[0].candidate.user.email == candidate.user.email


def test_registration_timeline_has_steps_documents_and_barriers(candidate):
    _progress(candidate, review_started_on=date(2025, 7, 1))
    EvidenceDocumentFactory(candidate=candidate)
    BarrierReportFactory(candidate=candidate, resolved_on=date(2025, 6, 1), resolution="Sorted")

    entries = registration_timeline(candidate)

    kinds = {entry.kind for entry in entries}
    titles = [entry.title for entry in entries]
    assert kinds == {"registration", "document", "barrier"}
    assert "Finished: Pay the scrutiny fee" in titles
    assert "Started: Initial review and verification checks" in titles
    assert "Resolved: HCPC registration – professional standards" in titles
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_registration_timeline_is_one_query_and_the_journey_pages_timeline(
    candidate, manager, django_assert_num_queries
):
    steps = _progress(candidate, review_started_on=date(2025, 7, 1))
    EvidenceDocumentFactory(candidate=candidate, step=steps["application"])
    EvidenceDocumentFactory(
        candidate=candidate,
        kind=EvidenceDocument.Kind.REFERENCE,
        status=EvidenceDocument.Status.REPLACEMENT_REQUESTED,
        review_reason="Unsigned",
        reviewed_by=manager,
        reviewed_at=timezone.now(),
        uploaded_by=None,
    )
    BarrierReportFactory(candidate=candidate, resolved_on=date(2025, 6, 1), resolution="Sorted")
    BarrierReportFactory(candidate=candidate, reported_by=manager)

    with django_assert_num_queries(1):
        entries = registration_timeline(candidate)

    # The journey page builds its timeline from the rows it shows; the two must agree.
    assert entries == journey_for(candidate, today=date(2025, 9, 1)).timeline
    titles = {entry.title: entry for entry in entries}
    assert titles["New copy asked for: Reference"].detail == "Unsigned"
    assert titles["New copy asked for: Reference"].actor == str(manager)
    assert titles["Uploaded: Reference"].actor == ""
    assert titles["Uploaded: Qualification certificate (certified copy)"].actor == str(
        candidate.user
    )
    assert titles["Resolved: HCPC registration – professional standards"].detail == "Sorted"
    assert {entry.actor for entry in entries if entry.title.startswith("Barrier")} == {
        str(candidate.user),
        str(manager),
    }


def test_analysis_selectors_carry_no_free_text(candidate):
    _progress(candidate, review_started_on=date(2025, 7, 1))
    BarrierReportFactory(candidate=candidate)

    step_row = registration_steps_for_analysis().first()
    barrier_row = barrier_reports_for_analysis().first()
    candidate_row = candidates_for_analysis().first()

    assert "notes" not in step_row
    assert step_row["template_name"] == "Submit your online application"
    assert step_row["profession_slug"] == "physiotherapist"
    assert step_row["region"] == candidate.organisation.region
    assert "description" not in barrier_row and "resolution" not in barrier_row
    assert barrier_row["theme"] == "hcpc_registration"
    assert set(candidate_row) >= {"profession_slug", "pathway", "region", "country_of_training"}
    assert "phone" not in candidate_row


def test_candidate_visible_to_other_organisations_manager_is_404(candidate, other_manager):
    with pytest.raises(Http404):
        candidate_visible_to(other_manager, candidate.pk)


def test_document_visible_to_analyst_is_404(candidate, analyst):
    document = EvidenceDocumentFactory(candidate=candidate)

    with pytest.raises(Http404):
        document_visible_to(analyst, document.pk)
