"""MFA for everyone who sees other people's data: whether this session passed it, and how
wrong codes are counted.

allauth keeps, in each session, the list of ways the person proved who they are ("password",
then "mfa" once a code from their authenticator app or a recovery code was accepted). Staff
pages ask that record whether *this session* passed MFA, not merely whether an authenticator
is enrolled: a session signed in by password alone reaches nothing for staff.

Wrong codes are counted apart from wrong passwords. allauth counts both as failed logins (per
client address too), so five wrong codes locked every password login from that address: anyone
who knew a password could lock its owner out. Here codes have their own limits, per session and
per account (settings.ACCOUNT_RATE_LIMITS["mfa_code_session"] and ["mfa_code_account"]).
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.authentication import get_authentication_records

# allauth's own recorder (internal, like the reader accounts.adapters uses): a session that
# enrols an authenticator has shown a code from it, and is recorded as a real MFA login is.
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context

# The internal rate limiter, for its usage objects: a right code gives its attempt back.
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.internal.flows.add import validate_can_add_authenticator
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.totp.internal import auth as totp_auth

SESSION_LIMIT = "mfa_code_session"
ACCOUNT_LIMIT = "mfa_code_account"


def session_passed_mfa(request, user) -> bool:
    """Whether this session accepted a code from `user`'s authenticator (at sign-in, on
    enrolment, or when asked again)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def mfa_enrolled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def record_mfa_enrolment(request, authenticator: Authenticator) -> None:
    """Mark this session as having passed MFA with the authenticator it has just enrolled
    (enrolment checks a code from the new app). Side effects: the session's allauth record."""
    record_authentication(
        request, authenticator.user, "mfa", id=authenticator.pk, type=authenticator.type
    )


def _session_key(request) -> str:
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


def _count_code_attempt(request, user):
    """Count one code attempt against this session's and this account's limits.

    Returns a function to call when the code is right (the session's count starts again and
    the account keeps only its failures), or None when either limit is used up. Counted before
    the code is checked, so codes sent in parallel can't slip past the limit together.
    """
    limits = (
        (SESSION_LIMIT, f"session:{_session_key(request)}"),
        (ACCOUNT_LIMIT, f"user:{user.pk}"),
    )
    usages = []
    for action, key in limits:
        usage = ratelimit.consume(request, app="allauth.account", action=action, key=key)
        if usage is None:
            for taken in usages:
                taken.rollback()
            return None
        usages.append(usage)

    def succeeded() -> None:
        ratelimit.clear(request, app="allauth.account", action=SESSION_LIMIT, key=limits[0][1])
        usages[1].rollback()

    return succeeded


def _too_many(error_key: str):
    return get_account_adapter().validation_error(error_key)


class _CountedAuthenticateMixin:
    """allauth's code check at sign-in and re-authentication, counted by `_count_code_attempt`
    instead of as a failed password login."""

    def clean_code(self) -> str:
        succeeded = _count_code_attempt(context.request, self.user)
        if succeeded is None:
            raise _too_many("too_many_login_attempts")
        code = self.cleaned_data["code"]
        main = None
        # As allauth does: TOTP or a recovery code; WebAuthn can't check typed codes.
        for authenticator in Authenticator.objects.filter(user=self.user).exclude(
            type=Authenticator.Type.WEBAUTHN
        ):
            if main is None or authenticator.type == Authenticator.Type.TOTP:
                main = authenticator
            if authenticator.wrap().validate_code(code):
                authenticator.user = self.user
                self.authenticator = authenticator
                succeeded()
                return code
        if main is not None:
            self._emit_authentication_failed(main)
        raise get_mfa_adapter().validation_error("incorrect_code")


class AuthenticateForm(_CountedAuthenticateMixin, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_CountedAuthenticateMixin, mfa_forms.ReauthenticateForm):
    pass


class ActivateTotpForm(totp_forms.ActivateTOTPForm):
    """allauth's enrolment form, its wrong codes counted like sign-in codes."""

    def clean_code(self) -> str:
        validate_can_add_authenticator(self.user)
        succeeded = _count_code_attempt(context.request, self.user)
        if succeeded is None:
            raise _too_many("rate_limited")
        code = self.cleaned_data["code"]
        if not totp_auth.validate_totp_code(self.secret, code):
            raise get_mfa_adapter().validation_error("incorrect_code")
        succeeded()
        return code


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff must keep MFA: a session that passed it must not be able to switch it off.
        return not authenticator.user.requires_mfa
