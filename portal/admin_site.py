"""Django's admin site, signed into only through allauth's login.

The admin's own login form checks a password and nothing else: no MFA, no rate limit. Here it
sends everyone to allauth's login (password, rate limits, then the code from their
authenticator app) and back to the admin page they asked for. Every admin page is a staff page,
so RequireMfaForStaffMiddleware also refuses a session that did not pass MFA.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class PortalAdminSite(admin.AdminSite):
    def login(self, request, extra_context=None):
        index = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(index)
            # Signed in, but not an administrator: sending them to sign in again would loop.
            raise PermissionDenied("This page is for administrators.")
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = index
        return redirect_to_login(next_url)
