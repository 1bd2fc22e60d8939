import importlib
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from candidates.models import Pathway, RegistrationStep
from candidates.services import registration_start, registration_step_update
from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    CodeOfPracticeDecision,
    DueAnchor,
    JourneyProgress,
    Offer,
    OnboardingTask,
    OwnerRole,
    RecruitmentRoute,
    RegistrationTimeCount,
)
from onboarding.selectors import unanswered_refusal_of
from onboarding.services import (
    AgreementConfirmationNeeded,
    ApplicationAccountNeeded,
    CodeOfPracticeRefused,
    OfferDetails,
    OnboardingError,
    checklist_apply,
    journey_progress_rebuild,
    offer_create,
    offer_update,
    registration_time_counts_rebuild,
    task_add,
    task_complete,
    task_reopen,
    template_copy,
    template_delete,
)
from tests.factories import (
    CandidateFactory,
    ChecklistTemplateFactory,
    ChecklistTemplateItemFactory,
    OfferFactory,
    OnboardingTaskFactory,
    SupportAssignmentFactory,
    default_template,
    profession,
)
from tests.onboarding.conftest import OFFER_DATE, START_DATE

Outcome = CodeOfPracticeDecision.Outcome


def _details(**overrides) -> OfferDetails:
    fields = {
        "title": "Physiotherapist",
        "profession": profession(),
        "band": 5,
        "role_expectations": "Musculoskeletal outpatients.",
        "offer_date": OFFER_DATE,
        "start_date": START_DATE,
        "recruitment_route": RecruitmentRoute.ACTIVE_TRUST,
        "recruited_from": "IN",
    }
    return OfferDetails(**{**fields, **overrides})


# --- Template instantiation ------------------------------------------------------------------


def test_checklist_apply_dates_tasks_relative_to_offer_and_start(offer, manager):
    template = ChecklistTemplateFactory(organisation=offer.organisation)
    ChecklistTemplateItemFactory(
        template=template, title="Identity check", due_anchor=DueAnchor.OFFER, due_offset_days=7
    )
    ChecklistTemplateItemFactory(
        template=template, title="Airport welcome", due_anchor=DueAnchor.START, due_offset_days=-3
    )
    ChecklistTemplateItemFactory(
        template=template, title="Bank account", due_anchor=DueAnchor.START, due_offset_days=14
    )

    checklist_apply(candidate=offer.candidate, template=template, by=manager)

    due = dict(OnboardingTask.objects.values_list("title", "due_on"))
    assert due == {
        "Identity check": date(2025, 6, 8),
        "Airport welcome": date(2025, 8, 29),
        "Bank account": date(2025, 9, 15),
    }


def test_checklist_apply_never_dates_a_task_before_the_offer(candidate, manager):
    offer = Offer.objects.create(
        candidate=candidate,
        organisation=candidate.organisation,
        title="Physiotherapist",
        profession=profession(),
        band=5,
        role_expectations="x",
        offer_date=date(2025, 8, 20),
        start_date=date(2025, 9, 1),
        recruitment_route=RecruitmentRoute.DIRECT_APPLICATION,
        recruited_from="IN",
    )
    template = ChecklistTemplateFactory(organisation=candidate.organisation)
    ChecklistTemplateItemFactory(template=template, due_anchor="start", due_offset_days=-84)

    checklist_apply(candidate=candidate, template=template, by=manager)

    assert OnboardingTask.objects.get().due_on == offer.offer_date


def test_checklist_apply_default_template_gives_overseas_recruit_every_item(offer, manager):
    template = default_template()

    checklist_apply(candidate=offer.candidate, template=template, by=manager)

    assert OnboardingTask.objects.count() == template.items.count()
    assert OnboardingTask.objects.filter(title="Apply for the Health and Care Worker visa").exists()


