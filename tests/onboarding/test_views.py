from datetime import timedelta

import pytest
from auditlog.context import disable_auditlog
from django.urls import reverse
from django.utils import timezone

from candidates.services import registration_start
from onboarding.models import (
    ChecklistTemplate,
    ChecklistTemplateItem,
    CodeOfPracticeDecision,
    Offer,
    OnboardingTask,
    TaskComment,
)
from onboarding.services import checklist_apply, journey_progress_refresh
from pastoral.models import SupportRole
from tests.factories import (
    CandidateFactory,
    ChecklistTemplateFactory,
    ChecklistTemplateItemFactory,
    MembershipFactory,
    OfferFactory,
    OnboardingTaskFactory,
    SupportAssignmentFactory,
    WellbeingPulseFactory,
    default_template,
    profession,
)


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _offer_post(**overrides):
    today = timezone.localdate()
    data = {
        "title": "Physiotherapist",
        "profession": profession().pk,
        "band": "5",
        "role_expectations": "Outpatients, weekly supervision.",
        **_date("offer_date", today),
        **_date("start_date", today + timedelta(days=90)),
        "recruitment_route": "active_trust",
        "recruited_from": "IN",
    }
    data.update(overrides)
    return data


# --- The manager's start page ---------------------------------------------------------------


def _recruits_with_tasks(organisation, n):
    today = timezone.localdate()
    for i in range(n):
        candidate = CandidateFactory(organisation=organisation)
        OfferFactory(candidate=candidate, offer_date=today - timedelta(days=40), start_date=today)
        OnboardingTaskFactory(candidate=candidate, due_on=today - timedelta(days=i % 3))
        OnboardingTaskFactory(candidate=candidate, due_on=today + timedelta(days=5))


@pytest.mark.parametrize("n", [5, 200])
def test_recruits_query_count_is_constant(
    organisation, manager, client_for, n, django_assert_num_queries
):
    _recruits_with_tasks(organisation, n)
    client = client_for(manager)
    client.get(reverse("onboarding:recruits"))  # settles the session (last seen)

    # Session, user, the organisations managed (with the stalled setting), the count, the
    # page's slice of the ranking, its recruits' rows, unread notifications.
    with django_assert_num_queries(7):
        response = client.get(reverse("onboarding:recruits"))

    assert response.status_code == 200
    assert len(response.context["rows"]) == min(n, 25)
    assert response.context["page"].paginator.count == n


def test_recruits_page_shows_each_recruits_registration_stage_and_buddy(
    organisation, manager, client_for
):
    started = CandidateFactory(organisation=organisation)
    registration_start(candidate=started)
    SupportAssignmentFactory(
        candidate=started, role=SupportRole.BUDDY, staff__full_name="Tom Ellis"
    )
    newcomer = CandidateFactory(organisation=organisation)
    for candidate in (started, newcomer):
        journey_progress_refresh(candidate_ids=[candidate.pk])

    response = client_for(manager).get(reverse("onboarding:recruits"))

    rows = {row.candidate_id: row for row in response.context["rows"]}
    assert (rows[started.pk].stage, rows[started.pk].buddy) == (
        "Submit your online application",
        "Tom Ellis",
    )
    assert (rows[newcomer.pk].stage, rows[newcomer.pk].buddy) == ("Not started", None)
    assert "Tom Ellis" in response.text and "None yet" in response.text


def test_recruits_lists_stalled_journeys_first(organisation, manager, client_for):
    today = timezone.localdate()
    fresh = OfferFactory(candidate=CandidateFactory(organisation=organisation))
    OnboardingTaskFactory(candidate=fresh.candidate, due_on=today)
    stalled = OfferFactory(candidate=CandidateFactory(organisation=organisation))
    OnboardingTaskFactory(candidate=stalled.candidate, due_on=today - timedelta(days=3))
    # Back-dating an offer is no service's write (offers are created now), so the stored
    # progress is refreshed by hand, as any write round the services must.
    Offer.objects.filter(pk=stalled.pk).update(created_at=timezone.now() - timedelta(days=30))
    journey_progress_refresh(candidate_ids=[stalled.candidate_id])

    response = client_for(manager).get(reverse("onboarding:recruits"), {"sort": "name"})

    rows = response.context["rows"]
    assert [(r.candidate_id, r.is_stalled, r.overdue_count) for r in rows] == [
        (stalled.candidate_id, True, 1),
        (fresh.candidate_id, False, 0),
    ]
    assert rows[0].days_since_progress == 30


