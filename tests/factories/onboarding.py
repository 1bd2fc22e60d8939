from datetime import date

import factory

from onboarding.models import (
    ChecklistTemplate,
    ChecklistTemplateItem,
    DueAnchor,
    Offer,
    OnboardingTask,
    OwnerRole,
    RecruitmentRoute,
)
from onboarding.services import journey_progress_refresh
from tests.factories.candidates import CandidateFactory, profession
from tests.factories.employers import OrganisationFactory

__all__ = [
    "ChecklistTemplateFactory",
    "ChecklistTemplateItemFactory",
    "OfferFactory",
    "OnboardingTaskFactory",
    "default_template",
]


def default_template() -> ChecklistTemplate:
    """The NHS default checklist is seeded by a data migration; tests look it up."""
    return ChecklistTemplate.objects.get(organisation__isnull=True)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    organisation = factory.LazyAttribute(lambda o: o.candidate.organisation)
    title = "Physiotherapist"
    profession = factory.LazyFunction(profession)
    band = 5
    role_expectations = "Outpatient musculoskeletal caseload with weekly supervision."
    offer_date = date(2025, 6, 1)
    start_date = date(2025, 9, 1)
    recruitment_route = RecruitmentRoute.DIRECT_APPLICATION
    recruited_from = "IN"

    # Factories write round the services, so they store the recruit's progress as they would.
    @factory.post_generation
    def journey_progress(obj, create, extracted, **kwargs):
        if create:
            journey_progress_refresh(candidate_ids=[obj.candidate_id])


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Checklist {n}")


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplateItem

    template = factory.SubFactory(ChecklistTemplateFactory)
    position = factory.Sequence(int)
    section = "Arrival"
    title = factory.Sequence(lambda n: f"Item {n}")
    owner_role = OwnerRole.RECRUIT
    due_anchor = DueAnchor.START
    due_offset_days = 7


class OnboardingTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnboardingTask
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    owner_role = OwnerRole.RECRUIT
    due_on = date(2025, 9, 8)

    @factory.post_generation
    def journey_progress(obj, create, extracted, **kwargs):
        if create:
            journey_progress_refresh(candidate_ids=[obj.candidate_id])