def test_checklist_apply_default_template_leaves_visa_out_for_refugees(organisation, manager):
    refugee = CandidateFactory(organisation=organisation, pathway=Pathway.REFUGEE_IN_UK)
    Offer.objects.create(
        candidate=refugee,
        organisation=organisation,
        title="Speech and language therapist",
        profession=profession("speech-and-language-therapist"),
        band=5,
        role_expectations="x",
        offer_date=OFFER_DATE,
        start_date=START_DATE,
        recruitment_route=RecruitmentRoute.DIRECT_APPLICATION,
        recruited_from="SY",
    )
    template = default_template()

    checklist_apply(candidate=refugee, template=template, by=manager)

    titles = set(OnboardingTask.objects.filter(candidate=refugee).values_list("title", flat=True))
    skipped = set(
        template.items.filter(not_for_refugees_in_uk=True).values_list("title", flat=True)
    )
    assert "Assign the Certificate of Sponsorship" in skipped
    assert "Apply for the Health and Care Worker visa" in skipped
    assert "Airport welcome" in skipped
    assert titles.isdisjoint(skipped)
    assert len(titles) == template.items.count() - len(skipped)
    assert "Right to work check" in titles


def test_checklist_apply_twice_is_refused_and_tasks_unchanged(offer, manager):
    template = default_template()
    checklist_apply(candidate=offer.candidate, template=template, by=manager)
    before = list(OnboardingTask.objects.order_by("pk").values_list("pk", "due_on"))

    with pytest.raises(OnboardingError, match="already applied"):
        checklist_apply(candidate=offer.candidate, template=template, by=manager)

    assert list(OnboardingTask.objects.order_by("pk").values_list("pk", "due_on")) == before
    assert ChecklistApplication.objects.count() == 1


def test_checklist_apply_without_offer_is_refused(candidate, manager):
    with pytest.raises(OnboardingError, match="Record the recruit's offer first"):
        checklist_apply(candidate=candidate, template=default_template(), by=manager)

    assert OnboardingTask.objects.count() == 0


def test_template_edit_after_apply_leaves_running_journey_unchanged(offer, manager):
    template = ChecklistTemplateFactory(organisation=offer.organisation)
    item = ChecklistTemplateItemFactory(template=template, title="Bank account")
    checklist_apply(candidate=offer.candidate, template=template, by=manager)

    item.title = "Open a bank account in week one"
    item.due_offset_days = 3
    item.save()

    task = OnboardingTask.objects.get()
    assert (task.title, task.due_on) == ("Bank account", date(2025, 9, 8))


# --- Start date moves ------------------------------------------------------------------------


def test_offer_update_moves_open_relative_tasks_only(offer, manager):
    template = ChecklistTemplateFactory(organisation=offer.organisation)
    ChecklistTemplateItemFactory(template=template, title="Open", due_offset_days=14)
    ChecklistTemplateItemFactory(template=template, title="Done", due_offset_days=0)
    ChecklistTemplateItemFactory(
        template=template, title="From offer", due_anchor="offer", due_offset_days=7
    )
    checklist_apply(candidate=offer.candidate, template=template, by=manager)
    fixed = task_add(
        candidate=offer.candidate,
        by=manager,
        title="Fixed",
        guidance="",
        owner_role=OwnerRole.MANAGER,
        due_on=date(2025, 7, 1),
        required=True,
    )
    task_complete(task=OnboardingTask.objects.get(title="Done"), by=manager)

    offer_update(
        offer=offer, details=_details(start_date=date(2025, 10, 1), recruited_from="IN"), by=manager
    )

    due = dict(OnboardingTask.objects.values_list("title", "due_on"))
    assert due == {
        "Open": date(2025, 10, 15),
        "Done": date(2025, 9, 1),
        "From offer": date(2025, 6, 8),
        "Fixed": fixed.due_on,
    }


def test_task_reopen_takes_the_moved_start_date(offer, manager):
    template = ChecklistTemplateFactory(organisation=offer.organisation)
    ChecklistTemplateItemFactory(template=template, due_offset_days=0)
    checklist_apply(candidate=offer.candidate, template=template, by=manager)
    task = OnboardingTask.objects.get()
    task_complete(task=task, by=manager)
    offer_update(offer=offer, details=_details(start_date=date(2025, 9, 15)), by=manager)

    task_reopen(task=task, by=manager)

    task.refresh_from_db()
    assert (task.completed_at, task.due_on) == (None, date(2025, 9, 15))


# --- The Code of Practice --------------------------------------------------------------------