def _named_recruits(organisation):
    """Three recruits whose every sort gives a different order (none stalled)."""
    today = timezone.localdate()
    recruits = {}
    for name, start_in, overdue in (("Bea", 20, 1), ("Ade", 40, 0), ("Cal", 10, 2)):
        candidate = CandidateFactory(organisation=organisation, user__full_name=name)
        OfferFactory(candidate=candidate, start_date=today + timedelta(days=start_in))
        for days in range(overdue):
            OnboardingTaskFactory(candidate=candidate, due_on=today - timedelta(days=days + 1))
        OnboardingTaskFactory(candidate=candidate, due_on=today + timedelta(days=30))
        recruits[name] = candidate
    return recruits


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ade", "Bea", "Cal"]),
        ("start", ["Cal", "Bea", "Ade"]),
        ("overdue", ["Cal", "Bea", "Ade"]),
        # Longest without progress first: nobody has completed a task, so offer order.
        ("progress", ["Bea", "Ade", "Cal"]),
    ],
)
def test_recruits_sorts(organisation, manager, client_for, sort, expected):
    _named_recruits(organisation)

    response = client_for(manager).get(reverse("onboarding:recruits"), {"sort": sort})

    assert [r.name for r in response.context["rows"]] == expected


def test_recruits_filters_no_offer_no_checklist_and_stalled(organisation, manager, client_for):
    recruits = _named_recruits(organisation)
    CandidateFactory(organisation=organisation, user__full_name="Dee")  # nothing yet
    one_item = ChecklistTemplateItemFactory()  # due a week after Ade's start, 40 days away
    checklist_apply(candidate=recruits["Ade"], template=one_item.template, by=manager)
    Offer.objects.filter(candidate=recruits["Cal"]).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    journey_progress_refresh(candidate_ids=[recruits["Cal"].pk])
    client = client_for(manager)

    def names(status):
        response = client.get(reverse("onboarding:recruits"), {"status": status, "sort": "name"})
        return [r.name for r in response.context["rows"]]

    assert names("no-offer") == ["Dee"]
    # Stalled journeys come first whatever the sort.
    assert names("no-checklist") == ["Cal", "Bea", "Dee"]
    assert names("stalled") == ["Cal"]
    assert names("overdue") == ["Cal", "Bea"]


def test_recruits_flags_low_wellbeing_from_the_latest_pulse_only(organisation, manager, client_for):
    today = timezone.localdate()
    better = CandidateFactory(organisation=organisation, user__full_name="Ade")
    WellbeingPulseFactory(candidate=better, period_start=today - timedelta(days=30), is_low=True)
    WellbeingPulseFactory(candidate=better, period_start=today - timedelta(days=2), is_low=False)
    worse = CandidateFactory(organisation=organisation, user__full_name="Bea")
    WellbeingPulseFactory(candidate=worse, period_start=today - timedelta(days=2), is_low=True)
    CandidateFactory(organisation=organisation, user__full_name="Cal")  # no pulse yet

    response = client_for(manager).get(reverse("onboarding:recruits"), {"sort": "name"})

    assert [(r.name, r.low_pulse) for r in response.context["rows"]] == [
        ("Ade", False),
        ("Bea", True),
        ("Cal", False),
    ]
    assert response.text.count("Low wellbeing") == 1


def test_recruits_page_shows_no_one_whose_stored_organisation_is_out_of_date(
    organisation, other_organisation, manager, client_for
):
    moved = CandidateFactory(organisation=organisation)
    # A move made round the model's save (a bulk UPDATE) leaves the stored copy behind:
    type(moved).objects.filter(pk=moved.pk).update(organisation=other_organisation)

    response = client_for(manager).get(reverse("onboarding:recruits"))

    assert response.context["rows"] == []


