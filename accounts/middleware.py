import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from accounts.mfa import mfa_enrolled, session_passed_mfa

# Pages a person who must enrol in MFA can still reach: signing in and out, enrolling,
# verifying their email, and the static files those pages use.
MFA_ENROLMENT_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/invite/")
LAST_SEEN_SESSION_KEY = "accounts.last_seen"
LAST_SEEN_WRITE_INTERVAL = 60


class RequireMfaForStaffMiddleware:
    """Staff, analysts and admins reach pages only in a session that passed MFA, enrol in TOTP
    before anything else, and are signed out after a period of inactivity.

    A session passed MFA when allauth recorded an accepted code in it (accounts.mfa): at sign-in,
    or when the authenticator was enrolled in it. An enrolled person whose session holds only a
    password (signed in some other way than allauth's login) is signed out and sent to it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.requires_mfa:
            response = self._expire_idle_session(request) or self._require_mfa(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _expire_idle_session(self, request):
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
        if last_seen and now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(request, "You were signed out because you were inactive for a while.")
            return redirect_to_login(request.get_full_path())
        # Written at most once a minute, so an ordinary page view costs no session write.
        if not last_seen or now - last_seen >= LAST_SEEN_WRITE_INTERVAL:
            request.session[LAST_SEEN_SESSION_KEY] = now
        return None

    def _require_mfa(self, request):
        user = request.user
        if session_passed_mfa(request, user):
            return None
        if mfa_enrolled(user):
            logout(request)
            messages.info(
                request, "Sign in with your password and a code from your authenticator app."
            )
            return redirect_to_login(request.get_full_path())
        if request.path.startswith(MFA_ENROLMENT_ALLOWED_PREFIXES):
            return None
        messages.info(
            request,
            "Your role lets you see other people's information, so you must set up an "
            "authenticator app before you continue.",
        )
        return redirect("mfa_activate_totp")
