"""Every URL in the project, every role: the outcome the access matrix states."""

from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.access_matrix import FRAMEWORK_PREFIXES, PAGES, PENDING, ROLES, Outcome


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


def _assert_outcome(response, expected: Outcome, context: str, world=None):
    assert response.status_code == expected.status, (
        f"{context}: expected {expected}, got {response.status_code} {response.get('Location', '')}"
    )
    if expected.to:
        kwargs = {}
        if expected.to_subject:
            kwargs = {"pk": world.subject(expected.to_subject).organisation.pk}
        assert urlparse(response["Location"]).path == reverse(expected.to, kwargs=kwargs), context


def _url(name, page, world, subject):
    kwargs = page.kwargs(world, subject) if page.kwargs else {}
    return reverse(name, kwargs=kwargs)


CASES = [(name, role) for name in sorted(PAGES) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access_matrix(name, role, world, client_as):
    page = PAGES[name]
    if name not in project_url_names():
        pytest.skip(f"{name} is not in the URLconf (stale entry, reported separately)")
    client = client_as(role)
    url = _url(name, page, world, world.own)
    _assert_outcome(client.get(url), page.expect[role], f"GET {url} as {role}", world)

    for subject_name in page.foreign_subjects(role):
        foreign_url = _url(name, page, world, world.subject(subject_name))
        _assert_outcome(
            client.get(foreign_url),
            Outcome(404),
            f"GET {foreign_url} ({subject_name}'s object) as {role}",
        )


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
def test_framework_pages_admin_sends_non_admins_to_admin_sign_in(name, role, world, client_as):
    response = client_as(role).get(reverse(name))
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("admin:login")


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_framework_pages_admin_open_to_the_administrator(name, world, client_as):
    assert client_as("admin").get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", _argless("account_") + _argless("mfa_"))
def test_framework_pages_allauth_signed_out_never_fails_or_shows_an_account(name, world, client):
    response = client.get(reverse(name))
    assert response.status_code in {200, 302, 405}
    if response.status_code == 302:
        assert urlparse(response["Location"]).path in {
            reverse("account_login"),
            reverse("account_reset_password"),
        }