def test_recruits_filters_overdue(organisation, manager, client_for):
    _recruits_with_tasks(organisation, 3)

    response = client_for(manager).get(reverse("onboarding:recruits"), {"status": "overdue"})

    assert [r.overdue_count for r in response.context["rows"]] == [1, 1]


def test_recruits_shows_other_organisations_manager_nothing_of_ours(
    organisation, other_manager, client_for
):
    _recruits_with_tasks(organisation, 2)

    response = client_for(other_manager).get(reverse("onboarding:recruits"))

    assert response.context["rows"] == []


def test_recruits_rows_link_the_registration_journey_and_the_whole_journey(
    organisation, manager, client_for
):
    offer = OfferFactory(candidate=CandidateFactory(organisation=organisation))
    pk = offer.candidate.pk

    response = client_for(manager).get(reverse("onboarding:recruits"))

    assert f'href="{reverse("candidates:candidate-journey", args=[pk])}"' in response.text
    assert f'href="{reverse("onboarding:journey", args=[pk])}"' in response.text


def test_recruits_refuses_recruit(recruit, client_for):
    assert client_for(recruit).get(reverse("onboarding:recruits")).status_code == 403


# --- The recruit's checklist ----------------------------------------------------------------


def test_my_tasks_shows_own_tasks_only(candidate, other_candidate, client_for):
    OnboardingTaskFactory(candidate=candidate, title="Register with a GP")
    OnboardingTaskFactory(candidate=other_candidate, title="Someone else's task")

    response = client_for(candidate.user).get(reverse("onboarding:my-tasks"))

    assert response.status_code == 200
    assert "Register with a GP" in response.text
    assert "Someone else" not in response.text


@pytest.mark.parametrize("n", [1, 6])
def test_my_tasks_query_count_is_constant(
    candidate, manager, client_for, n, django_assert_num_queries
):
    with disable_auditlog():
        OfferFactory(candidate=candidate)
        for index in range(n):
            task = OnboardingTaskFactory(
                candidate=candidate, completed_at=timezone.now() if index % 2 else None
            )
            TaskComment.objects.create(task=task, author=manager, body="Seen")
    client = client_for(candidate.user)

    # Session, user, the recruit with their offer, tasks, comments, unread notifications.
    with django_assert_num_queries(6):
        response = client.get(reverse("onboarding:my-tasks"))

    assert response.text.count('class="nhsuk-task-list__item"') == n
    assert response.text.count(": Seen</p>") == n


def test_my_tasks_refuses_staff(manager, client_for):
    assert client_for(manager).get(reverse("onboarding:my-tasks")).status_code == 403


# --- The shared journey ---------------------------------------------------------------------


@pytest.fixture
def journey_url(candidate):
    return reverse("onboarding:journey", args=[candidate.pk])


@pytest.mark.parametrize("n", [1, 5])
def test_journey_query_count_is_constant(
    candidate, manager, journey_url, client_for, n, django_assert_num_queries
):
    # Without audit entries: the audit trail's before/after column looks up each changed
    # foreign key per entry (django-auditlog's changes_display_dict), which is not this page's.
    with disable_auditlog():
        OfferFactory(candidate=candidate)
        for _ in range(n):
            task = OnboardingTaskFactory(candidate=candidate, completed_at=timezone.now())
            TaskComment.objects.create(task=task, author=manager, body="Seen")
            TaskComment.objects.create(task=task, author=manager, body="Thanks")
    client = client_for(manager)
    client.get(journey_url)

    # Session, user, the recruit (with whether the viewer manages or supports them), decisions,
    # checklists, tasks, comments, the registration and pastoral timelines (one query each),
    # the audit trail and the users, organisations and professions its changes name, unread
    # notifications, templates to apply.
    with django_assert_num_queries(15):
        response = client.get(journey_url)

    assert len(response.context["timeline"]) == 1 + 3 * n


