"""Every page answers only the HTTP methods it serves: PUT, PATCH, DELETE and TRACE get 405 (not
the page), and a page that only shows something refuses POST too."""

import pytest
from django.urls import reverse

from tests.security.access_matrix import PAGES, ROLES
from tests.security.test_access_matrix import all_url_patterns
from tests.security.test_hostile_input import _view_source

pytestmark = pytest.mark.django_db

REFUSED = ("put", "patch", "delete", "trace")


def prepare_shared_world(world):
    for page in PAGES.values():
        if page.kwargs:
            page.kwargs(world, world.own)


@pytest.fixture
def _fast_passwords_and_private_media(shared_media):
    """The shared world keeps its files in the module's folder (overrides tests/conftest.py)."""


def _past_the_gates(page) -> str:
    """A role the page lets in (200, a redirect to a page, or 405 for GET on a POST-only page)."""
    for role in ROLES:
        outcome = page.expect[role]
        if outcome.status == 200 or (outcome.status == 302 and outcome.to != "account_login"):
            return role
        if outcome.status == 405:  # a POST-only page, refusing GET once past the gates
            return role
    raise AssertionError("no role gets past this page's gates")


def _url(name, page, world) -> str:
    return reverse(name, kwargs=page.kwargs(world, world.own) if page.kwargs else {})


def _show_only_pages() -> list[str]:
    """Pages whose view reads no POST (form pages are tested in test_hostile_input.py)."""
    callbacks = {name: pattern.callback for _route, name, pattern in all_url_patterns() if name}
    return sorted(
        name
        for name, page in PAGES.items()
        if page.expect[_past_the_gates(page)].status != 405
        and "POST" not in _view_source(callbacks[name])
    )


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_refuses_methods_it_does_not_serve(name, shared_world):
    page = PAGES[name]
    client = shared_world.clients[_past_the_gates(page)]
    url = _url(name, page, shared_world)

    for method in REFUSED:
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert set(response["Allow"].split(", ")) <= {"GET", "HEAD", "POST"}, (method, url)


@pytest.mark.parametrize("name", _show_only_pages())
def test_page_that_only_shows_refuses_post(name, shared_world):
    page = PAGES[name]
    client = shared_world.clients[_past_the_gates(page)]
    url = _url(name, page, shared_world)

    response = client.post(url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_form_pages_still_answer_get_head_and_post(client_for, recruit):
    client = client_for(recruit)
    url = reverse("candidates:profile-edit")

    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
    assert client.post(url, {}).status_code == 200  # the form again, with its errors
