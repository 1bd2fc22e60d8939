import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

# Pages a person who must enrol in MFA can still reach: signing in and out, enrolling,
# verifying their email, and the static files those pages use.
MFA_ENROLMENT_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/invite/")
MFA_ENROLLED_SESSION_KEY = "accounts.mfa_enrolled"
LAST_SEEN_SESSION_KEY = "accounts.last_seen"
LAST_SEEN_WRITE_INTERVAL = 60


class RequireMfaForStaffMiddleware:
    """Staff, analysts and admins must enrol in TOTP before any page with data, and their
    sessions end after a period of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.requires_mfa:
            response = self._expire_idle_session(request) or self._require_enrolment(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _expire_idle_session(self, request):
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        if last_seen and now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(request, "You were signed out because you were inactive for a while.")
            return redirect(f"{reverse('account_login')}?next={request.path}")
        # Written at most once a minute, so an ordinary page view costs no session write.
        if not last_seen or now - last_seen >= LAST_SEEN_WRITE_INTERVAL:
            request.session[LAST_SEEN_SESSION_KEY] = now
        return None

    def _require_enrolment(self, request):
        if request.session.get(MFA_ENROLLED_SESSION_KEY):
            return None
        if request.path.startswith(MFA_ENROLMENT_ALLOWED_PREFIXES):
            return None
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
            request.session[MFA_ENROLLED_SESSION_KEY] = True
            return None
        messages.info(
            request,
            "Your role lets you see other people's information, so you must set up an "
            "authenticator app before you continue.",
        )
        return redirect("mfa_activate_totp")
