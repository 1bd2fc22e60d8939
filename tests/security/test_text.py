"""Text in emails and one-line fields: plain-text email parts are not HTML-escaped (their HTML
parts are), and names, titles and other one-line text refuse characters nobody sees
(bidirectional controls, zero-width and other format characters) that let one thing pass for
another in an email or a page."""

from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

from accounts.forms import InvitationAcceptForm
from accounts.models import Invitation, User
from accounts.services import invitation_create
from portal.forms import is_single_line_text, validate_visible_text
from tests.factories import InvitationFactory
from tests.security.test_dates import project_forms

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_NAME = "<script>alert(1)</script> O'Brien & Sons"

# The characters the probe used, and their relatives.
HIDDEN = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "pop directional formatting": "\u202c",
    "right-to-left isolate": "\u2067",
    "pop directional isolate": "\u2069",
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "line separator": "\u2028",
    "escape": "\x1b",
}


# --- Email parts ----------------------------------------------------------------------------


def test_invitation_plain_text_is_not_html_escaped_and_html_is(
    organisation, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            email="amara@example.com",
            role=User.Role.RECRUIT,
            invited_by=manager,
            organisation=organisation,
            full_name=SCRIPT_NAME,
        )

    [message] = mailoutbox
    html, _mime = message.alternatives[0]
    assert message.body.startswith(f"Hello {SCRIPT_NAME},")
    assert "&lt;" not in message.body and "&amp;" not in message.body
    assert "Hello &lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Brien &amp; Sons," in html
    assert "<script>" not in html


def _email_text_templates() -> list[Path]:
    return sorted((ROOT / "templates").glob("**/email/*.txt"))


def test_every_plain_text_email_template_turns_autoescape_off():
    """Each plain-text email part renders with autoescape off, itself or through the template
    it extends (the HTML parts keep it on)."""
    templates = _email_text_templates()
    assert len(templates) >= 11
    for path in templates:
        text = path.read_text()
        if text.startswith("{% extends "):
            parent = text.split('"')[1]
            text = (ROOT / "templates" / parent).read_text()
        assert text.startswith("{% autoescape off %}"), path
        assert text.rstrip().endswith("{% endautoescape %}"), path


# --- Hidden characters ----------------------------------------------------------------------


@pytest.mark.parametrize("character", HIDDEN.values(), ids=HIDDEN.keys())
def test_invitation_accept_refuses_a_name_with_hidden_characters(client, character):
    invitation = InvitationFactory()

    response = client.post(
        reverse("accounts:invitation-accept", args=[invitation.token]),
        {
            "full_name": f"Amara{character}Okafor",
            "password1": "a-long-unusual-pass",
            "password2": "a-long-unusual-pass",
        },
    )

    assert response.status_code == 200
    [error] = response.context["form"].errors["full_name"]
    assert error == (
        f"Remove the hidden characters (U+{ord(character):04X}) from this text. Type it again "
        "rather than pasting it."
    )
    assert not User.objects.filter(email=invitation.email).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_manager_invitation_refuses_a_spoofed_name(client_for, manager, organisation):
    response = client_for(manager).post(
        reverse("employers:organisation-invite", args=[organisation.pk]),
        {"email": "new@example.com", "full_name": "Dr \u202egnipooS", "kind": "recruit"},
    )

    assert response.status_code == 200
    assert Invitation.objects.filter(email="new@example.com").count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "Amara Okafor",
        "Zoë Ó Briain-Łukasiewicz",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with a zero-width non-joiner
        "\u0915\u094d\u200d\u0937",  # Devanagari, with a zero-width joiner
        "\u0639\u0645\u0631 Omar",  # right-to-left and left-to-right text side by side
    ],
)
def test_visible_names_in_any_script_are_accepted(name):
    validate_visible_text(name)
    form = InvitationAcceptForm(
        {"full_name": name, "password1": "a-long-unusual-pass", "password2": "a-long-unusual-pass"},
        email="amara@example.com",
    )
    assert form.is_valid(), form.errors


def _spoofed_value(field: forms.Field) -> str:
    if isinstance(field, forms.EmailField):
        return "amara\u202e@example.com"
    if isinstance(field, forms.URLField):
        return "https://nhs\u202e.example/"
    if isinstance(field, forms.SlugField):
        return "raising\u202econcerns"
    return "Kerala \u202eAssociation"


def single_line_text_fields() -> list[tuple[str, forms.Field]]:
    return [
        (f"{form.__module__}.{form.__name__}.{name}", field)
        for form in project_forms()
        for name, field in form.base_fields.items()
        if is_single_line_text(field)
    ]


def test_the_walk_finds_the_names_and_titles():
    assert {
        "accounts.forms.InvitationAcceptForm.full_name",
        "employers.forms.InviteForm.full_name",
        "onboarding.forms.OfferForm.title",
        "onboarding.forms.TaskAddForm.title",
        "onboarding.forms.TemplateItemForm.title",
        "learning.forms.GuideForm.title",
        "learning.forms.CpdActivityForm.title",
        "pastoral.forms.NetworkForm.name",
        "pastoral.forms.NetworkForm.link",
    } <= {name for name, _field in single_line_text_fields()}


@pytest.mark.parametrize("name", [name for name, _field in single_line_text_fields()])
def test_every_single_line_text_field_refuses_hidden_characters(name):
    field = dict(single_line_text_fields())[name]

    with pytest.raises(forms.ValidationError):
        field.clean(_spoofed_value(field))