@pytest.mark.parametrize("who", ["recruit", "manager", "assigned_buddy"])
def test_journey_seen_by_recruit_managers_and_buddy(request, who, offer, journey_url, client_for):
    user = request.getfixturevalue(who)
    checklist_apply(candidate=offer.candidate, template=default_template(), by=offer.created_by)

    response = client_for(user).get(journey_url)

    assert response.status_code == 200
    assert "Checklist applied: NHS default onboarding checklist" in response.text
    assert "Identity check" in response.text


@pytest.mark.parametrize("who", ["other_manager", "buddy", "analyst"])
def test_journey_hidden_from_strangers(request, who, journey_url, client_for):
    user = request.getfixturevalue(who)

    assert client_for(user).get(journey_url).status_code == 404


def test_journey_hidden_from_another_recruit(other_candidate, journey_url, client_for):
    assert client_for(other_candidate.user).get(journey_url).status_code == 404


# --- The offer ------------------------------------------------------------------------------


def test_offer_records_green_active_recruitment(candidate, manager, client_for):
    url = reverse("onboarding:offer", args=[candidate.pk])

    response = client_for(manager).post(url, _offer_post())

    assert response.status_code == 302
    assert Offer.objects.get().band == 5
    assert CodeOfPracticeDecision.objects.get().outcome == "allowed"


@pytest.mark.parametrize("band", ["1", "10", "five"])
def test_offer_band_outside_2_to_9_is_refused_and_kept(candidate, manager, client_for, band):
    url = reverse("onboarding:offer", args=[candidate.pk])

    response = client_for(manager).post(url, _offer_post(band=band, title="Senior physio"))

    assert response.status_code == 200
    assert "from 2 to 9" in response.text
    assert 'value="Senior physio"' in response.text
    assert Offer.objects.count() == 0


def test_offer_start_before_offer_date_is_refused(candidate, manager, client_for):
    today = timezone.localdate()
    url = reverse("onboarding:offer", args=[candidate.pk])

    response = client_for(manager).post(
        url, _offer_post(**_date("start_date", today - timedelta(days=1)))
    )

    assert response.status_code == 200
    assert "can&#x27;t be before the date of the offer" in response.text
    assert Offer.objects.count() == 0


def test_offer_active_from_red_list_explains_the_code(candidate, manager, client_for):
    url = reverse("onboarding:offer", args=[candidate.pk])

    response = client_for(manager).post(url, _offer_post(recruited_from="PK"))

    assert response.status_code == 200
    assert "Pakistan is on the red list" in response.text
    assert Offer.objects.count() == 0
    assert CodeOfPracticeDecision.objects.get().outcome == "refused"


def test_offer_amber_asks_to_confirm_the_agreement(candidate, manager, client_for):
    url = reverse("onboarding:offer", args=[candidate.pk])
    client = client_for(manager)

    asked = client.post(url, _offer_post(recruited_from="KE"))
    confirmed = client.post(
        url,
        _offer_post(
            recruited_from="KE", agreement_confirmed="on", agreement_text="UK–Kenya agreement"
        ),
    )

    assert asked.status_code == 200
    assert "Kenya is on the amber list" in asked.text
    assert confirmed.status_code == 302
    assert CodeOfPracticeDecision.objects.get().outcome == "agreement"


def test_offer_form_asks_how_they_applied_only_after_a_refusal(candidate, manager, client_for):
    url = reverse("onboarding:offer", args=[candidate.pk])
    client = client_for(manager)

    before = client.get(url)
    refused = client.post(url, _offer_post(recruited_from="NG"))
    after = client.get(url)

    assert "application_account" not in before.context["form"].fields
    # The refusal names the Code, and no way round it.
    assert "Nigeria is on the red list" in refused.text
    assert "choose direct application" not in refused.text
    assert "application_account" in after.context["form"].fields
    assert "How did they apply?" in after.text