def test_offer_create_active_recruitment_from_red_list_is_refused_and_kept(candidate, manager):
    with pytest.raises(CodeOfPracticeRefused, match="Nigeria is on the red list"):
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(recruitment_route=RecruitmentRoute.ACTIVE_AGENCY, recruited_from="NG"),
            by=manager,
        )

    assert Offer.objects.count() == 0
    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.candidate, decision.offer, decision.country_status, decision.outcome) == (
        candidate,
        None,
        "red",
        Outcome.REFUSED,
    )
    # Says what the Code asks and what happened; no hint of a route that would get through.
    assert decision.explanation == (
        "Nigeria is on the red list of the Code of Practice for international recruitment (the "
        "WHO Health Workforce Support and Safeguards List). NHS employers must not actively "
        "recruit health workers from it, by the trust or through an agency, unless a "
        "government-to-government agreement allows it. The offer has not been recorded, and "
        "this refusal is kept on the recruit's journey."
    )


@pytest.mark.parametrize(("country", "status"), [("DJ", "red"), ("GQ", "red")])
def test_offer_create_active_from_djibouti_and_equatorial_guinea_is_refused(
    candidate, manager, country, status
):
    with pytest.raises(CodeOfPracticeRefused):
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(recruited_from=country),
            by=manager,
        )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.country_status, decision.outcome) == (status, Outcome.REFUSED)


@pytest.mark.parametrize("country", ["SY", "KP"])
def test_offer_create_active_from_syria_or_north_korea_is_not_on_the_list(
    candidate, manager, country
):
    offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(recruited_from=country),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.country_status, decision.outcome) == ("green", Outcome.ALLOWED)


def test_offer_create_before_any_list_held_says_so_and_never_green(candidate, manager):
    offer = offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(
            recruited_from="NG", offer_date=date(2023, 3, 22), start_date=date(2023, 6, 1)
        ),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.offer, decision.country_status, decision.outcome) == (
        offer,
        "none",
        Outcome.NO_LIST_HELD,
    )
    assert decision.country_status_label == "no list held for the date"
    assert decision.explanation == (
        "No Code of Practice country list is held for 22 March 2023, so this recruitment was "
        "not checked against one. The portal holds the list from 23 March 2023. Check it "
        "against the list in force on the offer date (before 23 March 2023, the WHO Health "
        "Workforce Support and Safeguards List 2020)."
    )


def test_offer_create_on_the_day_the_list_applies_is_checked_against_it(candidate, manager):
    with pytest.raises(CodeOfPracticeRefused):
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(
                recruited_from="NG", offer_date=date(2023, 3, 23), start_date=date(2023, 6, 1)
            ),
            by=manager,
        )

    assert CodeOfPracticeDecision.objects.get().country_status == "red"


def _refused(candidate, manager) -> CodeOfPracticeDecision:
    with pytest.raises(CodeOfPracticeRefused):
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(recruited_from="NG"),
            by=manager,
        )
    return CodeOfPracticeDecision.objects.get()


def test_offer_create_direct_after_a_refusal_asks_how_they_applied_and_writes_nothing(
    candidate, manager
):
    refusal = _refused(candidate, manager)

    with pytest.raises(ApplicationAccountNeeded, match="say how they applied") as raised:
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(
                recruitment_route=RecruitmentRoute.DIRECT_APPLICATION, recruited_from="NG"
            ),
            by=manager,
        )

    assert raised.value.refusal == refusal
    assert Offer.objects.count() == 0
    assert list(CodeOfPracticeDecision.objects.all()) == [refusal]


def test_offer_create_direct_after_a_refusal_keeps_how_they_applied(candidate, manager):
    refusal = _refused(candidate, manager)
    account = "Applied on her own to our advert NHS Jobs 123-PHY-45 on 2 May 2025."

    offer = offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(
            recruitment_route=RecruitmentRoute.DIRECT_APPLICATION,
            recruited_from="NG",
            application_account=f"  {account} ",
        ),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get(offer=offer)
    assert (decision.outcome, decision.follows_refusal, decision.application_account) == (
        Outcome.ALLOWED,
        refusal,
        account,
    )
    assert unanswered_refusal_of(candidate) is None


