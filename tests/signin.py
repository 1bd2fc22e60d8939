"""Signing a test client in as allauth's login leaves a person: the Django session, and in it
allauth's record of how they proved who they are (their password, then a code from their
authenticator app when they have one). Staff pages ask that record whether this session passed
MFA (accounts.mfa.session_passed_mfa), so `force_login` alone reaches nothing for staff."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


def record_sign_in(session, user) -> None:
    """Write into `session` what allauth records at sign-in, with allauth's own recorder."""
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def sign_in(client, user):
    """Sign `user` in on the test `client`, past MFA when they are enrolled; returns `client`."""
    client.force_login(user)
    session = client.session
    record_sign_in(session, user)
    session.save()
    return client


def sign_in_password_only(client, user):
    """Sign `user` in with the password stage alone, as Django's own login forms would."""
    client.force_login(user)
    session = client.session
    request = HttpRequest()
    request.session = session
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    session.save()
    return client
