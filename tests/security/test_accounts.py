"""Accounts end to end: MFA for everyone who sees others' data, throttled sign-in, idle staff
sessions, single-use expiring invitations."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_SEEN_SESSION_KEY, MFA_ENROLMENT_ALLOWED_PREFIXES
from accounts.models import Invitation, User
from employers.models import Membership
from tests.factories import DEFAULT_PASSWORD, InvitationFactory, MembershipFactory
from tests.security.access_matrix import PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its counters in the cache; don't let one test's failures throttle another.
    cache.clear()
    yield
    cache.clear()


def totp_now(secret: str) -> str:
    """The code an authenticator app would show right now."""
    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def _sign_in(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _data_page_urls(world) -> list[str]:
    urls = []
    for name, page in PAGES.items():
        url = reverse(name, kwargs=page.kwargs(world, world.own) if page.kwargs else {})
        if not url.startswith(MFA_ENROLMENT_ALLOWED_PREFIXES) and name != "healthz":
            urls.append(url)
    return urls


def test_staff_must_enrol_in_mfa_then_sign_in_with_a_code(client, world):
    manager = MembershipFactory(
        organisation=world.own.organisation, role=Membership.Role.MANAGER
    ).user
    assert _sign_in(client, manager.email).status_code == 302

    # Before enrolling: every data page sends them to enrolment.
    for url in _data_page_urls(world):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (
            302,
            reverse("mfa_activate_totp"),
        ), url

    # Enrol through allauth's own form with the code their app would show.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=manager).exists()
    enrolled = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert enrolled.status_code == 302
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).count() == 1
    assert client.get(reverse("onboarding:recruits")).status_code == 200

    # Next sign-in: the password alone is not enough.
    client.post(reverse("account_logout"))
    response = _sign_in(client, manager.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("onboarding:recruits")).status_code == 302
    refused = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    accepted = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert accepted.status_code == 302
    assert client.get(reverse("onboarding:recruits")).status_code == 200


def test_analyst_and_admin_must_enrol_but_recruit_need_not(client, world):
    from tests.factories import UserFactory

    for role in (User.Role.HEE_ANALYST, User.Role.ADMIN):
        person = UserFactory(role=role, is_staff=role == User.Role.ADMIN)
        client.force_login(person)
        response = client.get(reverse("home"))
        assert response["Location"] == reverse("mfa_activate_totp"), role
    client.force_login(world.users["recruit"])
    assert client.get(reverse("candidates:journey")).status_code == 200


def test_sixth_wrong_password_within_the_window_is_refused(client, recruit):
    for _attempt in range(5):
        response = _sign_in(client, recruit.email, "wrong-password")
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()

    sixth = _sign_in(client, recruit.email, "wrong-password")
    right_password_too = _sign_in(client, recruit.email)

    assert sixth.status_code == 200
    assert "Too many failed login attempts. Try again later." in sixth.content.decode()
    assert "Too many failed login attempts" in right_password_too.content.decode()
    assert "_auth_user_id" not in client.session


def test_rate_limits_are_configured_for_login_and_password_reset():
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["login_failed"] == "5/5m/ip,5/5m/key"
    assert "reset_password" in limits


def _age_session(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - seconds
    session.save()


def test_staff_session_expires_after_inactivity(client_for, manager):
    client = client_for(manager)
    assert client.get(reverse("onboarding:recruits")).status_code == 200

    _age_session(client, settings.STAFF_SESSION_IDLE_SECONDS - 5)
    assert client.get(reverse("onboarding:recruits")).status_code == 200

    _age_session(client, settings.STAFF_SESSION_IDLE_SECONDS + 1)
    expired = client.get(reverse("onboarding:recruits"))
    assert expired.status_code == 302
    location = urlparse(expired["Location"])
    assert (location.path, location.query) == (
        reverse("account_login"),
        f"next={reverse('onboarding:recruits')}",
    )
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("onboarding:recruits"))["Location"].startswith(
        reverse("account_login")
    )


@pytest.mark.parametrize(
    "path",
    [
        "/onboarding/recruits&next=//evil.example/",
        "/onboarding/recruits/?page=2&next=https://evil.example/",
    ],
)
def test_idle_timeout_encodes_the_path_it_returns_to(client_for, manager, path):
    client = client_for(manager)
    _age_session(client, settings.STAFF_SESSION_IDLE_SECONDS + 1)

    expired = client.get(path)

    location = urlparse(expired["Location"])
    assert location.path == reverse("account_login")
    [next_url] = parse_qs(location.query)["next"]  # one `next`, the whole path inside it
    assert list(parse_qs(location.query)) == ["next"]
    assert unquote(next_url) == path


def test_recruit_session_does_not_expire_on_the_staff_timer(client_for, recruit):
    client = client_for(recruit)
    _age_session(client, settings.STAFF_SESSION_IDLE_SECONDS * 4)

    assert client.get(reverse("candidates:journey")).status_code == 200


def _accept(client, token: str, name: str = "Amara Okafor"):
    return client.post(
        reverse("accounts:invitation-accept", args=[token]),
        {"full_name": name, "password1": "a-long-unusual-pass", "password2": "a-long-unusual-pass"},
    )


def test_invitation_link_works_once(client, organisation):
    invitation = InvitationFactory(organisation=organisation)

    first = _accept(client, invitation.token)
    again_get = client.get(reverse("accounts:invitation-accept", args=[invitation.token]))
    again_post = _accept(client, invitation.token, name="Someone Else")

    assert first.status_code == 302
    assert again_get.status_code == 410
    assert "already been used" in again_get.content.decode()
    assert again_post.status_code == 410
    assert User.objects.filter(email=invitation.email).count() == 1
    assert User.objects.get(email=invitation.email).full_name == "Amara Okafor"


def test_invitation_link_refused_once_expired(client, organisation):
    invitation = InvitationFactory(organisation=organisation)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    shown = client.get(reverse("accounts:invitation-accept", args=[invitation.token]))
    posted = _accept(client, invitation.token)

    assert shown.status_code == 410
    assert "expired" in shown.content.decode()
    assert posted.status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_invitation_lifetime_comes_from_settings(organisation):
    invitation = InvitationFactory(organisation=organisation)

    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - timedelta(days=settings.INVITATION_VALID_DAYS)) < timedelta(seconds=5)