def test_offer_update_to_direct_after_a_refused_change_needs_how_they_applied(offer, manager):
    offer.recruitment_route = RecruitmentRoute.ACTIVE_TRUST
    offer.recruited_from = "IN"
    offer.save()
    with pytest.raises(CodeOfPracticeRefused):
        offer_update(offer=offer, details=_details(recruited_from="ZW"), by=manager)
    direct = {"recruitment_route": RecruitmentRoute.DIRECT_APPLICATION, "recruited_from": "ZW"}

    with pytest.raises(ApplicationAccountNeeded):
        offer_update(offer=offer, details=_details(**direct), by=manager)
    offer_update(
        offer=offer,
        details=_details(**direct, application_account="Own application, advert 77, 3 May"),
        by=manager,
    )

    offer.refresh_from_db()
    assert (offer.recruitment_route, offer.recruited_from.code) == ("direct", "ZW")
    latest = CodeOfPracticeDecision.objects.order_by("-pk").first()
    assert latest.follows_refusal.outcome == Outcome.REFUSED
    assert latest.application_account == "Own application, advert 77, 3 May"


def test_offer_create_direct_without_a_refusal_asks_nothing(candidate, manager):
    offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(
            recruitment_route=RecruitmentRoute.DIRECT_APPLICATION, recruited_from="NG"
        ),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.outcome, decision.follows_refusal, decision.application_account) == (
        Outcome.ALLOWED,
        None,
        "",
    )


def test_offer_create_direct_application_from_red_list_is_allowed(candidate, manager):
    offer = offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(
            recruitment_route=RecruitmentRoute.DIRECT_APPLICATION, recruited_from="GH"
        ),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.offer, decision.country_status, decision.outcome) == (
        offer,
        "red",
        Outcome.ALLOWED,
    )


def test_offer_create_amber_without_agreement_asks_for_it_and_writes_nothing(candidate, manager):
    with pytest.raises(AgreementConfirmationNeeded, match="Kenya is on the amber list"):
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(recruited_from="KE"),
            by=manager,
        )

    assert Offer.objects.count() == 0
    assert CodeOfPracticeDecision.objects.count() == 0


def test_offer_create_amber_with_agreement_is_confirmed_under_it(candidate, manager):
    offer = offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(
            recruited_from="NP",
            agreement_confirmed=True,
            agreement_text="UK–Nepal MoU pilot cohort 3",
        ),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.offer, decision.outcome, decision.agreement_text, decision.decided_by) == (
        offer,
        Outcome.CONFIRMED_UNDER_AGREEMENT,
        "UK–Nepal MoU pilot cohort 3",
        manager,
    )
    assert decision.explanation.startswith("Nepal is on the WHO list and amber under the UK–Nepal")


def test_offer_create_amber_with_confirmation_but_no_agreement_named_asks_for_it(
    candidate, manager
):
    with pytest.raises(AgreementConfirmationNeeded):
        offer_create(
            candidate=candidate,
            organisation=candidate.organisation,
            details=_details(recruited_from="NP", agreement_confirmed=True, agreement_text="  "),
            by=manager,
        )

    assert CodeOfPracticeDecision.objects.count() == 0


def test_offer_create_active_recruitment_from_green_country_is_allowed(candidate, manager):
    offer_create(
        candidate=candidate,
        organisation=candidate.organisation,
        details=_details(recruited_from="IN"),
        by=manager,
    )

    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.country_status, decision.outcome) == ("green", Outcome.ALLOWED)


def test_offer_update_to_active_from_red_list_is_refused_and_offer_kept(offer, manager):
    offer.recruited_from = "ZW"
    offer.save()

    with pytest.raises(CodeOfPracticeRefused):
        offer_update(offer=offer, details=_details(recruited_from="ZW"), by=manager)

    offer.refresh_from_db()
    assert offer.recruitment_route == RecruitmentRoute.DIRECT_APPLICATION
    decision = CodeOfPracticeDecision.objects.get()
    assert (decision.offer, decision.outcome) == (offer, Outcome.REFUSED)


# --- Ownership of tasks ----------------------------------------------------------------------


@pytest.fixture
def tasks(offer):
    return {
        role: OnboardingTaskFactory(candidate=offer.candidate, owner_role=role, title=role)
        for role in OwnerRole.values
    }


def test_task_complete_recruit_completes_own_task(tasks, recruit):
    task = task_complete(task=tasks["recruit"], by=recruit)

    assert task.completed_by == recruit
    assert task.completed_at is not None