def test_offer_direct_after_a_refusal_needs_and_shows_how_they_applied(
    candidate, manager, recruit, client_for
):
    url = reverse("onboarding:offer", args=[candidate.pk])
    client = client_for(manager)
    client.post(url, _offer_post(recruited_from="NG"))
    direct = {"recruitment_route": "direct", "recruited_from": "NG"}

    asked = client.post(url, _offer_post(**direct))
    recorded = client.post(
        url,
        _offer_post(**direct, application_account="Own initiative, advert 123-PHY, 2 May 2025"),
    )

    assert asked.status_code == 200
    assert (
        asked.context["form"]
        .errors["application_account"][0]
        .startswith("A recruitment of this person was refused under the Code of Practice on ")
    )
    assert Offer.objects.count() == 1
    assert recorded.status_code == 302
    journey = client_for(recruit).get(reverse("onboarding:journey", args=[candidate.pk]))
    assert (
        "Recorded after a refusal. How they applied: Own initiative, advert 123-PHY, 2 May 2025"
        in journey.text
    )


@pytest.mark.parametrize(
    ("who", "status"), [("other_manager", 404), ("assigned_buddy", 404), ("recruit", 403)]
)
def test_offer_refuses_anyone_but_the_manager(request, who, status, candidate, client_for):
    user = request.getfixturevalue(who)
    url = reverse("onboarding:offer", args=[candidate.pk])

    response = client_for(user).post(url, _offer_post())

    assert response.status_code == status
    assert Offer.objects.count() == 0


# --- Applying checklists and adding tasks ---------------------------------------------------


def test_checklist_apply_twice_shows_why(offer, manager, client_for):
    url = reverse("onboarding:checklist-apply", args=[offer.candidate.pk])
    client = client_for(manager)
    template = default_template()

    first = client.post(url, {"template": template.pk})
    count = OnboardingTask.objects.count()
    second = client.post(url, {"template": template.pk})

    assert first.status_code == 302
    assert second.status_code == 200
    assert "is already applied" in second.text
    assert OnboardingTask.objects.count() == count


def test_checklist_apply_refuses_other_organisations_manager(offer, other_manager, client_for):
    url = reverse("onboarding:checklist-apply", args=[offer.candidate.pk])

    response = client_for(other_manager).post(url, {"template": default_template().pk})

    assert response.status_code == 404
    assert OnboardingTask.objects.count() == 0


def test_task_add_before_offer_is_refused(offer, manager, client_for):
    url = reverse("onboarding:task-add", args=[offer.candidate.pk])
    data = {
        "title": "Early",
        "owner_role": "manager",
        **_date("due_on", offer.offer_date - timedelta(days=1)),
    }

    response = client_for(manager).post(url, data)

    assert response.status_code == 200
    assert "can&#x27;t be due before the offer" in response.text
    assert 'value="Early"' in response.text
    assert OnboardingTask.objects.count() == 0


def test_task_add_refuses_other_organisations_manager(offer, other_manager, client_for):
    url = reverse("onboarding:task-add", args=[offer.candidate.pk])
    data = {"title": "x", "owner_role": "manager", **_date("due_on", offer.start_date)}

    assert client_for(other_manager).post(url, data).status_code == 404


# --- Completing, reopening and commenting ----------------------------------------------------


def test_task_complete_by_owner(candidate, client_for):
    task = OnboardingTaskFactory(candidate=candidate, owner_role="recruit")

    response = client_for(candidate.user).post(reverse("onboarding:task-complete", args=[task.pk]))

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.completed_by == candidate.user


def test_task_complete_by_someone_who_does_not_own_it_is_refused(candidate, client_for):
    task = OnboardingTaskFactory(candidate=candidate, owner_role="manager", title="IT accounts")

    response = client_for(candidate.user).post(reverse("onboarding:task-complete", args=[task.pk]))

    assert response.status_code == 403
    assert (
        "Only the recruit&#x27;s managers can complete “IT accounts”. Nothing was changed."
        in response.text
    )
    task.refresh_from_db()
    assert task.completed_at is None


@pytest.mark.parametrize("name", ["task-complete", "task-reopen", "task-comment"])
@pytest.mark.parametrize("who", ["other_manager", "buddy"])
def test_task_actions_hidden_from_strangers(request, candidate, client_for, name, who):
    task = OnboardingTaskFactory(candidate=candidate, owner_role="buddy")
    user = request.getfixturevalue(who)

    response = client_for(user).post(reverse(f"onboarding:{name}", args=[task.pk]), {"body": "x"})

    assert response.status_code == 404
    task.refresh_from_db()
    assert task.completed_at is None
    assert TaskComment.objects.count() == 0


