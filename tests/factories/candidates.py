import factory

from candidates.models import CandidateProfile, Pathway, Profession
from tests.factories.accounts import RecruitUserFactory
from tests.factories.employers import OrganisationFactory

__all__ = ["CandidateFactory", "profession"]


def profession(slug: str = "physiotherapist") -> Profession:
    """Professions are seeded by a data migration; tests look them up, never create them."""
    return Profession.objects.get(slug=slug)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(RecruitUserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    profession = factory.LazyFunction(profession)
    pathway = Pathway.OVERSEAS
    country_of_training = "IN"
    nationality = "IN"