@pytest.mark.parametrize("role", ["manager", "buddy"])
def test_task_complete_recruit_cannot_complete_others_tasks(tasks, recruit, role):
    with pytest.raises(OnboardingError, match=r"Only the recruit's (buddy or their )?managers"):
        task_complete(task=tasks[role], by=recruit)

    tasks[role].refresh_from_db()
    assert tasks[role].completed_at is None


def test_task_complete_assigned_buddy_completes_buddy_task(tasks, assigned_buddy):
    assert task_complete(task=tasks["buddy"], by=assigned_buddy).completed_by == assigned_buddy


@pytest.mark.parametrize("role", ["recruit", "manager"])
def test_task_complete_buddy_cannot_complete_others_tasks(tasks, assigned_buddy, role):
    with pytest.raises(OnboardingError):
        task_complete(task=tasks[role], by=assigned_buddy)


def test_task_complete_unassigned_buddy_cannot_complete_buddy_task(tasks, buddy):
    with pytest.raises(OnboardingError):
        task_complete(task=tasks["buddy"], by=buddy)


@pytest.mark.parametrize("role", ["recruit", "manager", "buddy"])
def test_task_complete_manager_completes_any_task(tasks, manager, role):
    assert task_complete(task=tasks[role], by=manager).completed_by == manager


def test_task_complete_other_organisations_manager_is_refused(tasks, other_manager):
    with pytest.raises(OnboardingError):
        task_complete(task=tasks["manager"], by=other_manager)


def test_task_complete_twice_keeps_the_first_completer(tasks, manager, recruit):
    task_complete(task=tasks["recruit"], by=recruit)
    first = OnboardingTask.objects.get(pk=tasks["recruit"].pk).completed_at

    task = task_complete(task=tasks["recruit"], by=manager)

    assert (task.completed_by, task.completed_at) == (recruit, first)


def test_task_add_due_before_offer_is_refused(offer, manager):
    with pytest.raises(OnboardingError, match="can't be due before the offer"):
        task_add(
            candidate=offer.candidate,
            by=manager,
            title="Too early",
            guidance="",
            owner_role=OwnerRole.MANAGER,
            due_on=OFFER_DATE - timedelta(days=1),
            required=True,
        )

    assert OnboardingTask.objects.count() == 0


# --- Templates -------------------------------------------------------------------------------


def test_template_copy_copies_every_item(organisation, manager):
    default = default_template()

    copy = template_copy(template=default, organisation=organisation, name="Ours", by=manager)

    assert (copy.organisation, copy.copied_from) == (organisation, default)
    assert list(copy.items.values_list("title", "due_offset_days", "not_for_refugees_in_uk")) == (
        list(default.items.values_list("title", "due_offset_days", "not_for_refugees_in_uk"))
    )


def test_template_delete_in_use_is_refused_and_kept(offer, manager):
    template = ChecklistTemplateFactory(organisation=offer.organisation, name="Ours")
    ChecklistTemplateItemFactory(template=template)
    checklist_apply(candidate=offer.candidate, template=template, by=manager)

    with pytest.raises(OnboardingError, match="applied to 1 recruit, so it can't be deleted"):
        template_delete(template=template)

    assert ChecklistTemplate.objects.filter(pk=template.pk).exists()
    assert OnboardingTask.objects.count() == 1


def test_template_delete_unused_is_deleted(organisation):
    template = ChecklistTemplateFactory(organisation=organisation)

    template_delete(template=template)

    assert not ChecklistTemplate.objects.filter(pk=template.pk).exists()


# --- Stored progress follows every write ------------------------------------------------------


def _progress(candidate) -> tuple:
    row = JourneyProgress.objects.get(candidate=candidate)
    return (row.organisation_id, row.last_progress_at, row.open_count, row.next_due_on)


def test_offer_create_stores_progress_from_the_offer(candidate, manager, organisation):
    offer = offer_create(
        candidate=candidate, organisation=organisation, details=_details(), by=manager
    )

    assert _progress(candidate) == (candidate.organisation_id, offer.created_at, 0, None)


def test_checklist_apply_stores_open_count_and_earliest_due(offer, manager):
    JourneyProgress.objects.all().delete()  # the factory stored one; the service must too

    checklist_apply(candidate=offer.candidate, template=default_template(), by=manager)

    open_tasks = OnboardingTask.objects.filter(candidate=offer.candidate)
    earliest = open_tasks.order_by("due_on").first().due_on
    assert _progress(offer.candidate) == (
        offer.organisation_id,
        offer.created_at,
        open_tasks.count(),
        earliest,
    )


