"""The fixture world for the security tests: two organisations and someone in every role.

Organisation A ("ours") has the recruit, a second recruit (the sibling), their manager, a buddy
assigned to the recruit and a buddy assigned to nobody. Organisation B has another recruit and
their manager. An HEE analyst and an administrator stand outside both. Staff, analyst and admin
are enrolled in MFA, as they must be.

Two ways to get it:
- `world` builds it inside the test's own transaction (for tests that change things);
- `shared_world` builds it once per test module inside a transaction rolled back when the module
  ends, with every object the access matrix's URL builders need made up front. Each test still
  runs in its own savepoint (the `db` fixture), so a test's writes are undone before the next.
  Files go to one private folder for the module (see `module_private_media`).
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import User
from employers.models import Membership
from tests.factories import (
    CandidateFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.module_data import built_once
from tests.security.access_matrix import ROLES  # noqa: F401 (re-exported for the tests)
from tests.signin import sign_in


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
    clients: dict = field(default_factory=dict)  # role -> signed-in Client (shared world only)

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
    return MembershipFactory(organisation=organisation, role=role, mfa=True).user


def build_world(
    *, organisation, other_organisation, candidate, other_candidate, manager, other_manager
) -> World:
    sibling = CandidateFactory(organisation=organisation)
    buddy_assigned = _staff(organisation, Membership.Role.BUDDY)
    buddy_not_assigned = _staff(organisation, Membership.Role.BUDDY)
    assign_support(candidate=candidate, staff=buddy_assigned)
    analyst = UserFactory(role=User.Role.HEE_ANALYST, mfa=True)
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True, mfa=True)
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


def build_fresh_world() -> World:
    """The world from scratch (the fixtures in tests/conftest.py, without the fixtures)."""
    organisation = OrganisationFactory(name="Riverside NHS Foundation Trust")
    other_organisation = OrganisationFactory(name="Hillside NHS Trust")
    managers = []
    for org in (organisation, other_organisation):
        managers.append(
            MembershipFactory(organisation=org, role=Membership.Role.MANAGER, mfa=True).user
        )
    return build_world(
        organisation=organisation,
        other_organisation=other_organisation,
        candidate=CandidateFactory(organisation=organisation),
        other_candidate=CandidateFactory(organisation=other_organisation),
        manager=managers[0],
        other_manager=managers[1],
    )


@pytest.fixture
def world(organisation, other_organisation, candidate, other_candidate, manager, other_manager):
    return build_world(
        organisation=organisation,
        other_organisation=other_organisation,
        candidate=candidate,
        other_candidate=other_candidate,
        manager=manager,
        other_manager=other_manager,
    )


@pytest.fixture
def client_as(client, world):
    """A test client signed in as `role` in the world (anonymous: signed out)."""

    def login(role: str):
        client.logout()
        user = world.users[role]
        if user is not None:
            sign_in(client, user)
        return client

    return login


# --- The shared world ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def module_private_media(tmp_path_factory):
    return tmp_path_factory.mktemp("private")


@pytest.fixture(scope="module")
def shared_world(request, django_db_setup, django_db_blocker, module_private_media):
    """The world, built once for the module and rolled back at its end.

    `request.module.prepare_shared_world(world)` (if the module defines it) runs inside the same
    transaction to make every object its tests need, so no test builds shared objects lazily
    inside its own savepoint (they would vanish when that test ends).
    """

    def build() -> World:
        world = build_fresh_world()
        prepare = getattr(request.module, "prepare_shared_world", None)
        if prepare is not None:
            prepare(world)
        for role, user in world.users.items():
            client = Client()
            if user is not None:
                sign_in(client, user)
            world.clients[role] = client
        return world

    yield from built_once(build, django_db_blocker, module_private_media)


@pytest.fixture
def shared_media(module_private_media, settings):
    """Point storage at the shared world's folder (overriding the per-test tmp folder)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(module_private_media), "base_url": None},
        },
    }


# --- Fault tests: only when asked for -------------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: stops and restarts shared services; run alone with -m faults"
    )


def pytest_collection_modifyitems(config, items):
    """Fault tests stop Redis and restart PostgreSQL under everyone else's feet: they run only
    in a pytest invocation that selects them (`-m faults`), never as part of a wider run."""
    markexpr = (config.getoption("markexpr", "") or "").replace(" ", "")
    if "faults" in markexpr and "notfaults" not in markexpr:
        return
    skip = pytest.mark.skip(reason="fault tests run alone: pytest -m faults tests/security")
    for item in items:
        if item.get_closest_marker("faults"):
            item.add_marker(skip)
