import gc
from collections import defaultdict

import pytest
from django.core.cache import cache

from accounts.models import User
from employers.models import Membership
from tests.factories import (
    AnalystFactory,
    CandidateFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.signin import sign_in


def pytest_configure(config):
    # Full garbage collections (of the oldest generation) rescan every object the process holds:
    # Django's models and URL resolvers, compiled templates, every collected test. At Python's
    # default thresholds they took about a tenth of the suite's time; the younger generations are
    # still collected as often, which is where a test's garbage goes.
    gc.set_threshold(700, 10, 1000)


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
    return MembershipFactory(organisation=organisation, role=Membership.Role.MANAGER, mfa=True).user


@pytest.fixture
def other_manager(other_organisation):
    return MembershipFactory(
        organisation=other_organisation, role=Membership.Role.MANAGER, mfa=True
    ).user


@pytest.fixture
def buddy(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.BUDDY, mfa=True).user


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
    return AnalystFactory(mfa=True)


@pytest.fixture
def migrate_to():
    """Move the test database to migration `targets` ([(app, name)]) and return the apps of
    that state, to seed a database as it was before a data migration and migrate it forward
    (`migrate_to(None)`: to the latest). The database is left at the latest migrations. For
    transactional tests (schema changes can't run inside the test's transaction)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        targets = targets or executor.loader.graph.leaf_nodes()
        executor.migrate(targets)
        return MigrationExecutor(connection).loader.project_state(targets).apps

    yield migrate
    migrate(None)


@pytest.fixture
def client_for(client):
    """Sign `user` in on the test client as allauth's login would: past MFA for the enrolled
    (staff are enrolled by the fixtures). tests/signin.py says how."""

    def login(user):
        return sign_in(client, user)

    return login


@pytest.fixture
def superuser_client(client, db):
    """The test client signed in as a portal administrator (a superuser, past MFA), for the
    Django admin's pages (`tests/admin_pages.py` submits them)."""
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True, mfa=True)
    return sign_in(client, admin)


# After pytest-django's hook, which orders the tests Django's way (transactional ones last).
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Every transactional test restores the database it found; modules run heaviest first.

    Reference data (professions, step templates, checklists, thresholds, guides) comes from data
    migrations. A transactional test flushes the database afterwards; unless every such test
    uses serialized rollback, the flush recreates content types and the next test that restores
    the serialized data collides with them.

    `make test` hands whole modules to two workers in collection order (`--dist loadfile
    --no-loadscope-reorder`): so the slowest come first, and the last ones handed out are small
    enough that neither worker waits long for the other. The slowest are those that build a world
    once per module (a module-scoped fixture) or use transactions (seed_demo); then the others,
    the most tests first. The browser tests go last: once Playwright has started, the tests that
    follow get fresh database connections, and the one left open keeps PostgreSQL from dropping
    the test database at the end. Tests keep their order within a module.
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

    modules = defaultdict(list)
    for item in items:
        modules[item.path].append(item)
    heavy = {
        path
        for path, module_items in modules.items()
        if any(_is_transactional(item) or _uses_module_fixture(item) for item in module_items)
    }
    browser = {path for path, module_items in modules.items() if _drives_a_browser(module_items)}
    order = sorted(
        modules, key=lambda path: (path in browser, path not in heavy, -len(modules[path]))
    )
    items[:] = [item for path in order for item in modules[path]]


def _drives_a_browser(module_items) -> bool:
    return any(item.get_closest_marker("browser") for item in module_items)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


def _uses_module_fixture(item) -> bool:
    fixtureinfo = getattr(item, "_fixtureinfo", None)
    return fixtureinfo is not None and any(
        definitions[-1].scope == "module"
        for definitions in fixtureinfo.name2fixturedefs.values()
        if definitions
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
