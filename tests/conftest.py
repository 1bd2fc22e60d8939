import pytest
from django.core.cache import cache

from employers.models import Membership
from tests.factories import (
    AnalystFactory,
    CandidateFactory,
    MembershipFactory,
    OrganisationFactory,
    enrol_totp,
)


@pytest.fixture(autouse=True)
def _fast_passwords_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # The local-memory cache outlives each test's rolled-back database; start every test empty.
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Riverside NHS Foundation Trust")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Hillside NHS Trust")


@pytest.fixture
def manager(organisation):
    membership = MembershipFactory(organisation=organisation, role=Membership.Role.MANAGER)
    enrol_totp(membership.user)
    return membership.user


@pytest.fixture
def other_manager(other_organisation):
    membership = MembershipFactory(organisation=other_organisation, role=Membership.Role.MANAGER)
    enrol_totp(membership.user)
    return membership.user


@pytest.fixture
def buddy(organisation):
    membership = MembershipFactory(organisation=organisation, role=Membership.Role.BUDDY)
    enrol_totp(membership.user)
    return membership.user


@pytest.fixture
def candidate(organisation):
    return CandidateFactory(organisation=organisation)


@pytest.fixture
def recruit(candidate):
    return candidate.user


@pytest.fixture
def other_candidate(other_organisation):
    return CandidateFactory(organisation=other_organisation)


@pytest.fixture
def analyst(db):
    user = AnalystFactory()
    enrol_totp(user)
    return user


@pytest.fixture
def client_for(client):
    """Log `user` in on the test client, past MFA (staff are enrolled by the fixtures)."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_collection_modifyitems(items):
    """Every transactional test restores the database it found.

    Reference data (professions, step templates, checklists, thresholds, guides) comes from data
    migrations. A transactional test flushes the database afterwards; unless every such test
    uses serialized rollback, the flush recreates content types and the next test that restores
    the serialized data collides with them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, put the migration-seeded data back, so a test that
    runs after it on the same worker (xdist does not keep Django's ordering) still finds it."""
    yield
    marker = item.get_closest_marker("django_db")
    # The last test's teardown also removes the test database: nothing to restore for.
    if nextitem is None or not (marker and marker.kwargs.get("transaction")):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                connections[alias].creation.deserialize_db_from_string(contents)
