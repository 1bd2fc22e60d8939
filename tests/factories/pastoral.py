from datetime import timedelta

import factory
from django.utils import timezone

from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    CheckInFormat,
    LocalNetwork,
    NetworkKind,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)
from pastoral.services import check_in_gaps_refresh, pulse_month_flags_refresh
from pastoral.signals import supporters_changed
from tests.factories.accounts import StaffUserFactory
from tests.factories.candidates import CandidateFactory
from tests.factories.employers import OrganisationFactory

__all__ = [
    "BuddyChangeRequestFactory",
    "CheckInFactory",
    "LocalNetworkFactory",
    "SelfAssessmentRatingFactory",
    "StaffProfileFactory",
    "SupportAssignmentFactory",
    "WellbeingPulseFactory",
]


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(StaffUserFactory)


# Factories write round the services, so each calls what the services call after the write.


class SupportAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportAssignment
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    staff = factory.SubFactory(StaffUserFactory)
    role = SupportRole.BUDDY
    next_check_in_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))

    @factory.post_generation
    def announced(obj, create, extracted, **kwargs):
        if create:
            supporters_changed.send(sender=SupportAssignment, candidate_ids=[obj.candidate_id])


class BuddyChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuddyChangeRequest

    candidate = factory.SubFactory(CandidateFactory)
    reason = "We rarely manage to meet."


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn
        skip_postgeneration_save = True

    assignment = factory.SubFactory(SupportAssignmentFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    format = CheckInFormat.IN_PERSON
    topics = factory.LazyFunction(lambda: ["nhs_system_knowledge"])
    notes = "Talked about the rota."
    logged_by = factory.SelfAttribute("assignment.staff")

    @factory.post_generation
    def marks(obj, create, extracted, **kwargs):
        if create:
            check_in_gaps_refresh(assignment_id=obj.assignment_id)


class WellbeingPulseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingPulse
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    period_start = factory.Sequence(
        lambda n: timezone.localdate() - timedelta(days=14 * (n % 5 + 1))
    )
    belonging = 4
    wellbeing = 4
    supported = 4

    @factory.post_generation
    def marks(obj, create, extracted, **kwargs):
        if create:
            pulse_month_flags_refresh(candidate_id=obj.candidate_id, month=obj.period_start)


class LocalNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalNetwork

    name = factory.Sequence(lambda n: f"Network {n}")
    kind = NetworkKind.DIASPORA
    organisation = factory.SubFactory(OrganisationFactory)


class SelfAssessmentRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessmentRating

    organisation = factory.SubFactory(OrganisationFactory)
    rating = 2
