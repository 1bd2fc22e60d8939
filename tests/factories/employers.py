import factory

from employers.models import Membership, Organisation, Region
from tests.factories.accounts import StaffUserFactory

__all__ = ["MembershipFactory", "OrganisationFactory"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example NHS Foundation Trust {n}")
    ods_code = factory.Sequence(lambda n: f"R{n:04d}")
    region = Region.LONDON


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(StaffUserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MANAGER

    class Params:
        # Their user enrolled in MFA (`UserFactory`'s trait).
        mfa = factory.Trait(user__mfa=True)
