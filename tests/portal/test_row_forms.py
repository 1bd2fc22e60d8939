"""The list helpers: row URLs built once, one CSRF input per list."""

import pytest
from django.middleware.csrf import get_token
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from portal.links import url_maker


@pytest.mark.parametrize(
    "name", ["onboarding:task-complete", "onboarding:journey", "candidates:document-download"]
)
def test_url_maker_gives_what_reverse_gives(name):
    make = url_maker(name)

    assert [make(pk) for pk in (1, 42, 918273645)] == [
        reverse(name, args=[pk]) for pk in (1, 42, 918273645)
    ]


def test_row_csrf_token_is_django_csrf_token_on_every_row():
    request = RequestFactory().get("/")
    get_token(request)
    html = (
        engines["django"]
        .from_string(
            "{% load row_forms %}{% csrf_token %}|"
            "{% for i in rows %}<form>{% row_csrf_token %}</form>{% endfor %}"
        )
        .render({"rows": range(3)}, request=request)
    )
    single, rows = html.split("|")

    assert 'name="csrfmiddlewaretoken"' in single
    assert rows == f"<form>{single}</form>" * 3