def test_task_actions_hidden_from_another_recruit(candidate, other_candidate, client_for):
    task = OnboardingTaskFactory(candidate=candidate)

    response = client_for(other_candidate.user).post(
        reverse("onboarding:task-complete", args=[task.pk])
    )

    assert response.status_code == 404


def test_task_comment_by_assigned_buddy_is_shown_on_the_journey(
    candidate, assigned_buddy, journey_url, client_for
):
    task = OnboardingTaskFactory(candidate=candidate)
    client = client_for(assigned_buddy)

    client.post(reverse("onboarding:task-comment", args=[task.pk]), {"body": "Met at arrivals"})

    assert TaskComment.objects.get().author == assigned_buddy
    assert "Met at arrivals" in client.get(journey_url).text


def test_task_reopen_by_manager(candidate, manager, client_for):
    task = OnboardingTaskFactory(candidate=candidate, completed_at=timezone.now())

    response = client_for(manager).post(reverse("onboarding:task-reopen", args=[task.pk]))

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.completed_at is None


# --- Templates ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 2])
def test_templates_query_count_is_constant(
    organisation, manager, client_for, extra, django_assert_num_queries
):
    for _ in range(extra):
        ChecklistTemplateItemFactory(template=ChecklistTemplateFactory(organisation=organisation))
    client = client_for(manager)
    client.get(reverse("onboarding:templates"))

    with django_assert_num_queries(6):
        response = client.get(reverse("onboarding:templates"))

    assert len(response.context["templates"]) == 1 + extra


@pytest.mark.parametrize("items", [1, 3])
def test_template_detail_query_count_is_constant(
    organisation, manager, client_for, items, django_assert_num_queries
):
    template = ChecklistTemplateFactory(organisation=organisation)
    ChecklistTemplateItemFactory.create_batch(items, template=template)
    url = reverse("onboarding:template", args=[template.pk])
    client = client_for(manager)
    client.get(url)

    # Session, user, the organisations the person works in, the template (with its counts),
    # those they manage, unread notifications, the items.
    with django_assert_num_queries(7):
        response = client.get(url)

    assert len(response.context["items"]) == items


def test_templates_hide_other_organisations_templates(other_organisation, manager, client_for):
    ChecklistTemplateFactory(organisation=other_organisation, name="Theirs")

    response = client_for(manager).get(reverse("onboarding:templates"))

    assert [t.name for t in response.context["templates"]] == ["NHS default onboarding checklist"]


def test_templates_refuse_recruits(recruit, client_for):
    assert client_for(recruit).get(reverse("onboarding:templates")).status_code == 403


def test_template_copy_makes_an_editable_copy(organisation, manager, client_for):
    url = reverse("onboarding:template-copy", args=[default_template().pk])

    response = client_for(manager).post(
        url, {"name": "Riverside AHPs", "organisation": organisation.pk}
    )

    copy = ChecklistTemplate.objects.get(name="Riverside AHPs")
    assert response.url == reverse("onboarding:template", args=[copy.pk])
    assert copy.items.count() == default_template().items.count()


def test_template_copy_refuses_staff_who_are_not_managers(buddy, client_for):
    url = reverse("onboarding:template-copy", args=[default_template().pk])

    assert client_for(buddy).post(url, {"name": "Mine"}).status_code == 403
    assert ChecklistTemplate.objects.count() == 1


@pytest.fixture
def their_template(other_organisation):
    template = ChecklistTemplateFactory(organisation=other_organisation)
    ChecklistTemplateItemFactory(template=template)
    return template


@pytest.mark.parametrize(
    "name", ["template", "template-copy", "template-item-add", "template-delete"]
)
def test_template_pages_hide_other_organisations_templates(
    their_template, manager, client_for, name
):
    response = client_for(manager).post(reverse(f"onboarding:{name}", args=[their_template.pk]))

    assert response.status_code == 404
    assert ChecklistTemplate.objects.filter(pk=their_template.pk).exists()


