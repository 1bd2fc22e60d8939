"""MFA at the right depth: the admin site signs in through allauth (password, rate limit, code),
every staff page asks whether this session passed MFA, and wrong codes have limits of their own
that don't lock anyone's password login."""

import time
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory, enrol_totp
from tests.security.access_matrix import LOGIN, PAGES
from tests.security.test_accounts import _data_page_urls
from tests.signin import sign_in, sign_in_password_only

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:candidates_evidencedocument_changelist",
    "admin:mfa_authenticator_changelist",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def wrong_code(secret: str) -> str:
    return f"{(int(totp_now(secret)) + 1) % 10**6:06d}"


@pytest.fixture
def admin_with_secret():
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    return admin, enrol_totp(admin)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _location(response) -> tuple[str, dict]:
    location = urlparse(response["Location"])
    return location.path, parse_qs(location.query)


# --- The admin's login is allauth's --------------------------------------------------------


def test_admin_login_page_sends_to_allauth_login_with_next(client):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert _location(response) == (reverse("account_login"), {"next": ["/admin/accounts/user/"]})


def test_admin_login_refuses_an_offsite_next(client):
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")

    assert _location(response) == (reverse("account_login"), {"next": [reverse("admin:index")]})


def test_password_posted_to_admin_login_signs_nobody_in(client, admin_with_secret):
    admin, _secret = admin_with_secret

    response = client.post(
        reverse("admin:login"), {"username": admin.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert _location(response)[0] == reverse("account_login")
    assert not _signed_in(client)
    for name in ADMIN_PAGES:
        page = client.get(reverse(name))
        assert (page.status_code, _location(page)[0]) == (302, reverse("admin:login")), name


def test_admin_signs_in_to_the_admin_through_allauth_with_a_code(client, admin_with_secret):
    admin, secret = admin_with_secret
    login = reverse("account_login") + "?next=" + reverse("admin:index")

    password = client.post(login, {"login": admin.email, "password": DEFAULT_PASSWORD})
    assert password["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302

    code = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert code["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_signed_in_non_admin_is_refused_by_the_admin_login_without_a_loop(client_for, manager):
    assert client_for(manager).get(reverse("admin:login")).status_code == 403


@pytest.mark.parametrize("attempts", [8])
def test_rate_limit_applies_on_the_admin_path(client, admin_with_secret, attempts):
    """Eight wrong passwords then the right one, all posted to the admin's login: nothing is
    checked there any more, so nothing gets in; allauth's login is the only door."""
    admin, _secret = admin_with_secret
    for _ in range(attempts):
        client.post(reverse("admin:login"), {"username": admin.email, "password": "wrong-one"})
    client.post(reverse("admin:login"), {"username": admin.email, "password": DEFAULT_PASSWORD})

    assert not _signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_rate_limit_applies_on_allauth_login_before_the_code(client, admin_with_secret):
    admin, _secret = admin_with_secret
    for _ in range(8):
        client.post(reverse("account_login"), {"login": admin.email, "password": "wrong-one"})

    right = client.post(
        reverse("account_login"), {"login": admin.email, "password": DEFAULT_PASSWORD}
    )

    assert right.status_code == 200
    assert "Too many failed login attempts" in right.content.decode()
    assert not _signed_in(client)


# --- A session that passed the password but not the code reaches nothing for staff ------------


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_password_only_admin_session_reaches_no_admin_page(client, admin_with_secret, name):
    admin, _secret = admin_with_secret
    sign_in_password_only(client, admin)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert _location(response) == (reverse("account_login"), {"next": [reverse(name)]})
    assert not _signed_in(client)


def test_password_only_staff_session_reaches_no_data_page(world):
    for role in ("manager_same_org", "buddy_assigned", "hee_analyst", "admin"):
        for url in _data_page_urls(world):
            client = sign_in_password_only(Client(), world.users[role])
            response = client.get(url)
            assert (response.status_code, _location(response)[0]) == (
                302,
                reverse("account_login"),
            ), (role, url)


def test_password_only_session_cannot_switch_mfa_off(client, admin_with_secret):
    admin, _secret = admin_with_secret
    sign_in_password_only(client, admin)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert _location(response)[0] == reverse("account_login")
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).count() == 1


def test_pending_code_stage_reaches_nothing(client, world):
    """Password accepted, code not yet: the person is not signed in, every page that needs
    signing in sends them to sign in."""
    manager = world.users["manager_same_org"]
    client.post(reverse("account_login"), {"login": manager.email, "password": DEFAULT_PASSWORD})

    for name, page in PAGES.items():
        if page.expect["anonymous"] != LOGIN:
            continue
        url = reverse(name, kwargs=page.kwargs(world, world.own) if page.kwargs else {})
        assert _location(client.get(url))[0] == reverse("account_login"), url


def test_staff_who_passed_mfa_cannot_switch_it_off(client_for, manager):
    client = client_for(manager)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert "You cannot deactivate two-factor authentication." in response.content.decode()
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).count() == 1


def test_signed_in_with_mfa_reaches_the_admin(client, admin_with_secret):
    admin, _secret = admin_with_secret

    assert sign_in(client, admin).get(reverse("admin:accounts_user_changelist")).status_code == 200


# --- Wrong codes: their own limits, per session and per account --------------------------------


def _to_code_stage(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")


def test_wrong_codes_lock_neither_password_logins_nor_the_address(client, admin_with_secret):
    admin, secret = admin_with_secret
    _to_code_stage(client, admin)
    for _ in range(5):
        refused = client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})
        assert "Incorrect code." in refused.content.decode()

    sixth = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert "Too many failed login attempts" in sixth.content.decode()
    assert not _signed_in(client)

    # The same address, another person: their password still signs them in.
    recruit = UserFactory()
    other = Client()
    assert other.post(
        reverse("account_login"), {"login": recruit.email, "password": DEFAULT_PASSWORD}
    )["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    # The owner, in a new session: the password works and so does the right code.
    owner = Client()
    _to_code_stage(owner, admin)
    assert owner.post(reverse("mfa_authenticate"), {"code": totp_now(secret)}).status_code == 302
    assert owner.get(reverse("admin:index")).status_code == 200


def test_wrong_codes_across_sessions_stop_at_the_account_limit(admin_with_secret):
    admin, secret = admin_with_secret
    for _ in range(2):
        client = Client()
        _to_code_stage(client, admin)
        for _ in range(5):
            client.post(reverse("mfa_authenticate"), {"code": wrong_code(secret)})

    fresh = Client()
    _to_code_stage(fresh, admin)
    refused = fresh.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})

    assert "Too many failed login attempts" in refused.content.decode()
    assert not _signed_in(fresh)


def test_right_codes_do_not_count_against_the_account(admin_with_secret, settings):
    """More right codes than the account's limit of wrong ones, one sign-in each (recovery
    codes: an app's code can't be used twice)."""
    settings.MFA_RECOVERY_CODE_COUNT = 12
    admin, _secret = admin_with_secret
    codes = RecoveryCodes.activate(admin).get_unused_codes()
    for code in codes[:11]:
        client = Client()
        _to_code_stage(client, admin)
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
