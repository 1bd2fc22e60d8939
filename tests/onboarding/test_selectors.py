from datetime import date, timedelta

from django.utils import timezone

from onboarding.models import OnboardingSettings, OnboardingTask
from onboarding.selectors import (
    code_of_practice_decisions_for_analysis,
    journey_timeline,
    offers_for_analysis,
    open_tasks_due_between,
    overdue_open_tasks,
    stalled_journeys,
    tasks_for_analysis,
)
from onboarding.services import (
    checklist_apply,
    journey_progress_refresh,
    task_comment_add,
    task_complete,
)
from tests.factories import CandidateFactory, OfferFactory, OnboardingTaskFactory, default_template

TODAY = date(2025, 9, 10)


def test_open_tasks_due_between_includes_both_ends_and_skips_done(candidate):
    inside = [
        OnboardingTaskFactory(candidate=candidate, due_on=TODAY),
        OnboardingTaskFactory(candidate=candidate, due_on=TODAY + timedelta(days=7)),
    ]
    OnboardingTaskFactory(candidate=candidate, due_on=TODAY + timedelta(days=8))
    OnboardingTaskFactory(candidate=candidate, due_on=TODAY, completed_at=timezone.now())

    tasks = list(open_tasks_due_between(TODAY, TODAY + timedelta(days=7)))

    assert tasks == inside


def test_overdue_open_tasks_loads_recruit_in_one_query(candidate, django_assert_num_queries):
    late = OnboardingTaskFactory(candidate=candidate, due_on=TODAY - timedelta(days=1))
    OnboardingTaskFactory(candidate=candidate, due_on=TODAY)

    with django_assert_num_queries(1):
        tasks = list(overdue_open_tasks(today=TODAY))
        names = [(t.candidate.user.email, t.candidate.organisation.name) for t in tasks]

    assert tasks == [late]
    assert names == [(candidate.user.email, candidate.organisation.name)]


def test_stalled_journeys_after_the_admins_threshold(organisation, manager):
    now = timezone.now()
    stalled = OfferFactory(candidate=CandidateFactory(organisation=organisation))
    moving = OfferFactory(candidate=CandidateFactory(organisation=organisation))
    finished = OfferFactory(candidate=CandidateFactory(organisation=organisation))
    for offer in (stalled, moving, finished):
        type(offer).objects.filter(pk=offer.pk).update(created_at=now - timedelta(days=20))
    OnboardingTaskFactory(candidate=stalled.candidate)
    OnboardingTaskFactory(candidate=moving.candidate)
    done = OnboardingTaskFactory(candidate=moving.candidate)
    # A completion back-dated with a bulk UPDATE, which task_complete can't do (it stamps now):
    # writes round the services refresh the stored progress themselves.
    OnboardingTask.objects.filter(pk=done.pk).update(completed_at=now - timedelta(days=2))
    journey_progress_refresh(candidate_id=moving.candidate_id)
    OnboardingTaskFactory(candidate=finished.candidate, completed_at=now - timedelta(days=20))
    today = timezone.localdate()

    assert list(stalled_journeys(today=today)) == [stalled.candidate]
    assert list(stalled_journeys(today=today, days=30)) == []
    OnboardingSettings.objects.filter(pk=1).update(stalled_after_days=1)
    assert set(stalled_journeys(today=today)) == {stalled.candidate, moving.candidate}


def test_analysis_rows_carry_no_names_or_free_text(offer, manager):
    checklist_apply(candidate=offer.candidate, template=default_template(), by=manager)
    task = OnboardingTask.objects.first()
    task_comment_add(task=task, by=manager, body="Private note")

    rows = [
        *tasks_for_analysis(),
        *offers_for_analysis(),
        *code_of_practice_decisions_for_analysis(),
    ]

    text = repr(rows)
    assert offer.candidate.user.full_name not in text
    assert offer.candidate.user.email not in text
    assert "Private note" not in text
    assert offer.role_expectations not in text
    assert set(offers_for_analysis().get()) == {
        "id",
        "candidate_id",
        "organisation_id",
        "band",
        "recruitment_route",
        "recruited_from",
        "offer_date",
        "start_date",
        "created_at",
        "region",
        "profession_slug",
        "pathway",
    }


def test_journey_timeline_joins_onboarding_events_newest_first(offer, manager, recruit):
    checklist_apply(candidate=offer.candidate, template=default_template(), by=manager)
    task = OnboardingTask.objects.filter(owner_role="recruit").first()
    task_complete(task=task, by=recruit)
    task_comment_add(task=task, by=manager, body="Well done")

    entries = journey_timeline(offer.candidate)

    titles = [e.title for e in entries if e.kind in {"offer", "checklist", "task", "comment"}]
    assert titles[:2] == [f"Comment on {task.title}", f"Done: {task.title}"]
    assert "Checklist applied: NHS default onboarding checklist" in titles
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    done = next(e for e in entries if e.kind == "task")
    assert done.actor == str(recruit)


def test_offers_for_analysis_returns_one_row_per_offer_with_profession_slug(offer):
    other = OfferFactory()

    rows = {row["id"]: row for row in offers_for_analysis()}

    assert set(rows) == {offer.pk, other.pk}
    row = rows[offer.pk]
    assert row["candidate_id"] == offer.candidate_id
    assert row["organisation_id"] == offer.organisation_id
    assert row["profession_slug"] == offer.profession.slug
    assert row["region"] == offer.organisation.region
    assert row["pathway"] == offer.candidate.pathway
    assert row["offer_date"] == offer.offer_date
    assert row["start_date"] == offer.start_date