def test_task_add_counts_the_new_task(offer, manager):
    JourneyProgress.objects.all().delete()

    task_add(
        candidate=offer.candidate,
        by=manager,
        title="Parking permit",
        guidance="",
        owner_role=OwnerRole.MANAGER,
        due_on=date(2025, 9, 2),
        required=False,
    )

    assert _progress(offer.candidate)[2:] == (1, date(2025, 9, 2))


def test_task_complete_and_reopen_move_last_progress(offer, manager):
    first = OnboardingTaskFactory(candidate=offer.candidate, due_on=date(2025, 9, 2))
    OnboardingTaskFactory(candidate=offer.candidate, due_on=date(2025, 9, 9))
    JourneyProgress.objects.all().delete()

    task_complete(task=first, by=manager)

    assert _progress(offer.candidate)[1:] == (first.completed_at, 1, date(2025, 9, 9))

    task_reopen(task=first, by=manager)

    assert _progress(offer.candidate)[1:] == (offer.created_at, 2, date(2025, 9, 2))


def test_offer_update_moving_the_start_moves_the_earliest_due(offer, manager):
    checklist_apply(candidate=offer.candidate, template=default_template(), by=manager)
    before = _progress(offer.candidate)

    offer_update(offer=offer, details=_details(start_date=date(2025, 10, 1)), by=manager)

    earliest = (
        OnboardingTask.objects.filter(candidate=offer.candidate, completed_at__isnull=True)
        .order_by("due_on")
        .first()
        .due_on
    )
    assert _progress(offer.candidate) == (*before[:3], earliest)


def test_journey_progress_rebuild_matches_the_per_recruit_refresh(offer, manager):
    checklist_apply(candidate=offer.candidate, template=default_template(), by=manager)
    task_complete(task=OnboardingTask.objects.order_by("pk").first(), by=manager)
    bare = CandidateFactory(organisation=offer.organisation)
    expected = _progress(offer.candidate)

    assert journey_progress_rebuild() == 2

    assert _progress(offer.candidate) == expected
    assert _progress(bare) == (bare.organisation_id, bare.created_at, 0, None)


def test_a_new_recruit_has_a_progress_row_from_their_profile(organisation):
    recruit = CandidateFactory(organisation=organisation)

    assert _progress(recruit) == (organisation.pk, recruit.created_at, 0, None)


def test_a_recruit_moving_organisation_takes_their_progress_row_along(offer, other_organisation):
    candidate = offer.candidate
    candidate.organisation = other_organisation
    candidate.save()

    assert _progress(candidate) == (other_organisation.pk, offer.created_at, 0, None)


def _required(candidate) -> tuple[int, int]:
    row = JourneyProgress.objects.get(candidate=candidate)
    return row.required_count, row.required_open_count


def test_progress_counts_required_tasks_and_the_open_ones(offer, manager):
    checklist_apply(candidate=offer.candidate, template=default_template(), by=manager)
    required = OnboardingTask.objects.filter(candidate=offer.candidate, required=True)
    assert required.count() > 1
    assert _required(offer.candidate) == (required.count(), required.count())

    task_complete(task=required.order_by("pk").first(), by=manager)

    assert _required(offer.candidate) == (required.count(), required.count() - 1)
    expected = _required(offer.candidate)
    journey_progress_rebuild()
    assert _required(offer.candidate) == expected


