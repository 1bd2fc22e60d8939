"""Every URL in the project, every role: the outcome the access matrix states."""

from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.access_matrix import (
    FRAMEWORK_PREFIXES,
    NOT_FOUND,
    PAGES,
    PENDING,
    ROLES,
    Outcome,
)

pytestmark = pytest.mark.django_db


def _walk(resolver, namespace=None, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def all_url_patterns() -> list[tuple[str, str | None, URLPattern]]:
    return list(_walk(get_resolver()))


def _is_framework(route: str, name: str | None) -> bool:
    if name:
        return name.startswith(FRAMEWORK_PREFIXES)
    return route.startswith(("admin/", "accounts/"))


def project_url_names() -> list[str]:
    return sorted(
        {name for route, name, _ in all_url_patterns() if name and not _is_framework(route, name)}
    )


def test_every_project_url_is_named():
    unnamed = [route for route, name, _ in all_url_patterns() if not name]
    unnamed = [route for route in unnamed if not _is_framework(route, None)]
    assert unnamed == [], "Name these URL patterns so the access matrix can list them"


def test_every_project_url_has_an_access_matrix_entry():
    missing = [name for name in project_url_names() if name not in PAGES and name not in PENDING]
    assert missing == [], (
        "Add these URL names to tests/security/access_matrix.py PAGES, stating the outcome "
        f"for every role: {missing}"
    )


def test_access_matrix_has_no_stale_entries():
    assert sorted(set(PAGES) - set(project_url_names())) == []


def test_pending_entries_are_still_pending():
    """PENDING only shrinks: a name that got its entry, or left the URLconf, comes off it."""
    assert sorted(PENDING & set(PAGES)) == []
    assert sorted(PENDING - set(project_url_names())) == []


def test_access_matrix_entries_name_every_role():
    incomplete = {name: set(ROLES) - set(page.expect) for name, page in PAGES.items()}
    assert {name: roles for name, roles in incomplete.items() if roles} == {}


def _url(name, page, world, subject):
    kwargs = page.kwargs(world, subject) if page.kwargs else {}
    return reverse(name, kwargs=kwargs)


def prepare_shared_world(world):
    """Make every object the URL builders use, once, inside the module's transaction."""
    for page in PAGES.values():
        if page.kwargs:
            for subject in (world.own, world.sibling, world.other):
                page.kwargs(world, subject)


@pytest.fixture
def _fast_passwords_and_private_media(shared_media):
    """The shared world keeps its files in the module's folder (overrides tests/conftest.py)."""


def _outcome_error(response, expected: Outcome, context: str, world) -> str | None:
    if response.status_code != expected.status:
        location = response.get("Location", "")
        return f"{context}: expected {expected}, got {response.status_code} {location}"
    if expected.to:
        kwargs = {}
        if expected.to_subject:
            kwargs = {"pk": world.subject(expected.to_subject).organisation.pk}
        if urlparse(response["Location"]).path != reverse(expected.to, kwargs=kwargs):
            return f"{context}: expected a redirect to {expected.to}, got {response['Location']}"
    return None


@pytest.mark.parametrize("name", sorted(PAGES))
def test_access_matrix(name, shared_world):
    """Every role against the recruit's object, then someone else's objects (404).

    One test per page, all roles inside: the world and the signed-in clients are shared by the
    module, and the GETs change nothing. On a POST-only page the foreign ids are POSTed (empty
    form): refused before any change, or rolled back with the test's savepoint if not.
    """
    page = PAGES[name]
    world = shared_world
    errors = []
    for role in ROLES:
        client = world.clients[role]
        url = _url(name, page, world, world.own)
        errors.append(
            _outcome_error(client.get(url), page.expect[role], f"GET {url} as {role}", world)
        )
        for subject_name in page.foreign_subjects(role):
            foreign_url = _url(name, page, world, world.subject(subject_name))
            method = client.post if page.post_only else client.get
            errors.append(
                _outcome_error(
                    method(foreign_url),
                    NOT_FOUND,
                    f"{method.__name__.upper()} {foreign_url} ({subject_name}'s object) as {role}",
                    world,
                )
            )
    assert [error for error in errors if error] == []


# --- Framework pages ----------------------------------------------------------------------


def _argless(prefix: str) -> list[str]:
    names = []
    for _route, name, pattern in all_url_patterns():
        if name and name.startswith(prefix) and not pattern.pattern.regex.groupindex:
            names.append(name)
    return sorted(set(names))


ADMIN_PAGES = [name for name in _argless("admin:") if name.endswith(("_changelist", ":index"))]


@pytest.mark.parametrize("name", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["anonymous", "recruit", "manager_same_org", "hee_analyst"])
def test_framework_pages_admin_sends_non_admins_to_admin_sign_in(name, role, shared_world):
    response = shared_world.clients[role].get(reverse(name))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("admin:login")


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_framework_pages_admin_open_to_the_administrator(name, shared_world):
    assert shared_world.clients["admin"].get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", _argless("account_") + _argless("mfa_"))
def test_framework_pages_allauth_signed_out_never_fails_or_shows_an_account(
    name, shared_world, client
):
    response = client.get(reverse(name))
    assert response.status_code in {200, 302, 405}
    if response.status_code == 302:
        assert urlparse(response["Location"]).path in {
            reverse("account_login"),
            reverse("account_reset_password"),
        }
