from datetime import date, timedelta

from django.db.models import OuterRef
from django.utils import timezone

from candidates.models import CandidateProfile
from employers.models import Membership
from onboarding.models import JourneyProgress, Offer, OnboardingSettings, OnboardingTask
from onboarding.selectors import (
    RECRUIT_FILTERS,
    RECRUIT_SORTS,
    _with_progress,
    code_of_practice_decisions_for_analysis,
    journey_timeline,
    offers_for_analysis,
    open_tasks_due_between,
    overdue_open_tasks,
    recruit_page,
    recruit_rows,
    recruits_for_manager,
    stalled_journeys,
    tasks_for_analysis,
)
from onboarding.services import (
    checklist_apply,
    journey_progress_refresh,
    task_comment_add,
    task_complete,
)
from pastoral.selectors import latest_pulse_is_low
from tests.factories import (
    CandidateFactory,
    MembershipFactory,
    OfferFactory,
    OnboardingTaskFactory,
    OrganisationFactory,
    WellbeingPulseFactory,
    default_template,
    profession,
)

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
    journey_progress_refresh(candidate_ids=[moving.candidate_id])
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


def test_recruit_page_figures_agree_with_the_orm_definitions(organisation, manager):
    """Each figure of the shown rows must be what the rules' own definitions give, for
    recruits with every mix of tasks, pulses and offers."""
    today = timezone.localdate()
    recruits = []
    for index in range(6):
        candidate = CandidateFactory(organisation=organisation, profession=profession())
        if index % 2:
            OfferFactory(candidate=candidate)
        for day in range(index):  # 0 to 5 tasks, overdue, due today and due later
            OnboardingTaskFactory(
                candidate=candidate,
                due_on=today + timedelta(days=day - 2),
                position=5 - day,
                completed_at=timezone.now() if day == 1 else None,
            )
        if index >= 3:  # two open tasks due the same day: position then id decide
            OnboardingTaskFactory(candidate=candidate, due_on=today - timedelta(days=2), position=0)
        for week, low in enumerate([True, False, True][: index % 4]):
            WellbeingPulseFactory(
                candidate=candidate, period_start=today - timedelta(weeks=3 - week), is_low=low
            )
        journey_progress_refresh(candidate_ids=[candidate.pk])
        recruits.append(candidate)
    stalled_after_days = OnboardingSettings.objects.get(pk=1).stalled_after_days

    page = recruit_page(
        manager, today=today, number=1, per_page=25, stalled_after_days=stalled_after_days
    )

    assert sorted(row.candidate_id for row in page) == sorted(r.pk for r in recruits)
    expected_stalled = dict(
        _with_progress(
            CandidateProfile.objects.all(), today=today, stalled_after_days=stalled_after_days
        ).values_list("pk", "is_stalled")
    )
    low = dict(
        CandidateProfile.objects.annotate(low=latest_pulse_is_low(OuterRef("pk"))).values_list(
            "pk", "low"
        )
    )
    shown = {row.candidate_id: row for row in recruit_rows(page, today=today)}
    for row in page:
        candidate = CandidateProfile.objects.get(pk=row.candidate_id)
        open_tasks = OnboardingTask.objects.filter(
            candidate=candidate, completed_at__isnull=True
        ).order_by("due_on", "position", "pk")
        first = open_tasks.first()
        assert row.overdue_count == open_tasks.filter(due_on__lt=today).count()
        assert row.next_task_title == (first.title if first else None)
        assert shown[row.candidate_id].next_task_due == (first.due_on if first else None)
        assert bool(row.low_pulse) == bool(low[candidate.pk])
        assert row.is_stalled == bool(expected_stalled[candidate.pk])
        assert row.candidate.user.full_name == candidate.user.full_name
        assert row.candidate.user.email == candidate.user.email
        assert row.candidate.profession.name == candidate.profession.name
        assert row.candidate.organisation.ods_code == organisation.ods_code
        assert row.has_offer == Offer.objects.filter(candidate=candidate).exists()


def _recruits_of_two_organisations(manager, organisation):
    """Recruits of two organisations the manager runs, with every mix the filters and sorts
    look at: offers or none, a checklist or none, overdue tasks, stalled or fresh progress."""
    today = timezone.localdate()
    second = OrganisationFactory()
    MembershipFactory(user=manager, organisation=second, role=Membership.Role.MANAGER)
    for index in range(8):
        candidate = CandidateFactory(organisation=[organisation, second][index % 2])
        if index % 3:
            OfferFactory(candidate=candidate)
        if index in {2, 4}:  # with an offer
            checklist_apply(candidate=candidate, template=default_template(), by=manager)
        OnboardingTaskFactory(candidate=candidate, due_on=today + timedelta(days=index - 4))
        journey_progress_refresh(candidate_ids=[candidate.pk])
        if index in {1, 6}:  # no progress for a month: stalled
            JourneyProgress.objects.filter(candidate=candidate).update(
                last_progress_at=timezone.now() - timedelta(days=30)
            )
    return second


def test_recruit_page_ranks_as_the_orm_for_every_filter_sort_and_organisation(
    organisation, manager
):
    """For every filter, sort and organisation, the pages together hold what
    `recruits_for_manager` orders, one page after another."""
    second = _recruits_of_two_organisations(manager, organisation)
    days = OnboardingSettings.objects.get(pk=1).stalled_after_days
    shapes = [
        (organisation_id, status, sort)
        for organisation_id in [None, organisation.pk, second.pk]
        for status in ["", *RECRUIT_FILTERS]
        for sort in RECRUIT_SORTS
    ]
    stalled_seen = set()

    # A later day too: who is stalled changes with the day.
    for today in [timezone.localdate(), timezone.localdate() + timedelta(days=40)]:
        for organisation_id, status, sort in shapes:
            choices = {"organisation_id": organisation_id, "status": status, "sort": sort}
            expected = list(
                recruits_for_manager(
                    manager, today=today, stalled_after_days=days, **choices
                ).values_list("candidate_id", "is_stalled")
            )
            shown = []
            for number in range(1, max(1, -(-len(expected) // 3)) + 1):
                page = recruit_page(
                    manager, today=today, number=number, per_page=3, stalled_after_days=days,
                    **choices,
                )  # fmt: skip
                assert page.paginator.count == len(expected)
                shown += [(row.candidate_id, int(row.is_stalled)) for row in page]
            assert shown == expected, (today, choices)
            stalled_seen.add(sum(stalled for _, stalled in expected))
    assert len(stalled_seen) > 2  # the day changes who is stalled, and filters who is shown


def test_recruit_page_out_of_range_gives_the_last_page(organisation, manager):
    _recruits_of_two_organisations(manager, organisation)
    today = timezone.localdate()

    page = recruit_page(manager, today=today, number=99, per_page=3)

    assert (page.number, page.paginator.count, len(page)) == (3, 8, 2)
