import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password

from accounts.models import Invitation, User

__all__ = [
    "DEFAULT_PASSWORD",
    "AnalystFactory",
    "InvitationFactory",
    "RecruitUserFactory",
    "StaffUserFactory",
    "UserFactory",
    "enrol_totp",
]

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Faker("name")
    role = User.Role.RECRUIT
    # Hashed as set_password would, before the INSERT: no second save per user.
    password = factory.LazyFunction(lambda: make_password(DEFAULT_PASSWORD))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)

    class Params:
        # Enrolled in TOTP, as staff and analysts must be to get past the MFA gate.
        mfa = factory.Trait(
            totp=factory.PostGeneration(lambda user, create, extracted, **kwargs: enrol_totp(user))
        )


class RecruitUserFactory(UserFactory):
    role = User.Role.RECRUIT


class StaffUserFactory(UserFactory):
    role = User.Role.EMPLOYER_STAFF


class AnalystFactory(UserFactory):
    role = User.Role.HEE_ANALYST


def enrol_totp(user: User) -> str:
    """Give `user` a TOTP authenticator, as if they had enrolled; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = User.Role.RECRUIT
