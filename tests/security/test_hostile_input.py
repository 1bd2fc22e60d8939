"""Hostile input for every registered form: never a server error, rejections are form errors,
nothing stored changes on a rejection, and no submitted script comes back unescaped.

To register a form, add a `FormCase` to `FORMS`:
- `url(world)` gives the page (build a fresh object per example when a success consumes it),
- `who` is a role from the fixture world (tests/security/conftest.py),
- `fields` maps each POST field to a kind (TEXT, EMAIL, PASSWORD, NUMBER, DATE, CHOICE(...)),
- `valid` gives valid values, mixed with the hostile ones so that some examples pass
  the other fields' checks and reach the deeper validation,
- `stored(world)` returns what must not change when the form is rejected.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation, User
from tests.factories import DEFAULT_PASSWORD, InvitationFactory

MAX_EXAMPLES = 12

SCRIPT = "<script>alert('xss')</script>"
HOSTILE_TEXT = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE accounts_user; --",
    "1 OR 1=1",
    "Robert'); DELETE FROM candidates_candidateprofile;--",
    "A" * 5000,
    "ي" * 300,
    "\u202eRTL override\u202c",
    "👩🏽‍⚕️" * 60,
    "\x00null byte",
    "   ",
    "",
    "{{ settings.SECRET_KEY }}",
    "%s%s%s%n",
    "../../../../etc/passwd",
]
HOSTILE_NUMBERS = ["-1", "0", "-99999999999999999999", "99999999999999999999", "1e309", "NaN", "½"]
HOSTILE_DATE_PARTS = [
    ("31", "2", "2025"),
    ("0", "0", "0"),
    ("-1", "13", "20255"),
    ("29", "2", "2023"),
    ("1", "1", "0001"),
    ("99", "99", "9999"),
    ("1", "1", "<script>"),
]

hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=300))


@dataclass(frozen=True)
class Kind:
    name: str
    choices: tuple[str, ...] = ()

    def strategy(self):
        if self.name == "number":
            return st.one_of(st.sampled_from(HOSTILE_NUMBERS), hostile_text)
        if self.name == "choice":
            return st.one_of(st.sampled_from(self.choices), hostile_text)
        if self.name == "email":
            return st.one_of(st.emails().map(lambda e: e[:254]), hostile_text)
        return hostile_text


TEXT, EMAIL, PASSWORD, NUMBER = Kind("text"), Kind("email"), Kind("password"), Kind("number")
DATE = Kind("date")


def CHOICE(*choices: str) -> Kind:
    return Kind("choice", choices)


@dataclass
class FormCase:
    url: Callable  # (world) -> url
    who: str
    fields: dict[str, Kind]
    valid: dict[str, str] = field(default_factory=dict)
    stored: Callable = lambda world: None  # (world) -> snapshot of what must not change
    succeeded: Callable = lambda response: response.status_code == 302


_sequence = itertools.count()


def _fresh_invitation_url(world) -> str:
    invitation = InvitationFactory(email=f"hostile{next(_sequence)}@example.com")
    world.cache["invitation"] = invitation
    return reverse("accounts:invitation-accept", args=[invitation.token])


def _invitation_state(world):
    invitation = world.cache["invitation"]
    return (
        User.objects.filter(email=invitation.email).count(),
        Invitation.objects.get(pk=invitation.pk).accepted_at,
    )


def _users_and_sessions(world):
    from django.contrib.sessions.models import Session

    return (User.objects.count(), Session.objects.count())


def _barrier_count(world):
    from candidates.models import BarrierReport

    return list(
        BarrierReport.objects.filter(candidate=world.own.candidate).values_list(
            "pk", "description", "resolution"
        )
    )


def _erasure_requests(world):
    from privacy.models import ErasureRequest

    return list(ErasureRequest.objects.values_list("pk", "reason", "status"))


FORMS: dict[str, FormCase] = {
    "candidates:barrier-add": FormCase(
        url=lambda world: reverse("candidates:barrier-add", args=[world.own.candidate.pk]),
        who="recruit",
        fields={
            "theme": CHOICE("hcpc_registration", "housing"),
            "description": TEXT,
            "severity": CHOICE("low", "medium", "high"),
            "occurred_on": DATE,
            "resolution": TEXT,
        },
        valid={"theme": "hcpc_registration", "description": "A form got lost", "severity": "low"},
        stored=_barrier_count,
    ),
    "privacy:my-data": FormCase(
        url=lambda world: reverse("privacy:my-data"),
        who="recruit",
        fields={"reason": TEXT, "confirm": CHOICE("on", "")},
        valid={"reason": "Moving on", "confirm": "on"},
        stored=_erasure_requests,
    ),
    "accounts:invitation-accept": FormCase(
        url=_fresh_invitation_url,
        who="anonymous",
        fields={"full_name": TEXT, "password1": PASSWORD, "password2": PASSWORD},
        valid={
            "full_name": "Amara Okafor",
            "password1": "a-long-unusual-pass",
            "password2": "a-long-unusual-pass",
        },
        stored=_invitation_state,
    ),
    "account_login": FormCase(
        url=lambda world: reverse("account_login"),
        who="anonymous",
        fields={"login": EMAIL, "password": PASSWORD},
        valid={"login": "nobody@example.nhs.uk", "password": DEFAULT_PASSWORD},
        stored=_users_and_sessions,
    ),
}


def _field_values(kind: Kind, name: str):
    """Strategy for the POST items of one field (a date is three boxes)."""
    if kind.name == "date":
        return st.sampled_from(HOSTILE_DATE_PARTS).map(
            lambda parts: dict(
                zip((f"{name}_day", f"{name}_month", f"{name}_year"), parts, strict=True)
            )
        )
    return kind.strategy().map(lambda value: {name: value})


def _submission(case: FormCase):
    """Each field either hostile or valid; at least one hostile."""
    per_field = [
        st.one_of(_field_values(kind, name), st.just({name: case.valid.get(name, "")}))
        if name in case.valid
        else _field_values(kind, name)
        for name, kind in case.fields.items()
    ]
    return st.tuples(*per_field).map(lambda parts: {k: v for p in parts for k, v in p.items()})


def _submitted_text(data: dict) -> str:
    return " ".join(str(value) for value in data.values())


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_hostile_input_is_refused_cleanly(form_name, world, client_as):
    case = FORMS[form_name]

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=_submission(case))
    def submit(data):
        cache.clear()  # keep allauth's rate limits out of the way
        client = client_as(case.who)
        url = case.url(world)
        before = case.stored(world)

        response = client.post(url, data)

        assert response.status_code != 500
        html = response.content.decode(errors="replace")
        if SCRIPT in _submitted_text(data) or "<script" in _submitted_text(data):
            assert SCRIPT not in html
            assert "<script>alert" not in html
        if case.succeeded(response):
            return
        assert response.status_code == 200, f"rejection must re-render the form: {data!r}"
        assert "nhsuk-error-summary" in html, f"rejection without an error summary: {data!r}"
        assert case.stored(world) == before, f"a rejected submission changed data: {data!r}"

    submit()