@pytest.mark.parametrize("name", ["template-item-edit", "template-item-delete"])
def test_template_item_pages_hide_other_organisations_items(
    their_template, manager, client_for, name
):
    item = their_template.items.get()

    response = client_for(manager).post(
        reverse(f"onboarding:{name}", args=[their_template.pk, item.pk])
    )

    assert response.status_code == 404
    assert ChecklistTemplateItem.objects.filter(pk=item.pk).exists()


def test_template_default_cannot_be_edited_by_managers(manager, client_for):
    url = reverse("onboarding:template-item-add", args=[default_template().pk])

    assert client_for(manager).get(url).status_code == 404


def test_template_item_due_before_offer_is_refused(organisation, manager, client_for):
    template = ChecklistTemplateFactory(organisation=organisation)
    url = reverse("onboarding:template-item-add", args=[template.pk])
    data = {
        "section": "Before arrival",
        "title": "Too early",
        "owner_role": "manager",
        "due_anchor": "offer",
        "due_offset_days": "-5",
        "required": "on",
    }

    response = client_for(manager).post(url, data)

    assert response.status_code == 200
    assert "can&#x27;t be due before the offer is made" in response.text
    assert 'value="Too early"' in response.text
    assert template.items.count() == 0


def test_template_item_added_and_edited(organisation, manager, client_for):
    template = ChecklistTemplateFactory(organisation=organisation)
    client = client_for(manager)
    data = {
        "section": "Arrival",
        "title": "Local tour",
        "owner_role": "buddy",
        "due_anchor": "start",
        "due_offset_days": "-2",
        "barrier_theme": "cultural",
    }

    client.post(reverse("onboarding:template-item-add", args=[template.pk]), data)
    item = template.items.get()
    client.post(
        reverse("onboarding:template-item-edit", args=[template.pk, item.pk]),
        {**data, "due_offset_days": "3"},
    )

    item.refresh_from_db()
    assert (item.title, item.due_offset_days, item.required, item.position) == (
        "Local tour",
        3,
        False,
        1,
    )


def test_template_delete_in_use_is_refused_with_a_message(offer, manager, client_for):
    template = ChecklistTemplateFactory(organisation=offer.organisation, name="Ours")
    ChecklistTemplateItemFactory(template=template)
    checklist_apply(candidate=offer.candidate, template=template, by=manager)
    client = client_for(manager)

    response = client.post(reverse("onboarding:template-delete", args=[template.pk]), follow=True)

    assert "has been applied to 1 recruit, so it can&#x27;t be deleted" in response.text
    assert ChecklistTemplate.objects.filter(pk=template.pk).exists()
    assert OnboardingTask.objects.filter(candidate=offer.candidate).count() == 1


def test_template_delete_refuses_a_buddy_of_the_organisation(organisation, client_for):
    template = ChecklistTemplateFactory(organisation=organisation)
    staff = MembershipFactory(organisation=organisation, role="buddy", mfa=True).user

    response = client_for(staff).post(reverse("onboarding:template-delete", args=[template.pk]))

    assert response.status_code == 404
    assert ChecklistTemplate.objects.filter(pk=template.pk).exists()


# --- Good-practice links --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "topics"),
    [
        ("offer", ["values-based-recruitment", "positive-inclusion"]),
        ("templates", ["induction-preceptorship"]),
        ("template", ["induction-preceptorship"]),
        ("recruits", ["shadowing"]),
    ],
)
def test_staff_pages_link_their_good_practice_guides(candidate, manager, client_for, page, topics):
    args = {"offer": [candidate.pk], "template": [default_template().pk]}.get(page, [])
    client = client_for(manager)

    response = client.get(reverse(f"onboarding:{page}", args=args))

    assert response.status_code == 200
    for topic in topics:
        guide_url = reverse("learning:good-practice-topic", args=[topic])
        assert f'href="{guide_url}"' in response.text
        guide = client.get(guide_url)
        assert guide.status_code == 200
        assert len(guide.context["guides"]) >= 1
