"""The fixture world for the security tests: two organisations and someone in every role.

Organisation A ("ours") has the recruit, a second recruit (the sibling), their manager, a buddy
assigned to the recruit and a buddy assigned to nobody. Organisation B has another recruit and
their manager. An HEE analyst and an administrator stand outside both. Staff, analyst and admin
are enrolled in MFA, as they must be.
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps

from accounts.models import User
from employers.models import Membership
from tests.factories import CandidateFactory, MembershipFactory, UserFactory, enrol_totp
from tests.security.access_matrix import ROLES  # noqa: F401 (re-exported for the tests)


@dataclass
class Subject:
    """Whose object a URL is built from: a recruit, with their organisation."""

    name: str
    candidate: object
    organisation: object

    @property
    def user(self):
        return self.candidate.user


@dataclass
class World:
    users: dict[str, User | None]
    own: Subject  # the recruit's side: the object every role is tested against
    sibling: Subject  # another recruit in the same organisation
    other: Subject  # a recruit in the other organisation
    cache: dict = field(default_factory=dict)

    def subject(self, name: str) -> Subject:
        return {"own": self.own, "sibling": self.sibling, "other": self.other}[name]

    def once(self, key, build):
        """Build an object once per world (URL builders share it across calls)."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


def assign_support(*, candidate, staff, role: str = "buddy"):
    """Assign `staff` to support `candidate` (pastoral.SupportAssignment once it exists)."""
    try:
        model = apps.get_model("pastoral", "SupportAssignment")
    except LookupError:
        return None
    return model.objects.create(candidate=candidate, staff=staff, role=role)


def _staff(organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    enrol_totp(membership.user)
    return membership.user


@pytest.fixture
def world(organisation, other_organisation, candidate, other_candidate, manager, other_manager):
    sibling = CandidateFactory(organisation=organisation)
    buddy_assigned = _staff(organisation, Membership.Role.BUDDY)
    buddy_not_assigned = _staff(organisation, Membership.Role.BUDDY)
    assign_support(candidate=candidate, staff=buddy_assigned)
    analyst = UserFactory(role=User.Role.HEE_ANALYST)
    enrol_totp(analyst)
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    enrol_totp(admin)
    return World(
        users={
            "anonymous": None,
            "recruit": candidate.user,
            "other_recruit": other_candidate.user,
            "manager_same_org": manager,
            "manager_other_org": other_manager,
            "buddy_assigned": buddy_assigned,
            "buddy_not_assigned": buddy_not_assigned,
            "hee_analyst": analyst,
            "admin": admin,
        },
        own=Subject("own", candidate, organisation),
        sibling=Subject("sibling", sibling, organisation),
        other=Subject("other", other_candidate, other_organisation),
    )


@pytest.fixture
def client_as(client, world):
    """A test client signed in as `role` in the world (anonymous: signed out)."""

    def login(role: str):
        client.logout()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        return client

    return login