def _first_buddy_on(candidate) -> date | None:
    """The stored day, after checking it is what working it out from scratch gives."""
    stored = JourneyProgress.objects.get(candidate=candidate).first_buddy_on
    journey_progress_rebuild()
    assert JourneyProgress.objects.get(candidate=candidate).first_buddy_on == stored
    return stored


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_progress_keeps_when_the_first_buddy_started_through_every_write(candidate, buddy):
    assert _first_buddy_on(candidate) is None

    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time): the local day counts.
    late = SupportAssignmentFactory(
        candidate=candidate, staff=buddy, role="buddy", started_at=_at(date(2025, 6, 30), 23, 30)
    )
    SupportAssignmentFactory(
        candidate=candidate, staff=buddy, role="mentor", started_at=_at(date(2025, 6, 1))
    )
    assert _first_buddy_on(candidate) == date(2025, 7, 1)

    late.ended_at = _at(date(2025, 8, 1))
    late.save()  # an ended buddy still counts
    second = SupportAssignmentFactory(
        candidate=candidate, staff=buddy, role="buddy", started_at=_at(date(2025, 8, 2))
    )
    assert _first_buddy_on(candidate) == date(2025, 7, 1)

    late.started_at = _at(date(2025, 6, 20))  # as the admin may
    late.save()
    assert _first_buddy_on(candidate) == date(2025, 6, 20)

    late.role = "preceptor"
    late.save()
    assert _first_buddy_on(candidate) == date(2025, 8, 2)

    other = CandidateFactory(organisation=candidate.organisation)
    second.candidate = other  # moved to another recruit
    second.save()
    assert _first_buddy_on(candidate) is None
    assert _first_buddy_on(other) == date(2025, 8, 2)

    second.delete()
    assert _first_buddy_on(other) is None


def test_migration_backfills_when_the_first_buddy_started(candidate, buddy):
    SupportAssignmentFactory(
        candidate=candidate, staff=buddy, role="buddy", started_at=_at(date(2025, 6, 30), 23, 30)
    )
    JourneyProgress.objects.update(first_buddy_on=None)

    migration = importlib.import_module("onboarding.migrations.0008_journey_progress_first_buddy")
    migration.backfill(django_apps, None)

    assert JourneyProgress.objects.get(candidate=candidate).first_buddy_on == date(2025, 7, 1)


def _registration_times() -> set[tuple]:
    """The stored registration-time counts, after checking they are what counting from scratch
    gives."""
    fields = ["month", "profession__slug", "days", "registrations"]
    stored = set(RegistrationTimeCount.objects.values_list(*fields))
    registration_time_counts_rebuild()
    assert stored == set(RegistrationTimeCount.objects.values_list(*fields))
    return stored


def _registered_step(candidate) -> RegistrationStep:
    steps = {step.template.key: step for step in registration_start(candidate=candidate)}
    return steps["registered"]


def test_registration_time_counts_follow_every_write(offer, organisation):
    candidate, september, october = offer.candidate, date(2025, 9, 1), date(2025, 10, 1)
    registered = _registered_step(candidate)
    registration_step_update(
        step=registered, status=RegistrationStep.Status.DONE, started_on=date(2025, 9, 1),
        finished_on=date(2025, 9, 10), notes="", today=date(2025, 9, 10),
    )  # fmt: skip
    # 1 June → 10 September 2025: 29 + 31 + 31 + 10 = 101 days.
    assert _registration_times() == {(september, "physiotherapist", 101, 1)}

    offer.offer_date = date(2025, 6, 11)  # as the admin may
    offer.save()
    assert _registration_times() == {(september, "physiotherapist", 91, 1)}

    candidate.profession = profession("dietitian")
    candidate.save()
    assert _registration_times() == {(september, "dietitian", 91, 1)}

    registered.finished_on = date(2025, 10, 2)  # moved to another month
    registered.save()
    assert _registration_times() == {(october, "dietitian", 113, 1)}

    other = CandidateFactory(organisation=organisation, profession=profession("dietitian"))
    OfferFactory(candidate=other, offer_date=date(2025, 6, 1))
    others = _registered_step(other)
    others.started_on, others.finished_on = date(2025, 10, 1), date(2025, 10, 2)
    others.save()
    assert _registration_times() == {(october, "dietitian", 113, 1), (october, "dietitian", 123, 1)}

    offer.delete()  # a recruit without an offer has no days from it
    assert _registration_times() == {(october, "dietitian", 123, 1)}

    other.delete()
    assert _registration_times() == set()


def test_migration_backfills_the_registration_time_counts(offer):
    registered = _registered_step(offer.candidate)
    registered.started_on, registered.finished_on = date(2025, 9, 1), date(2025, 9, 10)
    registered.save()
    RegistrationTimeCount.objects.all().delete()

    migration = importlib.import_module("onboarding.migrations.0009_registration_time_counts")
    migration.backfill(None, SimpleNamespace(connection=connection))

    assert list(RegistrationTimeCount.objects.values_list("month", "days", "registrations")) == [
        (date(2025, 9, 1), 101, 1)
    ]
